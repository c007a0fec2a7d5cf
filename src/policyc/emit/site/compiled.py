"""The page templates compiled in a forked child while the build models the policies.

In: the site's Jinja environment (`html.environment`). Out: the templates' bytecode, as
Jinja's own bytecode cache writes it, handed to the process the child was forked from.

Why: compiling the templates (Jinja's parser and code generator, in Python) takes about
0.1 s, a twentieth of a build after an edit, while the second core is idle as the build
loads and models. The bytecode never leaves the two processes (no file, no cache on disk):
the parent takes it through Jinja's `BytecodeCache` interface, which checks each
template's source checksum, and compiles anything missing itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jinja2 import BytecodeCache

from policyc import parallel
from policyc.emit.site.html import environment

if TYPE_CHECKING:
    from jinja2.bccache import Bucket


class _Handed(BytecodeCache):
    """Bytecode kept in memory by template key: filled when a template is compiled here
    (`dump_bytecode`), read when one is loaded (`load_bytecode`)."""

    def __init__(self, found: dict[str, bytes] | None = None) -> None:
        self.found = dict(found or {})

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self.found.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)  # reset when the checksum differs

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.found[bucket.key] = bucket.bytecode_to_string()


def _compile_all() -> dict[str, bytes]:
    """In the child: every page template compiled, as bytecode by template key."""
    env = environment()
    handed = env.bytecode_cache = _Handed()
    for name in env.list_templates(extensions=["html"]):
        env.get_template(name)
    return handed.found


class Compiling:
    """The child compiling the page templates, if one was forked (`start`)."""

    def __init__(self, child: parallel.Child | None) -> None:
        self._child = child

    def _take(self) -> object:
        child, self._child = self._child, None
        return child.result() if child is not None else None

    def adopt(self) -> None:
        """Let the environment load the templates the child compiled (waiting for it)."""
        found = self._take()
        if isinstance(found, dict):
            environment().bytecode_cache = _Handed(found)

    def finish(self) -> None:
        """Wait for the child if its templates were not adopted (a build stopped early)."""
        self._take()


def start(wanted: bool) -> Compiling:
    """Compile the page templates in a forked child if `wanted`, unless none may be
    forked or they are compiled here already (a rebuild in the same process)."""
    if not wanted or len(environment().cache or ()) or not parallel.available():
        return Compiling(None)
    return Compiling(parallel.start(_compile_all))
