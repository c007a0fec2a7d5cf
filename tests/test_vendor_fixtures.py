"""Two real vendor support pages encoded as fixtures (issue 18 item 6), with no code change.

`tests/cases/exoscale/` is Exoscale's "Support case priority" page (four plans, P1-P5, a
Built-In plan that is best effort throughout, "Next business day" for Enterprise P4/P5) and
`tests/cases/op5/` OP5 Monitor's "Support Plans" (no severities, named-contact counts, yes/no
rows, business hours in the customer's region on CEST and CST). Each is validated (its
warnings listed here, none else allowed), built through the CLI, its own policy tests run,
and the page, the Markdown, the Python package and the routing table checked for the facts
the vendor states, exactly, and for "Not stated" where it states nothing.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner, Result
from generated_package import import_package

from policyc.cli import main

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
CHROME_EN = ROOT / "policies" / "shared" / "chrome" / "en.yaml"
SCHEMA = ROOT / "schemas" / "routing.schema.json"

EXOSCALE = "exoscale-support"
EXOSCALE_URL = "https://community.exoscale.com/documentation/platform/support-case-priority"
OP5 = "op5-monitor-support"
OP5_URL = "https://www.op5.com/support/support-plans/"

# programme id: fixture directory, source URL, source title, policy-test cases
FIXTURES = {
    EXOSCALE: ("exoscale", EXOSCALE_URL, "Support case priority", 9),
    OP5: ("op5", OP5_URL, "OP5 Monitor Support Plans", 6),
}
# The only warnings allowed (none: OP5's "Level 1 Support as defined in ITIL" note is checked
# against its own row's data only, so the Basic plan's one named contact does not flag it).
WARNINGS: dict[str, list[str]] = {EXOSCALE: [], OP5: []}

Run = Callable[..., Result]


def tree(dest: Path, pid: str) -> Path:
    """The fixture's policies plus the English page chrome (both publish `en` only)."""
    shutil.copytree(CASES / FIXTURES[pid][0] / "policies", dest)
    (dest / "chrome").mkdir()
    shutil.copy(CHROME_EN, dest / "chrome" / "en.yaml")
    return dest


