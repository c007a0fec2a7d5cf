"""Input files known by their `stat` (`policyc.load.seen`): a file whose `stat` is as
recorded when it was hashed, not racy, is not read again; any change to it shows."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest
from benchgen import generate

from policyc import pipeline
from policyc.diagnostics import has_errors
from policyc.incremental import Cache
from policyc.load import seen
from policyc.output import freshness


def _recorded(path: Path, *, at_ns: int | None = None) -> seen.Record:
    info = os.lstat(path)
    at = time.time_ns() + 10 * seen.RACY_NS if at_ns is None else at_ns
    made = seen.record_of(info, at, b"s" * 32, False)
    assert made is not None
    return made


def test_a_file_as_recorded_is_trusted(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"a: 1\n")
    assert seen.trusted(_recorded(path), os.lstat(path)) == (b"s" * 32, False)


@pytest.mark.parametrize(
    "change",
    [
        lambda p: p.write_bytes(b"a: 22\n"),  # size
        lambda p: p.write_bytes(b"a: 2\n"),  # same size: the times
        lambda p: (p.unlink(), p.write_bytes(b"a: 1\n")),  # same bytes, another inode
        lambda p: os.utime(p, ns=(os.lstat(p).st_atime_ns, os.lstat(p).st_mtime_ns)),  # ctime
    ],
    ids=["size", "same-size", "replaced", "touched-back"],
)
def test_any_change_shows_in_the_stat(tmp_path: Path, change: object) -> None:
    """Even the same size with the modification time set back (`utime`): the change
    time moves, and no one can set it back."""
    path = tmp_path / "a.yaml"
    path.write_bytes(b"a: 1\n")
    made = _recorded(path)
    time.sleep(0.02)  # past a coarse clock's tick
    change(path)  # type: ignore[operator]
    assert seen.trusted(made, os.lstat(path)) is None


def test_a_record_made_right_after_a_change_is_not_trusted(tmp_path: Path) -> None:
    """Racy: the file changed less than `RACY_NS` before it was hashed, so a second
    change within the same tick of a coarse clock could leave the same `stat`."""
    path = tmp_path / "a.yaml"
    path.write_bytes(b"a: 1\n")
    made = _recorded(path, at_ns=os.lstat(path).st_ctime_ns + seen.RACY_NS // 2)
    assert seen.trusted(made, os.lstat(path)) is None


def test_links_and_malformed_records_are_not_trusted(tmp_path: Path) -> None:
    path, link = tmp_path / "a.yaml", tmp_path / "b.yaml"
    path.write_bytes(b"a: 1\n")
    link.symlink_to(path)
    assert seen.record_of(os.lstat(link), time.time_ns(), b"s" * 32, False) is None
    made = _recorded(path)
    for bad in (None, made[:-1], made + b"x", tuple(made), made.hex()):
        assert seen.trusted(bad, os.lstat(path)) is None


def test_the_build_after_an_edit_reads_only_the_edited_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The up-to-date check and the load read only the files whose `stat` changed (the
    edited one) and the files whose documents are unpacked (the edited programme's and
    the shared ones); the build is still the cold build's, and so is a no-op."""
    from policyc import incremental

    root, out = tmp_path / "policies", tmp_path / "generated"
    generate.generate(root, 30, seed=5)
    monkeypatch.setattr(seen, "RACY_NS", 0)  # as if the files were older
    monkeypatch.setattr(incremental, "SLICE_SHARE", 1)  # slices, with three programmes only
    for _ in range(2):  # the first build records every file, the second trusts them
        assert not has_errors(
            pipeline.build(root, out, cache=Cache(tmp_path / "cache")).diagnostics
        )
        time.sleep(0.02)
    sla = sorted(root.glob("*/sla.yaml"))[0]
    text = sla.read_text(encoding="utf-8")
    sla.write_text(re.sub(r"within: (\d+)", r"within: 1\1", text, count=1), encoding="utf-8")
    read: list[str] = []
    for module in (freshness, incremental):
        real = module.read_file
        monkeypatch.setattr(
            module, "read_file", lambda p, n, _r=real: read.append(os.fspath(p)) or _r(p, n)
        )
    made = pipeline.build(root, out, cache=Cache(tmp_path / "cache"))
    assert made.summary.startswith("built")
    programmes = {p.parent for p in root.glob("*/sla.yaml")}
    others = [p for p in root.rglob("*.yaml") if not p.is_relative_to(sla.parent)]
    assert os.fspath(sla) in read
    other_programmes = [p for p in others if root / p.relative_to(root).parts[0] in programmes]
    assert other_programmes and not [p for p in other_programmes if os.fspath(p) in read]
    assert pipeline.build(root, out, check=True).diagnostics == made.diagnostics
    read.clear()
    again = pipeline.build(root, out, cache=Cache(tmp_path / "cache"))
    assert again.summary.startswith("up to date") and read == []  # all known by their stat


