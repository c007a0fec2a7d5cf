"""The help center in a real browser: headless Debian Chromium driven by Selenium.

The seed site is built into a temporary directory and served on 127.0.0.1. Checks what a
reader sees (targets, contacts, language links), that nothing overflows a 375 px phone
screen, and runs axe-core (tests/browser/axe.min.js, MPL-2.0) on every page. Screenshots
of the Thai and Traditional Chinese pages go to test-artifacts/.

Skips only when Chromium or its driver is not installed; under CI (`CI` set) it fails
instead, since .ci/run installs them.
"""

from __future__ import annotations

import base64
import functools
import http.server
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sitebuild import ROOT, SEEDS, artifacts

CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver")
AXE = ROOT / "tests" / "browser" / "axe.min.js"
SHOTS = ROOT / "test-artifacts"
PHONE = 375
PHONE_SCREEN = 812  # a 375 × 812 phone
MAX_SCREENS = 12
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

if not (CHROMIUM and DRIVER):
    reason = "Debian chromium and chromium-driver are not installed (.ci/run installs them)"
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason, allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402

PAGES = sorted(p[len("site/") :] for p in artifacts(SEEDS) if p.endswith(".html"))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seed site, freshly built, served over HTTP on 127.0.0.1."""
    root = tmp_path_factory.mktemp("help-center")
    for path, data in artifacts(SEEDS).items():
        if path.startswith("site/"):
            target = root / path[len("site/") :]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tempfile.mkdtemp(prefix="policyc-chromium-")
    for flag in [*FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(str(DRIVER)))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def viewport(driver: WebDriver, width: int, height: int = 900) -> None:
    metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)


def open_page(driver: WebDriver, url: str, width: int = PHONE) -> None:
    viewport(driver, width)
    driver.get(url)
    driver.execute_script("return document.fonts.ready")


def screenshot(driver: WebDriver, name: str) -> Path:
    """A full-page PNG of the current page under test-artifacts/."""
    width, height = driver.execute_script(
        "return [document.documentElement.clientWidth, document.documentElement.scrollHeight]"
    )
    clip = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip}
    )
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"{name}.png"
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


def row_text(driver: WebDriver, table_id: str, header: str) -> str:
    """The visible text of the row whose header cell reads `header` ("" = the first row)."""
    for row in driver.find_elements(By.CSS_SELECTOR, f"#{table_id} tbody tr"):
        if header in ("", row.find_element(By.TAG_NAME, "th").text):
            return str(row.text)
    raise AssertionError(f"no row {header!r} in #{table_id}")


# -- what a reader sees ----------------------------------------------------------------------


def test_thai_zoho_page(browser: WebDriver, base_url: str) -> None:
    open_page(browser, base_url + "th/zoho-partner-support/index.html")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "th"
    table = "sla-partner-support-commitment-acknowledgement"
    # the caption is visually hidden (read by screen readers): its text, not what shows
    caption = browser.find_element(By.CSS_SELECTOR, f"#{table} caption").get_attribute(
        "textContent"
    )
    assert caption is not None
    assert caption.startswith("การรับทราบ")
    sev1 = row_text(browser, table, "ความรุนแรงระดับ 1")
    # business time (working days); only the critical case types run around the clock (*)
    assert sev1.count("1-3 ชั่วโมง*") == 3 and "เวลาทำการ" in sev1 and "เวลาตามปฏิทิน" not in sev1
    assert "6-12 ชั่วโมง" in row_text(browser, table, "ความรุนแรงระดับ 2")
    region = browser.find_element(By.ID, "region-europe-uk")
    assert region.get_attribute("open") is None  # collapsed until asked for
    browser.find_element(By.CSS_SELECTOR, "nav.toc a[href='#region-europe-uk-contacts']").click()
    assert region.get_attribute("open") is not None
    group = region.find_element(By.CSS_SELECTOR, ".contact-group[data-countries~='MC']")
    assert "ระดับ 4" in group.text
    links = {a.text: a.get_attribute("href") for a in group.find_elements(By.TAG_NAME, "a")}
    assert links["claire.tredez@eu.zohocorp.com"] == "mailto:claire.tredez@eu.zohocorp.com"
    assert "Claire Tredez" in group.text and "ฝรั่งเศส" in group.text
    assert all(a.is_displayed() for a in group.find_elements(By.TAG_NAME, "a"))
    screenshot(browser, "th-zoho-partner-support-375px")
    open_page(browser, base_url + "th/zoho-partner-support/index.html", 1280)
    screenshot(browser, "th-zoho-partner-support-1280px")


@pytest.mark.parametrize(
    ("locale", "service", "seed", "targets"),
    [
        ("zh-TW", "回應時間", ("4 小時內", "1 小時內"), ("4 小時", "1 小時")),
        ("it", "Tempo di risposta", ("Entro 4 ore", "Entro 1 ora"), ("4 ore", "1 ora")),
        ("fr", "Temps de réponse", ("Dans les 4 heures", "Dans l’heure"), ("4 heures", "1 heure")),
    ],
)
def test_dropbox_targets_in_the_seed_wording(
    browser: WebDriver,
    base_url: str,
    locale: str,
    service: str,
    seed: tuple[str, str],
    targets: tuple[str, str],
) -> None:
    open_page(browser, base_url + f"{locale}/dropbox-premium-support/index.html")
    browser.find_element(By.CSS_SELECTOR, "#plans details.more > summary").click()  # expand
    cells = row_text(browser, "plans-matrix", service).replace("\xa0", " ")
    assert cells.count(seed[0]) == 2 and cells.count(seed[1]) == 2, cells
    cells = browser.find_elements(By.CSS_SELECTOR, "#sla-standard-first-response .target")
    shown = [c.text.replace("\xa0", " ") for c in cells]
    assert shown == [targets[0], targets[1], targets[0], targets[1]]
    if locale == "zh-TW":
        screenshot(browser, "zh-TW-dropbox-premium-support-375px")
        open_page(browser, base_url + f"{locale}/dropbox-premium-support/index.html", 1280)
        screenshot(browser, "zh-TW-dropbox-premium-support-1280px")


def test_language_switch_links_work(browser: WebDriver, base_url: str) -> None:
    open_page(browser, base_url + "index.html")
    browser.find_element(By.CSS_SELECTOR, "a[hreflang='it']").click()
    assert browser.current_url == base_url + "it/index.html"
    browser.find_element(By.CSS_SELECTOR, ".programme-list a[href^='dropbox']").click()
    assert browser.current_url == base_url + "it/dropbox-premium-support/index.html"
    for locale, name in [
        ("fr", "Français"),
        ("th", "ไทย"),
        ("zh-TW", "繁體中文"),
        ("en", "English"),
    ]:
        nav = browser.find_element(By.CSS_SELECTOR, "nav.languages")
        nav.find_element(By.CSS_SELECTOR, f"a[hreflang='{locale}']").click()
        assert browser.current_url == base_url + f"{locale}/dropbox-premium-support/index.html"
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == locale
        current = browser.find_element(By.CSS_SELECTOR, "nav.languages a[aria-current='page']")
        assert current.text.startswith(name)


@pytest.mark.parametrize(
    ("country", "manager", "email"),
    [
        ("MC", "Claire Tredez", "claire.tredez@eu.zohocorp.com"),
        ("SM", "Francesco Orazi", "francesco.orazi@eu.zohocorp.com"),
        ("HR", "Francesco Orazi", "francesco.orazi@eu.zohocorp.com"),
    ],
)
def test_escalation_contact_by_country_in_one_click(
    browser: WebDriver, base_url: str, country: str, manager: str, email: str
) -> None:
    """ "I'm a Premium partner in Monaco with a Severity 1 issue: whom do I email?" From the
    top of the page, one click on the region in the contents shows the country's contacts."""
    open_page(browser, base_url + "en/zoho-partner-support/index.html")
    assert browser.execute_script("return window.scrollY") == 0
    group = browser.find_element(By.CSS_SELECTOR, f".contact-group[data-countries~='{country}']")
    assert not group.is_displayed()
    browser.find_element(By.CSS_SELECTOR, "nav.toc a[href='#region-europe-uk-contacts']").click()
    assert group.is_displayed()
    level4 = group.find_elements(By.CSS_SELECTOR, ".levels > li")[-1]
    assert level4.text.startswith("Level 4") and manager in level4.text
    mail = level4.find_element(By.CSS_SELECTOR, f"a[href='mailto:{email}']")
    assert mail.is_displayed()
    if country == "MC":
        browser.execute_script("arguments[0].scrollIntoView()", group)
        screenshot(browser, "en-zoho-partner-support-monaco-375px")


