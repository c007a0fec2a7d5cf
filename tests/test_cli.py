"""The command line: exit codes, formats, colour, and never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from policyc import __version__

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "tests" / "cases" / "vendor" / "policies"


def test_version(run: Callable[..., Result]) -> None:
    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.stdout


def test_valid_tree_exits_zero(run: Callable[..., Result]) -> None:
    result = run("validate", "--policies", str(VENDOR))
    assert result.exit_code == 0, result.stderr
    assert "ok:" in result.stderr


def test_missing_directory_is_an_environment_error(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    result = run("validate", "--policies", str(tmp_path / "nope"))
    assert result.exit_code == 2
    assert "PC113" in result.stderr


def test_missing_file_argument(run: Callable[..., Result], tmp_path: Path) -> None:
    result = run("validate", "--policies", str(VENDOR), str(tmp_path / "missing.yaml"))
    assert result.exit_code == 2


def test_bad_option_is_usage_error(run: Callable[..., Result]) -> None:
    assert run("validate", "--format", "xml").exit_code == 2


def test_validate_paths_reports_only_those_files(
    run: Callable[..., Result], tmp_path: Path, write: Callable[[str, str], Path]
) -> None:
    bad = write("policies/bad.yaml", "apiVersion: policyc/v1\nkind: Nope\n")
    write("policies/other.yaml", "a: 1\na: 2\n")
    result = run("validate", "--policies", str(tmp_path / "policies"), str(bad))
    assert result.exit_code == 1
    assert "PC202" in result.stderr and "PC105" not in result.stderr


def test_internal_error_becomes_a_diagnostic(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    from policyc import pipeline

    def boom(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(pipeline, "validate_documents", boom)
    result = run("validate", "--policies", str(VENDOR))
    assert result.exit_code == 2
    assert "PC901" in result.stderr and "simulated bug" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_colour_only_on_a_tty(monkeypatch: pytest.MonkeyPatch) -> None:
    from policyc.diagnostics import Diagnostic, Span
    from policyc.report import render_text

    diag = Diagnostic("PC105", "duplicate key 'a'", Span("x.yaml", 1, 1))
    assert "\x1b[" in render_text([diag], True)
    assert "\x1b[" not in render_text([diag], False)

    from policyc.commands import common as cli

    class Tty:
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("NO_COLOR", "1")
    assert cli._colour(Tty()) is False
    monkeypatch.delenv("NO_COLOR")
    assert cli._colour(Tty()) is True


def test_python_dash_m_and_console_script(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("apiVersion: policyc/v1\nkind: Calendar\nid: x\nid: y\n")
    proc = subprocess.run(
        [sys.executable, "-m", "policyc", "validate", str(bad)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert proc.returncode == 1
    assert "bad.yaml:4:1: error[PC105]" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("argv", "code", "stdout", "stderr"),
    [
        (["--version"], 0, "policyc, version", ""),
        (["explain", "PC105"], 0, "PC105", ""),
        (["explain", "PC999"], 2, "", "unknown diagnostic code 'PC999'"),
        (["build", "--policies", "missing"], 2, "", "error[PC113]"),
        (["no-such-command"], 2, "", "No such command"),
    ],
)
def test_the_program_exits_with_the_command_code_and_flushed_output(
    tmp_path: Path, argv: list[str], code: int, stdout: str, stderr: str
) -> None:
    """`policyc` skips the interpreter's teardown (`cli.run`): codes and output stay whole."""
    proc = subprocess.run(
        [sys.executable, "-m", "policyc", *argv],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert proc.returncode == code
    assert stdout in proc.stdout and stderr in proc.stderr


def test_a_message_exit_prints_the_message_and_exits_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from policyc import cli

    def main(args: object) -> None:
        sys.exit("cannot go on")

    exits: list[int] = []
    monkeypatch.setattr(cli, "main", main)
    monkeypatch.setattr(cli.os, "_exit", lambda code: exits.append(code))
    cli.run([])
    assert exits == [1] and capsys.readouterr().err == "cannot go on\n"


BROKEN = [
    b"",
    b"\x00\x01\x02",
    b"\xff\xfe\x00\x00",
    b"[[[[[[[[",
    b"a: *unknown\n",
    b"&a [*a]\n",
    b"--- !!binary |\n  AAAA\n",
    b"apiVersion: policyc/v1\nkind: Programme\n",
    b"apiVersion: policyc/v1\nkind: Catalog\nlocale: xx\nprogramme: nope\nmessages: {a: {one: x}}\n",
    b"apiVersion: policyc/v1\nkind: SlaPolicy\nid: s\nprogramme: p\nname: n\ncalendar: c\n"
    b"targets: [{metric: m, within: {min: 3h, max: 1h}}]\n",
    b"apiVersion: policyc/v1\nkind: Escalation\nprogramme: p\nchains: [{region: r, levels: "
    b"[{level: 3, role: r}]}]\n",
    b"apiVersion: policyc/v1\nkind: Calendar\nid: c\nname: n\ntimezone: Mars/Olympus\n"
    b"hours: [{days: [mon], from: '10:00', to: '10:00'}]\n",
    b"apiVersion: policyc/v1\nkind: Article\nid: a\nprogramme: p\ntitle: t\nblocks: [{}, "
    b"{steps: [{notes: []}]}]\n",
    b"\t- tab\n",
    b"key: 'unterminated\n",
    b"? complex\n: key\n? [1]\n: 2\n",
]


@pytest.mark.parametrize("data", BROKEN, ids=range(len(BROKEN)))
def test_no_traceback_for_broken_files(
    data: bytes, tmp_path: Path, run: Callable[..., Result]
) -> None:
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "x.yaml").write_bytes(data)
    for fmt in ("text", "json", "github"):
        result = run("validate", "--policies", str(tmp_path / "policies"), "--format", fmt)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        assert "PC901" not in result.output


