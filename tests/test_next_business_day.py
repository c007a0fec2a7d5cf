"""Next business day targets, programmes closed to new customers, and source pages.

One fixture (`tests/cases/next-business-day/`: business hours in the customer's region,
Berlin and Chicago, each with its own public holidays) built through the CLI; the business
time unit across DST changes and holidays, pages in all five locales, the Python package,
the routing table (against its schema), `route`, `test`, `diff` and the model's checks.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import Result
from generated_package import cli_build, edited_copy, import_package

from policyc.model.ir import Calendar, Holiday, Interval
from policyc.resolve import businesstime as bt

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "cases" / "next-business-day" / "policies"
CHROME = ROOT / "policies" / "shared" / "chrome"
PID = "fernhill-support"
LOCALES = ("en", "zh-TW", "it", "fr", "th")

Run = Callable[..., Result]


def tree(dest: Path, edits: list[tuple[str, str, str]] = ()) -> Path:  # type: ignore[assignment]
    """The fixture plus the page chrome, with `(file, old, new)` edits applied."""
    edited_copy(FIXTURE, dest, edits)
    shutil.copytree(CHROME, dest / "chrome")
    return dest


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("nbd")
    return cli_build(tree(base / "policies"), base / "out")


# -- business time ------------------------------------------------------------------------

BERLIN = Calendar(
    id="berlin",
    name="x",
    programme=None,
    timezone="Europe/Berlin",
    intervals=tuple(Interval(day=d, start=9 * 60, end=17 * 60) for d in range(5)),
    holidays=(Holiday(date="2026-04-03", name="x"), Holiday(date="2026-04-06", name="x")),
    business_day_minutes=480,
)
NONSTOP = Calendar(
    id="nonstop",
    name="x",
    programme=None,
    timezone="Europe/Berlin",
    intervals=tuple(Interval(day=d, start=0, end=1440) for d in range(7)),
)
CET, CEST = timezone(timedelta(hours=1)), timezone(timedelta(hours=2))


@pytest.mark.parametrize(
    ("opened", "at", "due"),
    [
        # Friday afternoon before the 29 March change: Monday, in summer time
        (datetime(2026, 3, 27, 15, tzinfo=CET), "end", datetime(2026, 3, 30, 17, tzinfo=CEST)),
        (datetime(2026, 3, 27, 15, tzinfo=CET), "start", datetime(2026, 3, 30, 9, tzinfo=CEST)),
        # before opening on a business day: the clock starts at 09:00, so the next day
        (datetime(2026, 3, 24, 7, tzinfo=CET), "end", datetime(2026, 3, 25, 17, tzinfo=CET)),
        # after closing: the clock starts the next morning
        (datetime(2026, 3, 24, 18, tzinfo=CET), "start", datetime(2026, 3, 26, 9, tzinfo=CET)),
        # Maundy Thursday: Good Friday and Easter Monday are closed
        (datetime(2026, 4, 2, 10, tzinfo=CEST), "end", datetime(2026, 4, 7, 17, tzinfo=CEST)),
        # on the last business minute of the day
        (datetime(2026, 4, 2, 16, 59, tzinfo=CEST), "start", datetime(2026, 4, 7, 9, tzinfo=CEST)),
        # the October change: Monday in winter time
        (datetime(2026, 10, 23, 12, tzinfo=CEST), "end", datetime(2026, 10, 26, 17, tzinfo=CET)),
    ],
)  # fmt: skip
def test_next_business_day_across_dst_and_holidays(
    opened: datetime, at: str, due: datetime
) -> None:
    found = bt.next_business_day(BERLIN, opened, at)
    assert found == due
    assert found.utcoffset() == opened.utcoffset()  # in the zone it was given in
    # never what `1d` (one business day of open time) gives
    assert found != bt.add_business_days(BERLIN, opened, 1)


def test_next_business_day_on_a_calendar_open_around_the_clock() -> None:
    # the day of the spring change has 23 hours: its end is midnight, 24:00 local time
    opened = datetime(2026, 3, 28, 13, tzinfo=CET)
    assert bt.next_business_day(NONSTOP, opened, "end") == datetime(2026, 3, 30, tzinfo=CEST)
    assert bt.next_business_day(NONSTOP, opened, "start") == datetime(2026, 3, 29, tzinfo=CET)
    with pytest.raises(ValueError, match="'start' or 'end'"):
        bt.next_business_day(NONSTOP, opened, "noon")


# -- artifacts ------------------------------------------------------------------------------

WORDING = {
    "en": ("By the end of the next business day", "By the start of the next business day"),
    "fr": ("Avant la fin du jour ouvré suivant", "Avant le début du jour ouvré suivant"),
    "it": ("Entro la fine del giorno lavorativo successivo",
           "Entro l’inizio del giorno lavorativo successivo"),
    "zh-TW": ("下一個工作日結束前", "下一個工作日開始前"),
    "th": ("ภายในสิ้นวันทำการถัดไป", "ก่อนเริ่มวันทำการถัดไป"),
}  # fmt: skip
CLOSED = {
    "en": ("New customers", "Not accepted from September 30, 2026"),
    "fr": ("Nouveaux clients", "Plus acceptés à partir du 30 septembre 2026"),
    "it": ("Nuovi clienti", "Non più accettati dal 30 settembre 2026"),
    "zh-TW": ("新客戶", "自 2026年9月30日 起不再受理"),
    "th": ("ลูกค้าใหม่", "ไม่รับตั้งแต่ 30 กันยายน ค.ศ. 2026"),
}
SOURCE = {"en": "Source", "fr": "Source", "it": "Fonte", "zh-TW": "資料來源", "th": "แหล่งที่มา"}


@pytest.mark.parametrize("locale", LOCALES)
def test_pages_say_start_or_end_closed_and_source(built: Path, locale: str) -> None:
    markdown = (built / "docs" / locale / f"{PID}.md").read_text(encoding="utf-8")
    end, start = WORDING[locale]
    assert markdown.count(end) == 1 and markdown.count(start) == 1  # one cell each
    label, value = CLOSED[locale]
    assert label in markdown and value in markdown
    link = "(<https://support.fernhill.example/plans>)"
    assert f"{SOURCE[locale]}" in markdown and f"[Fernhill support plans]{link}" in markdown
    page = (built / "site" / locale / PID / "index.html").read_text(encoding="utf-8")
    assert end in page.replace("<wbr>", "").replace('<span class="w">', "").replace("</span>", "")
    assert '<a href="https://support.fernhill.example/plans">Fernhill support plans</a>' in page


def test_review_page_lists_sources_with_their_dates(built: Path) -> None:
    review = (built / "review" / f"{PID}.md").read_text(encoding="utf-8")
    assert (
        "- <https://support.fernhill.example/plans> (Fernhill support plans), read 2026-12-06"
        in review
    )
    assert "Closed to new customers from 2026-09-30." in review


def _import(built: Path) -> Any:
    return import_package(built / "python")


def test_python_package_exposes_next_business_day(built: Path) -> None:
    package = _import(built)
    module = package.PROGRAMMES[PID]
    cell = module.sla("standard", "sev-2", "first-response")
    assert isinstance(cell, package.NextBusinessDay) and cell.at == "end"
    assert not isinstance(cell, package.Target)  # no minutes: not a duration
    assert cell.calendar.id == "berlin-office"
    assert cell.for_region("americas").calendar.id == "chicago-office"
    assert cell.for_region("americas").at == "end"
    assert module.sla("premium", "sev-2", "first-response").at == "start"
    assert isinstance(module.sla("premium", "sev-1", "first-response"), package.Target)
    assert str(module.CLOSED_TO_NEW_FROM) == "2026-09-30"
    (page,) = module.SOURCE_PAGES
    assert (page.url, str(page.read), page.title) == (
        "https://support.fernhill.example/plans", "2026-12-06", "Fernhill support plans"
    )  # fmt: skip


def test_routing_table_states_next_business_day_and_validates(built: Path) -> None:
    table = json.loads((built / "routing" / f"{PID}.json").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "schemas" / "routing.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(table, schema)
    cell = table["sla_policies"][0]["targets"]["standard"]["sev-2"]["first-response"]
    assert cell["next_business_day"] == "end" and "min" not in cell and "max" not in cell
    assert cell["by_region"]["americas"]["next_business_day"] == "end"
    assert cell["by_region"]["americas"]["calendar"] == "chicago-office"
    assert table["programme"]["closed_to_new_from"] == "2026-09-30"
    assert table["programme"]["sources"] == [
        {"url": "https://support.fernhill.example/plans", "read": "2026-12-06",
         "title": "Fernhill support plans"}
    ]  # fmt: skip
    broken = json.loads(json.dumps(table))
    target = broken["sla_policies"][0]["targets"]["standard"]["sev-2"]["first-response"]
    target["min"] = {"minutes": 480, "amount": 1, "unit": "day"}  # both kinds at once
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_route_and_policy_tests(run: Run, tmp_path: Path) -> None:
    policies = tree(tmp_path / "p")
    passing = run("test", "--policies", str(policies))
    assert passing.exit_code == 0, passing.output
    assert "8 passed, 0 failed" in passing.output
    argv = ["--programme", PID, "--tier", "standard", "--severity", "sev-2", "--country", "DE"]
    text = run("route", "--policies", str(policies), *argv, "--opened", "2026-03-27T15:00+01:00")
    assert "next business day (end) on berlin-office" in text.output
    assert "due 2026-03-30T17:00:00+02:00 (Europe/Berlin)" in text.output
    answer = json.loads(
        run("route", "--policies", str(policies), *argv, "--format", "json").output
    )["resolution"]
    (target,) = answer["targets"]
    assert target["next_business_day"] == "end" and target["due"] is None
    assert "min" not in target
    wrong = tree(
        tmp_path / "q",
        [("tests/next-business-day.yaml", "{next_business_day: end, calendar", "{within: 1d, calendar")],
    )  # fmt: skip
    failing = run("test", "--policies", str(wrong))
    assert failing.exit_code == 1
    assert "error[PC552]" in failing.output
    assert "resolved the end of the next business day" in failing.output


@pytest.mark.parametrize(
    ("old", "new", "direction", "breaking"),
    [
        # 4h on an 8-hour day: the end of the next business day is always later
        ("severities: [sev-1], within: 4h}", "severities: [sev-1], within: {next_business_day: end}}",
         "loosened", True),
        ("within: {next_business_day: end}}", "within: 4h}", "tightened", True),
        # the start of it can come sooner or later than 1h: no direction
        ("within: {next_business_day: start}}", "within: 1h}", None, True),
        # same kind, same fields in the generated code: not breaking
        ("within: {next_business_day: start}}", "within: {next_business_day: end}}",
         "loosened", False),
    ],
)  # fmt: skip
def test_diff_classifies_changes_to_and_from_next_business_day(
    run: Run, tmp_path: Path, old: str, new: str, direction: str | None, breaking: bool
) -> None:
    before = tree(tmp_path / "old")
    after = tree(tmp_path / "new", [("sla.yaml", old, new)])
    data = json.loads(run("diff", str(before), str(after), "--format", "json").output)
    changes = [c for c in data["changes"] if c["section"] == "sla"]
    assert changes and all(c["field"] == "target" for c in changes), data
    assert {c["direction"] for c in changes} == {direction}
    assert {c["breaking"] for c in changes} == {breaking}


def test_checks_on_dates_and_source_links(run: Run, tmp_path: Path) -> None:
    early = tree(tmp_path / "a", [("programme.yaml", '"2026-09-30"', '"2025-12-01"')])
    result = run("validate", "--policies", str(early))
    assert result.exit_code == 0, result.output
    assert "programme.yaml:13:21: warning[PC350]" in result.output
    ended = tree(
        tmp_path / "e",
        [
            (
                "programme.yaml",
                'valid_from: "2026-01-01"',
                'valid_from: "2026-01-01"\nvalid_to: "2026-06-30"',
            )
        ],
    )
    result = run("validate", "--policies", str(ended))
    assert (
        "warning[PC350] closed_to_new_from 2026-09-30 is after valid_to 2026-06-30" in result.output
    )
    plain = tree(
        tmp_path / "b",
        [("programme.yaml", "https://support.fernhill.example/plans", "http://fernhill.example")],
    )
    result = run("validate", "--policies", str(plain))
    assert result.exit_code == 1
    assert "programme.yaml:15:11: error[PC329]" in result.output
    undated = tree(tmp_path / "c", [("programme.yaml", ', read: "2026-12-06"', "")])
    result = run("validate", "--policies", str(undated))
    assert result.exit_code == 1 and "read" in result.output
    odd = tree(
        tmp_path / "d", [("sla.yaml", "{next_business_day: end}", "{next_business_day: noon}")]
    )
    result = run("validate", "--policies", str(odd))
    assert result.exit_code == 1 and "sla.yaml:13:" in result.output


def test_instant_in_utc_is_the_same_due() -> None:
    opened = datetime(2026, 3, 27, 14, tzinfo=UTC)
    due = bt.next_business_day(BERLIN, opened, "end")
    assert due == datetime(2026, 3, 30, 15, tzinfo=UTC) and due.tzinfo is UTC


@pytest.mark.parametrize(
    ("written", "meant"),
    [("UTC−6", "Etc/GMT+6"), ("GMT +1", "Etc/GMT-1"), ("UTC–3", "Etc/GMT+3")],
)
def test_offsets_as_pages_typeset_them_name_the_right_zone(
    run: Run, tmp_path: Path, written: str, meant: str
) -> None:
    policies = tree(
        tmp_path / "p", [("calendars.yaml", "timezone: America/Chicago", f'timezone: "{written}"')]
    )
    result = run("validate", "--policies", str(policies))
    assert result.exit_code == 1
    assert f"'{written}' is written '{meant}' in the tz database" in result.output


def test_etc_gmt_zone_never_shows_an_inverted_sign(run: Run, tmp_path: Path) -> None:
    policies = tree(
        tmp_path / "p", [("calendars.yaml", "timezone: Europe/Berlin", "timezone: Etc/GMT-1")]
    )
    out = tmp_path / "out"
    result = run("build", "--policies", str(policies), "--out", str(out))
    assert result.exit_code == 0, result.output
    for locale in LOCALES:
        page = (out / "docs" / locale / f"{PID}.md").read_text("utf-8")
        assert "UTC+1 (Etc/GMT-1)" in page, locale
        assert "GMT-1" not in page.replace("(Etc/GMT-1)", ""), locale
        assert "UTC-1" not in page and "GMT+1" not in page, locale


def test_diff_markdown_shows_next_business_day_as_written(run: Run, tmp_path: Path) -> None:
    before = tree(tmp_path / "old")
    edit = (
        "sla.yaml",
        "severities: [sev-1], within: 4h}",
        "severities: [sev-1], within: {next_business_day: end}}",
    )
    after = tree(tmp_path / "new", [edit])
    markdown = run("diff", str(before), str(after), "--format", "markdown").output
    assert "`4h`" in markdown and "`next business day (end)`" in markdown
    assert "**2 breaking**" in markdown  # standard and premium × sev-1