def test_validate_trusts_the_records_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`validate` loads through the same records: a file recorded is not read again,
    and its findings are those of a run without the cache."""
    from policyc import incremental

    root = tmp_path / "policies"
    generate.generate(root, 10, seed=5)
    shutil.copy(sorted(root.glob("*/sla.yaml"))[0], root / "broken.yaml")
    (root / "broken.yaml").write_text("kind: [\n", encoding="utf-8")
    monkeypatch.setattr(seen, "RACY_NS", 0)
    first = pipeline.validate([root], cache=Cache(tmp_path / "cache"))
    time.sleep(0.02)
    read: list[str] = []
    real = incremental.read_file
    monkeypatch.setattr(
        incremental, "read_file", lambda p, n: read.append(os.fspath(p)) or real(p, n)
    )
    again = pipeline.validate([root], cache=Cache(tmp_path / "cache"))
    assert again.diagnostics == first.diagnostics == pipeline.validate([root]).diagnostics
    assert len(read) < len(list(root.rglob("*.yaml"))) // 2


def test_directories_known_by_their_stat_are_not_listed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The up-to-date check walks only the directories whose `stat` changed: a file
    added, removed or renamed in one shows in its directory's times, and the files it
    finds are a full walk's."""
    from policyc.load import files

    root, out = tmp_path / "policies", tmp_path / "generated"
    generate.generate(root, 30, seed=5)
    monkeypatch.setattr(seen, "RACY_NS", 0)
    for _ in range(2):
        assert not has_errors(
            pipeline.build(root, out, cache=Cache(tmp_path / "cache")).diagnostics
        )
        time.sleep(0.02)
    sla = sorted(root.glob("*/sla.yaml"))[0]
    sla.rename(sla.parent / "sla-renamed.yaml")
    listed: list[str] = []
    real = os.scandir
    monkeypatch.setattr(os, "scandir", lambda p: listed.append(os.fspath(p)) or real(p))
    inputs = freshness.read_inputs(
        root,
        Cache(tmp_path / "cache").seen(pipeline._scope([root])),
        Cache(tmp_path / "cache").listings(pipeline._scope([root])),
    )
    monkeypatch.setattr(os, "scandir", real)
    assert inputs is not None and listed == [os.fspath(sla.parent)]
    assert inputs.names == files.discover_names([root])[0]
    made = pipeline.build(root, out, cache=Cache(tmp_path / "cache"))
    assert pipeline.build(root, out, check=True).diagnostics == made.diagnostics


def test_a_crafted_listing_cannot_name_a_path_outside(tmp_path: Path) -> None:
    info = os.lstat(tmp_path)
    good = seen.listing_of(info, time.time_ns() + 10 * seen.RACY_NS, (("a.yaml", 0),))
    assert good is not None and seen.listed(good, info) == (("a.yaml", 0),)
    for name in ("..", "../x.yaml", "a/b.yaml", "", "\u00e9.yaml"):
        assert seen.listed((*good[:5], ((name, 0),)), info) is None
    assert seen.listed((*good[:5], (("a.yaml", 7),)), info) is None


def test_a_written_record_is_trusted_only_if_settled_after_the_last_change(
    tmp_path: Path,
) -> None:
    """An output's record is settled at the file system's own time after it was placed:
    a change in the same tick as that time could leave the same `stat`, so a file whose
    change time is not before it is read again."""
    path = tmp_path / "a.html"
    path.write_bytes(b"<p>1</p>\n")
    info = os.lstat(path)
    at = max(info.st_mtime_ns, info.st_ctime_ns)
    for settled, trust in ((at, False), (at + 1, True)):
        made = seen.written_record(info, settled, b"s" * 32)
        assert (seen.trusted(made, info) is not None) is trust


def _output_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The output files the up-to-date check reads from now on, by name (all in this
    process: no child shares the check)."""
    from policyc.output import manifest

    monkeypatch.setattr(freshness.parallel, "available", lambda: False)
    read: list[str] = []
    real = manifest.fs.read_at
    monkeypatch.setattr(
        manifest.fs, "read_at", lambda d, n, limit: read.append(n) or real(d, n, limit)
    )
    return read


def test_the_no_op_reads_no_output_file_the_build_placed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The files a build placed are known by the `stat` it recorded (`Cache.keep_outputs`):
    the no-op after a build, and after a build after an edit, reads none of them; the
    check is the same as without the cache (`--check` and a build without it agree)."""
    root, out = tmp_path / "policies", tmp_path / "generated"
    generate.generate(root, 10, seed=3)
    cache = tmp_path / "cache"
    assert not has_errors(pipeline.build(root, out, cache=Cache(cache)).diagnostics)
    sla = sorted(root.glob("*/sla.yaml"))[0]
    text = sla.read_text(encoding="utf-8")
    sla.write_text(re.sub(r"within: (\d+)", r"within: 1\1", text, count=1), encoding="utf-8")
    for expected in ("built", "up to date", "up to date"):
        read = _output_reads(monkeypatch)
        made = pipeline.build(root, out, cache=Cache(cache))
        assert made.summary.startswith(expected)
        if expected == "up to date":
            assert read == []
        monkeypatch.undo()
    assert not has_errors(pipeline.build(root, out, check=True).diagnostics)


@pytest.mark.parametrize("when", ["at once", "later"])
def test_an_output_changed_after_the_build_is_read_and_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    """Changed right after the build (within a tick of its settled time) or later, in
    place, with the same size and the modification time set back: the change time moved,
    so the record is not trusted, the file is read, and the build puts it back."""
    root, out = tmp_path / "policies", tmp_path / "generated"
    generate.generate(root, 10, seed=3)
    cache = tmp_path / "cache"
    assert not has_errors(pipeline.build(root, out, cache=Cache(cache)).diagnostics)
    page = sorted(out.rglob("*.html"))[0]
    if when == "later":
        time.sleep(0.02)
    before = os.lstat(page)
    data = page.read_bytes()
    with open(page, "r+b") as handle:  # in place: the same inode and size
        handle.write(b"X" if data[:1] != b"X" else b"Y")
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    read = _output_reads(monkeypatch)
    made = pipeline.build(root, out, cache=Cache(cache))
    assert made.summary.startswith("built") and page.name in read
    assert page.read_bytes() == data
