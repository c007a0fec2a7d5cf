"""The build's edges: hostile file-system layouts around --out and the policy directory.

Every finding of the red-team run (issue 16) is a row of `tests/hostile/build/findings.yaml`
naming the tests below that prove it fixed; a hypothesis test then plants random links,
FIFOs and files under --out and the policy directory and checks that a build never loses
a file policyc did not write and never hangs.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from integrity import VENDOR, vendor_tree
from test_hostile import deadline

from policyc import pipeline
from policyc.load import inputs
from policyc.validate.schema import _what

FINDINGS: dict[int, dict[str, object]] = yaml.safe_load(
    (Path(__file__).resolve().parent / "hostile" / "build" / "findings.yaml").read_text("utf-8")
)
_CONTROL = {chr(c) for c in range(32)} - {"\n"} | {chr(c) for c in range(0x7F, 0xA0)}


def test_the_table_lists_every_finding_and_its_tests() -> None:
    assert sorted(FINDINGS) == list(range(1, 16))
    named = {t for row in FINDINGS.values() for t in row["tests"]}  # type: ignore[attr-defined]
    here = {n for n in globals() if n.startswith("test_") and n[5:7].isdigit()}
    assert named == here


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project (cwd) with the vendor policies, not built yet."""
    vendor_tree(tmp_path / "policies")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def _shown(result: Result) -> str:
    return result.stdout + result.stderr


def _clean(text: str) -> None:
    assert "Traceback" not in text and "PC901" not in text, text
    assert not set(text) & _CONTROL, f"a control character reached the terminal: {text!r}"


# -- 1. the lock ----------------------------------------------------------------------------


def test_01_a_lock_that_is_not_policycs_is_refused(
    project: Path, run: Callable[..., Result]
) -> None:
    victim = project / "data.txt"
    victim.write_text("IMPORTANT USER DATA\n", encoding="utf-8")
    lock = project / ".generated.lock"
    for plant in (
        lambda: lock.symlink_to(victim),
        lambda: os.link(victim, lock),
        lambda: os.mkfifo(lock),
        lambda: lock.write_text("my notes\n", encoding="utf-8"),
    ):
        plant()
        with deadline(30):
            result = run("build")
        assert result.exit_code == 2 and "PC408" in result.stderr, result.stderr
        assert victim.read_text(encoding="utf-8") == "IMPORTANT USER DATA\n"
        assert not (project / "generated").exists()
        lock.unlink()
    assert run("build").exit_code == 0 and not lock.exists()


# -- 2. the stamp ---------------------------------------------------------------------------


def test_02_the_stamp_is_never_written_through_a_link(
    project: Path, run: Callable[..., Result]
) -> None:
    victim = project / "data.txt"
    victim.write_text("IMPORTANT USER DATA\n", encoding="utf-8")
    cache = project / ".policyc_cache"
    cache.mkdir()
    (cache / "generated.json").symlink_to(victim)
    (cache / ".gitignore").symlink_to(project / "created-by-policyc")
    for pid in range(os.getpid() - 5, os.getpid() + 5):  # the old, predictable names
        (cache / f".generated.json.{pid}").symlink_to(victim)
    assert run("build").exit_code == 0
    assert victim.read_text(encoding="utf-8") == "IMPORTANT USER DATA\n"
    assert not (project / "created-by-policyc").exists()
    assert not (cache / "generated.json").is_symlink()  # replaced by the stamp, not followed
    assert "(nothing to do)" in run("build").stderr
    # a cache directory that is a link is not written into at all
    shutil.rmtree(cache)
    elsewhere = project / "elsewhere"
    elsewhere.mkdir()
    cache.symlink_to(elsewhere)
    (project / "policies" / "sla.yaml").write_bytes(
        (project / "policies" / "sla.yaml").read_bytes() + b"# edited\n"
    )
    assert run("build").exit_code == 0
    assert list(elsewhere.iterdir()) == []


# -- 3. ownership ---------------------------------------------------------------------------


def test_03_a_rebuild_never_deletes_files_policyc_did_not_write(
    project: Path, run: Callable[..., Result]
) -> None:
    assert run("build").exit_code == 0
    out = project / "generated"
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (out / "site" / "notes.txt").write_text("mine\n", encoding="utf-8")
    mine = {".git/HEAD", "site/notes.txt"}
    before = _files(out)
    result = run("build")
    assert result.exit_code == 2 and "PC409" in result.stderr
    assert all(name in result.stderr for name in mine) and "--force-clean" in result.stderr
    assert _files(out) == before
    forced = run("build", "--force-clean")
    assert forced.exit_code == 0 and not mine & set(_files(out))


