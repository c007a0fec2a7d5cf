"""Which policy files each generated module names in its header.

In: the IR's source file names and the policy directory. Out: each name relative to the
policy directory, and per programme the files its module is made from.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from policyc.emit.memo import per_build

if TYPE_CHECKING:
    from policyc.model import ir


def relative_names(names: Sequence[str], root: str | None) -> dict[str, str]:
    """Each source name relative to the policy directory `root` (or, without one, to the
    names' common directory): the same wherever the build ran."""
    if root is None:
        try:
            root = posixpath.commonpath([posixpath.dirname(n) for n in names]) if names else ""
        except ValueError:  # absolute and relative names mixed
            root = ""
    prefix = "" if root in ("", ".") else root.rstrip("/") + "/"
    return {n: n[len(prefix) :] if prefix and n.startswith(prefix) else n for n in names}


def _top(names: Iterable[str]) -> str:
    """The deepest directory holding all `names` ("" for the policy directory itself)."""
    dirs = [posixpath.dirname(n) for n in names]
    return posixpath.commonpath(dirs) if dirs else ""


def programme_sources(policies: ir.Policies, rel: dict[str, str]) -> dict[str, list[str]]:
    """Per programme id, the files its module is made from: the programme's documents, plus
    the files no programme claims (catalogs, calendars, page chrome) whose deepest enclosing
    programme directory is its own, plus those outside every programme's directory. The IR
    does not record which file defined a catalog or a calendar, so directories stand in for
    that. Linear in the number of files (each free file walks up its own directories)."""
    own = {pid: {rel[s] for s in p.sources} for pid, p in policies.programmes.items()}
    tops = {pid: _top(names) for pid, names in own.items()}
    top_set = {tops[pid] for pid, p in policies.programmes.items() if p.sources}
    claimed = set().union(*own.values()) if own else set()
    free = {rel[s] for s in policies.sources} - claimed
    root_top = "" in top_set or "." in top_set
    by_top: dict[str | None, set[str]] = {}
    for name in free:
        directory = posixpath.dirname(name)
        owner: str | None = None
        while directory and directory != "/":  # an absolute name ends at "/", its own parent
            if directory in top_set:
                owner = directory
                break
            directory = posixpath.dirname(directory)
        if owner is None and root_top:
            owner = ""
        by_top.setdefault(owner, set()).add(name)
    shared = by_top.get(None, set())
    return {
        pid: sorted(own[pid] | by_top.get(tops[pid], set()) | shared) for pid in policies.programmes
    }


def module_sources(
    policies: ir.Policies, policy_root: str | None
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """`relative_names` of the IR's sources and `programme_sources`, made once per build
    (the Python emitter and the programmes' cache keys both need them)."""
    memo = per_build(policies)
    key = (module_sources, policy_root)
    if key not in memo:
        rel = relative_names(sorted(set(policies.sources)), policy_root)
        memo[key] = (rel, programme_sources(policies, rel))
    found: tuple[dict[str, str], dict[str, list[str]]] = memo[key]
    return found
