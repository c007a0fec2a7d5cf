"""`policyc diff`: pairs of fixture trees, one per kind of change, both formats, --fail-on, git.

Each NEW (and, where needed, OLD) tree is a copy of the vendor fixture with small YAML
edits; every edit's old text must occur in the file, so a fixture change cannot silently
turn a case into a no-op.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from syrupy.assertion import SnapshotAssertion

from policyc import pipeline, scaffold, semdiff
from policyc.semdiff import Action, Direction, Section
from policyc.semdiff.compare import compare, hours_text
from policyc.semdiff.render import Namer, as_json, render_markdown

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "tests" / "cases" / "vendor" / "policies"

Edit = tuple[str, str, str]  # file, old text, new text


def tree(tmp: Path, name: str, edits: list[Edit] = ()) -> Path:  # type: ignore[assignment]
    target = tmp / name
    shutil.copytree(VENDOR, target)
    for file, old, new in edits:
        path = target / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{file}: {old!r} not found"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def changes(old: Path, new: Path) -> list[semdiff.Change]:
    a, b = pipeline.validate([old]), pipeline.validate([new])
    assert a.policies is not None and b.policies is not None, [
        d.message for d in a.diagnostics + b.diagnostics if d.severity.value == "error"
    ]
    return list(compare(a.policies, b.policies).changes)


def one(found: list[semdiff.Change], section: Section, action: Action) -> semdiff.Change:
    hits = [c for c in found if c.section is section and c.action is action]
    assert len(hits) == 1, [(c.section, c.action, c.subject, c.field) for c in found]
    return hits[0]


# -- one pair of trees per kind of change ---------------------------------------------------


def test_identical_trees_have_no_changes(tmp_path: Path) -> None:
    assert changes(VENDOR, tree(tmp_path, "new")) == []


def test_sla_target_tightened_and_loosened(tmp_path: Path) -> None:
    new = tree(
        tmp_path,
        "new",
        [
            ("sla.yaml", "tiers: [standard], within: 2h}", "tiers: [standard], within: 1h}"),
            ("sla.yaml", "severities: [p2], within: 4h}", "severities: [p2], within: 8h}"),
        ],
    )
    found = changes(VENDOR, new)
    tightened = [c for c in found if c.direction is Direction.TIGHTENED]
    loosened = [c for c in found if c.direction is Direction.LOOSENED]
    assert [c.subject for c in tightened] == [
        (
            ("policy", "standard-terms"),
            ("tier", "standard"),
            ("severity", "p1"),
            ("metric", "first-response"),
        )
    ]
    assert tightened[0].old == {"min": 120, "max": 120, "text": "2h", "calendar": "berlin-office"}
    assert tightened[0].new == {"min": 60, "max": 60, "text": "1h", "calendar": "berlin-office"}
    assert {c.role("tier") for c in loosened} == {"standard", "business", "enterprise"}
    assert all(c.section is Section.SLA and not c.breaking for c in found)


def test_range_that_widens_on_one_side_only_has_no_direction(tmp_path: Path) -> None:
    new = tree(tmp_path, "new", [("sla.yaml", "{min: 4h, max: 8h}", "{min: 2h, max: 10h}")])
    found = changes(VENDOR, new)
    assert {c.direction for c in found} == {None}
    assert len(found) == 3  # p1 resolution for each tier
    for c in found:
        assert c.old == {"min": 240, "max": 480, "text": "4h–8h", "calendar": "berlin-office"}
        assert c.new == {"min": 120, "max": 600, "text": "2h–10h", "calendar": "berlin-office"}


def test_tier_removed_is_breaking_and_its_cells_are_not_repeated(tmp_path: Path) -> None:
    new = tree(
        tmp_path,
        "new",
        [
            ("programme.yaml", "  - {id: business, name: tier.business, audience: customer}\n", ""),
            ("programme.yaml", "      business: {included: false}\n", ""),
            ("sla.yaml", "tiers: [business, enterprise]", "tiers: [enterprise]"),
        ],
    )
    found = changes(VENDOR, new)
    removed = one(found, Section.TIERS, Action.REMOVED)
    assert removed.subject == (("tier", "business"),) and removed.breaking
    sla = [c for c in found if c.section is Section.SLA]
    assert sla and all(c.direction is None and not c.breaking for c in sla)


def test_tier_added(tmp_path: Path) -> None:
    new = tree(
        tmp_path,
        "new",
        [
            (
                "programme.yaml",
                "  - {id: enterprise, name: tier.enterprise, audience: customer}\n",
                "  - {id: enterprise, name: tier.enterprise, audience: customer}\n"
                "  - {id: platinum, name: tier.enterprise, audience: customer}\n",
            ),
            (
                "programme.yaml",
                "      enterprise: {included: true, detail: service.named-engineer.detail}\n",
                "      enterprise: {included: true, detail: service.named-engineer.detail}\n"
                "      platinum: {included: true}\n",
            ),
        ],
    )
    found = changes(VENDOR, new)
    added = one(found, Section.TIERS, Action.ADDED)
    assert added.subject == (("tier", "platinum"),) and not added.breaking
    new_cells = [c for c in found if c.section is Section.SLA]
    assert new_cells and all(c.action is Action.ADDED and c.direction is None for c in new_cells)


def test_tier_renamed_is_one_breaking_change(tmp_path: Path) -> None:
    new = tree(tmp_path, "new")
    for file in ("programme.yaml", "sla.yaml"):
        path = new / file
        path.write_text(path.read_text().replace("enterprise", "corporate"), encoding="utf-8")
    for file in ("catalogs/en.yaml", "catalogs/fr.yaml"):
        path = new / file
        path.write_text(path.read_text().replace("tier.enterprise:", "tier.corporate:"))
    found = changes(VENDOR, new)
    renamed = one(found, Section.TIERS, Action.RENAMED)
    assert (renamed.old, renamed.new, renamed.breaking) == ("enterprise", "corporate", True)
    assert [c for c in found if c.section in (Section.SLA, Section.SERVICES)] == []


def test_severity_and_metric_removed_are_breaking(tmp_path: Path) -> None:
    new = tree(
        tmp_path,
        "new",
        [
            ("programme.yaml", "  - {id: p4, name: priority.p4}\n", ""),
            ("programme.yaml", "  - {id: resolution, name: metric.resolution}\n", ""),
            (
                "sla.yaml",
                "  - {metric: first-response, severities: [p4], within: {min: 1d, max: 2d}}\n",
                "",
            ),
            (
                "sla.yaml",
                "  - {metric: resolution, severities: [p1], within: {min: 4h, max: 8h}}\n",
                "",
            ),
            (
                "sla.yaml",
                "  - {metric: resolution, severities: [p2, p3, p4], within: {min: 3d, max: 10d}}\n",
                "",
            ),
        ],
    )
    found = changes(VENDOR, new)
    assert one(found, Section.SEVERITIES, Action.REMOVED).breaking
    assert one(found, Section.METRICS, Action.REMOVED).breaking


def test_target_removed_for_existing_ids_is_loosened_and_breaking(tmp_path: Path) -> None:
    """Consumers look cells up: a hole in the default policy breaks them."""
    new = tree(
        tmp_path,
        "new",
        [
            (
                "sla.yaml",
                "severities: [p2, p3, p4], within: {min: 3d",
                "severities: [p2, p3], within: {min: 3d",
            )
        ],
    )
    found = changes(VENDOR, new)
    assert len(found) == 3
    assert all(c.action is Action.REMOVED and c.breaking for c in found)
    assert all(c.direction is Direction.LOOSENED for c in found)


def test_service_inclusion_changed(tmp_path: Path) -> None:
    new = tree(
        tmp_path,
        "new",
        [("programme.yaml", "business: {included: false}", "business: {included: true}")],
    )
    change = one(changes(VENDOR, new), Section.SERVICES, Action.CHANGED)
    assert change.subject == (("service", "named-engineer"), ("tier", "business"))
    assert (change.old, change.new, change.direction) == (False, True, Direction.TIGHTENED)


def test_channel_removed_and_changed(tmp_path: Path) -> None:
    new = tree(
        tmp_path,
        "new",
        [
            ("programme.yaml", "calendar: berlin-office, address:", "calendar: nonstop, address:"),
            (
                "programme.yaml",
                '  - {id: hotline, kind: phone, name: channel.hotline, calendar: nonstop, tiers: [enterprise], address: "+49 30 1234567"}\n',
                "",
            ),
        ],
    )
    found = changes(VENDOR, new)
    removed = one(found, Section.CHANNELS, Action.REMOVED)
    assert removed.subject == (("channel", "hotline"),) and removed.breaking
    changed = one(found, Section.CHANNELS, Action.CHANGED)
    assert (changed.field, changed.old, changed.new) == ("calendar", "berlin-office", "nonstop")


def test_contact_changed(tmp_path: Path) -> None:
    new = tree(
        tmp_path,
        "new",
        [
            (
                "regions.yaml",
                "email: luc.martin@northwind.example",
                'email: luc@northwind.example, phone: "+33 1 0000 0000"',
            )
        ],
    )
    found = changes(VENDOR, new)
    assert {(c.field, c.old, c.new) for c in found} == {
        ("email", "luc.martin@northwind.example", "luc@northwind.example"),
        ("phone", None, "+33 1 0000 0000"),
    }
    assert all(c.section is Section.CONTACTS and c.subject == (("contact", "luc"),) for c in found)


def test_country_moved_between_regions(tmp_path: Path) -> None:
    new = tree(
        tmp_path,
        "new",
        [
            ("regions.yaml", "countries: [DE, AT, CH]", "countries: [DE, AT, CH, MC]"),
            ("regions.yaml", "countries: [FR, MC]", "countries: [FR]"),
            (
                "regions.yaml",
                "{contact: anna, countries: [DE, AT, CH]}",
                "{contact: anna, countries: [DE, AT, CH, MC]}",
            ),
            (
                "regions.yaml",
                "{contact: luc, countries: [FR, MC]}",
                "{contact: luc, countries: [FR]}",
            ),
        ],
    )
    found = changes(VENDOR, new)
    moved = one(found, Section.REGIONS, Action.MOVED)
    assert (moved.subject, moved.old, moved.new) == ((("country", "MC"),), "france", "dach")
    scopes = [c for c in found if c.section is Section.ESCALATION]
    assert {(c.subject[-1], c.field) for c in scopes} == {
        (("contact", "anna"), "scope"),
        (("contact", "luc"), "scope"),
    }


def test_region_removed_is_breaking(tmp_path: Path) -> None:
    new = tree(
        tmp_path,
        "new",
        [
            (
                "regions.yaml",
                "  - {id: france, name: region.france, countries: [FR, MC], timezone: Europe/Paris}\n",
                "",
            ),
            (
                "regions.yaml",
                "  - region: france\n    levels:\n      - {level: 1, role: escalation.duty, delay: 30m, contacts: [{contact: duty-manager}]}\n"
                "      - {level: 2, role: escalation.account, contacts: [{contact: luc, countries: [FR, MC]}]}\n",
                "",
            ),
        ],
    )
    found = changes(VENDOR, new)
    removed = {
        c.subject: c for c in found if c.section is Section.REGIONS and c.action is Action.REMOVED
    }
    assert set(removed) == {(("region", "france"),), (("country", "FR"),), (("country", "MC"),)}
    assert removed[(("region", "france"),)].breaking
    assert not removed[(("country", "MC"),)].breaking
    assert one(found, Section.ESCALATION, Action.REMOVED).subject == (("region", "france"),)


LARGE = "large_accounts:\n  - {id: dach, name: region.dach, regions: [dach], min_seats: %d}\n---\n"


def test_large_account_threshold_changed(tmp_path: Path) -> None:
    def with_rule(name: str, seats: int) -> Path:
        anchor = "  - {id: france, name: region.france, countries: [FR, MC], timezone: Europe/Paris}\n---\n"
        return tree(
            tmp_path, name, [("regions.yaml", anchor, anchor.replace("---\n", LARGE % seats))]
        )

    found = changes(with_rule("old", 50), with_rule("new", 70))
    change = one(found, Section.LARGE_ACCOUNTS, Action.CHANGED)
    assert (change.field, change.old, change.new, change.direction) == (
        "min_seats",
        50,
        70,
        Direction.LOOSENED,
    )
    added = changes(VENDOR, with_rule("again", 70))
    assert one(added, Section.LARGE_ACCOUNTS, Action.ADDED).subject == (("large_account", "dach"),)


def test_calendar_hours_holidays_and_zone(tmp_path: Path) -> None:
    new = tree(
        tmp_path,
        "new",
        [
            ("calendars.yaml", 'from: "08:00", to: "18:00"', 'from: "09:00", to: "17:00"'),
            (
                "calendars.yaml",
                '  - {date: "2026-12-25", name: holiday.christmas}\n',
                '  - {date: "2026-12-25", name: holiday.christmas}\n  - {date: "2026-12-26", name: holiday.christmas}\n',
            ),
            ("calendars.yaml", "timezone: Europe/Berlin", "timezone: Europe/Vienna"),
        ],
    )
    found = changes(VENDOR, new)
    hours = [c for c in found if c.field == "hours"]
    assert [(c.old, c.new, c.direction) for c in hours] == [
        ("mon–fri 08:00–18:00", "mon–fri 09:00–17:00", Direction.LOOSENED)
    ]
    assert one(found, Section.CALENDARS, Action.ADDED).subject == (
        ("calendar", "berlin-office"),
        ("holiday", "2026-12-26"),
    )
    assert [(c.old, c.new) for c in found if c.field == "timezone"] == [
        ("Europe/Berlin", "Europe/Vienna")
    ]


def test_escalation_level_added(tmp_path: Path) -> None:
    anchor = "      - {level: 2, role: escalation.account, contacts: [{contact: luc, countries: [FR, MC]}]}\n"
    new = tree(
        tmp_path,
        "new",
        [
            (
                "regions.yaml",
                anchor,
                anchor
                + "      - {level: 3, role: escalation.duty, contacts: [{contact: duty-manager}]}\n",
            )
        ],
    )
    change = one(changes(VENDOR, new), Section.ESCALATION, Action.ADDED)
    assert change.subject == (("region", "france"), ("level", "3"))


def test_translations_added_removed_changed_per_locale(tmp_path: Path) -> None:
    new = tree(
        tmp_path,
        "new",
        [
            ("catalogs/fr.yaml", "tier.enterprise: Entreprise", "tier.enterprise: Grands comptes"),
            (
                "catalogs/en.yaml",
                "  contact.duty: Duty manager\n",
                "  contact.duty: Duty manager\n  tier.note: Tiers are per contract.\n",
            ),
            (
                "catalogs/fr.yaml",
                "  contact.duty:",
                "  tier.note: Les niveaux sont contractuels.\n  contact.duty:",
            ),
        ],
    )
    found = [c for c in changes(VENDOR, new) if c.section is Section.TRANSLATIONS]
    assert {(c.subject, c.action) for c in found} == {
        ((("locale", "fr"), ("key", "tier.enterprise")), Action.CHANGED),
        ((("locale", "en"), ("key", "tier.note")), Action.ADDED),
        ((("locale", "fr"), ("key", "tier.note")), Action.ADDED),
    }


def test_locale_removed_is_breaking(tmp_path: Path) -> None:
    new = tree(tmp_path, "new", [("programme.yaml", "locales: [en, fr]", "locales: [en]")])
    (new / "catalogs" / "fr.yaml").unlink()
    found = changes(VENDOR, new)
    assert one(found, Section.PROGRAMME, Action.REMOVED).subject == (("locale", "fr"),)
    assert one(found, Section.PROGRAMME, Action.REMOVED).breaking
    assert one(found, Section.TRANSLATIONS, Action.REMOVED).subject == (("locale", "fr"),)


def test_programme_added_and_removed(tmp_path: Path) -> None:
    two = tree(tmp_path, "two")
    skeleton = scaffold.programme("acme-support", two / "acme-support", ROOT / "schemas")
    assert scaffold.write(skeleton) == []
    added = changes(VENDOR, two)
    assert [(c.programme, c.action, c.breaking) for c in added] == [
        ("acme-support", Action.ADDED, False)
    ]
    removed = changes(two, VENDOR)
    assert [(c.programme, c.action, c.breaking) for c in removed] == [
        ("acme-support", Action.REMOVED, True)
    ]


def test_hours_text_groups_days() -> None:
    from policyc.model.ir import Interval

    week = [Interval(day=d, start=540, end=1020) for d in range(5)] + [
        Interval(day=5, start=600, end=840)
    ]
    assert hours_text(week) == "mon–fri 09:00–17:00; sat 10:00–14:00"
    assert hours_text([]) == "never open"


# -- the command: formats, locale, --fail-on ------------------------------------------------

REALISTIC: list[Edit] = [
    (
        "sla.yaml",
        "tiers: [business, enterprise], within: 30m}",
        "tiers: [business, enterprise], within: 1h}",
    ),
    ("sla.yaml", "severities: [p2], within: 4h}", "severities: [p2], within: 2h}"),
    (
        "programme.yaml",
        '  - {id: hotline, kind: phone, name: channel.hotline, calendar: nonstop, tiers: [enterprise], address: "+49 30 1234567"}\n',
        "",
    ),
    ("regions.yaml", "countries: [DE, AT, CH]", "countries: [DE, AT, CH, MC]"),
    ("regions.yaml", "countries: [FR, MC]", "countries: [FR]"),
    (
        "regions.yaml",
        "{contact: anna, countries: [DE, AT, CH]}",
        "{contact: anna, countries: [DE, AT, CH, MC]}",
    ),
    ("regions.yaml", "{contact: luc, countries: [FR, MC]}", "{contact: luc, countries: [FR]}"),
    ("catalogs/fr.yaml", "tier.enterprise: Entreprise", "tier.enterprise: Grands comptes"),
]


@pytest.fixture
def realistic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """An old and a new tree under the cwd, so the labels in reports are short and stable."""
    monkeypatch.chdir(tmp_path)
    tree(tmp_path, "old")
    tree(tmp_path, "new", REALISTIC)
    return "old", "new"


def test_markdown_snapshot(
    run: Callable[..., Result], realistic: tuple[str, str], snapshot: SnapshotAssertion
) -> None:
    result = run("diff", *realistic)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == snapshot


def test_markdown_in_another_locale(
    run: Callable[..., Result], realistic: tuple[str, str], snapshot: SnapshotAssertion
) -> None:
    result = run("diff", *realistic, "--locale", "fr")
    assert result.exit_code == 0
    assert (
        "| Conditions standard | Grands comptes | P1 – système arrêté | Première réponse |"
        in result.stdout
    )
    assert "Monaco (MC)" in result.stdout
    assert result.stdout == snapshot


def test_json_snapshot_and_format(
    run: Callable[..., Result], realistic: tuple[str, str], snapshot: SnapshotAssertion
) -> None:
    result = run("diff", *realistic, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["format_version"] == 1 and data["old"] == "old" and data["new"] == "new"
    assert data["summary"] == {
        "changes": len(data["changes"]),
        "breaking": 1,
        "loosened": 2,
        "tightened": 3,
        "programmes": ["northwind-support"],
    }
    keys = {
        "programme",
        "section",
        "action",
        "subject",
        "field",
        "old",
        "new",
        "direction",
        "breaking",
        "description",
    }
    assert all(set(c) == keys for c in data["changes"])
    assert result.stdout == snapshot


@pytest.mark.parametrize(
    ("fail_on", "code"),
    [((), 0), (("breaking",), 1), (("loosened",), 1), (("breaking", "loosened"), 1)],
)
def test_fail_on(
    run: Callable[..., Result], realistic: tuple[str, str], fail_on: tuple[str, ...], code: int
) -> None:
    args = [arg for f in fail_on for arg in ("--fail-on", f)]
    result = run("diff", *realistic, *args)
    assert result.exit_code == code
    assert ("failing because of --fail-on" in result.stderr) == bool(code)


def test_fail_on_passes_without_such_changes(run: Callable[..., Result], tmp_path: Path) -> None:
    new = tree(
        tmp_path,
        "new",
        [("sla.yaml", "severities: [p2], within: 4h}", "severities: [p2], within: 2h}")],
    )
    result = run("diff", str(VENDOR), str(new), "--fail-on", "breaking", "--fail-on", "loosened")
    assert result.exit_code == 0
    assert "3 tightened" in result.stdout


def test_invalid_tree_reports_diagnostics_and_exits_1(
    run: Callable[..., Result],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    snapshot: SnapshotAssertion,
) -> None:
    monkeypatch.chdir(tmp_path)
    tree(
        tmp_path,
        "new",
        [
            (
                "sla.yaml",
                "metric: first-response, severities: [p2]",
                "metric: first-respnse, severities: [p2]",
            )
        ],
    )
    shutil.copytree(VENDOR, tmp_path / "old")
    result = run("diff", "old", "new")
    assert result.exit_code == 1
    assert "new/sla.yaml:10:14: error[PC301] unknown metric 'first-respnse'" in result.stderr, (
        result.stderr
    )
    assert result.stdout == snapshot
    as_json_result = run("diff", "old", "new", "--format", "json")
    assert as_json_result.exit_code == 1
    assert {d["code"] for d in json.loads(as_json_result.stdout)["diagnostics"]} == {
        "PC301",
        "PC318",
    }


def test_unknown_locale_is_a_usage_error(
    run: Callable[..., Result], realistic: tuple[str, str]
) -> None:
    result = run("diff", *realistic, "--locale", "fre")
    assert result.exit_code == 2 and "did you mean 'fr'" in result.stderr


def test_neither_directory_nor_revision(
    run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("diff", "nowhere", str(VENDOR))
    assert result.exit_code == 2
    assert "error[PC571] 'nowhere' is neither a directory nor a git revision" in result.stderr


def test_namer_falls_back_to_ids_and_en(tmp_path: Path) -> None:
    a = pipeline.validate([VENDOR]).policies
    assert a is not None
    names = Namer(a, a, "fr")
    assert names.name("northwind-support", "tier", "enterprise", ()) == "Entreprise"
    assert names.name("northwind-support", "tier", "nope", ()) == "nope"
    assert names.name("northwind-support", "calendar", "nonstop", ()) == "24 h/24"
    assert names.name("northwind-support", "country", "DE", ()) == "Allemagne (DE)"
    assert names.name("northwind-support", "contact", "luc", ()) == "Luc Martin"
    assert Namer(a, a, "th").name("northwind-support", "tier", "enterprise", ()) == "Enterprise"
    result = compare(a, a)
    assert render_markdown(result, names).endswith("No semantic changes.\n")
    assert as_json(result, names)["summary"] == {
        "changes": 0,
        "breaking": 0,
        "loosened": 0,
        "tightened": 0,
        "programmes": [],
    }


# -- git revisions --------------------------------------------------------------------------


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Policy Owner", "-c", "user.email=owner@example.com", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with two commits: the vendor policies, then a faster P2 target."""
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q", "-b", "main")
    shutil.copytree(VENDOR, root / "policies")
    (root / "README.md").write_text("policies\n")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "policies")
    sla = root / "policies" / "sla.yaml"
    sla.write_text(
        sla.read_text().replace("severities: [p2], within: 4h}", "severities: [p2], within: 2h}")
    )
    _git(root, "commit", "-q", "-am", "faster P2")
    monkeypatch.chdir(root)
    return root