def test_03_out_overlapping_the_policy_directory_is_refused(
    project: Path, run: Callable[..., Result]
) -> None:
    shutil.copytree(project / "policies", project / "generated" / "policies")
    before = _files(project)
    for args in (
        ("--policies", "generated/policies", "--out", "generated"),
        ("--policies", "policies", "--out", "policies/out"),
        ("--policies", "policies", "--out", "policies"),
    ):
        result = run("build", *args)
        assert result.exit_code == 2 and "PC410" in result.stderr, result.stderr
    assert _files(project) == before


# -- 4. --check never shows what it did not write ---------------------------------------------


def test_04_check_never_prints_what_a_link_leads_to(project: Path) -> None:
    environ = Path("/proc/self/environ")
    if not environ.exists():
        pytest.skip("no /proc on this system")
    policyc = [sys.executable, "-m", "policyc"]
    env = {**os.environ, "MY_CI_SECRET": "s3cr3t-4f9a", "NO_COLOR": "1"}
    assert subprocess.run([*policyc, "build"], env=env, check=False).returncode == 0
    out = project / "generated"
    (out / "extra.txt").symlink_to(environ)
    (out / "site" / "style.css").unlink()
    (out / "site" / "style.css").symlink_to(environ)
    for fmt in ("text", "json", "github"):
        done = subprocess.run(
            [*policyc, "build", "--check", "--format", fmt],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 1 and "PC404" in done.stdout + done.stderr
        assert "s3cr3t-4f9a" not in done.stdout + done.stderr, fmt
        assert "not read" in done.stdout + done.stderr


# -- 5. FIFOs and devices ---------------------------------------------------------------------


@pytest.mark.parametrize("where", ["site/style.css", "manifest.json", "extra"])
@pytest.mark.parametrize("what", ["fifo", "/dev/zero"])
def test_05_fifos_and_devices_under_out_never_hang(
    project: Path, run: Callable[..., Result], where: str, what: str
) -> None:
    assert run("build").exit_code == 0
    path = project / "generated" / where
    if path.exists():
        path.unlink()
    if what == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    with deadline(60):
        checked = run("build", "--check")
        built = run("build")
    assert checked.exit_code == 1 and "PC404" in checked.stderr
    _clean(_shown(checked) + _shown(built))
    if where == "manifest.json":  # which files policyc wrote is unknown: nothing is replaced
        assert built.exit_code == 2 and "PC408" in built.stderr
    elif where == "extra":  # not policyc's file: kept
        assert built.exit_code == 2 and "PC409" in built.stderr
    else:  # policyc's own path: the build replaces what stood there (a link: not its target)
        assert built.exit_code == 0 and path.is_file() and not path.is_symlink()


# -- 6.-8. symlinked policy trees -----------------------------------------------------------


def _repository(root: Path) -> Path:
    (root / ".git").mkdir(parents=True)
    return root


def test_06_a_symlinked_policy_directory_outside_the_cwd_builds(
    tmp_path: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repository(tmp_path / "repo")
    vendor_tree(repo / "shared" / "policies")
    app = repo / "app"
    app.mkdir()
    (app / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    (app / "policies").symlink_to(repo / "shared" / "policies")
    monkeypatch.chdir(app)
    with deadline(60):
        built = run("build")
        checked = run("build", "--check")
        again = run("build")
    assert built.exit_code == 0, built.stderr
    assert checked.exit_code == 0, checked.stderr
    assert "(nothing to do)" in again.stderr


def test_07_symlinked_programme_directories_are_followed_inside_the_repository(
    tmp_path: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    copied = vendor_tree(tmp_path / "copied")
    repo = _repository(tmp_path / "repo")
    vendor_tree(repo / "vendor" / "northwind")
    (repo / "policies").mkdir()
    shutil.move(repo / "vendor" / "northwind" / "chrome", repo / "policies" / "chrome")
    (repo / "policies" / "northwind").symlink_to(repo / "vendor" / "northwind")
    monkeypatch.chdir(repo)
    linked = run("build")
    assert linked.exit_code == 0, linked.stderr
    plain = run("build", "--policies", str(copied), "--out", str(tmp_path / "plain"))
    assert plain.exit_code == 0
    assert _files(repo / "generated").keys() == _files(tmp_path / "plain").keys()
    # a link leading out of the repository is refused, and the output stays as it was
    before = _files(repo / "generated")
    (repo / "policies" / "borrowed").symlink_to(tmp_path / "copied")
    refused = run("build")
    assert refused.exit_code == 2 and "PC113" in refused.stderr
    assert "outside the policy directory" in refused.stderr
    assert _files(repo / "generated") == before


def test_08_output_does_not_depend_on_the_spelling_of_the_policy_path(
    project: Path, run: Callable[..., Result]
) -> None:
    (project / "pol").symlink_to("policies")
    assert run("build").exit_code == 0
    assert run("build", "--policies", "pol", "--out", "other").exit_code == 0
    assert run("build", "--policies", "./policies/", "--out", "third").exit_code == 0
    assert _files(project / "generated") == _files(project / "other") == _files(project / "third")
    checked = run("build", "--check", "--policies", "pol")
    assert checked.exit_code == 0, checked.stderr


# -- 9. the inputs hash -----------------------------------------------------------------------

_CALENDAR = (
    "apiVersion: policyc/v1\n{kind}\nid: nonstop\nprogramme: northwind-support\n"
    "name: calendar.nonstop\ntimezone: Etc/UTC\n"
    'hours:\n  - {{days: [mon, tue, wed, thu, fri, sat, sun], from: "00:00", to: "24:00"}}\n'
)
_KINDS = {
    "quoted key": '"kind": Calendar',
    "space before colon": "kind : Calendar",
    "anchor": "kind: &a Calendar",
    "tag": "kind: !!str Calendar",
}
_FLOW = (
    "{apiVersion: policyc/v1, kind: Calendar, id: nonstop, programme: northwind-support, "
    "name: calendar.nonstop, timezone: Etc/UTC, hours: [{days: [mon, tue, wed, thu, fri, sat, "
    'sun], from: "00:00", to: "24:00"}]}\n'
)
_TESTS = (Path(__file__).resolve().parent / "cases" / "policytest" / "passing.yaml").read_text(
    "utf-8"
)


def _variants() -> dict[str, str]:
    found = {name: _CALENDAR.format(kind=kind) for name, kind in _KINDS.items()}
    return {**found, "flow style": _FLOW}


def test_09_test_only_files_are_decided_by_parsing() -> None:
    for name, calendar in _variants().items():
        mixed = f"{_TESTS}---\n{calendar}".encode()
        assert inputs.file_digest(mixed) is not None, name
    assert inputs.file_digest(_TESTS.encode()) is None


@pytest.mark.parametrize("variant", sorted(_variants()))
def test_09_a_calendar_beside_policy_tests_changes_the_inputs_hash(
    project: Path, run: Callable[..., Result], variant: str
) -> None:
    calendars = project / "policies" / "calendars.yaml"
    calendars.write_text(calendars.read_text("utf-8").split("---\n")[0], encoding="utf-8")
    tests = project / "policies" / "tests.yaml"
    tests.write_text(f"{_TESTS}---\n{_variants()[variant]}", encoding="utf-8")
    assert run("build").exit_code == 0
    tests.write_text(tests.read_text("utf-8").replace("Etc/UTC", "Asia/Tokyo"), "utf-8")
    again = run("build")
    assert again.exit_code == 0 and again.stderr.startswith("built"), again.stderr
    assert run("build", "--check").exit_code == 0


# -- 10. located, never PC901 -----------------------------------------------------------------


def test_10_a_file_name_that_is_not_utf8_is_located(
    project: Path, run: Callable[..., Result]
) -> None:
    name = os.fsdecode(b"caf\xe9.yaml")
    shutil.copyfile(project / "policies" / "sla.yaml", project / "policies" / name)
    for args in (("validate",), ("build",), ("build", "--check")):
        result = run(*args)
        assert result.exit_code == 2 and "PC113" in result.stderr, result.stderr
        assert "policies/caf\\xe9.yaml" in result.stderr and "not valid UTF-8" in result.stderr
        _clean(_shown(result))


def test_10_deeply_nested_directories_are_located(
    project: Path, run: Callable[..., Result]
) -> None:
    deep = os.path.join(project, "policies")
    for _ in range(1_500):  # pathlib's mkdir(parents=True) recurses once per level
        deep = os.path.join(deep, "d")
        os.mkdir(deep)
    try:
        (Path(deep) / "x.yaml").write_text("apiVersion: policyc/v1\n", encoding="utf-8")
        with deadline(60):
            result = run("build")
        assert result.exit_code == 2 and "PC113" in result.stderr
        assert "nested deeper than" in result.stderr
        _clean(_shown(result))
    finally:
        # pytest deletes old temporary directories recursively, one frame per level: a
        # tree this deep left behind makes every later session end in a RecursionError
        with contextlib.suppress(FileNotFoundError):
            os.unlink(os.path.join(deep, "x.yaml"))
        while deep != os.path.join(project, "policies"):
            os.rmdir(deep)
            deep = os.path.dirname(deep)


def test_10_diff_of_a_revision_with_a_link_out_of_the_policies(
    tmp_path: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    git = shutil.which("git")
    if git is None:
        pytest.skip("no git")
    repo = tmp_path / "repo"
    vendor_tree(repo / "policies")
    (repo / "policies" / "x.yaml").symlink_to("../../../../../../../../etc/hostname")
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t"}
    env |= {"GIT_COMMITTER_EMAIL": "t@e", "HOME": str(tmp_path)}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "x"]):
        subprocess.run([git, *args], cwd=repo, env={**os.environ, **env}, check=True)
    monkeypatch.chdir(repo)
    (repo / "policies" / "x.yaml").unlink()
    result = run("diff", "HEAD")
    assert result.exit_code == 2 and "PC571" in result.stderr, result.stderr
    assert "x.yaml" in result.stderr
    _clean(_shown(result))


# -- 11. a conflicted manifest ------------------------------------------------------------------


def test_11_a_merge_conflict_in_the_manifest_says_so(
    project: Path, run: Callable[..., Result]
) -> None:
    assert run("build").exit_code == 0
    manifest = project / "generated" / "manifest.json"
    lines = manifest.read_text("utf-8").splitlines(keepends=True)
    lines[3:3] = ["<<<<<<< HEAD\n", '  "x": 1,\n', "=======\n", '  "x": 2,\n', ">>>>>>> b\n"]
    manifest.write_text("".join(lines), encoding="utf-8")
    before = _files(project / "generated")
    result = run("build")
    assert result.exit_code == 2 and "PC406" in result.stderr
    assert "generated/manifest.json:4:1" in result.stderr and "merge conflict" in result.stderr
    assert "empty the directory" not in result.stderr
    assert _files(project / "generated") == before


# -- 12.-14. text ---------------------------------------------------------------------------

_ESCAPES = "\\e]0;pwned\\a \\0 \\x85 \\x9b"  # YAML escapes: OSC title, NUL, NEL, CSI
_RAW = {"\x1b", "\x07", "\x00", "\x85", "\x9b"}


def _poison_messages(policies: Path, text: str) -> None:
    """Append `text` (a YAML double-quoted fragment) to the names of tiers and a test."""
    catalog = policies / "catalogs" / "en.yaml"
    source = catalog.read_text("utf-8")
    for key in ("tier.business: Business", "programme.name: Northwind Software Support"):
        name, value = key.split(": ")
        source = source.replace(key, f'{name}: "{value} {text}"')
    catalog.write_text(source, encoding="utf-8")


def test_12_no_control_character_reaches_the_terminal(
    project: Path, run: Callable[..., Result]
) -> None:
    _poison_messages(project / "policies", _ESCAPES)
    old = project / "old"
    vendor_tree(old)
    (project / "policies" / "tests").mkdir()
    (project / "policies" / "tests" / "t.yaml").write_text(
        _TESTS.replace("name: P1 for Business", f'name: "P1 {_ESCAPES} for Business').replace(
            "around the clock\n", 'around the clock"\n', 1
        ),
        encoding="utf-8",
    )
    results = [
        run("test"),
        run("route", "--programme", "northwind-support", "--tier", "business", "--severity", "p1"),
        run(
            "route",
            "--programme",
            "northwind-support",
            "--tier",
            "business",
            "--severity",
            "p1",
            "--format",
            "json",
        ),
        run("diff", "old", "policies"),
        run("diff", "old", "policies", "--format", "json"),
        run("explain", "PC\x1b]0;pwned\x07"),
        run("new", "programme", "x\x1b]0;pwned\x07"),
        run("new", "catalog", "x\x1b[2J", "--programme", "northwind-support"),
        run("route", "--programme", "\x1b]0;pwned\x07", "--tier", "b", "--severity", "p1"),
    ]
    for result in results:
        _clean(_shown(result))
    assert "␛]0;pwned␇" in results[0].stderr and results[0].exit_code == 0
    assert "pwned" in results[1].stdout and "pwned" in results[3].stdout
    assert json.loads(results[2].stdout)["resolution"] is not None


def test_12_no_control_character_in_html_or_markdown(
    project: Path, run: Callable[..., Result]
) -> None:
    _poison_messages(project / "policies", _ESCAPES)
    assert run("build").exit_code == 0
    shown = 0
    for path in (project / "generated").rglob("*"):
        if path.suffix in (".html", ".md"):
            text = path.read_text("utf-8")
            assert not set(text) & _RAW, path
            shown += "pwned" in text
    assert shown >= 2


def test_13_diff_markdown_shows_names_literally(project: Path, run: Callable[..., Result]) -> None:
    old = project / "old"
    vendor_tree(old)
    hostile = (
        "<img src=x onerror=alert(1)> [click](https://evil.example) @octocat "
        "https://bare.example www.bare.example\\n# heading\\n<details>"
    )
    _poison_messages(project / "policies", hostile)
    sla = project / "policies" / "sla.yaml"
    sla.write_text(sla.read_text("utf-8").replace("30m", "20m"), "utf-8")
    result = run("diff", "old", "policies")
    assert result.exit_code == 0, result.stderr
    text = re.sub(r"`[^`\n]*`", "`…`", result.stdout)  # code spans show text literally
    assert "Business" in text and "<img" in result.stdout
    assert "<img" not in text.replace("\\<img", "")
    assert text.count("<details>") == text.count("<details><summary>")  # only the report's
    assert not re.search(r"(?<!\\)\]\(", text)
    ours = ("<details><summary>", "</details>")
    assert not [
        line
        for line in text.splitlines()
        if line.lstrip().startswith(("# ", "<")) and not line.lstrip().startswith(ours)
    ]
    assert "@octocat" not in text and "@\u2060octocat" in text
    assert "https://" not in text and "www.bare" not in text
    for line in text.splitlines():
        if line.startswith("|"):
            assert line.count("|") - line.count("\\|") == 8, line  # seven columns


def test_14_a_latin1_terminal_gets_replacement_characters(project: Path) -> None:
    old = project / "old"
    vendor_tree(old)
    sla = project / "policies" / "sla.yaml"
    sla.write_text(sla.read_text("utf-8").replace("30m", "20m"), "utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "latin-1", "NO_COLOR": "1"}
    policyc = [sys.executable, "-m", "policyc"]
    for args in (
        ["route", "--programme", "northwind-support", "--tier", "business", "--severity", "p1"],
        ["diff", "old", "policies"],
        ["test"],
    ):
        done = subprocess.run(
            [*policyc, *args], env=env, capture_output=True, timeout=60, check=False
        )
        assert done.returncode in (0, 1) and b"PC901" not in done.stderr, done.stderr
        assert done.stdout or done.stderr


# -- 15. small things -----------------------------------------------------------------------


def test_15_new_refuses_ids_that_cannot_validate(project: Path, run: Callable[..., Result]) -> None:
    before = _files(project)
    for name in ("con", "lpt9", "a" * 65, "a" * 59):  # its calendar is `<id>-hours`
        result = run("new", "programme", name)
        assert result.exit_code == 2, (name, result.stderr)
    assert _files(project) == before
    assert run("new", "programme", "a" * 58).exit_code == 0
    assert run("validate").exit_code == 0


def test_15_policies_without_out_writes_the_project_roots_generated(
    project: Path, run: Callable[..., Result]
) -> None:
    (project / "nested").mkdir()
    shutil.move(project / "policies", project / "nested" / "pols")
    assert run("build", "--policies", "nested/pols").exit_code == 0
    assert (project / "generated" / "manifest.json").is_file()
    assert not (project / "nested" / "generated").exists()


def test_15_route_refuses_a_malformed_language(project: Path, run: Callable[..., Result]) -> None:
    ask = ("route", "--programme", "northwind-support", "--tier", "business", "--severity", "p1")
    for tag in ("", "e n", "../x", "en_US", "x" * 20):
        result = run(*ask, "--language", tag)
        assert result.exit_code == 2 and "BCP 47" in result.stderr, (tag, result.stderr)
    assert run(*ask, "--language", "zh-TW").exit_code == 0


def test_15_bcp_47_keeps_its_case() -> None:
    assert _what({"description": "BCP 47 language tag."}) == "BCP 47 language tag"
    assert _what({"description": "The time zone."}) == "time zone"


# -- the property -----------------------------------------------------------------------------

_SPOTS = [
    "generated/site/style.css",
    "generated/manifest.json",
    "generated/extra.txt",
    "generated/site",
    ".generated.lock",
    ".policyc_cache",
    ".policyc_cache/generated.json",
    ".policyc_cache/.gitignore",
    "policies/linked.yaml",
    "policies/linked-dir",
    "policies/sla.yaml",
]
_KINDS_PLANTED = [
    "file",
    "link-to-file",
    "link-to-dir",
    "dangling",
    "fifo",
    "dev-zero",
    "no-access",
]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    built=st.booleans(),
    plants=st.lists(
        st.tuples(st.sampled_from(_SPOTS), st.sampled_from(_KINDS_PLANTED)),
        min_size=1,
        max_size=4,
        unique_by=lambda p: p[0],
    ),
    force=st.booleans(),
    check=st.booleans(),
)
def test_random_layouts_never_lose_others_files_nor_hang(
    tmp_path_factory: pytest.TempPathFactory,
    built: bool,
    plants: list[tuple[str, str]],
    force: bool,
    check: bool,
) -> None:
    """Links, FIFOs, unreadable files and user files planted under --out, beside it and in
    the policy directory: a build (or check) ends within its bound, and every file it did
    not write — outside --out, or inside it where the manifest does not list it — is still
    there with its bytes (unless --force-clean deletes the latter)."""
    root = tmp_path_factory.mktemp("layout")
    shutil.copytree(VENDOR, root / "policies")
    outside = root.parent / f"{root.name}-outside"
    outside.mkdir()
    (outside / "victim.txt").write_text("IMPORTANT USER DATA\n", encoding="utf-8")
    (outside / "dir").mkdir()
    (outside / "dir" / "keep.txt").write_text("keep\n", encoding="utf-8")
    if built:
        assert not [
            d
            for d in pipeline.build(root / "policies", root / "generated").diagnostics
            if d.severity.value == "error"
        ]
    owned = set()
    manifest = root / "generated" / "manifest.json"
    if manifest.is_file():
        owned = {f"generated/{p}" for p in json.loads(manifest.read_text("utf-8"))["artifacts"]}
        owned.add("generated/manifest.json")
    mine: dict[str, bytes] = {}
    for spot, kind in plants:
        path = root / spot
        mine = {k: v for k, v in mine.items() if not k.startswith(f"{spot}/")}  # replaced
        if os.path.lexists(path) and path.parent.is_dir():
            shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):  # an earlier plant took the parent
            continue
        ours = spot in owned or spot == ".policyc_cache/generated.json"  # policyc's paths
        forced = force and spot.startswith("generated/")  # --force-clean may delete it
        if kind in ("file", "no-access") and not ours and not forced:
            mine[spot] = b"user file\n"
        if kind == "file":
            path.write_bytes(b"user file\n")
        elif kind == "link-to-file":
            path.symlink_to(outside / "victim.txt")
        elif kind == "link-to-dir":
            path.symlink_to(outside / "dir")
        elif kind == "dangling":
            path.symlink_to(outside / "nowhere")
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "dev-zero":
            path.symlink_to("/dev/zero")
        else:
            path.write_bytes(b"user file\n")
            path.chmod(0)
    with deadline(60):
        pipeline.build(root / "policies", root / "generated", check=check, force_clean=force)
    assert (outside / "victim.txt").read_text("utf-8") == "IMPORTANT USER DATA\n"
    assert (outside / "dir" / "keep.txt").read_text("utf-8") == "keep\n"
    assert sorted(p.name for p in outside.iterdir()) == ["dir", "victim.txt"]
    for spot, data in mine.items():
        assert (root / spot).read_bytes() == data, spot
    assert (root / "policies" / "programme.yaml").is_file()
