"""The up-to-date check's walk of the output tree (`fs.walk_files`, `manifest.tree_matches`):
it lists what `list_files` lists, and any extra, missing, replaced or edited file fails it."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from policyc import fs
from policyc.output.manifest import CACHE_DIRS, MANIFEST, list_files, tree_matches


def _tree(root: Path) -> dict[str, Any]:
    files = {"a.txt": b"a\n", "sub/b.json": b"{}\n", "sub/deep/c.html": b"<p>" * 999, "e": b""}
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    (root / MANIFEST).write_bytes(b"{}\n")
    (root / "empty").mkdir()
    (root / "sub" / "__pycache__").mkdir()
    (root / "sub" / "__pycache__" / "x.pyc").write_bytes(b"\0")
    entries = {
        name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        for name, data in files.items()
    }
    return {"artifacts": entries}


def _listed(root: Path) -> set[str]:
    return {path for _fd, _name, path in fs.walk_files(root, CACHE_DIRS)}


def test_the_walk_lists_what_list_files_lists(tmp_path: Path) -> None:
    _tree(tmp_path)
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (outside / "secret").write_text("s")
    (tmp_path / "sub" / "link").symlink_to(outside)  # a link: listed, never entered
    (tmp_path / "__pycache__").symlink_to(outside)  # a cache's name, a directory: left out
    (tmp_path / ".ruff_cache").symlink_to(outside / "secret")  # a cache's name, a file: listed
    os.mkfifo(tmp_path / "sub" / "deep" / "pipe")
    assert _listed(tmp_path) == list_files(tmp_path)
    assert "sub/link" in _listed(tmp_path) and "sub/link/secret" not in _listed(tmp_path)
    assert _listed(tmp_path / "missing") == set() == list_files(tmp_path / "missing")


def test_a_tree_as_recorded_matches(tmp_path: Path) -> None:
    assert tree_matches(tmp_path, _tree(tmp_path))


@pytest.mark.parametrize(
    "change", ["edited", "longer", "missing", "extra", "empty dir kept", "link", "fifo"]
)
def test_any_change_to_the_tree_is_found(tmp_path: Path, change: str) -> None:
    recorded = _tree(tmp_path)
    target = tmp_path / "sub" / "deep" / "c.html"
    if change == "edited":
        target.write_bytes(b"<P>" * 999)  # same size
    elif change == "longer":
        target.write_bytes(b"<p>" * 1000)
    elif change == "missing":
        target.unlink()
    elif change == "extra":
        (tmp_path / "sub" / "deep" / "d.html").write_bytes(b"")
    elif change == "link":  # the same bytes, but through a link
        (tmp_path / "real.html").write_bytes(target.read_bytes())
        target.unlink()
        target.symlink_to(tmp_path / "real.html")
        recorded["artifacts"]["real.html"] = recorded["artifacts"]["sub/deep/c.html"]
    elif change == "fifo":
        target.unlink()
        os.mkfifo(target)
    else:  # an empty directory is no file: still a match
        (tmp_path / "sub" / "deep" / "nothing").mkdir()
    assert tree_matches(tmp_path, recorded) is (change == "empty dir kept")


def test_the_toolchain_hash_covers_all_of_policyc(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edited emitter (outside `output/`) must change the stamp: the build runs again,
    with or without the memo (which is not trusted for a file changed since)."""
    import policyc
    from policyc.output import toolhash

    package = Path(policyc.__file__).resolve().parent
    assert package == toolhash._PACKAGE
    copy = tmp_path / "policyc"
    copy.mkdir()
    (copy / "emit.py").write_text("A = 1\n")
    monkeypatch.setattr(toolhash, "_PACKAGE", copy)
    for memo in (None, tmp_path):
        toolhash.toolchain.cache_clear()
        before = toolhash.toolchain(memo)
        (copy / "emit.py").write_text("A = 2\n")
        toolhash.toolchain.cache_clear()
        assert toolhash.toolchain(memo) != before
        (copy / "emit.py").write_text("A = 1\n")
    toolhash.toolchain.cache_clear()