def test_contact_purchase_and_targets_in_one_click(browser: WebDriver, base_url: str) -> None:
    """From the top: the targets, a contact channel's address and how to buy, one click each."""
    page = base_url + "en/dropbox-premium-support/index.html"
    open_page(browser, page)
    browser.find_element(By.CSS_SELECTOR, "nav.toc a[href='#targets']").click()
    assert browser.find_element(By.CSS_SELECTOR, "#sla-standard-first-response").is_displayed()
    open_page(browser, page)
    toc = browser.find_element(By.CSS_SELECTOR, "nav.toc")
    toc.find_element(By.CSS_SELECTOR, "a[href='#channel-support-site-details']").click()
    card = browser.find_element(By.ID, "channel-support-site")
    link = card.find_element(By.CSS_SELECTOR, "a[href='https://dropbox.com/support']")
    assert link.is_displayed()
    open_page(browser, page)
    browser.find_element(By.CSS_SELECTOR, "nav.toc a[href='#purchase']").click()
    assert browser.find_element(By.ID, "purchase").is_displayed()


# -- layout and accessibility on every page ----------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_page_fits_twelve_phone_screens_collapsed(
    browser: WebDriver, base_url: str, page: str
) -> None:
    """Every page, as it opens (long parts collapsed), is at most 12 screens of a 375 × 812
    phone; the screenshot of each programme page goes to test-artifacts/."""
    viewport(browser, PHONE, PHONE_SCREEN)
    browser.get(base_url + page)
    browser.execute_script("return document.fonts.ready")
    assert browser.execute_script("return document.querySelectorAll('details[open]').length") == 0
    height = browser.execute_script("return document.documentElement.scrollHeight")
    assert height <= MAX_SCREENS * PHONE_SCREEN, f"{page}: {height} px"
    if page.count("/") == 2:
        name = page.removesuffix("/index.html").replace("/", "-")
        screenshot(browser, f"{name}-375px-collapsed")


