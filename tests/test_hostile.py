"""The hostile corpus: inputs a policy owner, or an attacker with a pull request, could write.

Every file of tests/hostile/ gives exactly the code its row of `expected.yaml` names, at a
location inside the file, within a time and memory bound, and never a traceback. Cases
that cannot be committed are generated here. Text aimed at the emitters (HTML, Jinja,
Python quotes) must build and come out literally in every artifact.
"""

from __future__ import annotations

import ast
import html.parser
import json
import os
import re
import signal
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result
from integrity import vendor_tree
from syrupy.assertion import SnapshotAssertion

from policyc import pipeline
from policyc.codes import exit_code_for
from policyc.diagnostics import Diagnostic, has_errors

CORPUS = Path(__file__).resolve().parent / "hostile"
TABLE: dict[str, dict[str, str]] = yaml.safe_load(
    (CORPUS / "expected.yaml").read_text(encoding="utf-8")
)
MAX_SECONDS = 5.0  # per file, under tracemalloc (which slows Python down about twofold)
MAX_PEAK = 96 * 1024 * 1024  # bytes allocated at the peak, per file
_CONTROL = {chr(c) for c in range(32)} - {"\n"} | {"\x7f"}


def measure(fn: Callable[[], pipeline.Result]) -> tuple[pipeline.Result, float, int]:
    """Run `fn`, returning its result, the seconds it took and its peak allocation."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        result = fn()
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result, seconds, peak


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail instead of hanging (a FIFO or a device that is read would block forever)."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def check_cli(run: Callable[..., Result], path: Path, code: str) -> None:
    """The command line: the right exit code, no traceback, no raw control characters."""
    result = run("validate", str(path))
    assert result.exit_code == (0 if code == "ok" else exit_code_for(code)), result.stderr
    shown = result.stdout + result.stderr
    assert "Traceback" not in shown
    assert not set(shown) & _CONTROL, "a control character reached the terminal"


def _located(diags: list[Diagnostic], path: Path) -> None:
    lines = path.read_bytes().count(b"\n") + 1 if path.is_file() else 1
    for d in diags:
        assert Path(d.span.file).name == path.name, d
        assert 1 <= d.span.line <= lines and d.span.col >= 1, d


# -- the committed corpus -------------------------------------------------------------------


def test_the_table_lists_every_file_and_nothing_else() -> None:
    files = {p.name for p in CORPUS.iterdir() if p.suffix in (".yaml", ".yml")}
    assert set(TABLE) == files - {"expected.yaml"}
    assert len(TABLE) >= 40
    assert all(row["code"] == "ok" or row["code"].startswith("PC") for row in TABLE.values())


@pytest.mark.parametrize("name", sorted(TABLE))
def test_hostile_file(name: str, run: Callable[..., Result]) -> None:
    path = CORPUS / name
    code = TABLE[name]["code"]
    result, seconds, peak = measure(lambda: pipeline.validate([path]))
    assert sorted({d.code for d in result.diagnostics}) == ([] if code == "ok" else [code]), [
        f"{d.code} {d.message}" for d in result.diagnostics
    ]
    _located(result.diagnostics, path)
    assert seconds < MAX_SECONDS and peak < MAX_PEAK, (seconds, peak)
    check_cli(run, path, code)


def test_corpus_diagnostics(snapshot: SnapshotAssertion) -> None:
    """Where and what: one line per diagnostic of every corpus file."""
    found = {
        name: [
            f"{d.span.line}:{d.span.col} {d.code} {d.message}"
            for d in pipeline.validate([CORPUS / name]).diagnostics
        ]
        for name in sorted(TABLE)
    }
    assert found == snapshot


# -- cases generated at test time -----------------------------------------------------------


def _huge_scalar(tmp: Path) -> Path:
    path = tmp / "huge-scalar.yaml"
    with path.open("wb") as f:
        f.write(b"apiVersion: policyc/v1\nkind: Calendar\nid: office\nname: '")
        chunk = b"x" * (1024 * 1024)
        for _ in range(50):
            f.write(chunk)
        f.write(b"'\n")
    return path


def _many_nodes(tmp: Path) -> Path:
    path = tmp / "many-nodes.yaml"
    path.write_text("messages: [" + "a," * 100_001 + "a]\n", encoding="utf-8")
    return path


def _million_levels(tmp: Path) -> Path:
    path = tmp / "deep.yaml"  # 2 MB: crashed the interpreter (C recursion) before load.composer
    path.write_text("a: " + "[" * 1_000_000 + "]" * 1_000_000 + "\n", encoding="utf-8")
    return path


def _symlink_loop(tmp: Path) -> Path:
    (tmp / "loop.yaml").symlink_to("loop.yaml")
    return tmp / "loop.yaml"


def _dangling_symlink(tmp: Path) -> Path:
    (tmp / "gone.yaml").symlink_to("nowhere.yaml")
    return tmp / "gone.yaml"


def _directory_named_like_a_file(tmp: Path) -> Path:
    (tmp / "policy.yaml").mkdir()
    (tmp / "policy.yaml" / "inner.yaml").write_bytes((CORPUS / "valid-baseline.yaml").read_bytes())
    return tmp / "policy.yaml"


def _fifo(tmp: Path) -> Path:
    os.mkfifo(tmp / "pipe.yaml")
    return tmp / "pipe.yaml"


def _device(tmp: Path) -> Path:
    (tmp / "zero.yaml").symlink_to("/dev/zero")
    return tmp / "zero.yaml"


def _outside(tmp: Path) -> Path:
    (tmp / "borrowed.yaml").symlink_to(CORPUS / "valid-baseline.yaml")
    return tmp / "borrowed.yaml"


GENERATED: dict[str, tuple[Callable[[Path], Path], str]] = {
    "50 MB scalar": (_huge_scalar, "PC109"),
    "100,002 nodes": (_many_nodes, "PC109"),
    "1,000,000 levels": (_million_levels, "PC108"),
    "symlink loop": (_symlink_loop, "PC113"),
    "dangling symlink": (_dangling_symlink, "PC113"),
    "directory named like a file": (_directory_named_like_a_file, "PC113"),
    "named pipe": (_fifo, "PC113"),
    "symlink to /dev/zero": (_device, "PC113"),
    "symlink out of the policy directory": (_outside, "PC113"),
}


@pytest.mark.parametrize("case", sorted(GENERATED))
def test_generated_hostile_case(case: str, tmp_path: Path, run: Callable[..., Result]) -> None:
    """Validated as a directory (how a pull request would deliver them), then built."""
    make, code = GENERATED[case]
    tree = tmp_path / "policies"
    tree.mkdir()
    path = make(tree)
    with deadline(30):
        result, seconds, peak = measure(lambda: pipeline.validate([tree]))
        assert sorted({d.code for d in result.diagnostics}) == [code]
        _located(result.diagnostics, path)
        assert seconds < MAX_SECONDS and peak < MAX_PEAK, (seconds, peak)
        check_cli(run, tree, code)
        built = run("build", "--policies", str(tree), "--out", str(tmp_path / "generated"))
    assert built.exit_code == exit_code_for(code) and code in built.stderr
    assert not (tmp_path / "generated").exists()


def test_a_symlink_out_of_the_tree_is_never_read(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    """A pull request adding `x.yaml -> /proc/self/environ` must not print CI secrets."""
    environ = Path("/proc/self/environ")
    if not environ.exists():
        pytest.skip("no /proc on this system")
    (tmp_path / "x.yaml").symlink_to(environ)
    secrets = [e for e in environ.read_bytes().decode(errors="replace").split("\0") if e]
    result = run("validate", "--policies", str(tmp_path))
    assert result.exit_code == 2 and "outside the policy directory" in result.stderr
    assert not [e for e in secrets if e in result.stdout + result.stderr]


def _unreadable(tmp: Path) -> Path:
    path = tmp / "secret.yaml"
    path.write_bytes((CORPUS / "valid-baseline.yaml").read_bytes())
    path.chmod(0)
    return path


@pytest.mark.skipif(
    os.geteuid() == 0, reason="root reads files whatever their mode; see the simulated case"
)
def test_unreadable_file(tmp_path: Path, run: Callable[..., Result]) -> None:
    _unreadable(tmp_path)
    diags = pipeline.validate([tmp_path]).diagnostics
    assert [d.code for d in diags] == ["PC113"] and "Permission denied" in diags[0].message
    check_cli(run, tmp_path, "PC113")


def test_unreadable_file_simulated(
    tmp_path: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a user without root sees for a `chmod 000` file: the read fails with EACCES."""
    from policyc import fs

    path = _unreadable(tmp_path)
    real = fs.read_regular

    def read_regular(name: Path | str, limit: int) -> bytes:
        if Path(name).name == path.name:
            raise PermissionError(13, "Permission denied", str(name))
        return real(name, limit)

    monkeypatch.setattr(fs, "read_regular", read_regular)
    diags = pipeline.validate([tmp_path]).diagnostics
    assert [d.code for d in diags] == ["PC113"] and "Permission denied" in diags[0].message
    check_cli(run, tmp_path, "PC113")
    built = run("build", "--policies", str(tmp_path), "--out", str(tmp_path.parent / "out"))
    assert built.exit_code == 2 and "PC113" in built.stderr


