"""Command line: the click group and the `policyc` entry point; each command is a module of
`policyc.commands` named after it, imported only when that command runs (start-up speed:
`policyc --help` and `policyc explain` import none of the others).

Exit codes: 0 ok (warnings allowed), 1 policy errors, 2 usage or environment errors.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

import click

from policyc import gcpause

COMMANDS: dict[str, tuple[str, str]] = {
    # name: (module:attribute, the first paragraph of its help, as `policyc --help` lists
    # it; tests/test_cli.py checks it is the command's own)
    "build": (
        "policyc.commands.build:build",
        "Build every artifact into --out (atomically), or check it is current.",
    ),
    "diff": ("policyc.commands.diff:diff", "Compare two policy sets by meaning, not text."),
    "explain": (
        "policyc.commands.explain:explain",
        "Explain a diagnostic CODE: meaning, a failing example, the fix.",
    ),
    "i18n": (
        "policyc.commands.i18n:i18n",
        "The translation workflow: status, PO export/import for translators' tools.",
    ),
    "new": (
        "policyc.commands.new:new",
        "Write a skeleton of KIND named NAME that validates as written.",
    ),
    "preview": (
        "policyc.commands.preview:preview",
        "Serve the built site on 127.0.0.1, rebuilding and reloading the page on save.",
    ),
    "push": (
        "policyc.commands.push:push",
        "Push the policies' export to Zendesk or PagerDuty: a dry run printing the plan "
        "(create / update / unchanged / delete) unless --apply.",
    ),
    "route": (
        "policyc.commands.route:route",
        "Resolve a ticket: region, SLA targets (and due times with --opened), large-account "
        "verdict and escalation chain.",
    ),
    "test": (
        "policyc.commands.test:policy_test",
        "Run policy tests: each case resolves a ticket and checks what the policies promise.",
    ),
    "validate": (
        "policyc.commands.validate:validate",
        "Check policy files: YAML, schemas and semantic rules.",
    ),
}


class LazyGroup(click.Group):
    """A group whose commands (`COMMANDS`) are imported when one is run or completed; its
    help lists them from the table without importing any."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, attribute = COMMANDS[cmd_name][0].split(":")
            command = getattr(importlib.import_module(module), attribute)
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        limit = formatter.width - 6 - max(map(len, COMMANDS))
        rows = [
            (name, click.Command(name, help=text).get_short_help_str(limit))
            for name, (_where, text) in COMMANDS.items()
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """`--version`, reading the version only when asked (see `policyc.__getattr__`)."""
    if value and not ctx.resilient_parsing:
        from policyc import __version__  # start-up: reads the package metadata

        click.echo(f"policyc, version {__version__}", color=ctx.color)
        ctx.exit()


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
    help="Show the version and exit.",
)
def main() -> None:
    """Compile support policies (YAML) into typed Python, help-center pages and routing tables."""
    for stream in (sys.stdout, sys.stderr):  # PYTHONIOENCODING=latin-1: `?`, not a crash
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "strict") == "strict":
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")


def run(args: Sequence[str] | None = None) -> NoReturn:
    """The `policyc` program: run one command, then exit without tearing the heap down.

    A build holds a large, long-lived heap (documents, the IR, every artifact), and letting
    the interpreter free it object by object at exit took seconds after the output was
    already complete (`benchmarks/README.md`). Once the command has returned
    and the standard streams are flushed there is nothing left to clean up (the output
    lock is released and temporary trees removed by the command itself), so the process
    ends at once, as mypy does; what the pipeline would drop on its way back (a build's
    documents, IR and artifacts) it hands to `gcpause.outlive`, kept until then. In-process
    callers (tests, `CliRunner`) use `main`.

    For the same reason the cyclic garbage collector is turned off for the whole run:
    re-enabled after the pipeline (`policyc.gcpause`), its first pass walked the whole
    heap (0.2 s of a 1.3 s `validate PATH` at 10,000 files) just before the exit. The
    commands that keep running (`build --watch`, `preview`) turn it on again
    (`live.watch`).
    """
    gc.disable()
    gcpause.ending_without_teardown()
    try:
        main(args)
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed pipe must not change the code
            stream.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    main()
