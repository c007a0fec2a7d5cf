"""`policyc explain` and the code registry: every code used has an entry whose example triggers it.

Each registry example is one of three shapes, and this module proves each one:

* **file** — a whole policy file: validated on its own, it must report the code;
* **fragment** — `# <file>` headers followed by top-level keys: spliced into a copy of the
  vendor fixture (mappings merge, everything else replaces; a section that is a whole
  document, with `apiVersion`, is added to the file), it must report the code;
* **situation** — prose for something that is not a policy file (a full disk, a held lock):
  a dedicated test per code in `SITUATIONS` reproduces it.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result
from syrupy.assertion import SnapshotAssertion

from policyc import pipeline
from policyc.codes import CODES, exit_code_for
from policyc.diagnostics import Diagnostic, Severity, Span
from policyc.load import load_text

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "tests" / "cases" / "vendor" / "policies"
_SECTION = re.compile(r"^# ([\w./-]+\.yaml)\b")
_USED = re.compile(r'"(PC\d{3})"')
_USED_OUTPUT = re.compile(r"\b(PC\d{3})\b")
_MARKED_OUTPUT = re.compile(r"\b(error|warning)\[(PC\d{3})\]")
_READ_ONLY = ("validate", "route", "test", "diff", "explain")  # commands examples may run


def _situation(code: str) -> Callable[[Path], list[Diagnostic]]:
    def register(fn: Callable[[Path], list[Diagnostic]]) -> Callable[[Path], list[Diagnostic]]:
        SITUATIONS[code] = fn
        return fn

    return register


SITUATIONS: dict[str, Callable[[Path], list[Diagnostic]]] = {}
"""code → a function that reproduces the situation its example describes, in a tmp dir."""


def codes_used_in_source() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "src").rglob("*.py"):
        found.update(_USED.findall(path.read_text(encoding="utf-8")))
    return found


def shape(example: str) -> str:
    if example.startswith("apiVersion:") or example.startswith(("kind:", "- ")):
        return "file"
    if _SECTION.match(example):
        return "fragment"
    words = example.split()
    if words[:1] == ["policyc"] and words[1] in _READ_ONLY and "..." not in example:
        return "command"
    return "situation"


# -- fragments ----------------------------------------------------------------------------


def _sections(example: str) -> list[tuple[str, str]]:
    """Split an example into (host file, YAML text) sections at its `# <file>` headers."""
    sections: list[tuple[str, list[str]]] = []
    for line in example.splitlines():
        head = _SECTION.match(line)
        if head:
            sections.append((head.group(1), []))
        else:
            sections[-1][1].append(line)
    return [(name, "\n".join(lines) + "\n") for name, lines in sections]


def _merge(host: dict[str, Any], patch: dict[str, Any]) -> None:
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(host.get(key), dict):
            _merge(host[key], value)
        else:
            host[key] = value


def splice(example: str, tree: Path) -> None:
    """Apply a fragment example to the policy tree: each section merges into its file."""
    for name, text in _sections(example):
        docs, diags = load_text(text, name)
        assert not diags and len(docs) == 1, f"fragment for {name} is not one YAML mapping"
        patch = docs[0].value
        path = tree / name
        hosts, found = load_text(path.read_text(encoding="utf-8"), name)
        assert not found
        values = [d.value for d in hosts]
        if "apiVersion" in patch:  # a whole document: added to the file
            values.append(patch)
        else:
            first = next(iter(patch))
            target = next((v for v in values if first in v), values[0])
            _merge(target, patch)
        path.write_text(
            yaml.safe_dump_all(values, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )


def _codes(diags: list[Diagnostic]) -> set[str]:
    return {d.code for d in diags}


def _run(code: str, policies: Path, tmp_path: Path) -> list[Diagnostic]:
    """Validate, or for emit/write codes (PC4xx) build, the policies."""
    if code.startswith("PC4"):
        return pipeline.build(policies, tmp_path / "generated").diagnostics
    return pipeline.validate([policies]).diagnostics


def _policy_test(example: str, tmp_path: Path) -> list[Diagnostic]:
    """Run a PolicyTest example against the vendor fixture."""
    from policyc import policytest

    tree = tmp_path / "policies"
    shutil.copytree(VENDOR, tree)
    (tree / "tests").mkdir()
    (tree / "tests" / "example.yaml").write_text(example, encoding="utf-8")
    result = pipeline.validate([tree])
    assert result.policies is not None, [d.message for d in result.diagnostics]
    return result.diagnostics + policytest.run(result.policies, result.documents).diagnostics


def _command(example: str) -> list[Diagnostic]:
    """Run a `policyc ...` example in-process from the project root; JSON diagnostics."""
    from click.testing import CliRunner

    from policyc.cli import main

    args = shlex.split(example.split("#")[0])[1:]
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        done = CliRunner().invoke(main, args, catch_exceptions=False)
    finally:
        os.chdir(cwd)
    marked = dict((c, Severity(s)) for s, c in _MARKED_OUTPUT.findall(done.output))
    return [
        Diagnostic(code, done.output, Span("<command>"), marked.get(code, Severity.ERROR))
        for code in sorted(set(_USED_OUTPUT.findall(done.output)))
    ]


def triggered(code: str, tmp_path: Path) -> list[Diagnostic]:
    """Run the registry example of `code` and return the diagnostics it produced."""
    example = CODES[code].example
    kind = shape(example)
    if kind == "file" and "\nkind: PolicyTest\n" in example:
        return _policy_test(example, tmp_path)
    if kind == "command":
        return _command(example)
    if kind == "file":
        tree = tmp_path / "policies"
        tree.mkdir()
        (tree / "example.yaml").write_text(example, encoding="utf-8")
        return _run(code, tree, tmp_path)
    if kind == "fragment":
        tree = tmp_path / "policies"
        shutil.copytree(VENDOR, tree)
        splice(example, tree)
        return _run(code, tree, tmp_path)
    reproduce = SITUATIONS.get(code)
    assert reproduce is not None, f"{code}: its example is a situation; add a test to SITUATIONS"
    return reproduce(tmp_path)


# -- situations (one per code whose example is not a policy file) ---------------------------


@_situation("PC101")
def _latin1(tmp: Path) -> list[Diagnostic]:
    path = tmp / "latin1.yaml"
    path.write_bytes(b"apiVersion: policyc/v1\nkind: Calendar\nid: caf\xe9\n")
    return pipeline.validate([path]).diagnostics


@_situation("PC107")
def _alias_bomb(tmp: Path) -> list[Diagnostic]:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 7):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    path = tmp / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return pipeline.validate([path]).diagnostics


@_situation("PC108")
def _deep(tmp: Path) -> list[Diagnostic]:
    path = tmp / "deep.yaml"
    path.write_text(CODES["PC108"].example + "\n", encoding="utf-8")
    return pipeline.validate([path]).diagnostics


def test_depth_bound_fires_before_the_parser_s_own() -> None:
    """10,000 levels (past libyaml's and the pure parser's limits) still give PC108."""
    from policyc.load import load_text

    _docs, diags = load_text("[" * 10_000 + "]" * 10_000 + "\n", "deep.yaml")
    assert [d.code for d in diags] == ["PC108"]


@_situation("PC109")
def _large(tmp: Path) -> list[Diagnostic]:
    path = tmp / "large.yaml"
    with path.open("wb") as f:
        f.write(b"a: '")
        f.seek(50 * 1024 * 1024)
        f.write(b"'\n")
    return pipeline.validate([path]).diagnostics


@_situation("PC112")
def _empty(tmp: Path) -> list[Diagnostic]:
    path = tmp / "empty.yaml"
    path.write_text("", encoding="utf-8")
    return pipeline.validate([path]).diagnostics


@_situation("PC113")
def _missing(tmp: Path) -> list[Diagnostic]:
    return pipeline.validate([tmp / "policies" / "missing.yaml"]).diagnostics


@_situation("PC343")
def _bad_po_entry(tmp: Path) -> list[Diagnostic]:
    from policyc.i18n import catalogs, po

    found, _ = catalogs.read(VENDOR)
    (tmp / "fr.po").write_text(
        'msgid ""\nmsgstr ""\n"Project-Id-Version: northwind-support policyc\\n"\n'
        '"Language: fr\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgctxt "eligibility.contract"\nmsgid "At least {seats} users."\n'
        'msgstr "Au moins {places} utilisateurs."\n',
        encoding="utf-8",
    )
    return po.read_import(tmp / "fr.po", "fr.po", found)[1]


@_situation("PC401")
def _outside(tmp: Path) -> list[Diagnostic]:
    from policyc.emit.base import Artifact
    from policyc.output import write

    return write.write_tree(tmp / "out", [Artifact("../x", b"")]).diagnostics


@_situation("PC402")
def _locked(tmp: Path) -> list[Diagnostic]:
    from policyc.emit.base import Artifact
    from policyc.output import write
    from policyc.output.lock import OutputLock

    lock = OutputLock.acquire(tmp / "out")  # another build holds it
    assert isinstance(lock, OutputLock)
    with lock:
        return write.write_tree(tmp / "out", [Artifact("a.txt", b"a")]).diagnostics


@_situation("PC403")
def _unwritable(tmp: Path) -> list[Diagnostic]:
    from policyc.emit.base import Artifact
    from policyc.output import write

    # a file where the output's parent directory must go fails like a full disk would
    (tmp / "file").write_text("", encoding="utf-8")
    return write.write_tree(tmp / "file" / "out", [Artifact("a", b"1")]).diagnostics


@_situation("PC404")
def _drift(tmp: Path) -> list[Diagnostic]:
    from policyc.emit.base import Artifact
    from policyc.output import check, write

    artifacts = [Artifact("a.txt", b"fresh\n")]
    assert not write.write_tree(tmp / "out", artifacts).diagnostics
    (tmp / "out" / "a.txt").write_text("edited by hand\n", encoding="utf-8")
    return check.check_tree(tmp / "out", artifacts)


@_situation("PC407")
def _other_toolchain(tmp: Path) -> list[Diagnostic]:
    from policyc.emit.base import Artifact
    from policyc.output import check, manifest, write

    artifacts = [Artifact("a.txt", b"fresh\n")]
    listing = manifest.manifest(artifacts, "0" * 64)
    assert not write.write_tree(tmp / "out", [*artifacts, listing]).diagnostics
    manifest = json.loads((tmp / "out" / "manifest.json").read_text(encoding="utf-8"))
    manifest["toolchain"]["babel"] = "2.17.0"  # written by an older Babel
    (tmp / "out" / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return check.check_tree(tmp / "out", [*artifacts, listing])


@_situation("PC405")
def _stale_lock(tmp: Path) -> list[Diagnostic]:
    from policyc.emit.base import Artifact
    from policyc.output import write

    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    (tmp / ".out.lock").write_text(dead.stdout, encoding="utf-8")  # its build was killed
    return write.write_tree(tmp / "out", [Artifact("a.txt", b"a")]).diagnostics


@_situation("PC406")
def _not_an_output(tmp: Path) -> list[Diagnostic]:
    from policyc.emit.base import Artifact
    from policyc.output import write

    (tmp / "src").mkdir()
    (tmp / "src" / "main.py").write_text("print('mine')\n", encoding="utf-8")
    return write.write_tree(tmp / "src", [Artifact("a.txt", b"a")]).diagnostics


@_situation("PC408")
def _linked_lock(tmp: Path) -> list[Diagnostic]:
    from policyc.emit.base import Artifact
    from policyc.output import write

    (tmp / "data.txt").write_text("IMPORTANT USER DATA\n", encoding="utf-8")
    (tmp / ".out.lock").symlink_to(tmp / "data.txt")
    found = write.write_tree(tmp / "out", [Artifact("a.txt", b"a")]).diagnostics
    assert (tmp / "data.txt").read_text(encoding="utf-8") == "IMPORTANT USER DATA\n"
    return found


@_situation("PC409")
def _not_owned(tmp: Path) -> list[Diagnostic]:
    from policyc.emit.base import Artifact
    from policyc.output import manifest, write

    artifacts = [Artifact("a.txt", b"a"), manifest.manifest([Artifact("a.txt", b"a")], "0" * 64)]
    assert not write.write_tree(tmp / "out", artifacts).diagnostics
    (tmp / "out" / "notes.txt").write_text("mine\n", encoding="utf-8")
    found = write.write_tree(tmp / "out", artifacts).diagnostics
    assert (tmp / "out" / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    return found


@_situation("PC410")
def _overlap(tmp: Path) -> list[Diagnostic]:
    shutil.copytree(VENDOR, tmp / "generated" / "policies")
    found = pipeline.build(tmp / "generated" / "policies", tmp / "generated").diagnostics
    assert (tmp / "generated" / "policies" / "programme.yaml").is_file()
    return found


@_situation("PC415")
def _port_in_use(tmp: Path) -> list[Diagnostic]:
    import socket

    from policyc.live.server import listen

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        found = listen(tmp, taken.getsockname()[1])
    assert isinstance(found, Diagnostic)
    return [found]


@_situation("PC416")
def _unwatchable(tmp: Path) -> list[Diagnostic]:
    from policyc.live.watch import watch

    (tmp / "policies").mkdir()
    (tmp / "policies").rmdir()  # deleted before the watcher starts
    found = watch([tmp / "policies"], lambda _changed: None)
    return [found] if found else []


@_situation("PC411")
def _corrupt_cache(tmp: Path) -> list[Diagnostic]:
    from policyc.incremental import Cache

    assert pipeline.validate([VENDOR], cache=Cache(tmp / "cache")).ok
    for path in (tmp / "cache").glob("files-*.cache"):
        path.write_bytes(path.read_bytes()[:100])  # cut short
    return pipeline.validate([VENDOR], cache=Cache(tmp / "cache")).diagnostics


@_situation("PC412")
def _foreign_cache(tmp: Path) -> list[Diagnostic]:
    from policyc import cache as store
    from policyc.incremental import Cache

    assert pipeline.validate([VENDOR], cache=Cache(tmp / "cache")).ok
    for path in (tmp / "cache").glob("files-*.cache"):
        value, _ = store.read(path, Cache(tmp / "cache").stamp())
        store.write(path, "another-toolchain", value)
    return pipeline.validate([VENDOR], cache=Cache(tmp / "cache")).diagnostics


@_situation("PC413")
def _cache_link(tmp: Path) -> list[Diagnostic]:
    from policyc.incremental import Cache

    (tmp / "elsewhere").mkdir()
    (tmp / ".policyc_cache").symlink_to(tmp / "elsewhere")
    found = pipeline.validate([VENDOR], cache=Cache(tmp / ".policyc_cache")).diagnostics
    assert list((tmp / "elsewhere").iterdir()) == []
    return found


# -- policyc push (PC6xx): the library call the command makes, against local fakes --------


def _pushed(
    system: str,
    programme: str,
    base_url: str | None,
    token: bool = True,
    prepare: Callable[[Any], None] | None = None,
    users: tuple[str, ...] = (),
) -> list[Diagnostic]:
    from fakevendors import AGENT, TOKEN, serve

    from policyc.push.errors import PushError
    from policyc.push.run import Options, push

    result = pipeline.validate([ROOT / "policies"])
    assert result.policies is not None
    env = {"ZENDESK_EMAIL": AGENT}
    if token:
        env["ZENDESK_API_TOKEN"] = env["PAGERDUTY_API_TOKEN"] = TOKEN
    with serve(system, list(users)) as server:
        if prepare is not None:
            prepare(server.state)
        try:
            push(
                system,
                result.policies,
                [programme],
                Options(base_url=base_url or server.url),
                env,
                sleep=lambda _s: None,
            )
        except PushError as exc:
            return [Diagnostic(exc.code, exc.message, Span(f"<{system}>"))]
    return []


@_situation("PC601")
def _no_token(tmp: Path) -> list[Diagnostic]:
    return _pushed("zendesk", "zoho-partner-support", None, token=False)


@_situation("PC602")
def _unreachable(tmp: Path) -> list[Diagnostic]:
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return _pushed("pagerduty", "zoho-partner-support", f"http://127.0.0.1:{port}")


def _fault(status: int, times: int = 1, body: Any = None) -> Callable[[Any], None]:
    from fakevendors import Fault

    def prepare(state: Any) -> None:
        for _ in range(times):
            state.faults.append(
                Fault("GET", "/api/v2/business_hours/schedules", status, body or {"error": "x"})
            )

    return prepare


@_situation("PC603")
def _rejected(tmp: Path) -> list[Diagnostic]:
    return _pushed("zendesk", "zoho-partner-support", None, prepare=_fault(422))


@_situation("PC604")
def _unavailable(tmp: Path) -> list[Diagnostic]:
    return _pushed("zendesk", "zoho-partner-support", None, prepare=_fault(503, 5))


@_situation("PC605")
def _no_mapping(tmp: Path) -> list[Diagnostic]:
    return _pushed("pagerduty", "dropbox-premium-support", None)


@_situation("PC606")
def _no_user(tmp: Path) -> list[Diagnostic]:
    return _pushed("pagerduty", "zoho-partner-support", None, users=("someone@example.com",))


@_situation("PC607")
def _bad_base_url(tmp: Path) -> list[Diagnostic]:
    return _pushed("zendesk", "zoho-partner-support", "ftp://example.com")


@_situation("PC608")
def _not_the_api(tmp: Path) -> list[Diagnostic]:
    return _pushed("zendesk", "zoho-partner-support", None, prepare=_fault(200, 1, "<html>"))


@_situation("PC901")
def _internal(tmp: Path) -> list[Diagnostic]:
    script = (
        "import sys\n"
        "from policyc import pipeline\n"
        "from policyc.cli import main\n"
        "def boom(*a, **k): raise RuntimeError('boom')\n"
        "pipeline.validate = boom\n"
        "main(['validate', '--format', 'json', '--policies', sys.argv[1]])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(VENDOR)], capture_output=True, text=True, check=False
    )
    return [Diagnostic(d["code"], d["message"], Span(d["file"])) for d in json.loads(done.stdout)]


@_situation("PC581")
def _exists(tmp: Path) -> list[Diagnostic]:
    """The example's command, on a copy of the fixture it names (it must write nothing)."""
    tree = tmp / "vendor"
    shutil.copytree(VENDOR, tree)
    example = CODES["PC581"].example.split("#")[0].replace("tests/cases/vendor/policies", str(tree))
    done = subprocess.run(
        [sys.executable, "-m", "policyc", *shlex.split(example)[1:]],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.returncode == CODES["PC581"].exit_status, done.stderr
    assert sorted(p.relative_to(tree) for p in tree.rglob("*")) == sorted(
        p.relative_to(VENDOR) for p in VENDOR.rglob("*")
    )
    return [
        Diagnostic(c, done.stderr, Span("<command>"), Severity(s))
        for s, c in _MARKED_OUTPUT.findall(done.stderr)
    ]


# -- the registry -------------------------------------------------------------------------


def test_every_code_used_in_source_has_an_entry() -> None:
    missing = sorted(codes_used_in_source() - set(CODES))
    assert not missing, f"codes used in src/ without a CODES entry: {missing}"


def test_every_entry_is_complete() -> None:
    for code, entry in CODES.items():
        assert re.fullmatch(r"PC\d{3}", code) and entry.code == code
        assert entry.title and entry.explanation and entry.example and entry.fix, code
        assert entry.exit_code in (1, 2), code


def test_table_of_situations_is_exact() -> None:
    """Codes with a situation example are exactly those with a reproducing test."""
    situations = {c for c, e in CODES.items() if shape(e.example) == "situation"}
    assert situations - set(SITUATIONS) == set(), "add a test to SITUATIONS"
    assert set(SITUATIONS) - situations == set(), "that example is now a file or fragment"


@pytest.mark.parametrize("code", sorted(CODES))
def test_example_triggers_its_code(code: str, tmp_path: Path) -> None:
    diags = triggered(code, tmp_path)
    assert code in _codes(diags), f"{code} example gave {sorted(_codes(diags))}:\n" + "\n".join(
        f"{d.code} {d.message}" for d in diags[:8]
    )


@pytest.mark.parametrize("code", sorted(CODES))
def test_example_gives_the_stated_severity_and_exit_code(code: str, tmp_path: Path) -> None:
    """What `policyc explain` states (warning, exit 0 / 1 / 2) is what the example gives."""
    entry = CODES[code]
    mine = [d for d in triggered(code, tmp_path) if d.code == code]
    assert {d.severity.value for d in mine} == {entry.severity}, code
    errors = [exit_code_for(d.code) for d in mine if d.severity is Severity.ERROR]
    assert max(errors, default=0) == entry.exit_status, code


def test_explain_states_warnings_exit_0(run: Callable[..., Result]) -> None:
    shown = run("explain", "PC556").stdout.splitlines()[1]
    assert (
        shown
        == "stage: routing, policy tests and diff; warning; exit 0 (unless other findings are errors)"
    )
    assert json.loads(run("explain", "PC556", "--format", "json").stdout)[0]["exit_code"] == 0


# -- the command --------------------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(CODES))
def test_explain_every_code(code: str, run: Callable[..., Result]) -> None:
    result = run("explain", code.lower())
    assert result.exit_code == 0
    entry = CODES[code]
    assert result.stdout.startswith(f"{code}: {entry.title}\n")
    assert "Example that triggers it:" in result.stdout and "Fix:" in result.stdout
    assert entry.example.splitlines()[0] in result.stdout


def test_explain_snapshot(run: Callable[..., Result], snapshot: SnapshotAssertion) -> None:
    assert run("explain", "PC309").stdout == snapshot
    assert run("explain", "309", "--format", "json").stdout == snapshot


def test_unknown_code_suggests_and_is_a_usage_error(run: Callable[..., Result]) -> None:
    result = run("explain", "PC3099")
    assert result.exit_code == 2
    assert "unknown diagnostic code 'PC3099'" in result.stderr
    assert "did you mean" in result.stderr and "PC309" in result.stderr


def test_unknown_word_lists_codes(run: Callable[..., Result]) -> None:
    result = run("explain", "nonsense")
    assert result.exit_code == 2 and "policyc explain" in result.stderr


def test_index_lists_every_code(run: Callable[..., Result]) -> None:
    result = run("explain")
    assert result.exit_code == 0
    for code, entry in CODES.items():
        assert f"  {code}  {entry.title}" in result.stdout


def test_explain_imports_only_the_registry() -> None:
    """`policyc explain` starts fast: no YAML, schema, model or template libraries."""
    script = (
        "import sys\n"
        "from policyc.cli import main\n"
        "try:\n"
        "    main(['explain', 'PC309'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = {'jinja2', 'pydantic', 'jsonschema', 'babel', 'yaml'} & set(sys.modules)\n"
        "print(sorted(heavy))\n"
    )
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"