def test_paths_inside_the_policy_directory_are_read_once(run: Callable[..., Result]) -> None:
    result = run("validate", "--policies", str(VENDOR), str(VENDOR / "catalogs"))
    assert result.exit_code == 0, result.stderr
    assert "PC302" not in result.stderr


def test_display_names_are_relative_to_the_cwd_when_inside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policyc.pipeline import display_name, display_names

    (tmp_path / "work" / "sub").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "work" / "link.yaml").symlink_to(tmp_path / "elsewhere" / "real.yaml")
    monkeypatch.chdir(tmp_path / "work")
    paths = [
        Path("a.yaml"),
        Path("sub/b.yaml"),
        tmp_path / "work" / "sub" / "c.yaml",
        Path("../work/sub/d.yaml"),
        tmp_path / "elsewhere" / "e.yaml",
        Path("link.yaml"),  # a symlinked file keeps its own name
        Path("."),
        Path(".."),
    ]
    expected = [
        "a.yaml",
        "sub/b.yaml",
        "sub/c.yaml",
        "sub/d.yaml",
        (tmp_path / "elsewhere" / "e.yaml").as_posix(),
        "link.yaml",
        ".",
        "..",
    ]
    assert display_names(paths) == expected
    assert [display_name(p) for p in paths] == expected


# -- lazy commands (start-up speed) ----------------------------------------------------------


def test_the_command_table_states_each_command_s_own_help() -> None:
    """`policyc --help` lists commands from `cli.COMMANDS` without importing them: each
    entry must be the command's own first paragraph of help, and every command is there."""
    import importlib

    import click

    from policyc.cli import COMMANDS, main

    ctx = click.Context(main)
    for name, (where, text) in COMMANDS.items():
        module, attribute = where.split(":")
        command = getattr(importlib.import_module(module), attribute)
        assert main.get_command(ctx, name) is command
        first = (command.help or "").split("\n\n")[0]
        assert " ".join(first.split()) == text, name
    modules = {p.stem for p in (ROOT / "src" / "policyc" / "commands").glob("*.py")}
    assert modules - {"__init__", "common"} == set(COMMANDS)


@pytest.mark.parametrize("args", [["--help"], ["explain", "PC101"]])
def test_start_up_imports_no_other_command(args: list[str]) -> None:
    script = (
        "import sys\n"
        "from policyc.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        "import json\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('policyc.'))))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    loaded = json.loads(proc.stdout.strip().splitlines()[-1])
    others = [m for m in loaded if m.startswith("policyc.commands.") and "explain" not in m]
    assert others in ([], ["policyc.commands.common"])
    assert "policyc.pipeline" not in loaded
    if args == ["--help"]:  # explain takes its --format option from commands.common
        assert "policyc.commands.common" not in loaded