@pytest.mark.parametrize("page", PAGES)
def test_nothing_overflows_a_phone_screen(browser: WebDriver, base_url: str, page: str) -> None:
    open_page(browser, base_url + page)
    width = browser.execute_script("return window.innerWidth")
    assert width == PHONE
    assert browser.execute_script("return document.documentElement.scrollWidth") <= PHONE
    boxes = browser.execute_script(
        "return Array.from(document.querySelectorAll('table')).map(t => {"
        " const w = t.closest('.table-wrap'); const r = (w || t).getBoundingClientRect();"
        " return [t.id || t.querySelector('caption').textContent, r.left, r.right, !!w]; })"
    )
    for name, left, right, wrapped in boxes:
        assert wrapped, f"table {name} is not in a scrolling wrapper"
        assert left >= 0 and right <= PHONE + 0.5, f"table {name} overflows: {left}..{right}"


def color_scheme(driver: WebDriver, scheme: str) -> None:
    """Emulate the reader's `prefers-color-scheme` (light or dark)."""
    features = [{"name": "prefers-color-scheme", "value": scheme}]
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": features})


@pytest.mark.parametrize("width", [PHONE, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page", PAGES)
def test_axe_finds_no_violations(
    browser: WebDriver, base_url: str, page: str, scheme: str, width: int
) -> None:
    """axe-core on every page, light and dark, on a phone and a desktop screen."""
    color_scheme(browser, scheme)
    try:
        open_page(browser, base_url + page, width)
        dark = browser.execute_script("return matchMedia('(prefers-color-scheme: dark)').matches")
        assert dark == (scheme == "dark")
        background = browser.execute_script(
            "return getComputedStyle(document.documentElement).backgroundColor"
        )
        assert background == ("rgb(18, 20, 23)" if dark else "rgb(255, 255, 255)")
        violations = _axe(browser)
    finally:
        color_scheme(browser, "light")
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)


def _axe(browser: WebDriver) -> list[dict[str, Any]]:
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    violations = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))"
        ".catch(e => done([{id: 'axe-error', help: String(e)}]));"
    )
    return list(violations)


