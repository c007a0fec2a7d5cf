"""The help centre read as a customer: only customer text, real links, every country found.

Static checks of the seed site and docs built in memory (the browser tests measure heights
and clicks): owner-audience text stays off the customer pages and goes to the review page,
every link target exists (internal anchors and pages) or is https/mailto/tel, Markdown
links are explicit, and the Zoho "find your contact" lookup covers every country of every
region with the contacts `policyc route` resolves (naming no country of a region whose
countries the sources do not state). Also the located PC329 for bad links.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import html5lib
import pytest
from click.testing import Result
from sitebuild import ROOT, SEEDS, artifacts, policies

from policyc.emit.site.markdown import linked
from policyc.emit.site.review import ReviewEmitter
from policyc.emit.site.views import Link
from policyc.model import ir
from policyc.resolve.rules import escalation_for

PAGES = {p: d for p, d in artifacts(SEEDS).items() if p.endswith(".html")}
DOCS = {p: d for p, d in artifacts(SEEDS).items() if p.endswith(".md")}
PROGRAMME_PAGES = sorted(p for p in PAGES if p.count("/") == 3)
VENDOR = ROOT / "tests" / "cases" / "vendor" / "policies"


def parse(data: bytes) -> ElementTree.Element:
    return html5lib.parse(data, namespaceHTMLElements=False)


def visible_text(data: bytes) -> str:
    """The page's text, tags stripped (Thai word marks, `<wbr>` and `<span class="w">`, are
    no space) and entities decoded, white space collapsed."""
    page = re.sub(r'<span class="w">([^<]*)</span>', r"\1", data.decode().replace("<wbr>", ""))
    text = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(text).split())


def owner_texts(prog: ir.Programme, locale: str) -> list[str]:
    """Every owner-audience message of a programme, in `locale`."""
    keys = [n.text for n in prog.notes if n.audience is ir.Audience.OWNER]
    keys += [d.text for d in prog.differences if d.audience is ir.Audience.OWNER]
    if prog.region_note is not None and prog.region_note.audience is ir.Audience.OWNER:
        keys.append(prog.region_note.text)
    ir_all = policies(SEEDS)
    for cid in prog.calendars:
        note = ir_all.calendars[cid].note
        if note is not None and note.audience is ir.Audience.OWNER:
            keys.append(note.text)
    texts = []
    for key in keys:
        message = prog.text(key, locale)
        texts.append(message if isinstance(message, str) else message["other"])
    return texts


# -- two audiences ---------------------------------------------------------------------------


def test_the_seeds_have_owner_text_to_keep_off_the_pages() -> None:
    for prog in policies(SEEDS).programmes.values():
        assert owner_texts(prog, "en"), prog.id
        assert prog.valid_from is None, "the seeds state no effective date"


@pytest.mark.parametrize("path", sorted([*PROGRAMME_PAGES, *DOCS]))
def test_no_owner_text_on_customer_pages(path: str) -> None:
    locale, name = path.split("/")[1], path.split("/")[2].removesuffix(".md")
    prog = policies(SEEDS).programmes[name]
    data = artifacts(SEEDS)[path]
    shown = visible_text(data) if path.endswith(".html") else data.decode().replace("\\", "")
    shown = " ".join(shown.split())
    for text in owner_texts(prog, locale):
        assert " ".join(text.split()) not in shown, (path, text[:60])
    labels = policies(SEEDS).chrome
    for key in ("section.differences", "programme.validity"):
        label = labels.get(locale, labels["en"]).get(key)
        assert isinstance(label, str) and label not in shown, (path, key)
    assert b"review/" not in data  # the review page is not linked


def test_the_review_page_keeps_what_owners_need() -> None:
    ir_all = policies(SEEDS)
    pages = {a.path: a.data.decode() for a in ReviewEmitter().emit(ir_all)}
    assert sorted(pages) == [f"review/{p}.md" for p in sorted(ir_all.programmes)]
    for pid, prog in ir_all.programmes.items():
        page = pages[f"review/{pid}.md"].replace("\\", "")
        assert "Not stated by the sources" in page
        for text in owner_texts(prog, "en"):
            assert " ".join(text.split()) in " ".join(page.split()), text[:60]
    committed = ROOT / "generated" / "review" / "zoho-partner-support.md"
    assert committed.read_text(encoding="utf-8") == pages["review/zoho-partner-support.md"]


def test_undated_programmes_show_no_validity_date() -> None:
    for locale in ("en", "zh-TW", "it", "fr", "th"):
        index = parse(PAGES[f"site/{locale}/index.html"])
        metas = ["".join(p.itertext()) for p in index.iter("p") if p.get("class") == "meta"]
        assert metas and all("·" not in m for m in metas), metas  # owner only, no validity
        for name in ("dropbox-premium-support", "zoho-partner-support"):
            page = parse(PAGES[f"site/{locale}/{name}/index.html"])
            footer = page.find(".//footer")
            assert footer is not None and "·" not in "".join(footer.itertext())


# -- links -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(PAGES))
def test_every_link_target_is_valid(path: str) -> None:
    root = parse(PAGES[path])
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    for a in root.iter("a"):
        href = a.get("href") or ""
        assert href, (path, "empty href")
        if href.startswith("#"):
            assert href[1:] in ids, (path, href)
        elif re.match(r"[a-z][a-z0-9+.-]*:", href):
            assert href.split(":", 1)[0] in ("https", "mailto", "tel"), (path, href)
            if href.startswith("https://"):
                assert re.fullmatch(r"https://[a-z0-9.-]+\.[a-z]{2,}(/\S*)?", href), href
        else:
            page, _, fragment = href.partition("#")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), page))
            assert target in PAGES, (path, href)
            if fragment:
                target_ids = {e.get("id") for e in parse(PAGES[target]).iter()}
                assert fragment in target_ids, (path, href)


def test_every_address_the_seeds_name_is_a_link() -> None:
    for locale in ("en", "zh-TW", "it", "fr", "th"):
        page = PAGES[f"site/{locale}/dropbox-premium-support/index.html"].decode()
        text = re.sub(r"<a [^>]*>[^<]*</a>", "", page)  # what is left outside links
        for address in ("dropbox.com/get_help", "dropbox.com/support"):
            assert f'<a href="https://{address}">{address}</a>' in page, (locale, address)
            assert address not in text, (locale, address)
        zoho = parse(PAGES[f"site/{locale}/zoho-partner-support/index.html"])
        emails = {a.get("href") for a in zoho.iter("a") if a.get("href", "").startswith("mailto:")}
        contacts = policies(SEEDS).programmes["zoho-partner-support"].contacts.values()
        assert emails == {f"mailto:{c.email}" for c in contacts if c.email}


@pytest.mark.parametrize("path", sorted(DOCS))
def test_markdown_addresses_are_explicit_links(path: str) -> None:
    text = DOCS[path].decode()
    outside = re.sub(r"\[[^\]]*\]\(<[^>]*>\)", "", text)
    assert "dropbox.com/get" not in outside and "dropbox.com/support" not in outside
    assert "http://" not in text
    if "dropbox" in path:
        assert "[dropbox.com/get\\_help](<https://dropbox.com/get_help>)" in text


def test_linked_markdown_keeps_text_escaped_and_spaced() -> None:
    links = (Link("dropbox.com/get_help", "https://dropbox.com/get_help"),)
    assert linked("email *us* at dropbox.com/get_help, 24/7", links) == (
        "email \\*us\\* at [dropbox.com/get\\_help](<https://dropbox.com/get_help>), 24/7"
    )
    # not the declared address: left as text (`www.` escaped against autolinking)
    assert linked("see www.dropbox.com/get_help/x", links) == "see www\\.dropbox.com/get\\_help/x"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("javascript:alert(1)", "PC329"),
        ("data:text/html,hi", "PC329"),
        ("http://example.com/support", "PC329"),
        ("https://localhost/x", "PC329"),
        ("example.com/support", "PC2"),
    ],
)
def test_bad_links_are_located_errors(
    run: Callable[..., Result], tmp_path: Path, url: str, expected: str
) -> None:
    tree = tmp_path / "policies"
    tree.mkdir()
    for path in VENDOR.rglob("*.yaml"):
        target = tree / path.relative_to(VENDOR)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    programme = tree / "programme.yaml"
    lines = programme.read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("owner:"))
    lines[row] = f"owner: {{organisation: Northwind, url: '{url}'}}"
    programme.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("validate", str(tree), "--format", "json")
    assert result.exit_code == 1
    assert f"programme.yaml:{row + 1}:" in run("validate", str(tree)).stderr
    assert f'"code": "{expected}' in result.stdout


# -- find your contact -------------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["en", "zh-TW", "it", "fr", "th"])
def test_the_lookup_covers_every_country_of_every_region(locale: str) -> None:
    prog = policies(SEEDS).programmes["zoho-partner-support"]
    root = parse(PAGES[f"site/{locale}/zoho-partner-support/index.html"])
    for region in prog.regions:
        details = root.find(f".//details[@id='region-{region.id}']")
        assert details is not None, region.id
        shown = [
            code
            for group in details.iter("div")
            if group.get("class") == "contact-group"
            for code in group.get("data-countries", "").split()
        ]
        expected = []
        for country in region.countries:
            subs = [s.id for s in region.subdivisions if s.country == country]
            expected += [f"{country}/{s}" for s in subs] or [country]
        if "countries" in region.not_stated:  # an assumed list is not shown as fact
            assert shown == [], region.id
        else:
            assert sorted(shown) == sorted(expected), region.id
        texts = [
            " ".join("".join(group.itertext()).split())
            for group in details.iter("div")
            if group.get("class") == "contact-group"
        ]
        for code in expected:  # every place's contacts are in one group (its own, if listed)
            country, _, territory = code.partition("/")
            groups = [
                text
                for group, text in zip(
                    [g for g in details.iter("div") if g.get("class") == "contact-group"],
                    texts,
                    strict=True,
                )
                if code in group.get("data-countries", "").split()
                or "countries" in region.not_stated
            ]
            people = [
                p for lv in escalation_for(prog, country, territory or None) for p in lv.contacts
            ]
            assert any(
                all(p.name in text and (p.email or "") in text for p in people) for text in groups
            ), (code, [p.name for p in people])


@pytest.mark.parametrize(
    ("country", "manager"),
    [("MC", "Claire Tredez"), ("SM", "Francesco Orazi"), ("HR", "Francesco Orazi")],
)
def test_each_country_shows_its_level_4_manager(country: str, manager: str) -> None:
    root = parse(PAGES["site/en/zoho-partner-support/index.html"])
    groups = [
        g
        for g in root.iter("div")
        if g.get("class") == "contact-group" and country in g.get("data-countries", "").split()
    ]
    assert len(groups) == 1
    levels = groups[0].findall(".//ol[@class='levels']/li")
    assert "Level 4" in "".join(levels[-1].itertext())
    assert manager in "".join(levels[-1].itertext())


# -- policyc diff across the audience change ---------------------------------------------------


def _vendor_tree(root: Path, extra: str) -> Path:
    for path in VENDOR.rglob("*.yaml"):
        target = root / path.relative_to(VENDOR)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    programme = root / "programme.yaml"
    programme.write_text(programme.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return root


def test_diff_reads_revisions_written_before_audiences(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    """An old revision (bare note keys, differences without audience) still compares: its
    notes were on the customer pages, so moving one to the owner is reported."""
    old = _vendor_tree(
        tmp_path / "old",
        "notes: [programme.summary]\ndifferences: [{id: wording, text: programme.name}]\n",
    )
    new = _vendor_tree(
        tmp_path / "new",
        "notes: [{text: programme.summary, audience: owner}]\n"
        "differences: [{id: wording, text: programme.name, audience: owner}]\n",
    )
    assert run("validate", str(old)).exit_code == 1  # no longer valid as written
    result = run("diff", str(old), str(new))
    assert result.exit_code == 0, result.stderr
    assert "wording: audience `customer` → `owner`" in result.stdout
    changes = json.loads(run("diff", str(old), str(new), "--format", "json").stdout)["changes"]
    notes = [c["new"] for c in changes if c.get("field") == "notes"]
    assert notes == [[{"audience": "owner", "text": "programme.summary"}]]


@pytest.mark.parametrize("locale", ["en", "zh-TW", "it", "fr", "th"])
def test_an_assumed_time_zone_is_not_shown_as_fact(locale: str) -> None:
    cal = policies(SEEDS).calendars["zoho-business-days"]
    assert "timezone" in cal.not_stated and cal.timezone == "Asia/Kolkata"
    for data in (
        PAGES[f"site/{locale}/zoho-partner-support/index.html"],
        DOCS[f"docs/{locale}/zoho-partner-support.md"],
    ):
        assert b"Asia/Kolkata" not in data
    label = policies(SEEDS).chrome[locale]["label.not-stated"]
    assert isinstance(label, str) and label in visible_text(
        PAGES[f"site/{locale}/zoho-partner-support/index.html"]
    )
