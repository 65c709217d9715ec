"""Web edition (issue 6) in a real browser: Debian's chromium driven by Playwright, the site served
over HTTP on 127.0.0.1 (pagefind needs HTTP). Screenshots at 1280 and 390 pixels go to
build/screenshots/ for review."""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import html as lhtml

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "build" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]


def test_debian_chromium_is_installed():
    # a missing browser must fail the suite, not skip the browser tests
    assert Path(CHROMIUM).exists(), "Debian's chromium is required: make test-deps installs it"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@pytest.fixture(scope="module")
def base_url(web_site: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(web_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, base_url: str):
    """A page that records console errors, page errors and any request to another host."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.problems = []  # type: ignore[attr-defined]
    pg.on("console", lambda m: m.type == "error" and pg.problems.append(f"console: {m.text}"))
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))
    host = urlsplit(base_url).netloc

    def on_request(req) -> None:
        if urlsplit(req.url).netloc not in (host, ""):
            pg.problems.append(f"request to another host: {req.url}")

    pg.on("request", on_request)
    pg.on("response", lambda r: r.status >= 400 and pg.problems.append(f"HTTP {r.status}: {r.url}"))
    yield pg
    problems = list(pg.problems)
    context.close()
    assert problems == []


def work_page_with_both_notes(site: Path) -> str:
    """A work page of the Works volume with a footnote call and an endnote call."""
    for p in sorted(site.glob("works-06-*.html")):
        doc = lhtml.fromstring(p.read_bytes())
        calls = doc.xpath("//a[contains(@class,'note-call')]/@class")
        if any("note-call-foot" in c for c in calls) and any("note-call-end" in c for c in calls):
            return p.name
    raise AssertionError("no work page with both a footnote and an endnote call")


def open_popup_by_keyboard(page, call) -> str:
    call.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".note-popup")
    popup.wait_for(state="visible")
    assert popup.get_attribute("role") == "dialog"
    assert page.evaluate("document.activeElement.classList.contains('note-popup')")
    text = popup.inner_text()
    page.keyboard.press("Escape")
    assert popup.count() == 0
    # Focus returns to the call.
    assert page.evaluate("document.activeElement.classList.contains('note-call')")
    return text


def test_reader_journey(page, base_url: str, web_site: Path) -> None:
    page.goto(base_url)
    assert page.title().startswith("Home")
    # Home → the Works volume → a work through the table of contents.
    page.click("main a.text-link[href='works-06.html']")
    page.wait_for_url("**/works-06.html")
    target = work_page_with_both_notes(web_site)
    page.click(f"nav.volume-toc a[href='{target}']")
    page.wait_for_url(f"**/{target}")
    assert page.locator("main h1").count() == 1

    # A footnote and an endnote pop-up, opened by keyboard; the text matches the note list.
    foot = page.locator("a.note-call-foot").first
    foot_text = open_popup_by_keyboard(page, foot)
    listed = page.locator(f"li[id='{foot.get_attribute('href')[1:]}'] .note-body").inner_text()
    assert foot_text.strip().startswith(listed.strip()[:40])
    end = page.locator("a.note-call-end").first
    end_text = open_popup_by_keyboard(page, end)
    listed = page.locator(f"[id='{end.get_attribute('href')[1:]}'] .note-body").first.inner_text()
    assert listed.strip()[:40] in end_text

    # Touch / click works the same way; a click outside closes the pop-up.
    foot.click()
    assert page.locator(".note-popup").is_visible()
    page.mouse.click(5, 5)
    assert page.locator(".note-popup").count() == 0

    # The diplomatic view shows the source's readings (no JavaScript involved).
    sic = page.locator(".ed-sic, .ed-orig").first
    if sic.count():
        assert not sic.is_visible()
        page.check("#diplomatic-toggle")
        assert sic.is_visible()
        page.uncheck("#diplomatic-toggle")


def test_page_anchor_from_the_volume_page(page, base_url: str) -> None:
    page.goto(base_url + "works-06.html")
    link = page.locator("nav.page-index a").nth(40)
    number = link.inner_text().strip()
    link.click()
    page.wait_for_url(re.compile(rf".*#p{re.escape(number)}$"))
    anchor = page.locator(f"[id='p{number}']")
    assert anchor.count() == 1
    box = anchor.bounding_box()
    assert box is not None and 0 <= box["y"] < 900
    assert page.evaluate("window.scrollY") > 0


def test_search_reaches_the_paragraph(page, base_url: str, web_site: Path) -> None:
    # A phrase from a paragraph of a work of the Works volume.
    doc = lhtml.fromstring((web_site / work_page_with_both_notes(web_site)).read_bytes())
    para = next(p for p in doc.xpath("//main//p[contains(@class,'tei-p')][@id]")
                if len(p.text_content().split()) > 30)
    words = re.findall(r"[A-Za-z]{4,}", para.text_content())[5:10]
    phrase = " ".join(words)
    page.goto(base_url + "search.html")
    page.fill("#search-q", phrase)
    page.keyboard.press("Enter")
    page.locator("a.search-hit").first.wait_for()
    hrefs = page.locator("a.search-hit").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    wanted = [h for h in hrefs if h.endswith("#" + para.get("id"))]
    assert wanted, f"no result links to {para.get('id')}: {hrefs}"
    page.click(f"a.search-hit[href='{wanted[0]}']")
    page.wait_for_url(f"**#{para.get('id')}")
    target = page.locator(f"[id='{para.get('id')}']")
    assert words[0] in target.inner_text()


def test_register_reaches_a_mention(page, base_url: str) -> None:
    page.goto(base_url + "register.html")
    entry = page.locator("article[id='per-lenin']")
    entry.locator("summary").click()
    mention = entry.locator("details a").first
    href = mention.get_attribute("href")
    mention.click()
    page.wait_for_url("**/" + href)
    block = page.locator(f"[id='{href.split('#')[1]}']")
    assert block.locator("a[href='register.html#per-lenin']").count() >= 1


def test_screenshots_at_desktop_and_phone_width(browser, base_url: str, web_site: Path) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    work = work_page_with_both_notes(web_site)
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900})
        pg = context.new_page()
        for name in ("index.html", work, "register.html"):
            pg.goto(base_url + name)
            # Nothing wider than the viewport: readable without horizontal scrolling.
            assert pg.evaluate("document.documentElement.scrollWidth") <= width + 1, f"{name} at {width}px"
            shot = SHOTS / f"web-{Path(name).stem}-{width}.png"
            pg.screenshot(path=str(shot))
            assert shot.stat().st_size > 10_000
        context.close()


def test_page_markers_inside_notes_stay_inside_the_popup(browser, base_url: str, web_site: Path) -> None:
    """An endnote holding a printed page ("p. 421" inside endnote 2): its marker is laid out inside
    the pop-up and inside the note list, not in the body text's margin."""
    found = None
    for p in sorted(web_site.glob("works-06-*.html")):
        doc = lhtml.fromstring(p.read_bytes())
        for note in doc.xpath("//*[contains(@class,'note-end')][.//a[contains(@class,'pb')]]"):
            if doc.xpath(f"//a[contains(@class,'note-call')][@href='#{note.get('id')}']"):
                found = (p.name, note.get("id"))
                break
        if found:
            break
    assert found, "no page calling an endnote that holds a printed page"
    name, note_id = found
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900})
        pg = context.new_page()
        pg.goto(base_url + name)
        call = pg.locator(f"a.note-call[href='#{note_id}']").first
        call.scroll_into_view_if_needed()
        call.click()
        popup = pg.locator(".note-popup")
        popup.wait_for(state="visible")
        box = popup.bounding_box()
        markers = popup.locator("a.pb")
        assert markers.count() >= 1
        for i in range(markers.count()):
            m = markers.nth(i).bounding_box()
            inside_x = box["x"] <= m["x"] and m["x"] + m["width"] <= box["x"] + box["width"] + 1
            inside_y = box["y"] <= m["y"] and m["y"] + m["height"] <= box["y"] + box["height"] + 1
            assert inside_x and inside_y, (width, m, box)
        listed = pg.locator(f"[id='{note_id}']")
        lbox, mbox = listed.bounding_box(), listed.locator("a.pb").first.bounding_box()
        assert lbox["x"] <= mbox["x"] <= lbox["x"] + lbox["width"], (width, mbox, lbox)
        context.close()