def test_tables_keep_row_labels_and_show_a_scroll_cue(browser: WebDriver, base_url: str) -> None:
    """On a phone, the widest table scrolls; its first column stays where it was and the
    box carries the scroll shadow (CSS only)."""
    open_page(browser, base_url + "en/dropbox-premium-support/index.html")
    browser.find_element(By.CSS_SELECTOR, "#plans details.more > summary").click()
    wrap = browser.find_element(By.CSS_SELECTOR, "#plans-matrix").find_element(
        By.XPATH, "./ancestor::div[contains(@class, 'table-wrap')]"
    )
    assert browser.execute_script(
        "return arguments[0].scrollWidth > arguments[0].clientWidth", wrap
    )
    assert "radial-gradient" in wrap.value_of_css_property("background-image")
    label = wrap.find_element(By.CSS_SELECTOR, "tbody tr th")
    before = label.rect["x"]
    browser.execute_script("arguments[0].scrollLeft = 200", wrap)
    assert abs(label.rect["x"] - before) <= 1  # stuck (half a border of collapse)
    cell = wrap.find_element(By.CSS_SELECTOR, "tbody tr td")
    assert label.value_of_css_property("position") == "sticky"
    assert cell.rect["x"] < before + label.rect["width"]  # the cells slid under the labels


# -- Thai line breaks ------------------------------------------------------------------------

THAI_PAGES = [p for p in PAGES if p.startswith("th/")]
# Every line-box boundary between two Thai letters, in document order, with all <details>
# open: whether a <wbr> (a segmenter word boundary) sits there. Other boundaries (spaces,
# Latin text) are not counted.
_LINE_BREAKS = """
const thai = c => /[\\u0e01-\\u0e5b]/.test(c);
const blocks = 'p,li,td,th,h1,h2,h3,h4,dd,dt,summary,caption,figcaption,blockquote,a,div';
document.querySelectorAll('details').forEach(d => { d.open = true; });
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
const found = {breaks: 0, inside: []};
let prev = null;
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  const host = n.parentElement;
  if (!host.closest('[lang="th"]') || host.closest('title, script, style')) { prev = null; continue; }
  const block = host.closest(blocks);
  for (let i = 0; i < n.data.length; i++) {
    const c = n.data[i];
    if (/\\s/.test(c)) { prev = null; continue; }
    const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
    const box = r.getClientRects()[0];
    if (!box || box.width === 0) continue;  // a combining mark rides on its base letter
    if (prev && prev.block === block && box.top > prev.top + box.height / 2
        && thai(prev.c) && thai(c)) {
      found.breaks++;
      const between = document.createRange();
      between.setStart(prev.node, prev.i + 1); between.setEnd(n, i);
      if (!between.cloneContents().querySelector('wbr, br'))
        found.inside.push(prev.node.data.slice(Math.max(0, prev.i - 6), prev.i + 1) + '|'
          + n.data.slice(i, i + 6));
    }
    prev = {node: n, c: c, i: i, top: box.top, block: block};
  }
}
return found;
"""


@pytest.mark.parametrize("width", [PHONE, 1280])
@pytest.mark.parametrize("page", THAI_PAGES)
def test_thai_lines_break_only_between_words(
    browser: WebDriver, base_url: str, page: str, width: int
) -> None:
    """Every line-box boundary inside Thai text falls where the segmenter put a <wbr>."""
    open_page(browser, base_url + page, width)
    found = browser.execute_script(_LINE_BREAKS)
    assert found["inside"] == [], f"{page} at {width} px: {found}"
    if page.count("/") == 2 and width == PHONE:
        assert found["breaks"] > 50, found  # the measurement saw the page's Thai lines
