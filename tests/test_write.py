"""output/write.py, manifest.py and lock.py: the atomic swap, path safety, the lock, and failure at every stage.

Each failure test writes an "old" tree first and proves that it is byte-for-byte intact
afterwards, with nothing left beside it (no temporary tree, no lock file).
"""

from __future__ import annotations

import errno
import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from integrity import beside, tree

from policyc import parallel, toolchain
from policyc.codes import exit_code_for
from policyc.diagnostics import Severity
from policyc.emit.base import Artifact
from policyc.output import manifest, write
from policyc.output.lock import OutputLock, lock_path


def _listed(*artifacts: Artifact) -> list[Artifact]:
    """Artifacts plus their manifest, as the pipeline hands them to `write_tree`."""
    return [*artifacts, manifest.manifest(artifacts, "0" * 64)]


OLD = _listed(
    Artifact("a.txt", b"old a\n"), Artifact("sub/b.txt", b"old b\n"), Artifact("gone.txt", b"x")
)
NEW = _listed(*(Artifact(f"dir{i % 3}/file{i}.txt", f"new {i}\n".encode()) for i in range(12)))


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An output directory holding the OLD tree."""
    target = tmp_path / "generated"
    assert write.write_tree(target, OLD).diagnostics == []
    return target


@pytest.fixture
def umask() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _old_intact(out: Path) -> None:
    assert tree(out) == {a.path: a.data for a in OLD}
    assert beside(out) == []


# -- the manifest ---------------------------------------------------------------------------


def test_manifest_format_is_stable() -> None:
    listing = manifest.manifest([Artifact("b/x.txt", b"x"), Artifact("a.txt", b"")], "f" * 64)
    assert listing.path == "manifest.json"
    assert json.loads(listing.data) == {
        "format_version": 1,
        "policyc_version": manifest.__version__,
        "toolchain": toolchain.current(),
        "inputs_sha256": "f" * 64,
        "artifacts": {
            "a.txt": {
                "sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "size": 0,
            },
            "b/x.txt": {
                "sha256": "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881",
                "size": 1,
            },
        },
    }
    text = listing.data.decode()
    assert text.endswith("}\n") and text.index('"a.txt"') < text.index('"b/x.txt"')


def test_the_manifest_is_what_json_dumps_makes_of_it() -> None:
    """`manifest` lays out the artifacts' entries itself: byte for byte `json.dumps`."""
    from policyc.output.linked import Linked

    arts = [
        Artifact("z.txt", b"z"),
        Artifact('odd "name"\\é\n.txt', "ü".encode()),
        Linked("b/linked.html", b"", "/nowhere", "ab" * 32, 123456, 1, 2),
        Artifact("a.txt", b""),
    ]
    for chosen in (arts, arts[:1], []):
        body = json.loads(manifest.manifest(chosen, "e" * 64).data)
        want = json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        assert manifest.manifest(chosen, "e" * 64).data == want.encode()
    assert len(json.loads(manifest.manifest(arts, "e" * 64).data)["artifacts"]) == 4


def test_the_same_manifest_bytes_are_parsed_once() -> None:
    one = manifest.manifest([Artifact("a.txt", b"a")], "0" * 64).data
    two = manifest.manifest([Artifact("a.txt", b"b")], "0" * 64).data
    first = manifest.parse_manifest(one)
    assert first is not None and manifest.parse_manifest(bytes(bytearray(one))) is first
    second = manifest.parse_manifest(two)
    assert second is not None and second != first and manifest.parse_manifest(two) is second
    assert manifest.parse_manifest(b"{") is None and manifest.parse_manifest(two) is second


def test_inputs_hash_depends_on_names_and_bytes_not_order() -> None:
    from policyc.load.inputs import file_digest, inputs_hash

    def hashed(*files: tuple[str, bytes]) -> str:
        return inputs_hash((name, file_digest(data)) for name, data in files)

    one = hashed(("a.yaml", b"1"), ("b.yaml", b"2"))
    assert one == hashed(("b.yaml", b"2"), ("a.yaml", b"1"))
    assert one != hashed(("a.yaml", b"2"), ("b.yaml", b"1"))
    assert one != hashed(("a.yaml", b"12"), ("b.yaml", b""))
    assert one != hashed(("a.yaml", b"1"), ("c.yaml", b"2"))
    tests = b"apiVersion: policyc/v1\nkind: PolicyTest\n"
    assert hashed(("a.yaml", b"1"), ("b.yaml", b"2"), ("t.yaml", tests)) == one


# -- writing --------------------------------------------------------------------------------


