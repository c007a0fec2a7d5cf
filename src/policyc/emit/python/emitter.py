"""The typed Python emitter: the IR → an importable, standard-library-only package.

In: `Policies`. Out: `python/<package>/` (default `support_policies`, `--python-package`):
`__init__.py` (`package`), `py.typed`, `_types.py` (shared dataclasses) and `_text.py`
(placeholders and CLDR plural rules compiled at build time; both `runtime`), `_route.py`
and `_businesstime.py` (the runtime of `route()`; `route`), `_requires.py` and
`python/pyproject.toml` (the Python version guard and the wheel's metadata; `dist`), and
one module per programme (`programme`). The same policies give byte-identical files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policyc.emit.base import WHOLE, Artifact, Part
from policyc.emit.python.dist import pyproject, requires_module
from policyc.emit.python.names import DEFAULT_PACKAGE, module_name
from policyc.emit.python.package import init_module
from policyc.emit.python.programme import ProgrammeModule
from policyc.emit.python.route import BUSINESSTIME_SOURCE, ROUTE_SOURCE
from policyc.emit.python.runtime import text_module, types_module
from policyc.emit.python.sources import module_sources
from policyc.model.ir import ChannelKind

if TYPE_CHECKING:
    from policyc.model import ir


class PythonEmitter:
    """The typed Python package of every programme."""

    name = "python"

    def __init__(self, package: str | None = None, policy_root: str | None = None) -> None:
        self.package = package or DEFAULT_PACKAGE
        self.policy_root = policy_root

    def emit(self, policies: ir.Policies, part: Part = WHOLE) -> list[Artifact]:
        root = f"python/{self.package}"
        rel, sources_of = module_sources(policies, self.policy_root)
        out = []
        if part.shared:
            modules = [(pid, module_name(pid)) for pid in sorted(policies.programmes)]
            kinds = [k.value for k in _channel_kinds()]
            out = [
                Artifact(f"{root}/py.typed", b""),
                Artifact("python/pyproject.toml", pyproject(policies, self.package).encode()),
                Artifact(f"{root}/_requires.py", requires_module().encode()),
                Artifact(f"{root}/_businesstime.py", BUSINESSTIME_SOURCE.encode()),
                Artifact(f"{root}/_route.py", ROUTE_SOURCE.encode()),
                Artifact(f"{root}/_types.py", types_module(kinds).encode()),
                Artifact(f"{root}/_text.py", text_module(_all_locales(policies)).encode()),
                Artifact(
                    f"{root}/__init__.py",
                    init_module(policies, modules, sorted(rel.values()), self.package).encode(),
                ),
            ]
        for pid in part.programmes(policies):
            module = module_name(pid)
            programme = policies.programmes[pid]
            source = ProgrammeModule(policies, programme, sources_of[pid]).source()
            out.append(Artifact(f"{root}/{module}.py", source.encode()))
        return sorted(out, key=lambda a: a.path)


def _channel_kinds() -> list[ir.ChannelKind]:
    return list(ChannelKind)


def _all_locales(policies: ir.Policies) -> list[str]:
    return sorted({loc for p in policies.programmes.values() for loc in p.locales} | {"en"})