def warnings(output: str, policies: Path) -> list[str]:
    """The warning lines of a CLI output, with paths relative to `policies`."""
    lines = [x for x in output.splitlines() if "warning[" in x]
    return [x.replace(f"{policies}/", "") for x in lines]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    outputs = {}
    for pid in FIXTURES:
        base = tmp_path_factory.mktemp(pid)
        policies = tree(base / "policies", pid)
        argv = ["build", "--policies", str(policies), "--out", str(base / "out")]
        result = CliRunner().invoke(main, argv, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert warnings(result.output, policies) == WARNINGS[pid], result.output
        outputs[pid] = base / "out"
    return outputs


def markdown(built: dict[str, Path], pid: str) -> str:
    return (built[pid] / "docs" / "en" / f"{pid}.md").read_text(encoding="utf-8")


def html(built: dict[str, Path], pid: str) -> str:
    page = (built[pid] / "site" / "en" / pid / "index.html").read_text(encoding="utf-8")
    # word-break hints the pages insert into long words
    return re.sub(r"<wbr>|<span class=\"w\">|</span>", "", page)


def routing(built: dict[str, Path], pid: str) -> Any:
    return json.loads((built[pid] / "routing" / f"{pid}.json").read_text(encoding="utf-8"))


def row(page: str, label: str) -> list[str]:
    """The cells, after the first, of the first Markdown table row whose first cell has `label`."""
    line = next(x for x in page.splitlines() if x.startswith("|") and label in x.split("|")[1])
    return [c.strip() for c in line.strip().strip("|").split("|")][1:]


# -- validate, build, policy tests -----------------------------------------------------------


@pytest.mark.parametrize("pid", FIXTURES)
def test_validates_with_only_the_listed_warnings(run: Run, tmp_path: Path, pid: str) -> None:
    policies = tree(tmp_path / "p", pid)
    result = run("validate", "--policies", str(policies))
    assert result.exit_code == 0, result.output
    # each fixture uses every calendar it declares and binds the services response cell to
    # its SLA target: no other warning
    assert warnings(result.output, policies) == WARNINGS[pid], result.output
    assert "error[" not in result.output


@pytest.mark.parametrize("pid", FIXTURES)
def test_own_policy_tests_pass(run: Run, tmp_path: Path, pid: str) -> None:
    result = run("test", "--policies", str(tree(tmp_path / "p", pid)))
    assert result.exit_code == 0, result.output
    assert f"{FIXTURES[pid][3]} passed, 0 failed" in result.output


@pytest.mark.parametrize("pid", FIXTURES)
def test_a_wrong_expectation_fails(run: Run, tmp_path: Path, pid: str) -> None:
    policies = tree(tmp_path / "p", pid)
    (suite,) = (policies / "tests").glob("*.yaml")
    text = suite.read_text(encoding="utf-8")
    swapped = text.replace("{next_business_day: end", "{within: 1d", 1)
    assert swapped != text
    suite.write_text(swapped, encoding="utf-8")
    result = run("test", "--policies", str(policies))
    assert result.exit_code == 1 and "error[PC552]" in result.output, result.output


@pytest.mark.parametrize("pid", FIXTURES)
def test_source_link_on_pages_review_python_and_routing(built: dict[str, Path], pid: str) -> None:
    _, url, title, _ = FIXTURES[pid]
    assert "Source" in markdown(built, pid)
    assert f"[{title}](<{url}>)" in markdown(built, pid)
    assert f'<a href="{url}">{title}</a>' in html(built, pid)
    review = (built[pid] / "review" / f"{pid}.md").read_text(encoding="utf-8")
    assert f"- <{url}> ({title}), read 2026-12-06" in review
    module = import_package(built[pid] / "python").PROGRAMMES[pid]
    (page,) = module.SOURCE_PAGES
    assert (page.url, str(page.read), page.title) == (url, "2026-12-06", title)
    assert module.VALID_FROM is None  # neither page states a validity date
    table = routing(built, pid)
    jsonschema.validate(table, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert table["programme"]["sources"] == [{"url": url, "read": "2026-12-06", "title": title}]
    assert table["programme"]["valid_from"] is None


@pytest.mark.parametrize("pid", FIXTURES)
def test_owner_notes_stay_off_customer_pages(built: dict[str, Path], pid: str) -> None:
    review = (built[pid] / "review" / f"{pid}.md").read_text(encoding="utf-8")
    owner = "without saying by the start or by the end of that day"
    assert owner in review
    assert owner not in markdown(built, pid) and owner not in html(built, pid)


# -- Exoscale: best effort, next business day, durations, no stated hours --------------------


def test_exoscale_page_states_the_table_cell_by_cell(built: dict[str, Path]) -> None:
    page = markdown(built, EXOSCALE)
    # columns: Built-In, Starter, Pro, Enterprise
    cells = {
        "P1": ["4 hours", "1 hour", "30 minutes"],
        "P2": ["8 hours", "4 hours", "2 hours"],
        "P3": ["8 hours", "8 hours", "4 hours"],
        "P4": ["24 hours", "24 hours", "By the end of the next business day"],
        "P5": ["48 hours", "48 hours", "By the end of the next business day"],
    }
    for priority, targets in cells.items():
        assert row(page, f"**{priority}**") == [
            "Best effort",
            *(f"{t} (business time)" for t in targets),
        ], priority
    nbd = "By the end of the next business day"
    assert "Escalation required for these targets: Pro P1, and Enterprise P1, P2 and P3." in page
    assert "- **Time zone:** Not stated" in page  # the assumed zone is not shown
    assert "UTC" not in page and "Monday" not in page  # nor the assumed days
    site = html(built, EXOSCALE)
    assert "Best effort" in site and nbd in site and "Not stated" in site


def test_exoscale_python_package_matches_on_the_promise(built: dict[str, Path]) -> None:
    package = import_package(built[EXOSCALE] / "python")
    sla = package.PROGRAMMES[EXOSCALE].sla
    for severity in ("p1", "p2", "p3", "p4", "p5"):
        assert isinstance(sla("built-in", severity, "initial-response"), package.BestEffort)
    p1 = sla("enterprise", "p1", "initial-response")
    assert isinstance(p1, package.Target) and (p1.min_minutes, p1.max_minutes) == (30, 30)
    assert sla("starter", "p5", "initial-response").max_minutes == 48 * 60
    for severity in ("p4", "p5"):
        nbd = sla("enterprise", severity, "initial-response")
        assert isinstance(nbd, package.NextBusinessDay) and nbd.at == "end"
        assert nbd.calendar.id == "hours-not-stated"


def test_exoscale_routing_table_and_route(built: dict[str, Path], run: Run, tmp_path: Path) -> None:
    targets = routing(built, EXOSCALE)["sla_policies"][0]["targets"]
    assert targets["built-in"]["p1"]["initial-response"]["promise"] == "best-effort"
    p1 = targets["enterprise"]["p1"]["initial-response"]
    assert p1["promise"] == "target"
    assert p1["min"] == p1["max"] == {"amount": 30, "minutes": 30, "unit": "minute"}
    p4 = targets["enterprise"]["p4"]["initial-response"]
    assert p4["next_business_day"] == "end" and "max" not in p4
    policies = tree(tmp_path / "p", EXOSCALE)
    argv = ["route", "--policies", str(policies), "--programme", EXOSCALE, "--format", "json"]
    answer = json.loads(run(*argv, "--tier", "built-in", "--severity", "p1").output)["resolution"]
    assert answer["no_targets"][0]["promise"] == "best-effort"
    opened = ["--opened", "2026-03-27T10:00:00Z"]
    answer = json.loads(run(*argv, "--tier", "enterprise", "--severity", "p1", *opened).output)
    (target,) = answer["resolution"]["targets"]
    assert target["due"] == {"earliest": "2026-03-27T10:30:00Z", "latest": "2026-03-27T10:30:00Z"}


# -- OP5: regional business hours, counts, yes/no rows, not-stated cells ---------------------


def test_op5_page_states_the_comparison_rows(built: dict[str, Path]) -> None:
    page = markdown(built, OP5)
    # columns: Basic, Standard, Premium
    assert row(page, "Number of Named Contacts") == [
        "✓ 1 named contact", "✓ 4 named contacts", "✓ 15 named contacts",
    ]  # fmt: skip
    assert row(page, "**Initial Response Time**") == [
        "✓ Within 1–3 days", "✓ By the end of the next business day", "✓ Within 4 hours",
    ]  # fmt: skip
    assert "| **All cases** | 1–3 days (business time) |" in page  # "1-3 Business Days"
    assert row(page, "Number of Incidents") == ["—", "—", "—"]
    assert row(page, "Support hours") == ["—", "—", "—"]
    assert row(page, "Online Self Help Resources") == ["—", "—", "—"]
    assert [c[0] for c in row(page, "Phone technical support")] == ["✗", "✓", "✓"]
    assert row(page, "Remote Assistance") == [
        "✗ Not included", "✓ Secure Tunnel", "✓ Secure Tunnel, Other",
    ]  # fmt: skip
    assert [c[0] for c in row(page, "Priority case process")] == ["✗", "✗", "✓"]
    hours = "- Monday to Friday: 8:00 AM – 5:00 PM"  # "08:00 am-17:00 pm", "Mon-Fri"
    for calendar, zone in [
        ("Business hours, European region", "Central European Time (CET)"),
        ("Business hours, American region", "Central Time (CST6CDT)"),
    ]:
        section = page.split(f"### {calendar}\n", 1)[1].split("###", 1)[0]
        assert hours in section and f"- **Time zone:** {zone}" in section, calendar
        assert "- **One business day counts as:** 9 hours" in section
    assert page.count("- **Countries and territories:** Not stated") == 2
    review = (built[OP5] / "review" / f"{OP5}.md").read_text(encoding="utf-8")
    assert "its country list (US, CA, MX, BR) is assumed" in review
    assert "Level 1 Support as defined in ITIL" in page


def test_op5_python_package_counts_and_regional_calendars(built: dict[str, Path]) -> None:
    package = import_package(built[OP5] / "python")
    module = package.PROGRAMMES[OP5]
    contacts = module.SERVICES["named-contacts"]
    assert [contacts[t].count for t in ("basic", "standard", "premium")] == [1, 4, 15]
    assert module.SERVICES["incidents"]["premium"].included is None  # not stated
    assert module.SERVICES["webinar"]["standard"].included is False
    premium = module.sla("premium", "all-cases", "initial-response")
    assert isinstance(premium, package.Target) and premium.max_minutes == 240
    assert premium.for_region("american-region").calendar.timezone == "CST6CDT"
    assert premium.for_region("european-region").calendar.timezone == "CET"
    assert module.SERVICES["initial-response"]["premium"].response == premium
    basic = module.sla("basic", "all-cases", "initial-response")
    assert (basic.min_minutes, basic.max_minutes) == (9 * 60, 3 * 9 * 60)  # 9-hour days
    standard = module.sla("standard", "all-cases", "initial-response")
    assert isinstance(standard, package.NextBusinessDay) and standard.at == "end"


def test_op5_routing_table_and_route(built: dict[str, Path], run: Run, tmp_path: Path) -> None:
    table = routing(built, OP5)
    contacts = next(s for s in table["services"] if s["id"] == "named-contacts")["by_tier"]
    assert [contacts[t]["count"] for t in ("basic", "standard", "premium")] == [1, 4, 15]
    cell = table["sla_policies"][0]["targets"]["premium"]["all-cases"]["initial-response"]
    assert cell["by_region"]["american-region"]["calendar"] == "american-region"
    assert cell["by_region"]["european-region"]["calendar"] == "european-region"
    policies = tree(tmp_path / "p", OP5)
    argv = ["route", "--policies", str(policies), "--programme", OP5, "--tier", "premium"]
    argv += ["--severity", "all-cases", "--opened", "2026-03-27T14:00:00Z", "--format", "json"]
    europe = json.loads(run(*argv, "--country", "SE").output)["resolution"]["targets"][0]
    america = json.loads(run(*argv, "--country", "US").output)["resolution"]["targets"][0]
    # the same instant: Friday 15:00 CET (2 business hours left, then Monday in summer time)
    # and Friday 09:00 CDT (due the same day)
    assert europe["calendar"] == "european-region"
    assert europe["due"]["latest"] == "2026-03-30T08:00:00Z"
    assert america["calendar"] == "american-region"
    assert america["due"]["latest"] == "2026-03-27T18:00:00Z"
    text = run(*argv[:-2], "--country", "SE").output  # in the calendar's local offset
    assert "4h on european-region" in text and "due 2026-03-30T10:00:00+02:00 (CET)" in text
    text = run(*argv[:-2], "--country", "US").output
    assert "4h on american-region" in text and "due 2026-03-27T13:00:00-05:00 (CST6CDT)" in text