def test_diff_between_two_revisions(
    run: Callable[..., Result], repo: Path, snapshot: SnapshotAssertion
) -> None:
    result = run("diff", "HEAD~1", "HEAD")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == snapshot
    assert "3 tightened" in result.stdout
    assert (
        subprocess.run(
            ["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True, check=True
        ).stdout
        == ""
    )


def test_diff_revision_against_working_tree(run: Callable[..., Result], repo: Path) -> None:
    sla = repo / "policies" / "sla.yaml"
    sla.write_text(
        sla.read_text().replace("within: {min: 4h, max: 8h}", "within: {min: 4h, max: 12h}")
    )
    result = run("diff", "HEAD", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["new"] == "working tree" and data["summary"]["loosened"] == 3
    assert run("diff", "main~1").exit_code == 0


def test_diagnostics_of_a_revision_name_the_revision(
    run: Callable[..., Result], repo: Path
) -> None:
    sla = repo / "policies" / "sla.yaml"
    sla.write_text(
        sla.read_text().replace(
            "metric: resolution, severities: [p1]", "metric: resolutio, severities: [p1]"
        )
    )
    _git(repo, "commit", "-q", "-am", "typo")
    result = run("diff", "HEAD~1", "HEAD")
    assert result.exit_code == 1
    assert "HEAD:policies/sla.yaml:13:14: error[PC301] unknown metric 'resolutio'" in result.stderr


def test_unknown_revision_and_missing_subdir(run: Callable[..., Result], repo: Path) -> None:
    result = run("diff", "mian", "HEAD")
    assert result.exit_code == 2 and "PC571" in result.stderr
    result = run("diff", "HEAD~1", "HEAD", "--policies-subdir", "rules")
    assert result.exit_code == 2 and "revision 'HEAD~1' has no 'rules/'" in result.stderr


@pytest.mark.parametrize("spec", ["", "--output=x", "-h"])
def test_odd_names_are_not_options(run: Callable[..., Result], repo: Path, spec: str) -> None:
    result = run("diff", "--", spec, "HEAD")
    assert result.exit_code == 2 and "PC571" in result.stderr
    assert not (repo / "x").exists()


def test_policy_level_and_cell_changes_render_together(tmp_path: Path) -> None:
    new = tree(
        tmp_path,
        "new",
        [
            (
                "sla.yaml",
                "name: sla.standard-terms\n",
                "name: sla.standard-terms\nnote: sla.standard-terms\n",
            ),
            ("sla.yaml", "severities: [p2], within: 4h}", "severities: [p2], within: 2h}"),
        ],
    )
    a, b = pipeline.validate([VENDOR]).policies, pipeline.validate([new]).policies
    assert a is not None and b is not None
    text = render_markdown(compare(a, b, "old", "new"), Namer(a, b))
    assert "- Standard terms: note none → `sla.standard-terms`" in text
    assert (
        "| Standard terms | Standard | P2 – major | First response | `4h` | `2h` | tightened |"
        in text
    )