def test_the_toolchain_memo_gives_the_hash_made_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The memo (`toolhash`) serves a later run without reading the distributions' metadata
    or policyc's settled files, and gives the very hash made without it; a distribution
    installed since (a new `*.dist-info` on `sys.path`) has them read again."""
    from policyc.output import toolhash

    real = toolhash._distributions
    toolhash.toolchain.cache_clear()
    afresh = toolhash.toolchain()
    toolhash.toolchain.cache_clear()
    assert toolhash.toolchain(tmp_path) == afresh  # made, and kept in the memo
    assert (tmp_path / toolhash.MEMO).is_file()

    read: list[str] = []
    monkeypatch.setattr(toolhash, "_distributions", lambda: read.append("dists") or real())
    hashed = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda p: read.append(p.name) or hashed(p))
    toolhash.toolchain.cache_clear()
    assert toolhash.toolchain(tmp_path) == afresh
    assert read == []  # every part from the memo: policyc's files have long settled

    site = tmp_path / "site"
    (site / "newcomer-1.0.dist-info").mkdir(parents=True)
    monkeypatch.setattr(sys, "path", [*sys.path, str(site)])
    toolhash.toolchain.cache_clear()
    assert toolhash.toolchain(tmp_path) == afresh  # newcomer is no dependency of policyc
    assert read == ["dists"]
    (tmp_path / toolhash.MEMO).write_text("{not json")  # a broken memo is made again
    toolhash.toolchain.cache_clear()
    assert toolhash.toolchain(tmp_path) == afresh
    toolhash.toolchain.cache_clear()


def test_the_parts_cover_the_tree_once(tmp_path: Path) -> None:
    """Two processes share the parts (`freshness.up_to_date`): together they count every
    file once, and a change deep in one part fails that part alone."""
    from policyc.output.manifest import TreeCheck

    recorded = _tree(tmp_path)
    (tmp_path / "sub" / "deep" / "more").mkdir()
    (tmp_path / "sub" / "deep" / "more" / "f").write_bytes(b"f")
    recorded["artifacts"]["sub/deep/more/f"] = {
        "sha256": hashlib.sha256(b"f").hexdigest(),
        "size": 1,
    }
    with TreeCheck(tmp_path, recorded) as check:
        counts = [check.part(i) for i in range(len(check.parts))]
        assert sum(c or 0 for c in counts) == len(_listed(tmp_path))
        assert check.complete(counts)
        (tmp_path / "sub" / "deep" / "more" / "f").write_bytes(b"g")
        failed = [i for i in range(len(check.parts)) if check.part(i) is None]
        assert [check.parts[i].prefix for i in failed] == ["sub/deep/"]


@pytest.mark.parametrize("where", [".", "policies", "./policies/"])
def test_discover_names_lists_what_discover_lists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """The up-to-date check lists the inputs as text (`discover_names`): the same files,
    in the same order, as the `Path`s the build lists (`discover`)."""
    from policyc.load.files import discover, discover_names

    root = tmp_path / "policies"
    for name in ["b.yaml", "a/z.yml", "a/b/c.yaml", "a-b.yaml", "a.b/x.yaml", "é.yaml"]:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("kind: x\n")
    (root / "linked").symlink_to(root / "a" / "b")
    (root / "l.yaml").symlink_to(root / "b.yaml")
    monkeypatch.chdir(root if where == "." else tmp_path)
    paths, problems = discover([Path(where)])
    names, same = discover_names([Path(where)])
    assert problems == same == []
    assert [Path(n) for n in names] == paths and len(paths) == 6


def _stamped_build(tmp_path: Path) -> tuple[Path, Path]:
    """A policy directory and an output that `up_to_date` finds current (hand-made)."""
    import json

    from policyc import __version__
    from policyc.load.inputs import inputs_hash
    from policyc.output import freshness

    policies, out = tmp_path / "policies", tmp_path / "out"
    policies.mkdir()
    (policies / "a.yaml").write_text("kind: x\n")
    out.mkdir()
    recorded = _tree(out)
    inputs = freshness.read_inputs(policies)
    assert inputs is not None
    body = {"policyc_version": __version__, "inputs_sha256": inputs_hash(inputs.digests)}
    data = json.dumps({**body, **recorded}).encode()
    (out / MANIFEST).write_bytes(data)
    freshness.record(out, data)
    return policies, out


@pytest.mark.parametrize("child", ["none", "works", "fails"])
@pytest.mark.parametrize("changed", [False, True])
def test_up_to_date_whoever_checks_the_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, child: str, changed: bool
) -> None:
    """One process, or two sharing the parts, or a child that fails (its parts are done
    again here): the same verdict."""
    from policyc import parallel
    from policyc.output import freshness

    policies, out = _stamped_build(tmp_path)
    monkeypatch.setenv("POLICYC_JOBS", "1" if child == "none" else "2")
    if child == "fails":
        start = parallel.start
        monkeypatch.setattr(parallel, "start", lambda work: start(lambda: 1 // 0))
    if changed:
        (out / "sub" / "deep" / "c.html").write_bytes(b"<P>" * 999)
    verdict = freshness.up_to_date(policies, out, lambda found: found)
    assert verdict.current is not changed
    assert verdict.inputs is not None and verdict.inputs.names == [str(policies / "a.yaml")]


def test_the_reader_hands_over_the_bytes_and_their_hash_read_once(tmp_path: Path) -> None:
    """Loading takes the up-to-date check's bytes and SHA-256: no file is read or hashed twice."""
    import hashlib

    from policyc.output import freshness

    (tmp_path / "a.yaml").write_bytes(b"kind: x\n")
    inputs = freshness.read_inputs(tmp_path)
    assert inputs is not None
    reader = inputs.read()
    (path,) = inputs.names
    (tmp_path / "a.yaml").write_bytes(b"kind: y\n")  # changed since: the bytes read count
    data = reader(path, "a.yaml")
    assert data == b"kind: x\n" and reader.sha256(path, data) == hashlib.sha256(data).digest()
    other = b"kind: x\n"[:]
    assert reader.sha256(path, bytes(bytearray(other))) == hashlib.sha256(other).digest()
    assert reader(Path(path), "a.yaml") == b"kind: y\n"  # a path not as listed: from disk
    assert reader(tmp_path / "b.yaml", "b.yaml") != data  # not read: read from disk (missing)