# -- text aimed at the emitters -------------------------------------------------------------

MARK = "ZQJ7"
PAYLOAD = (
    f"{MARK} <script>alert('x')</script> <img src=x onerror=alert(1)> {{{{ 7*7 }}}} "
    "{% if true %}jinja{% endif %} {# c #} \"\"\" ''' \\ \\n \\x00 %s {0!r} "
    "]]> --> & &amp; &lt; | end"
)


# A tag in Markdown: `<` after an even number of backslashes (`\<` is a literal `<`).
_RAW_TAG = re.compile(r"(?<!\\)(?:\\\\)*<(?:script|img)")
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # CommonMark backslash escapes


def _poison(messages: dict[str, Any]) -> dict[str, Any]:
    """Append the payload to every message (and to every plural form)."""
    return {
        key: {form: f"{text} {PAYLOAD}" for form, text in value.items()}
        if isinstance(value, dict)
        else f"{value} {PAYLOAD}"
        for key, value in messages.items()
    }


class _Text(html.parser.HTMLParser):
    """Text and attribute values of a page, unescaped; and the contents of <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.strings: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_script = tag == "script"
        self.strings.extend(v for _, v in attrs if v)

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in_script else self.strings).append(data)


def _strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings_in(k)
            yield from _strings_in(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings_in(v)


def test_hostile_text_renders_literally(tmp_path: Path) -> None:
    """Every message of the vendor programme and of the page chrome carries HTML, Jinja,
    Python quotes and backslashes: the build succeeds and every artifact that shows a
    message shows it whole, as text (escaped for its format, never interpreted)."""
    policies = vendor_tree(tmp_path / "policies")
    for path in sorted(policies.rglob("*.yaml")):
        docs = list(yaml.safe_load_all(path.read_text(encoding="utf-8")))
        if any(d.get("kind") == "Catalog" for d in docs):
            for doc in docs:
                doc["messages"] = _poison(doc["messages"])
            path.write_text(yaml.safe_dump_all(docs, allow_unicode=True), encoding="utf-8")
    outcome = pipeline.build(policies, tmp_path / "generated")
    assert not has_errors(outcome.diagnostics), [
        f"{d.code} {d.message}" for d in outcome.diagnostics
    ]
    out = tmp_path / "generated"
    shown: dict[str, int] = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8")
        kind = path.suffix
        if kind == ".html":
            page = _Text()
            page.feed(text)
            strings = page.strings
            assert not [s for s in page.scripts if "alert(" in s], f"{path}: script injected"
        elif kind == ".py":
            strings = [
                node.value
                for node in ast.walk(ast.parse(text, str(path)))
                if isinstance(node, ast.Constant) and isinstance(node.value, str)
            ]
        elif kind == ".json":
            strings = list(_strings_in(json.loads(text)))
        elif kind == ".md":
            assert not _RAW_TAG.search(text), f"{path}: raw HTML in Markdown"
            strings = [_MD_ESCAPE.sub(r"\1", line) for line in text.splitlines()]
        else:
            continue
        carrying = [s for s in strings if MARK in s]
        broken = [s for s in carrying if PAYLOAD not in s]
        assert not broken, f"{path.relative_to(out)}: message altered: {broken[0]!r}"
        shown[kind] = shown.get(kind, 0) + len(carrying)
    assert all(shown.get(kind, 0) > 0 for kind in (".html", ".md", ".py", ".json")), shown