def test_write_replaces_the_tree_and_deletes_stale_files(out: Path, umask: None) -> None:
    assert write.write_tree(out, NEW).diagnostics == []
    assert tree(out) == {a.path: a.data for a in NEW}  # gone.txt, a.txt, sub/ are gone
    assert beside(out) == []
    assert stat.S_IMODE(out.stat().st_mode) == 0o755  # not mkdtemp's private 0700
    assert stat.S_IMODE((out / "dir0" / "file0.txt").stat().st_mode) == 0o644


def test_a_symlinked_output_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real"
    assert not write.write_tree(real, OLD).diagnostics
    link = tmp_path / "generated"
    link.symlink_to(real)
    assert write.write_tree(link, NEW).diagnostics == []
    assert link.is_symlink() and tree(real) == {a.path: a.data for a in NEW}


@pytest.mark.parametrize(
    "path",
    [
        "../escape.txt",
        "/etc/passwd",
        "a/../../b",
        "./a",
        "a//b",
        "a/",
        "",
        "a\\..\\b",
        "con.html",
        "site/NUL",
        "lpt1.txt",
        "a\x00b",
        "x" * 201,
        "café.html",
        "a:b",
        "a b",
        "trailing.",
    ],
)
def test_unsafe_paths_are_refused_before_anything_is_written(tmp_path: Path, path: str) -> None:
    target = tmp_path / "generated"
    diags = write.write_tree(target, [Artifact("ok.txt", b""), Artifact(path, b"evil")]).diagnostics
    assert [d.code for d in diags] == ["PC401"]
    assert "refusing to write artifact" in diags[0].message
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("paths", "why"),
    [
        (["a.txt", "a.txt"], "produced twice"),
        (["Index.html", "index.html"], "ignoring case"),
        (["a", "a/b"], "also written as a file"),
        (["manifest.json", "manifest.json"], "produced twice"),
    ],
)
def test_colliding_paths_are_refused(tmp_path: Path, paths: list[str], why: str) -> None:
    diags = write.write_tree(tmp_path / "g", [Artifact(p, b"") for p in paths]).diagnostics
    assert [d.code for d in diags] == ["PC401"] and why in diags[0].message


_PATH_PIECES = st.sampled_from(["a", "A", "b", "a.txt", "con", "x" * 120, ".", "..", "", "é"])


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.lists(_PATH_PIECES, min_size=1, max_size=3).map("/".join)
        | st.sampled_from(["a\\b", "a\x00b", "/a", "a/", "trailing.", "x" * 201]),
        max_size=6,
    )
)
def test_the_bulk_check_of_paths_agrees_with_the_check_path_by_path(paths: list[str]) -> None:
    """`write._clean` (all paths at once) passes exactly the lists in which the check of
    one path at a time finds nothing: unsafe paths, duplicates, case collisions, a path
    below a file."""
    from unittest import mock

    artifacts = [Artifact(p, b"") for p in paths]
    with mock.patch.object(write, "_clean", return_value=False):
        one_by_one = write.check_paths(artifacts)
    assert write._clean(sorted(paths)) == (one_by_one == [])
    assert write.check_paths(artifacts) == one_by_one


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="syncfs is Linux's")
def test_each_path_below_a_file_names_its_nearest_parent_file() -> None:
    paths = ["a/b/c/d.txt", "a/b/x.txt", "a/b", "a/b/c/e.txt", "q/r/s.txt", "q/r/t.txt", "q"]
    diags = write.check_paths([Artifact(p, b"") for p in paths])
    assert [d.message for d in diags] == [
        "refusing to write artifact 'a/b/c/d.txt': 'a/b' is also written as a file",
        "refusing to write artifact 'a/b/c/e.txt': 'a/b' is also written as a file",
        "refusing to write artifact 'a/b/x.txt': 'a/b' is also written as a file",
        "refusing to write artifact 'q/r/s.txt': 'q' is also written as a file",
        "refusing to write artifact 'q/r/t.txt': 'q' is also written as a file",
    ]


