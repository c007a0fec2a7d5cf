"""The help-center emitters: snapshots, strict HTML validity, structure and chrome checks."""

from __future__ import annotations

import itertools
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import html5lib
import pytest
from click.testing import Result
from sitebuild import INJECTION, ROOT, SEEDS, SHARED, VENDOR, artifacts, policies
from syrupy.assertion import SnapshotAssertion

from policyc import pipeline
from policyc.emit import emitters
from policyc.emit.site.chrome import CHROME_KEYS, LABEL_KEYS, check_chrome
from policyc.emit.site.html import SiteEmitter
from policyc.emit.site.markdown import MarkdownEmitter
from policyc.emit.site.views import ProgrammePage

SEED_PAGES = [p for p in artifacts(SEEDS) if p.endswith(".html")]
ALL_HTML = [
    (tree, path)
    for tree in ((VENDOR, SHARED), (SEEDS,), (INJECTION, SHARED))
    for path in artifacts(*tree)
    if path.endswith(".html")
]


def parse(data: bytes) -> ElementTree.Element:
    """Parse strictly: any HTML5 parse error raises."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(data)


# -- snapshots of the small fixture in two locales ----------------------------------------


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_vendor_programme_page(locale: str, snapshot: SnapshotAssertion) -> None:
    pages = artifacts(VENDOR, SHARED)
    assert pages[f"site/{locale}/northwind-support/index.html"].decode() == snapshot
    assert pages[f"docs/{locale}/northwind-support.md"].decode() == snapshot


def test_vendor_indexes(snapshot: SnapshotAssertion) -> None:
    pages = artifacts(VENDOR, SHARED)
    assert sorted(pages) == snapshot
    assert pages["site/index.html"].decode() == snapshot
    assert pages["site/fr/index.html"].decode() == snapshot


def test_seed_site_layout() -> None:
    pages = artifacts(SEEDS)
    for locale in ("en", "zh-TW", "it", "fr", "th"):
        assert f"site/{locale}/index.html" in pages
        for prog in ("dropbox-premium-support", "zoho-partner-support"):
            assert f"site/{locale}/{prog}/index.html" in pages
            assert f"docs/{locale}/{prog}.md" in pages
    assert "site/index.html" in pages and "site/style.css" in pages
    assert "site/404.html" in pages  # sitemap.xml and robots.txt only with a base URL
    assert len(pages) == 1 + 1 + 1 + 5 + 10 + 10


# -- validity and accessibility structure ---------------------------------------------------


@pytest.mark.parametrize(
    ("tree", "path"), ALL_HTML, ids=[f"{t[0].parent.name}:{p}" for t, p in ALL_HTML]
)
def test_html_is_valid_and_accessible(tree: tuple[Path, ...], path: str) -> None:
    root = parse(artifacts(*tree)[path])
    assert root.tag == "html" and root.get("lang")
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for anchor in root.iter("a"):
        href = anchor.get("href", "")
        if href.startswith("#"):
            assert href[1:] in ids, f"dangling fragment {href}"
    for landmark in ("header", "main", "footer"):
        assert root.find(f".//{landmark}") is not None
    assert root.find(".//title") is not None and root.find(".//title").text
    for table in root.iter("table"):
        assert table.find("caption") is not None
        header = table.find("thead/tr")
        assert header is not None and all(th.get("scope") == "col" for th in header)
        width = len(header)
        for row in table.findall("tbody/tr"):
            assert len(row) == width
            assert row[0].tag == "th" and row[0].get("scope") == "row"
    levels = [int(e.tag[1]) for e in root.iter() if re.fullmatch(r"h[1-6]", str(e.tag))]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels


def test_language_switch_links_point_at_existing_pages() -> None:
    pages = artifacts(SEEDS)
    for path in SEED_PAGES:
        if path in ("site/index.html", "site/404.html"):
            continue
        nav = parse(pages[path]).find(".//nav[@class='languages']")
        assert nav is not None
        langs = []
        for a in nav.iter("a"):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), a.get("href")))
            assert target in pages, (path, a.get("href"))
            assert target.split("/")[1] == a.get("hreflang") == a.get("lang")
            langs.append(a.get("hreflang"))
        assert langs == ["en", "zh-TW", "it", "fr", "th"]


def test_determinism() -> None:
    ir = policies(SEEDS)
    mine = [e for e in emitters() if e.name in ("site", "markdown")]
    first = [(a.path, a.data) for e in mine for a in e.emit(ir)]
    second = [(a.path, a.data) for e in mine for a in e.emit(ir)]
    assert len(mine) == 2 and first
    assert first == second


# -- what the pages say ---------------------------------------------------------------------


def test_zoho_sla_matrix_states_business_and_calendar_time() -> None:
    html = artifacts(SEEDS)["site/en/zoho-partner-support/index.html"].decode()
    assert "1–3 hours" in html and "6–12 hours" in html and "2–3 days" in html
    assert "business time" in html and "calendar time, around the clock" not in html
    assert "For these cases (Downtime, System crash, and Login problems)" in html
    # the source names no time zone: the page says so instead of naming the assumed one
    assert "Asia/Kolkata" not in html and "Time zone</dt><dd>Not stated" in html
    assert 'href="mailto:claire.tredez@eu.zohocorp.com"' in html
    # resolution time: defined, but the source states no time for any plan or severity
    assert "No fixed target is committed." not in html
    resolution = html[html.index("Resolution time: Zoho Partner Support commitment") :]
    assert resolution[: resolution.index("</table>")].count("Not stated") == 9


def test_dropbox_pages_show_targets_in_each_language() -> None:
    pages = artifacts(SEEDS)
    expected = {
        "zh-TW": ("4 小時內", "1 小時內", "4 小時", "1 小時"),
        "it": ("Entro 4 ore", "Entro 1 ora", "4 ore", "1 ora"),
        "fr": ("Dans les 4 heures", "Dans l’heure", "4\xa0heures", "1\xa0heure"),
    }
    for locale, words in expected.items():
        html = pages[f"site/{locale}/dropbox-premium-support/index.html"].decode()
        for word in words:
            assert word in html, (locale, word)


def test_markdown_tables_are_valid_gfm() -> None:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    for path, data in artifacts(SEEDS).items():
        if not path.endswith(".md"):
            continue
        text = data.decode()
        widths: list[list[int]] = []
        for tok in md.parse(text):
            if tok.type == "table_open":
                widths.append([])
            elif tok.type == "tr_open":
                widths[-1].append(0)
            elif tok.type in ("th_open", "td_open"):
                widths[-1][-1] += 1
        assert widths and all(len(set(w)) == 1 and w[0] > 1 for w in widths), path
        blocks = re.findall(r"(?m)(?:^\|.*\n)+", text)
        assert len(blocks) == len(widths), path
        for block, width in zip(blocks, widths, strict=True):
            lines = block.splitlines()
            assert len(lines) == len(width) + 1, path  # + the delimiter row
            for line in lines:  # an unescaped pipe inside a cell would add a column
                assert len(re.split(r"(?<!\\)\|", line)) - 2 == width[0], (path, line)


# -- chrome catalogs -------------------------------------------------------------------------


def test_every_chrome_key_exists_and_has_the_right_shape() -> None:
    result = pipeline.validate([SEEDS])
    assert result.policies is not None
    assert check_chrome(result.policies, result.documents) == []


def test_every_chrome_key_is_used_by_the_emitters() -> None:
    src = ROOT / "src" / "policyc" / "emit"
    used = "\n".join(
        p.read_text() for p in [*src.rglob("*.py"), *src.glob("site/templates/*.html")]
    )
    for key in sorted(CHROME_KEYS):
        family = key.rsplit(".", 1)[0] + "."
        dynamic = family in ("channel-kind.", "field-type.", "section.")
        assert f'"{key}"' in used or f"'{key}'" in used or dynamic, key


def test_templates_use_only_listed_labels() -> None:
    templates = ROOT / "src" / "policyc" / "emit" / "site" / "templates"
    text = "\n".join(p.read_text() for p in templates.glob("*.html"))
    for key in re.findall(r"""page\.t\[["']([^"']+)["']\]""", text):
        assert key in LABEL_KEYS, key


def test_missing_chrome_is_a_warning_and_skips_the_pages(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    result = run("build", "--policies", str(VENDOR), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert "warning[PC420]" in result.stderr and "programme.yaml:4:5" in result.stderr
    assert not (tmp_path / "out" / "site").exists()


def test_unlabelled_audience_and_missing_key_are_located_errors(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    tree = tmp_path / "policies"
    for src in VENDOR.rglob("*.yaml"):
        dest = tree / src.relative_to(VENDOR)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(src.read_text().replace("audience: customer}", "audience: resellers}", 1))
    (tree / "shared").mkdir()
    (tree / "shared" / "calendars.yaml").write_text((SHARED / "calendars.yaml").read_text())
    for locale in ("en", "fr"):
        text = (SHARED / "chrome" / f"{locale}.yaml").read_text()
        text = re.sub(r"\n  nav\.skip: .*", "", text)
        (tree / "shared" / f"{locale}.yaml").write_text(text)
    result = run("build", "--policies", str(tree), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "programme.yaml:14:" in result.stderr and "audience.resellers" in result.stderr
    assert "error[PC421]" in result.stderr and "need: nav.skip\n" in result.stderr
    assert "shared/en.yaml:8:1: error[PC421]" in result.stderr  # at the catalog's messages
    assert not (tmp_path / "out").exists()


def test_the_site_emitter_is_registered() -> None:
    names = [e.name for e in emitters()]
    assert "site" in names and "markdown" in names
    assert SiteEmitter().emit(policies(VENDOR)) == []


def test_programme_page_sections_follow_the_content() -> None:
    from policyc.emit.site.pages import build_site

    site = build_site(policies(VENDOR, SHARED))
    page = next(p for p in site.programmes if p.page.lang == "en")
    assert isinstance(page, ProgrammePage)
    assert [s.id for s in page.sections] == [
        "plans",
        "severities",
        "targets",
        "hours",
        "channels",
        "eligibility",
        "escalation",
    ]


def test_html_and_markdown_share_one_set_of_view_models() -> None:
    from policyc import pipeline
    from policyc.emit.site.pages import SiteViews

    vendor = Path(__file__).parent.parent / "policies"
    first = pipeline.validate([vendor]).policies
    second = pipeline.validate([vendor]).policies
    assert first is not None and second is not None
    views = SiteViews()
    assert views.of(first) is views.of(first)
    assert views.of(second) is not views.of(first)
    assert views.of(second) == SiteViews().of(first)
    chosen = emitters()
    site, markdown = (e for e in chosen if e.name in ("site", "markdown"))
    assert isinstance(site, SiteEmitter) and isinstance(markdown, MarkdownEmitter)
    assert site.views is markdown.views
