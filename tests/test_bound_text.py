"""Every number a customer reads comes from data, once (issue 18, item 4).

The 30-minute test: the bundled policies with Dropbox Enhanced and Champions Epic answered
within 30 minutes instead of 1 hour. The services matrix, the tier descriptions and the
Champions note state that promise by reference (`sla:`, `{within_…}`), so the rebuilt
pages (five locales), Markdown, Python package and routing tables say 30 minutes wherever
they said 1 hour, with no catalog edit; `policyc diff` reports each changed cell once.
"""

from __future__ import annotations

import html
import importlib
import json
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner, Result

from policyc import pipeline
from policyc.cli import main
from policyc.emit.site.localize import Localizer
from policyc.model import ir
from policyc.model.bindings import capitalised

ROOT = Path(__file__).resolve().parent.parent
POLICIES = ROOT / "policies"
DROPBOX = "dropbox-premium-support"
LOCALES = ("en", "zh-TW", "it", "fr", "th")
CHANGED = ("enhanced", "champions-epic")
# the Japanese-language policy keeps its own 1-hour promise: its texts are left out below
JAPANESE_TEXTS = ("note.japanese-support", "sla.japanese-language.note")
# messages that stated the Enhanced / Epic promise as text before it was bound to data
BOUND_KEYS = (
    "tier.enhanced.description",
    "tier.champions-epic.description",
    "note.champions-adjusted-terms",
)
SLA_EDIT = (
    "  - metric: first-response\n    tiers: [enhanced, champions-epic]\n    within: 1h\n",
    "  - metric: first-response\n    tiers: [enhanced, champions-epic]\n    within: 30m\n",
)


def _invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _duration(amount: int, unit: ir.Unit) -> ir.Duration:
    per = {ir.Unit.MINUTE: 1, ir.Unit.HOUR: 60, ir.Unit.DAY: 1440}[unit]
    return ir.Duration(minutes=amount * per, amount=amount, unit=unit)


def _target(amount: int, unit: ir.Unit) -> ir.Target:
    d = _duration(amount, unit)
    return ir.Target(min=d, max=d, calendar="always-open")


@pytest.fixture(scope="module")
def thirty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, Path]]:
    """(old policies, new policies, new build) with Enhanced/Epic at 30 minutes."""
    tmp = tmp_path_factory.mktemp("thirty")
    new = tmp / "policies"
    shutil.copytree(POLICIES, new)
    sla = new / DROPBOX / "sla.yaml"
    text = sla.read_text(encoding="utf-8")
    assert SLA_EDIT[0] in text
    sla.write_text(text.replace(*SLA_EDIT), encoding="utf-8")
    out = tmp / "generated"
    result = _invoke(
        "build", "--policies", str(new), "--out", str(out), "--python-package", "thirty_pkg"
    )
    assert result.exit_code == 0, result.output
    assert "PC346" not in result.output  # the bundled policies state no bound number as text
    yield POLICIES, new, out
    sys.modules.pop("thirty_pkg", None)
    for name in [m for m in sys.modules if m.startswith("thirty_pkg.")]:
        sys.modules.pop(name)


@pytest.fixture(scope="module")
def texts(thirty: tuple[Path, Path, Path]) -> Callable[[str], Localizer]:
    result = pipeline.validate([thirty[1]])
    assert result.policies is not None
    policies = result.policies
    prog = policies.programmes[DROPBOX]
    return lambda locale: Localizer(policies, locale, prog)


