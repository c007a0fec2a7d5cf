"""What the web platform expects of the help centre: meta description, Open Graph, favicon,
404 page, and with `--base-url` canonical links, absolute hreflang, sitemap.xml, robots.txt."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from sitebuild import SEEDS, artifacts

from policyc.cli import main
from policyc.emit.site.webmeta import base_url_problem, sitemap

BASE = "https://help.example.com/support/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled policies built with a base URL, through the CLI."""
    out = tmp_path_factory.mktemp("web") / "generated"
    done = CliRunner().invoke(
        main, ["build", "--policies", str(SEEDS), "--out", str(out), "--base-url", BASE]
    )
    assert done.exit_code == 0, done.output
    return out


def _pages(site: dict[str, bytes]) -> dict[str, str]:
    return {p: d.decode() for p, d in site.items() if p.startswith("site/") and p.endswith(".html")}


def test_every_page_has_description_open_graph_and_an_inline_favicon() -> None:
    pages = _pages(artifacts(SEEDS))
    assert "site/404.html" in pages
    for path, html in pages.items():
        description = re.search(r'<meta name="description" content="([^"]+)">', html)
        assert description and len(description.group(1)) > 20, path
        assert f'<meta property="og:description" content="{description.group(1)}">' in html
        assert '<meta property="og:title" content="' in html, path
        icons = re.findall(r'<link rel="icon" href="([^"]+)">', html)
        assert icons and icons[0].startswith("data:image/svg+xml,"), path  # nothing to fetch


def test_the_description_is_the_programme_summary() -> None:
    html = _pages(artifacts(SEEDS))["site/zh-TW/dropbox-premium-support/index.html"]
    assert '<meta name="description" content="Dropbox 頂級支援服務是 Dropbox 工作團隊帳戶' in html


def test_without_a_base_url_no_hreflang_links_sitemap_or_canonical() -> None:
    site = artifacts(SEEDS)
    assert "site/sitemap.xml" not in site and "site/robots.txt" not in site
    for path, html in _pages(site).items():
        assert '<link rel="alternate"' not in html, path  # relative hreflang is invalid
        assert 'rel="canonical"' not in html, path


def test_with_a_base_url_absolute_alternates_canonical_and_x_default(built: Path) -> None:
    html = (built / "site/th/zoho-partner-support/index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{BASE}th/zoho-partner-support/">' in html
    alternates = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)
    assert ("x-default", BASE) in alternates
    assert ("zh-TW", f"{BASE}zh-TW/zoho-partner-support/") in alternates
    assert all(href.startswith(BASE) for _, href in alternates)
    assert len(alternates) == 6  # five languages and x-default


def test_sitemap_and_robots_list_every_page(built: Path) -> None:
    sitemap = (built / "site/sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    pages = sorted(
        str(p.relative_to(built / "site")).removesuffix("index.html")
        for p in (built / "site").rglob("index.html")
    )
    assert sorted(locs) == sorted(BASE + p for p in pages)
    robots = (built / "site/robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in robots
    listed = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    names = json.dumps(listed)
    for new in ("site/sitemap.xml", "site/robots.txt", "site/404.html"):
        assert new in names


def test_a_build_with_a_base_url_is_reproducible(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "generated"
    shutil.copytree(built, again)
    done = CliRunner().invoke(
        main,
        ["build", "--policies", str(SEEDS), "--out", str(again), "--base-url", BASE, "--check"],
    )
    assert done.exit_code == 0, done.output


@pytest.mark.parametrize(
    "url",
    [
        "http://help.example.com/",
        "https://",
        "https://help.example.com/?q=1",
        "https://help.example.com/#top",
        "https://user:pw@help.example.com/",
        "help.example.com",
        "https://help example.com/",
    ],
)
def test_a_base_url_must_be_plain_https(url: str, tmp_path: Path) -> None:
    assert base_url_problem(url) is not None
    done = CliRunner().invoke(
        main, ["build", "--policies", str(SEEDS), "--out", str(tmp_path / "g"), "--base-url", url]
    )
    assert done.exit_code == 2
    assert "--base-url" in done.output and "Traceback" not in done.output
    assert not (tmp_path / "g").exists()


def test_sitemap_addresses_are_escaped_for_xml() -> None:
    """An `&` an address may hold is written `&amp;`: the sitemap stays well-formed XML."""
    data = sitemap("https://help.example.com/a&b/", ["en/index.html"])
    assert b"<loc>https://help.example.com/a&amp;b/en/</loc>" in data
    ET.fromstring(data)
