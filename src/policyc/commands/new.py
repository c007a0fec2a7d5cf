"""`policyc new KIND NAME`: write a commented, valid skeleton of a policy file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from policyc.cli import guarded, policies_option, report, resolve_policies

KINDS = ("programme", "calendar", "sla-policy", "catalog", "article", "policy-test")
_FOLDER = {
    "calendar": "calendars",
    "sla-policy": "sla",
    "catalog": "catalogs",
    "article": "articles",
}


def _schemas(root: Path) -> Path:
    """The schemas/ of the project owning the policies, else the ones policyc ships."""
    from policyc.paths import project_root, schemas_dir

    for candidate in (root.resolve().parent / "schemas", project_root() / "schemas"):
        if (candidate / "programme.schema.json").is_file():
            return candidate
    return schemas_dir()


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
    article or policy-test. Existing files are never overwritten.
    """
    from policyc import pipeline, scaffold
    from policyc.diagnostics import Severity, did_you_mean

    root = resolve_policies(policies)
    schemas = _schemas(root)
    if kind == "catalog":
        from policyc.model.checks import plural_categories

        if plural_categories(name) is None:
            raise click.BadParameter(f"'{name}' is not a locale CLDR knows", param_hint="NAME")
    elif not scaffold.SLUG.fullmatch(name):
        raise click.BadParameter(
            f"'{name}' is not an id: lower-case letters, digits and single hyphens",
            param_hint="NAME",
        )
    if kind == "programme":
        target = directory or root / name
        if root.is_dir():
            result = pipeline.validate([root])
            if result.policies is not None and name in result.policies.programmes:
                raise click.BadParameter(f"programme '{name}' exists", param_hint="NAME")
        skeleton = scaffold.programme(name, target, schemas, pipeline.display_name(target.parent))
    else:
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
            click.echo("fix these first: the new file must join valid policies", err=True)
            sys.exit(report(blocking or result.diagnostics, "text"))
        known = sorted(result.policies.programmes)
        if programme not in result.policies.programmes:
            hint = did_you_mean(programme or "", known) or "programmes: " + ", ".join(known)
            raise click.BadParameter(
                f"{'unknown programme ' + repr(programme) if programme else 'required'}; {hint}",
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
            folder = directory or home / _FOLDER[kind]
        path = folder / f"{name}.yaml"
        taken = {
            "calendar": set(policies_ir.calendars),
            "sla-policy": {p.id for p in prog.sla_policies},
            "article": {a.id for a in prog.articles},
            "catalog": set(prog.catalogs),
        }.get(kind, set())
        if name in taken:
            raise click.BadParameter(f"{kind} '{name}' exists in {programme}", param_hint="NAME")
        if kind == "calendar":
            skeleton = scaffold.calendar(name, prog, path, schemas)
        elif kind == "sla-policy":
            skeleton = scaffold.sla_policy(name, prog, path, schemas)
        elif kind == "catalog":
            skeleton = scaffold.catalog(name, prog, path, schemas)
        elif kind == "article":
            skeleton = scaffold.article(name, prog, path, schemas)
        else:
            skeleton = scaffold.policy_test(name, policies_ir, prog, path, schemas)
    problems = scaffold.write(skeleton)
    if problems:
        sys.exit(report(problems, "text"))
    for path, _text in skeleton.files:
        click.echo(f"wrote {pipeline.display_name(path)}", err=True)
    for step in skeleton.next_steps:
        click.echo(f"next: {step}", err=True)