def _plain(page: str) -> str:
    """The text of a page: tags (Thai word spans, <wbr>) dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def _without_japanese(text: str, loc: Localizer) -> str:
    for key in JAPANESE_TEXTS:
        rendered = loc.text(key)
        assert "{" not in rendered
        text = text.replace(rendered, "")
    return text


@pytest.mark.parametrize("locale", LOCALES)
def test_pages_and_markdown_say_30_minutes(
    thirty: tuple[Path, Path, Path], texts: Callable[[str], Localizer], locale: str
) -> None:
    loc = texts(locale)
    hour, half = loc.within(_target(1, ir.Unit.HOUR)), loc.within(_target(30, ir.Unit.MINUTE))
    assert hour != half and "{" not in half
    page = (thirty[2] / "site" / locale / DROPBOX / "index.html").read_text(encoding="utf-8")
    markdown = (thirty[2] / "docs" / locale / f"{DROPBOX}.md").read_text(encoding="utf-8")
    for found in (_plain(page), markdown):
        rest = _without_japanese(found, loc)
        assert hour.casefold() not in rest.casefold()
        assert capitalised(half) in rest  # the services matrix, rendered from the target
        for key in BOUND_KEYS:
            assert loc.text(key) in found and half in loc.text(key)
    # the targets table of the standard policy: 30 minutes, no 1 hour
    standard = page.split('id="sla-standard"', 1)[1].split('id="sla-japanese-language"', 1)[0]
    standard = _plain(standard)
    assert loc.duration(_duration(30, ir.Unit.MINUTE)) in standard
    assert loc.duration(_duration(1, ir.Unit.HOUR)) not in standard


def test_seed_renderings_of_one_hour_are_kept(texts: Callable[[str], Localizer]) -> None:
    """The chrome's `within.hour` keeps the seeds' words for 1 hour (services matrix)."""
    hour = _target(1, ir.Unit.HOUR)
    seen = {locale: capitalised(texts(locale).within(hour)) for locale in LOCALES}
    assert seen == {
        "en": "Within 1 hour",
        "zh-TW": "1 小時內",
        "it": "Entro 1 ora",
        "fr": "Dans l’heure",
        "th": "ภายใน 1 ชั่วโมง",
    }
    four = {locale: texts(locale).within(_target(4, ir.Unit.HOUR)) for locale in LOCALES}
    assert four["fr"] == "dans les 4 heures" and four["it"] == "entro 4 ore"


def _package(out: Path) -> ModuleType:
    sys.path.insert(0, str(out / "python"))
    try:
        return importlib.import_module(f"thirty_pkg.{DROPBOX.replace('-', '_')}")
    finally:
        sys.path.remove(str(out / "python"))


def test_python_package_says_30_minutes(
    thirty: tuple[Path, Path, Path], texts: Callable[[str], Localizer]
) -> None:
    mod = _package(thirty[2])
    for locale in LOCALES:
        loc = texts(locale)
        hour, half = loc.within(_target(1, ir.Unit.HOUR)), loc.within(_target(30, ir.Unit.MINUTE))
        for key in BOUND_KEYS:  # `text()` fills the data's placeholders: the words of the pages
            said = mod.text(key, locale)
            assert said == loc.text(key) and half in said and hour not in said, (locale, key)
        assert mod.DATA_VALUES[locale]["within_first_response_enhanced"] == half
    for tier in CHANGED:
        promise = mod.sla(mod.Tier(tier), mod.Severity.STANDARD, mod.Metric.FIRST_RESPONSE)
        assert (promise.min_minutes, promise.max_minutes) == (30, 30)
        cell = mod.SERVICES[mod.Service.RESPONSE_TIME][mod.Tier(tier)]
        assert cell.response == promise and cell.detail is None and cell.included is True
    assert mod.SERVICES[mod.Service.QUARTERLY_FEATURE_EMAILS][mod.Tier.ENHANCED].count == 3
    for locale, messages in mod.MESSAGES.items():
        assert not [k for k in messages if k.startswith("service.response-time.within")]
        for key in BOUND_KEYS:
            assert "{within_" in str(messages[key]), (locale, key)
    assert mod.name(mod.Tier.ENHANCED, "en") == "Premium support: Enhanced"


def test_python_package_names_case_types(thirty: tuple[Path, Path, Path]) -> None:
    """Case types' names, translated, like tiers' and severities' (mypy users match on the
    enums; `name()` takes any of them)."""
    _package(thirty[2])
    zoho = importlib.import_module("thirty_pkg.zoho_partner_support")
    assert zoho.CASE_TYPE_NAMES[zoho.CaseType.LOGIN] == "case-type.login.name"
    assert zoho.name(zoho.CaseType.LOGIN, "en") == "Login problems"
    assert zoho.name(zoho.CaseType.LOGIN, "fr") == "Problème de connexion"
    assert zoho.name(zoho.Severity.SEV_1, "it") == "Gravità di livello 1"
    assert zoho.name(zoho.Tier.AUTHORIZED, "zh-TW") == "授權"


def test_routing_tables_say_30_minutes(thirty: tuple[Path, Path, Path]) -> None:
    table = json.loads((thirty[2] / "routing" / f"{DROPBOX}.json").read_text(encoding="utf-8"))
    standard = next(p for p in table["sla_policies"] if p["id"] == "standard")
    response = next(s for s in table["services"] if s["id"] == "response-time")
    for tier in CHANGED:
        cell = standard["targets"][tier]["standard"]["first-response"]
        assert cell["max"]["minutes"] == 30 and cell["min"]["minutes"] == 30
        ref = response["by_tier"][tier]["sla"]
        assert ref == {
            "policy": "standard",
            "tier": tier,
            "severities": ["standard"],
            "metric": "first-response",
        }
    messages = table["messages"]
    assert not [k for k in messages if k.startswith("service.response-time.within")]
    values = table["message_values"]  # the placeholders of bound texts, as the pages say them
    assert values["fr"]["within_first_response_enhanced"] == "dans les 30 minutes"
    assert values["it"]["within_first_response_champions_epic"] == "entro 30 minuti"
    assert values["zh-TW"]["within_first_response_enhanced"] == "30 分鐘內"
    assert values["th"]["within_first_response_enhanced"] == "ภายใน 30 นาที"
    assert values["en"]["within_first_response_essentials"] == "within 4 hours"


def test_diff_shows_the_change_once(thirty: tuple[Path, Path, Path]) -> None:
    result = _invoke("diff", str(thirty[0]), str(thirty[1]), "--format", "json")
    assert result.exit_code == 0, result.output
    changes = json.loads(result.stdout)["changes"]
    assert len(changes) == 2, changes
    assert {c["section"] for c in changes} == {"sla"}
    assert sorted(c["subject"]["tier"] for c in changes) == sorted(CHANGED)
    assert {c["subject"]["metric"] for c in changes} == {"first-response"}
