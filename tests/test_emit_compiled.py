"""The page templates compiled in a forked child and taken by the build's process."""

from __future__ import annotations

from typing import Any

import pytest

from policyc.emit.site import compiled, html


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> Any:
    """A new site environment, no template compiled yet (another after the test)."""
    monkeypatch.setenv("POLICYC_JOBS", "2")
    html.environment.cache_clear()
    yield html.environment()
    html.environment.cache_clear()


def test_the_templates_compiled_in_a_child_are_loaded_without_compiling(fresh: Any) -> None:
    templates = compiled.start(True)
    templates.adopt()
    names = fresh.list_templates(extensions=["html"])
    assert "programme.html" in names

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again in this process")

    here = fresh.compile
    fresh.compile = no_compiling
    try:
        loaded = {name: fresh.get_template(name) for name in names}
    finally:
        fresh.compile = here
    html.environment.cache_clear()
    plain = html.environment()
    for name, template in loaded.items():  # the same code as compiled here
        again = plain.get_template(name)
        assert template.root_render_func.__code__.co_code == (
            again.root_render_func.__code__.co_code
        )
    templates.finish()  # nothing left to wait for


def test_nothing_is_forked_when_not_wanted_or_compiled_already(
    fresh: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policyc import parallel

    forks: list[int] = []
    real = parallel.start
    monkeypatch.setattr(parallel, "start", lambda work: forks.append(1) or real(work))
    compiled.start(False).adopt()
    fresh.get_template("404.html")
    compiled.start(True).adopt()  # a rebuild in the same process: compiled already
    assert forks == [] and fresh.bytecode_cache is None


def test_a_failed_child_leaves_the_templates_to_be_compiled_here(
    fresh: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> dict[str, bytes]:
        raise RuntimeError("child broke")

    monkeypatch.setattr(compiled, "_compile_all", broken)
    compiled.start(True).adopt()
    assert fresh.bytecode_cache is None
    assert fresh.get_template("404.html").render is not None