def test_the_new_tree_is_flushed_with_one_syncfs(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[Path] = []
    real = write._syncfs
    monkeypatch.setattr(write, "_syncfs", lambda d: synced.append(d) or real(d))
    monkeypatch.setattr(os, "fsync", lambda fd: pytest.fail("fsync per file despite syncfs"))
    monkeypatch.setattr(write, "_fsync_dir", lambda d: None)  # the parent, after the swap
    assert write.write_tree(out, NEW).diagnostics == []
    assert len(synced) == 1 and synced[0].name.startswith(".generated.new-")
    assert tree(out) == {a.path: a.data for a in NEW}


def test_without_syncfs_every_file_and_directory_is_fsynced(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[str] = []
    real = os.fsync
    monkeypatch.setattr(write, "_syncfs", lambda d: False)

    def fsync(fd: int) -> None:
        synced.append(
            os.readlink(f"/proc/self/fd/{fd}") if sys.platform.startswith("linux") else "?"
        )
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    assert write.write_tree(out, NEW).diagnostics == []
    n = len(NEW)  # every file, then the directories deepest first, then the parent
    assert len(synced) == n + 3 + 1 + 1
    if sys.platform.startswith("linux"):
        names = [Path(s).name for s in synced]
        assert set(names[:n]) == {Path(a.path).name for a in NEW}
        assert sorted(names[n : n + 3]) == ["dir0", "dir1", "dir2"]
        assert names[n + 3].startswith(".generated.new-") and names[-1] == out.parent.name
    assert tree(out) == {a.path: a.data for a in NEW}


@pytest.mark.parametrize("child", ["works", "fails half-way"])
def test_a_forked_child_writes_the_second_half(
    out: Path, monkeypatch: pytest.MonkeyPatch, child: str
) -> None:
    """In path order: it makes `dir2` (only its half needs it), then fails at
    `dir1/file7.txt`, and this process makes and writes its half again."""
    monkeypatch.setenv("POLICYC_JOBS", "2")
    monkeypatch.setattr(parallel, "WRITE_FILES", 4)
    parent, real, forks = os.getpid(), write._write_file, []
    monkeypatch.setattr(
        parallel, "start", lambda work, s=parallel.start: forks.append(1) or s(work)
    )

    def write_file(path: Path, data: bytes) -> None:
        if child == "fails half-way" and os.getpid() != parent and path.name.endswith("7.txt"):
            raise OSError(errno.EIO, "simulated")
        real(path, data)

    monkeypatch.setattr(write, "_write_file", write_file)
    assert write.write_tree(out, NEW).diagnostics == []
    assert forks == [1] and tree(out) == {a.path: a.data for a in NEW}
    assert beside(out) == []


def test_disk_full_half_way_keeps_the_old_tree(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = write._write_file
    calls = []

    def full(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 5:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data)

    monkeypatch.setattr(write, "_write_file", full)
    diags = write.write_tree(out, NEW).diagnostics
    assert [d.code for d in diags] == ["PC403"]
    assert "No space left on device" in diags[0].message and diags[0].hint == "free some disk space"
    assert exit_code_for("PC403") == 2
    _old_intact(out)


def test_a_short_write_fails_verification(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = write._write_file
    monkeypatch.setattr(write, "_write_file", lambda path, data: real(path, data[:-1]))
    diags = write.write_tree(out, NEW).diagnostics
    assert [d.code for d in diags] == ["PC403"] and "bytes on disk, not" in diags[0].message
    _old_intact(out)


def test_ctrl_c_half_way_keeps_the_old_tree(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = write._write_file
    calls = []

    def interrupted(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 3:
            raise KeyboardInterrupt
        real(path, data)

    monkeypatch.setattr(write, "_write_file", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write.write_tree(out, NEW)
    _old_intact(out)


def test_a_failed_swap_puts_the_old_tree_back(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.rename

    def rename(src: str | Path, dst: str | Path) -> None:
        if Path(src).name.startswith(".generated.new-"):
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        real(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    diags = write.write_tree(out, NEW).diagnostics
    assert [d.code for d in diags] == ["PC403"]
    _old_intact(out)


@pytest.mark.parametrize("remover", ["a process", "none (finished here)"])
def test_a_deferred_cleanup_holds_the_lock_until_the_old_tree_is_gone(
    out: Path, monkeypatch: pytest.MonkeyPatch, remover: str
) -> None:
    if remover != "a process":
        monkeypatch.setattr(write, "_start_removal", lambda old, fd: None)
    outcome = write.write_tree(out, NEW, defer=True)
    assert outcome.diagnostics == [] and outcome.cleanup is not None
    assert tree(out) == {a.path: a.data for a in NEW}  # the new tree is in place already
    assert lock_path(out).name in beside(out)
    later = write.write_tree(out, OLD).diagnostics  # the old tree is not recovered meanwhile
    assert [d.code for d in later] == ["PC402"]
    outcome.cleanup.finish()
    assert beside(out) == [] and tree(out) == {a.path: a.data for a in NEW}
    outcome.cleanup.finish()  # twice: nothing more to do
    assert write.write_tree(out, OLD).diagnostics == []


def test_without_an_old_tree_nothing_is_deferred(tmp_path: Path) -> None:
    outcome = write.write_tree(tmp_path / "generated", NEW, defer=True)
    assert outcome.diagnostics == [] and outcome.cleanup is None
    assert beside(tmp_path / "generated") == []


def test_the_removing_process_holds_the_lock_when_the_build_is_gone(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build killed before `finish()`: its remover still keeps other builds out."""
    monkeypatch.setattr(write, "_REMOVE", "import time; time.sleep(2); " + write._REMOVE)
    outcome = write.write_tree(out, NEW, defer=True)
    assert outcome.cleanup is not None and outcome.cleanup.process is not None
    os.close(outcome.cleanup.lock.fd)  # as the kernel does for a killed build
    outcome.cleanup.lock.fd = -1
    assert [d.code for d in write.write_tree(out, OLD).diagnostics] == ["PC402"]
    assert outcome.cleanup.process.wait() == 0
    assert write.write_tree(out, OLD).diagnostics == []
    assert beside(out) == [] and tree(out) == {a.path: a.data for a in OLD}


def test_an_output_path_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "generated").write_text("not a directory", encoding="utf-8")
    diags = write.write_tree(tmp_path / "generated", NEW).diagnostics
    assert [d.code for d in diags] == ["PC403"]
    assert (tmp_path / "generated").read_text(encoding="utf-8") == "not a directory"


def test_a_directory_policyc_did_not_write_is_never_replaced(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "main.py").write_text("precious\n", encoding="utf-8")
    diags = write.write_tree(src, NEW).diagnostics
    assert [d.code for d in diags] == ["PC406"] and exit_code_for("PC406") == 2
    assert tree(src) == {"main.py": b"precious\n"} and beside(src) == []
    (tmp_path / "empty").mkdir()
    assert write.write_tree(tmp_path / "empty", NEW).diagnostics == []


# -- the lock -------------------------------------------------------------------------------


def test_a_held_lock_is_a_clear_environment_error(out: Path) -> None:
    lock = OutputLock.acquire(out)
    assert isinstance(lock, OutputLock)
    with lock:
        diags = write.write_tree(out, NEW).diagnostics
    assert [d.code for d in diags] == ["PC402"] and exit_code_for("PC402") == 2
    assert f"build pid {os.getpid()} is writing it" in diags[0].message
    assert diags[0].span.file.endswith("/.generated.lock")
    assert tree(out) == {a.path: a.data for a in OLD} and beside(out) == []


def _dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


@pytest.mark.parametrize("flock", [True, False], ids=["flock", "exclusive-file"])
def test_the_lock_of_a_dead_build_is_taken_over_with_a_warning(
    out: Path, monkeypatch: pytest.MonkeyPatch, flock: bool
) -> None:
    if not flock:
        monkeypatch.setattr("policyc.output.lock.fcntl", None)
    pid = _dead_pid()
    lock_path(out).write_text(f"{pid}\n", encoding="utf-8")
    diags = write.write_tree(out, NEW).diagnostics
    assert [(d.code, d.severity) for d in diags] == [("PC405", Severity.WARNING)]
    assert f"pid {pid}" in diags[0].message
    assert tree(out) == {a.path: a.data for a in NEW} and beside(out) == []


def test_without_flock_a_live_pid_holds_the_lock(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("policyc.output.lock.fcntl", None)
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"]) as other:
        try:
            lock_path(out).write_text(f"{other.pid}\n", encoding="utf-8")
            diags = write.write_tree(out, NEW).diagnostics
        finally:
            other.kill()
    assert [d.code for d in diags] == ["PC402"] and f"pid {other.pid}" in diags[0].message
    assert tree(out) == {a.path: a.data for a in OLD}


def test_an_empty_lock_file_is_taken_without_a_warning(out: Path) -> None:
    lock_path(out).write_text("", encoding="utf-8")
    assert write.write_tree(out, NEW).diagnostics == []
    assert beside(out) == []


# -- killed and terminated builds (real processes) ----------------------------------------


_CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from policyc.output import manifest, write
    from policyc.emit.base import Artifact

    out, how, after = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    real_write, real_rename, calls = write._write_file, os.rename, []

    def write_file(path, data):
        calls.append(path)
        if how != "rename" and len(calls) == after:
            os.kill(os.getpid(), getattr(signal, how))
        real_write(path, data)

    def rename(src, dst):
        if how == "rename" and Path(src).name.startswith(".generated.new-"):
            os.kill(os.getpid(), signal.SIGKILL)  # between the two renames of the swap
        real_rename(src, dst)

    write._write_file, os.rename = write_file, rename
    artifacts = [Artifact(f"f{i}.txt", b"new") for i in range(20)]
    artifacts.append(manifest.manifest(artifacts, "0" * 64))
    print(write.write_tree(out, artifacts).diagnostics)
    """
)


def _child(out: Path, how: str, after: int = 5) -> int:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(out), how, str(after)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode


def test_sigterm_half_way_cleans_up_and_dies_of_the_signal(out: Path) -> None:
    assert _child(out, "SIGTERM") == -signal.SIGTERM
    _old_intact(out)


def test_sigkill_half_way_leaves_the_old_tree_and_the_next_build_recovers(out: Path) -> None:
    assert _child(out, "SIGKILL") == -signal.SIGKILL
    assert tree(out) == {a.path: a.data for a in OLD}  # never touched
    left = beside(out)
    assert ".generated.lock" in left and any(n.startswith(".generated.new-") for n in left)
    diags = write.write_tree(out, NEW).diagnostics
    assert [d.code for d in diags] == ["PC405"]
    assert tree(out) == {a.path: a.data for a in NEW} and beside(out) == []


def test_killed_between_the_two_renames_the_next_build_restores_then_replaces(
    out: Path,
) -> None:
    assert _child(out, "rename") == -signal.SIGKILL
    assert not out.exists()  # moved aside, new tree not yet in place
    left = beside(out)
    assert any(n.startswith(".generated.old-") for n in left)
    write._recover(out)  # what the next build does first, under the lock
    assert tree(out) == {a.path: a.data for a in OLD}
    assert beside(out) == [".generated.lock"]  # the dead build's lock: taken over next
    assert [d.code for d in write.write_tree(out, NEW).diagnostics] == ["PC405"]
    assert tree(out) == {a.path: a.data for a in NEW} and beside(out) == []


_RACER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from policyc.output import manifest, write
    from policyc.emit.base import Artifact

    out, me = Path(sys.argv[1]), sys.argv[2]
    real = write._write_file

    def slow(path, data):
        time.sleep(0.002)
        real(path, data)

    write._write_file = slow
    artifacts = [Artifact(f"d{i % 4}/f{i}.txt", f"{me} {i}".encode()) for i in range(16)]
    artifacts.append(manifest.manifest(artifacts, "0" * 64))
    for _ in range(6):
        print(",".join(d.code for d in write.write_tree(out, artifacts).diagnostics) or "ok")
        time.sleep(0.03)  # let the others in
    """
)


def test_concurrent_builds_never_mix_their_trees(out: Path) -> None:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _RACER, str(out), f"builder{n}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(3)
    ]
    outcomes = []
    for proc in procs:
        stdout, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0 and "Traceback" not in stderr, stderr
        outcomes.extend(stdout.split())
    assert set(outcomes) <= {"ok", "PC402"} and "ok" in outcomes
    final = tree(out)
    owners = {data.split()[0] for path, data in final.items() if path != "manifest.json"}
    assert len(final) == 17 and len(owners) == 1  # one build's complete tree, never a mix
    assert beside(out) == []


# -- the spare tree (incremental builds) ------------------------------------------------------


def _linked(out: Path, path: str) -> Artifact:
    """The file `path` of `out`, kept as it is (as `Cache.reusable` hands it over)."""
    import hashlib

    from policyc.output.linked import Linked

    origin = out / path
    info = os.lstat(origin)
    sha = hashlib.sha256(origin.read_bytes()).hexdigest()
    return Linked(path, b"", str(origin), sha, info.st_size, info.st_ino, info.st_mtime_ns)


def _spare_tree(tmp_path: Path) -> tuple[Path, Path, list[Artifact]]:
    """An output written twice with a spare: the second write's old tree is the spare."""
    out, spare = tmp_path / "generated", tmp_path / "cache" / "spare"
    spare.parent.mkdir()
    first = _listed(
        *(Artifact(f"p{i}/{n}.html", f"{i}{n}\n".encode()) for i in range(4) for n in "abc"),
        Artifact("gone/deep/x.txt", b"x\n"),
        Artifact("index.html", b"index 1\n"),
    )
    assert write.write_tree(out, first, spare=spare).diagnostics == []
    assert tree(spare) == tree(out)  # no old tree yet: a spare of links to the new one
    second = _listed(*(_linked(out, a.path) for a in first if a.path != "manifest.json"))
    assert write.write_tree(out, second, spare=spare).diagnostics == []
    assert tree(spare) == tree(out) and beside(out) == []
    return out, spare, second


def test_a_first_write_leaves_a_spare_of_links_that_the_next_refits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that replaced no tree still leaves a spare: hard links to every file it
    wrote, beside nothing else. The next write refits it, writing only the changed file
    (never through a link into the tree it replaces), and the old tree becomes the spare."""
    out, spare = tmp_path / "generated", tmp_path / "cache" / "spare"
    spare.parent.mkdir()
    first = _listed(
        *(Artifact(f"p{i}/{n}.html", f"{i}{n}\n".encode()) for i in range(3) for n in "ab")
    )
    assert write.write_tree(out, first, spare=spare).diagnostics == [] and beside(out) == []
    assert tree(spare) == tree(out)
    assert all(os.lstat(spare / p).st_ino == os.lstat(out / p).st_ino for p in tree(out))
    before = tree(out)
    written: list[str] = []
    real = write._write_file
    monkeypatch.setattr(write, "_write_file", lambda p, d: written.append(p.name) or real(p, d))
    kept = [_linked(out, a.path) for a in first if a.path not in ("manifest.json", "p0/a.html")]
    second = _listed(*kept, Artifact("p0/a.html", b"changed\n"))
    assert write.write_tree(out, second, spare=spare).diagnostics == []
    assert tree(out) == {a.path: a.data or before[a.path] for a in second}
    assert sorted(written) == ["a.html", "manifest.json"]  # the rest refitted as they were
    assert tree(spare) == before  # the replaced tree, not written through


def test_a_seeded_spare_is_not_made_when_links_cannot_be(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, spare = tmp_path / "generated", tmp_path / "cache" / "spare"
    spare.parent.mkdir()

    def cannot(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", cannot)
    first = _listed(Artifact("a/b.html", b"b\n"))
    assert write.write_tree(out, first, spare=spare).diagnostics == []
    assert not spare.exists() and beside(out) == [] and tree(out)["a/b.html"] == b"b\n"


def test_a_spare_tree_is_refitted_keeping_the_links_it_has(tmp_path: Path, umask: None) -> None:
    out, spare, _ = _spare_tree(tmp_path)
    (spare / "p0" / "__pycache__").mkdir()  # a tool's cache: removed, as by a swap
    (spare / "p0" / "__pycache__" / "a.pyc").write_bytes(b"cache\n")
    (spare / "p1" / "b.html").unlink()
    (spare / "p1" / "b.html").write_bytes(b"not the output's file\n")  # another inode
    (spare / "p2" / "a.html").unlink()
    inodes = {p: os.lstat(out / p).st_ino for p in ("p0/a.html", "p3/c.html")}
    third = _listed(
        *(_linked(out, f"p{i}/{n}.html") for i in range(4) for n in "abc" if (i, n) != (3, "b")),
        Artifact("p3/b.html/now-a-directory.html", b"d\n"),
        Artifact("new/dir/y.txt", b"y\n"),
        Artifact("index.html", b"index 3\n"),
    )
    want = {a.path: (a.data or (out / a.path).read_bytes()) for a in third}
    outcome = write.write_tree(out, third, defer=True, spare=spare)
    assert outcome.diagnostics == [] and outcome.cleanup is None  # nothing to remove
    assert tree(out) == want and beside(out) == []
    assert not (out / "gone").exists() and not (out / "p0" / "__pycache__").exists()
    assert {p: os.lstat(out / p).st_ino for p in inodes} == inodes  # kept, not linked again
    assert stat.S_IMODE(os.stat(out / "new" / "dir").st_mode) == 0o755
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o755
    assert spare.is_dir() and "gone/deep/x.txt" in tree(spare)  # the replaced tree


def test_a_spare_sharing_no_file_is_refitted_all_the_same(tmp_path: Path) -> None:
    """After a full rebuild no file of the spare is kept: its files are unlinked, the
    directories needed again stay (no `mkdir`), the others go, and nothing is left for
    a removal to wait for."""
    out, spare, _ = _spare_tree(tmp_path)
    p0 = os.lstat(spare / "p0").st_ino
    fresh = _listed(
        *(Artifact(f"p0/{i}.txt", f"{i}\n".encode()) for i in range(3)),
        *(Artifact(f"q/{i}.txt", f"{i}\n".encode()) for i in range(20)),
    )
    outcome = write.write_tree(out, fresh, defer=True, spare=spare)
    assert outcome.diagnostics == [] and outcome.cleanup is None  # nothing to remove
    assert tree(out) == {a.path: a.data for a in fresh} and beside(out) == []
    assert os.lstat(out / "p0").st_ino == p0  # the spare's directory, refitted
    assert not (out / "p1").exists() and not (out / "gone").exists()
    assert "gone/deep/x.txt" in tree(spare)  # the replaced tree


def test_a_failed_refit_keeps_the_old_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, spare, second = _spare_tree(tmp_path)
    before = tree(out)
    real = write._write_file

    def full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(write, "_write_file", full)
    changed = [*second[:-1], Artifact("index.html", b"changed\n")]
    diags = write.write_tree(out, _listed(*changed[:-2], changed[-1]), spare=spare).diagnostics
    assert [d.code for d in diags] == ["PC403"]
    assert tree(out) == before and beside(out) == []
    monkeypatch.setattr(write, "_write_file", real)
    assert write.write_tree(out, second, spare=spare).diagnostics == []
    assert tree(out) == before


def _refitted(out: Path) -> list[Artifact]:
    """The next write after `_spare_tree`: one file changed, the rest kept by link."""
    kept = [_linked(out, f"p{i}/{n}.html") for i in range(4) for n in "abc"]
    return _listed(*kept, _linked(out, "gone/deep/x.txt"), Artifact("index.html", b"index 3\n"))


@pytest.mark.parametrize(
    "place",
    [
        lambda spare: (spare / "p0" / "notes.txt").write_bytes(b"mine\n"),
        lambda spare: (spare / "p0" / "stray").symlink_to("/etc/passwd"),
        lambda spare: (spare / "manifest.json").unlink(),  # which files policyc wrote: unknown
    ],
    ids=["file", "link", "no-manifest"],
)
def test_a_spare_holding_a_file_policyc_did_not_write_is_left_alone(
    tmp_path: Path, place: Any
) -> None:
    out, spare, _ = _spare_tree(tmp_path)
    place(spare)
    before = tree(spare)
    third = _refitted(out)
    want = {a.path: (a.data or (out / a.path).read_bytes()) for a in third}
    for _ in range(2):  # the next write finds it again, and warns again
        outcome = write.write_tree(out, third, defer=True, spare=spare)
        assert outcome.cleanup is not None  # the old tree removed: the spare is taken
        outcome.cleanup.finish()
        assert [(d.code, d.severity) for d in outcome.diagnostics] == [("PC411", Severity.WARNING)]
        assert outcome.diagnostics[0].span.file == spare.as_posix()
        assert tree(out) == want and beside(out) == []
        assert tree(spare) == before  # not a byte removed or overwritten, nothing added
        third = _refitted(out)


def test_the_warning_names_the_foreign_files(tmp_path: Path) -> None:
    out, spare, _ = _spare_tree(tmp_path)
    (spare / "p3" / "keep.me").write_bytes(b"mine\n")
    (spare / "zz").mkdir()
    (spare / "zz" / "mine.txt").write_bytes(b"mine\n")
    (warning,) = write.write_tree(out, _refitted(out), spare=spare).diagnostics
    assert "holds 2 files policyc did not write: p3/keep.me, zz/mine.txt" in warning.message
    assert warning.notes == (
        "not in its manifest.json: p3/keep.me",
        "not in its manifest.json: zz/mine.txt",
    )
    assert (spare / "zz" / "mine.txt").read_bytes() == b"mine\n"


def test_a_clean_spare_is_refitted_without_a_warning(tmp_path: Path) -> None:
    out, spare, _ = _spare_tree(tmp_path)
    outcome = write.write_tree(out, _refitted(out), defer=True, spare=spare)
    assert outcome.diagnostics == [] and outcome.cleanup is None  # the old tree is the spare
    assert "index 3" not in tree(spare)["index.html"].decode()


# -- the walks taken ahead (`write.survey`) -------------------------------------------------


def test_walks_taken_ahead_are_used_while_the_trees_are_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write given the walks `survey` took (a build takes them in a child while it
    models) walks neither the output nor the spare again, and writes what it would have."""
    out, spare, _ = _spare_tree(tmp_path)
    surveyed = write.survey(out, False, spare)
    walked: list[str] = []
    monkeypatch.setattr(write, "_refusal", lambda *a: walked.append("out"))
    monkeypatch.setattr(write, "_survey", lambda *a: walked.append("spare"))
    third = _refitted(out)
    want = {a.path: (a.data or (out / a.path).read_bytes()) for a in third}
    outcome = write.write_tree(out, third, defer=True, spare=spare, surveyed=surveyed)
    assert outcome.diagnostics == [] and outcome.cleanup is None  # refitted: old tree spare
    assert walked == [] and tree(out) == want and beside(out) == []


def test_a_file_added_to_the_output_after_the_walk_is_still_refused(tmp_path: Path) -> None:
    """The walk of the output taken ahead no longer holds once its top changed: the
    write looks again, and refuses to delete the file it finds (PC409)."""
    out, spare, _ = _spare_tree(tmp_path)
    surveyed = write.survey(out, False, spare)
    assert surveyed.refusal is None
    time.sleep(0.02)  # past a coarse clock's tick: the top's change time moves
    (out / "notes.txt").write_bytes(b"mine\n")
    (refusal,) = write.write_tree(out, _refitted(out), spare=spare, surveyed=surveyed).diagnostics
    assert refusal.code == "PC409" and "notes.txt" in refusal.message
    assert (out / "notes.txt").read_bytes() == b"mine\n"


def test_a_spare_replaced_after_the_walk_is_walked_again(tmp_path: Path) -> None:
    """Another write between the walk and this one swapped both trees (the spare is now
    another tree): the walks taken ahead are not used, and a foreign file in the new
    spare is found (PC411) and left alone."""
    out, spare, _ = _spare_tree(tmp_path)
    surveyed = write.survey(out, False, spare)
    assert write.write_tree(out, _refitted(out), spare=spare).diagnostics == []
    (spare / "p1" / "notes.txt").write_bytes(b"mine\n")
    third = _refitted(out)
    (warning,) = write.write_tree(out, third, spare=spare, surveyed=surveyed).diagnostics
    assert warning.code == "PC411" and "p1/notes.txt" in warning.message
    assert (spare / "p1" / "notes.txt").read_bytes() == b"mine\n"
    assert tree(out) == {a.path: (a.data or tree(out)[a.path]) for a in third}


def _listing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The directories `os.scandir` lists from now on."""
    listed: list[str] = []
    scandir = os.scandir

    def counted(path: Any) -> Any:
        listed.append(os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", counted)
    return listed


def test_a_refitted_tree_is_listed_again_only_where_its_directories_moved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The write's check of a tree refitted from the walk taken ahead lists again only
    the directories whose `lstat` moved since (the top, renamed and rewritten), not those
    of kept files; a file dropped into one of those after the walk moves it, and is found."""
    from policyc.load import seen

    monkeypatch.setattr(seen, "RACY_NS", 0)  # the walk trusts what it saw before it began
    out, spare, _ = _spare_tree(tmp_path)
    time.sleep(0.02)  # past a coarse clock's tick: older than the walk
    surveyed = write.survey(out, False, spare)
    time.sleep(0.02)
    third = _refitted(out)
    want = {a.path: (a.data or (out / a.path).read_bytes()) for a in third}
    with monkeypatch.context() as patched:
        listed = _listing(patched)
        assert write.write_tree(out, third, spare=spare, surveyed=surveyed).diagnostics == []
    names = {Path(p).name for p in listed}
    assert tree(out) == want
    assert not names & {"p0", "p1", "p2", "p3", "gone", "deep"}, listed
    assert any(Path(p).name.startswith(".generated.new-") for p in listed)  # the top

    surveyed = write.survey(out, False, spare)
    time.sleep(0.02)
    (spare / "gone" / "deep" / "late.txt").write_bytes(b"late\n")
    before = tree(out)
    (failed,) = write.write_tree(out, _refitted(out), spare=spare, surveyed=surveyed).diagnostics
    assert failed.severity is Severity.ERROR and "does not list exactly" in failed.message
    assert tree(out) == before and beside(out) == []
    assert (spare / "gone" / "deep" / "late.txt").read_bytes() == b"late\n"  # back, kept
    (warning,) = write.write_tree(out, _refitted(out), spare=spare).diagnostics
    assert warning.code == "PC411" and "gone/deep/late.txt" in warning.message
    assert (spare / "gone" / "deep" / "late.txt").read_bytes() == b"late\n"


def test_walks_taken_ahead_for_other_options_are_not_used(tmp_path: Path) -> None:
    out, spare, _ = _spare_tree(tmp_path)
    (out / "notes.txt").write_bytes(b"mine\n")
    surveyed = write.survey(out, True, spare)  # taken for --force-clean
    assert surveyed.refusal is None
    (refusal,) = write.write_tree(out, _refitted(out), spare=spare, surveyed=surveyed).diagnostics
    assert refusal.code == "PC409"


def test_verify_checks_a_kept_file_replaced_after_the_refit(tmp_path: Path) -> None:
    """A file the refit kept (the inode its `Linked` artifact names) is not `stat`ed again;
    one replaced since (another inode) is, and a short one fails the write; the files
    placed now are the tree's `Placed`, settled after them."""
    from policyc.output.linked import Linked

    origin = tmp_path / "origin.html"
    origin.write_bytes(b"0123456789")
    tree_dir = tmp_path / "tree"
    tree_dir.mkdir()
    os.link(origin, tree_dir / "a.html")
    (tree_dir / "b.html").write_bytes(b"new")
    info = os.stat(origin)
    kept = Linked("a.html", b"", origin=str(origin), size=10, inode=info.st_ino)
    fresh = Artifact("b.html", b"new")
    placed = write._verify(tree_dir, [kept, fresh], frozenset({"a.html"}))
    assert set(placed.changed) == {"b.html"}
    assert placed.settled_ns >= os.stat(tree_dir / "b.html").st_ctime_ns
    (tree_dir / "a.html").unlink()  # replaced after the refit: another inode, 3 bytes
    (tree_dir / "a.html").write_bytes(b"bad")
    with pytest.raises(OSError, match="bytes on disk"):
        write._verify(tree_dir, [kept, fresh], frozenset({"a.html"}))


def test_linked_artifacts_from_records_equal_those_made_by_init() -> None:
    """`linked.from_records` (fields set without `__init__`) makes the very artifacts the
    dataclass's constructor makes: equal, hashable alike, every field in place."""
    from policyc.output.linked import Linked, from_records

    rows = [("site/en/a/index.html", "ab" * 32, 10, 7, 5), ("routing/a.json", "cd" * 32, 3, 8, 6)]
    for top in ("/srv/out", "/srv/out/"):
        made = from_records(top, rows)
        want = [Linked(p, b"", f"/srv/out/{p}", s, n, i, m) for p, s, n, i, m in rows]
        assert made == want
        assert [hash(a) for a in made] == [hash(a) for a in want]
        assert all(type(a) is Linked for a in made)
