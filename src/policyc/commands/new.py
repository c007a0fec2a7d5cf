"""`policyc new KIND NAME`: write a commented, valid skeleton of a policy file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from policyc.commands.common import echo, guarded, policies_option, report, resolve_policies
from policyc.diagnostics import Diagnostic, Severity, Span, did_you_mean
from policyc.locales import plural_categories
from policyc.paths import project_root, schemas_dir
from policyc.report.text import visible
from policyc.scaffold import CALENDAR_SUFFIX, KINDS, MAX_ID, SLUG

if TYPE_CHECKING:
    from collections.abc import Sequence

    from policyc.load.document import Document
    from policyc.pipeline import Result

_FOLDER = {
    "calendar": "calendars",
    "sla-policy": "sla",
    "catalog": "catalogs",
    "article": "articles",
}


def _schemas(root: Path) -> Path:
    """The schemas/ of the project owning the policies, else the ones policyc ships."""
    for candidate in (root.resolve().parent / "schemas", project_root() / "schemas"):
        if (candidate / "programme.schema.json").is_file():
            return candidate
    return schemas_dir()


def _id_problem(name: str, kind: str) -> str | None:
    """Why `name` cannot be the id of a new document of `kind` (as the schemas and PC327
    say; a programme's skeleton also defines the calendar `<name>-hours`)."""
    from policyc.model.names import RESERVED  # start-up

    longest = MAX_ID - (len(CALENDAR_SUFFIX) if kind == "programme" else 0)
    if not SLUG.fullmatch(name):
        return "is not an id: lower-case letters, digits and single hyphens"
    if len(name) > longest:
        return f"is longer than {longest} characters"
    if name in RESERVED:
        return "is a device name Windows reserves (PC327): choose another id"
    return None


_KIND = {
    "programme": "Programme",
    "calendar": "Calendar",
    "sla-policy": "SlaPolicy",
    "catalog": "Catalog",
    "article": "Article",
    "export": "Export",
}


def _exists(
    kind: str, name: str, documents: Sequence[Document], scope: str, root: Path
) -> NoReturn:
    """PC581 located at the definition that already uses NAME (exit 2)."""
    found = next(
        (
            d
            for d in documents
            if d.kind == _KIND[kind]
            and isinstance(d.value, dict)
            and name in (d.value.get("id"), d.value.get("locale"), d.value.get("system"))
            and (kind != "export" or d.value.get("programme") == scope.removeprefix(" in "))
        ),
        None,
    )
    field = {"catalog": "locale", "export": "system"}.get(kind, "id")
    if found is not None:
        span = found.span((field,))
    else:
        from policyc.pipeline import display_name  # start-up

        span = Span(display_name(root))
    problem = Diagnostic(
        "PC581",
        f"{kind} '{name}' exists{scope}; policyc new never overwrites",
        span,
        hint="choose another NAME, or edit the existing definition",
    )
    sys.exit(report([problem], "text"))


def _check_name(kind: str, name: str) -> None:
    """A usage error (exit 2) unless NAME is a locale CLDR knows (catalog) or a usable id."""
    if kind == "catalog":
        if plural_categories(name) is None:
            raise click.BadParameter(
                visible(f"'{name}' is not a locale CLDR knows"), param_hint="NAME"
            )
    elif kind == "export":
        from policyc.scaffold import SYSTEMS  # start-up

        if name not in SYSTEMS:
            raise click.BadParameter(
                visible(f"'{name}' is not a system: " + " or ".join(SYSTEMS)), param_hint="NAME"
            )
    else:
        problem = _id_problem(name, kind)
        if problem is not None:
            raise click.BadParameter(visible(f"'{name}' {problem}"), param_hint="NAME")


def _valid_policies(root: Path, kind: str, name: str) -> Result:
    """The policies a new file joins; exits (with their diagnostics) unless they are valid."""
    from policyc import pipeline  # start-up

    if not root.is_dir():
        sys.exit(report([pipeline.missing_directory(root)], "text"))
    result = pipeline.validate([root])
    blocking = [
        d
        for d in result.diagnostics
        if d.severity is Severity.ERROR
        # the locale a new catalog is for may already be declared: that is why it is added
        and not (kind == "catalog" and d.code == "PC305" and f"'{name}' catalog" in d.message)
    ]
    if blocking or result.policies is None:
        echo("fix these first: the new file must join valid policies", err=True)
        sys.exit(report(blocking or result.diagnostics, "text"))
    return result


@click.command()
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("name")
@click.option("--programme", help="Programme the new file belongs to (all kinds but programme).")
@click.option(
    "--dir",
    "directory",
    type=click.Path(path_type=Path, file_okay=False),
    help="Directory to write into [default: by kind, inside the programme's directory].",
)
@policies_option
@guarded
def new(
    kind: str, name: str, programme: str | None, directory: Path | None, policies: Path | None
) -> None:
    """Write a skeleton of KIND named NAME that validates as written.

    KIND is programme, calendar, sla-policy, catalog (NAME is the locale, e.g. fr),
    article, policy-test or export (NAME is the system: zendesk or pagerduty). Existing
    files are never overwritten.
    """
    from policyc import pipeline, scaffold  # start-up

    root = resolve_policies(policies)
    schemas = _schemas(root)
    _check_name(kind, name)
    if kind == "programme":
        target = directory or root / name
        if root.is_dir():
            result = pipeline.validate([root])
            if result.policies is not None and name in result.policies.programmes:
                _exists(kind, name, result.documents, "", root)
        skeleton = scaffold.programme(name, target, schemas, pipeline.display_name(target.parent))
    else:
        result = _valid_policies(root, kind, name)
        assert result.policies is not None
        known = sorted(result.policies.programmes)
        if programme not in result.policies.programmes:
            hint = did_you_mean(programme or "", known) or "programmes: " + ", ".join(known)
            raise click.BadParameter(
                visible(
                    f"{'unknown programme ' + repr(programme) if programme else 'required'}; {hint}"
                ),
                param_hint="--programme",
            )
        policies_ir = result.policies
        prog = policies_ir.programmes[programme]
        home = next(
            Path(d.file).parent
            for d in result.documents
            if d.kind == "Programme" and d.value.get("id") == programme
        )
        if kind == "policy-test":
            folder = directory or root / "tests"
        else:
            folder = directory or home / _FOLDER.get(kind, "")
        path = folder / (f"export-{name}.yaml" if kind == "export" else f"{name}.yaml")
        taken = {
            "calendar": set(policies_ir.calendars),
            "sla-policy": {p.id for p in prog.sla_policies},
            "article": {a.id for a in prog.articles},
            "catalog": set(prog.catalogs),
            "export": {str(e.system) for e in prog.exports},
        }.get(kind, set())
        if name in taken:
            _exists(kind, name, result.documents, f" in {programme}", root)
        if kind == "calendar":
            skeleton = scaffold.calendar(name, prog, path, schemas)
        elif kind == "sla-policy":
            skeleton = scaffold.sla_policy(name, prog, path, schemas)
        elif kind == "catalog":
            skeleton = scaffold.catalog(name, prog, path, schemas)
        elif kind == "article":
            skeleton = scaffold.article(name, prog, path, schemas)
        elif kind == "export":
            skeleton = scaffold.export(name, prog, path, schemas)
        else:
            skeleton = scaffold.policy_test(name, policies_ir, prog, path, schemas)
    problems = scaffold.write(skeleton)
    if problems:
        sys.exit(report(problems, "text"))
    for path, _text in skeleton.files:
        echo(f"wrote {pipeline.display_name(path)}", err=True)
    for step in skeleton.next_steps:
        echo(f"next: {step}", err=True)
