"""The review desk (`edition review --serve`) in Debian's chromium, driven by Playwright: each
action writes exactly its decision into the TEI file, which stays valid and counts as reviewed.
Also the command line's batch accept, and a screenshot of the desk under build/."""

from __future__ import annotations

import difflib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from browsers import ARGS, CHROMIUM, serving
from edition.cli import main
from edition.review import review_files
from edition.review.decide import Document, Reviewer
from edition.review.server import make_server
from edition.validate import validate_files

ROOT = Path(__file__).resolve().parents[1]
EDITOR = "A. Editor"
ME = "#ed-a-editor"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("desk")
    shutil.copytree(ROOT / "raw", root / "raw")
    shutil.copytree(ROOT / "tei", root / "tei")
    return root


@pytest.fixture(scope="module")
def desk_url(project: Path) -> Iterator[str]:
    # the web edition next to the desk: a page per work (their content does not matter here)
    site = project / "build" / "html"
    site.mkdir(parents=True)
    for work in Document(project / "tei" / "works-06.xml").root.iterfind(
            ".//{*}div[@type='work']"):
        ident = work.get("{http://www.w3.org/XML/1998/namespace}id")
        (site / f"{ident}.html").write_text(f"<!DOCTYPE html><title>{ident}</title>", encoding="utf-8")
    server, _ = make_server(sorted((project / "tei").glob("*.xml")), project, Reviewer(EDITOR))
    with serving(server) as url:
        yield url


@pytest.fixture(scope="module")
def page(desk_url: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        pg = browser.new_page(viewport={"width": 1400, "height": 900})
        pg.problems = []  # type: ignore[attr-defined]
        pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))
        pg.on("request", lambda r: r.url.startswith(desk_url) or r.url.startswith("data:")
              or pg.problems.append(f"request to another host: {r.url}"))
        pg.goto(desk_url)
        pg.wait_for_selector("#queue li")
        yield pg
        browser.close()


def _changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """(removed lines, added lines) between two texts."""
    removed, added = [], []
    for line in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm=""):
        if line.startswith("-") and not line.startswith("---"):
            removed.append(line[1:])
        elif line.startswith("+") and not line.startswith("+++"):
            added.append(line[1:])
    return removed, added


def _valid(path: Path) -> None:
    errors = [d for d in validate_files([path]) if d.severity == "error"]
    assert errors == [], errors[:3]


def _annotation(path: Path, project: Path, ident: str):
    [review] = review_files([path], project)
    return next(a for a in review.annotations if a.ident == ident)


def _wait_written(page, path: Path, before: str) -> str:
    page.wait_for_function("() => document.querySelector('#status').textContent !== ''")
    for _ in range(100):
        text = path.read_text(encoding="utf-8")
        if text != before:
            return text
        page.wait_for_timeout(100)
    raise AssertionError(f"{path} was not written; status: {page.text_content('#status')}")


def _set_filter(page, **values: str) -> None:
    for name, value in values.items():
        selector = f"#f-{name}"
        if page.eval_on_selector(selector, "el => el.tagName") == "SELECT":
            page.select_option(selector, value)
        else:
            page.fill(selector, value)
            page.dispatch_event(selector, "change")
    page.keyboard.press("Escape")  # leave the filter fields: the keys act on the queue again
    page.wait_for_timeout(300)
    page.wait_for_load_state("networkidle")


def test_desk_actions_write_exactly_their_decision(page, project: Path) -> None:
    works = project / "tei" / "works-06.xml"
    # 1. filter to the low-certainty dates: the queue shows exactly those
    _set_filter(page, text="works-06", kind="date", cert="low", status="pending")
    [review] = review_files([works], project)
    low_dates = [a for a in review.annotations if a.kind == "date" and a.cert == "low" and not a.reviewed]
    assert page.locator("#queue li").count() == len(low_dates) > 5
    first_id = page.get_attribute("#queue li[aria-selected]", "id")
    ident = first_id.removeprefix("q-works-06-")
    # raw lines ±5 with the decision's line marked, the TEI fragment and the reading
    assert page.text_content("#card pre.raw .here").strip().startswith(
        str(_annotation(works, project, ident).raw_line))
    assert "<date" in page.text_content("#card pre.tei")
    # "open in the reading view": the work's page of the web edition served by the desk
    link = page.get_attribute("#card a.reading-view", "href")
    assert link.startswith("/site/works-06-w") and "#works-06-" in link
    assert page.request.get(desk_url_of(page) + link.lstrip("/")).status == 200

    # 2. accept it by keyboard: one line changes (and the editor is named once in the header)
    before = works.read_text(encoding="utf-8")
    page.keyboard.press("a")
    after = _wait_written(page, works, before)
    removed, added = _changed_lines(before, after)
    assert len(removed) == 1 and len(added) == 3
    assert any('<respStmt xml:id="ed-a-editor"><resp>' in line for line in added)
    assert any('<change when="' in line and f'who="{ME}"' in line for line in added)
    [decided] = [line for line in added if "<date" in line]
    old_tag = next(t for t in _tags(removed[0], "date") if 'cert="low"' in t and t not in decided)
    assert decided == removed[0].replace(old_tag, old_tag.replace(' resp="#conv" cert="low"',
                                                                  f' resp="{ME}"'), 1)
    _valid(works)
    assert _annotation(works, project, ident).reviewed
    assert _annotation(works, project, ident).resp == ME

    # 3. correct a date's @when: the accepted one left the queue, the next one is selected
    page.wait_for_function(f"() => !document.getElementById('{first_id}')")
    second = page.get_attribute("#queue li[aria-selected]", "id").removeprefix("q-works-06-")
    assert second != ident
    before = after
    page.keyboard.press("e")
    page.fill("#card input[name=when]", "1924-01-21")
    page.keyboard.press("Enter")
    after = _wait_written(page, works, before)
    removed, added = _changed_lines(before, after)
    # the decision's line, and the editor's change of the day noting what the converter had said
    assert len(removed) == len(added) == 2
    note, decided = sorted(added, key=lambda line: "<change " not in line)
    assert note.startswith(_before_end(removed, "<change ")) and \
        f'<ref type="corrected" n="{second}">&lt;date when=' in note
    assert 'when="1924-01-21"' in decided and f'resp="{ME}"' in decided
    old_line = next(r for r in removed if "<change " not in r)
    assert decided.count('cert="low"') == old_line.count('cert="low"') - 1
    _valid(works)
    corrected = _annotation(works, project, second)
    assert corrected.reviewed and corrected.attrs["when"] == "1924-01-21"

    # 4. a quote becomes said, its speaker chosen from the register
    _set_filter(page, kind="quote", cert="")
    doc = Document(works)
    quote_id = next(i for i, el in doc.by_id.items() if i.startswith("quote@")
                    and el.get("resp") == "#conv" and el.getparent().tag.endswith("}p")
                    and el.get("source") is None)
    page.click(f"#queue li#q-works-06-{_css(quote_id)}")
    page.wait_for_selector("#card select[name=tag]")
    options = page.eval_on_selector_all("#register option", "os => os.map(o => o.value)")
    assert "per:lenin" in options  # the register feeds the type-ahead
    before = after
    page.select_option("#card select[name=tag]", "said")
    page.fill("#card input[name=who]", "per:lenin")
    page.click("#card button.save")
    after = _wait_written(page, works, before)
    removed, added = _changed_lines(before, after)
    assert len(removed) == len(added) >= 2
    assert any(f'<ref type="corrected" n="{quote_id.replace("quote@", "said@")}">&lt;quote' in line
               for line in added)
    assert "<said " in "".join(added) and 'who="per:lenin"' in "".join(added)
    assert "".join(added).count("</said>") == 1 and "".join(removed).count("<quote ") >= 1
    _valid(works)
    said = _annotation(works, project, quote_id.replace("quote@", "said@"))
    assert said.reviewed and said.attrs["who"] == "per:lenin"

    # 5. batch accept a filter: every person name of one short text the converter is sure of
    short = project / "tei" / "brar-world-revolution.xml"
    _set_filter(page, text="brar-world-revolution", kind="persName", cert="sure")
    count = page.locator("#queue li").count()
    assert count > 3
    before = short.read_text(encoding="utf-8")
    page.click("#accept-all")
    after = _wait_written(page, short, before)
    assert after.count(f'resp="{ME}"') == count
    assert after.count("\n") == before.count("\n") + 2  # the respStmt and change lines
    removed, added = _changed_lines(before, after)
    assert all("persName" in line for line in removed)
    _valid(short)
    [review] = review_files([short], project)
    assert sum(a.kind == "persName" and a.resp == ME for a in review.annotations) == count

    # 6. undo the batch: the file is back as it was
    page.keyboard.press("u")
    page.wait_for_function("() => document.querySelector('#status').textContent.startsWith('undone')")
    assert short.read_text(encoding="utf-8") == before

    # the desk under build/ for the README and the report
    _set_filter(page, text="works-06", kind="date", cert="", status="pending")
    (ROOT / "build").mkdir(exist_ok=True)
    page.screenshot(path=str(ROOT / "build" / "review-desk.png"))
    assert page.problems == []


def test_desk_refuses_an_invalid_change(page, project: Path) -> None:
    works = project / "tei" / "works-06.xml"
    _set_filter(page, text="works-06", kind="date", cert="", status="pending")
    before = works.read_text(encoding="utf-8")
    page.keyboard.press("e")
    page.fill("#card input[name=when]", "1924-02-31")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#status').className === 'error'")
    assert "E060" in page.text_content("#status")
    assert works.read_text(encoding="utf-8") == before


def test_cli_batch_accept(project: Path, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "raw", tmp_path / "raw")
    shutil.copytree(ROOT / "tei", tmp_path / "tei")
    path = tmp_path / "tei" / "works-06.xml"
    before = path.read_text(encoding="utf-8")
    [review] = review_files([path], tmp_path)
    chosen = [a for a in review.pending if a.kind == "persName" and a.cert == "sure"]
    result = CliRunner().invoke(main, ["-q", "--root", str(tmp_path), "review", str(path),
                                       "--accept", "kind=persName cert=sure", "--editor", EDITOR])
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    removed, added = _changed_lines(before, after)
    assert len(added) == len(removed) + 2  # the respStmt and change lines
    assert after.count(f'resp="{ME}"') == len(chosen) > 100
    _valid(path)
    bad = CliRunner().invoke(main, ["-q", "--root", str(tmp_path), "review", "--accept", "kind=x"])
    assert bad.exit_code == 2 and "--editor" in bad.output
    bad = CliRunner().invoke(main, ["-q", "--root", str(tmp_path), "review", "--accept", "colour=red",
                                    "--editor", EDITOR])
    assert bad.exit_code == 2 and "key=value" in bad.output


def _before_end(lines: list[str], start: str) -> str:
    """The line starting with ``start`` (stripped) up to its end tag: what an appended note keeps."""
    line = next(line for line in lines if line.strip().startswith(start))
    return line[:line.rindex("</")]


def desk_url_of(page) -> str:
    return page.url.split("#")[0]


def _tags(line: str, name: str) -> list[str]:
    import re

    return re.findall(f"<{name}[^>]*>", line)


def _css(ident: str) -> str:
    """An element id as a CSS selector fragment (stable ids hold @ and .)."""
    return "".join("\\" + ch if not (ch.isalnum() or ch in "-_") else ch for ch in ident)


def test_desk_writes_only_for_its_own_page(desk_url: str, project: Path) -> None:
    import http.client
    from urllib.parse import urlsplit

    port = urlsplit(desk_url).port
    before = {p: p.read_bytes() for p in (project / "tei").glob("*.xml")}

    def request(method: str, path: str, headers: dict[str, str], body: str = "") -> int:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request(method, path, body=body.encode(), headers=headers)
        status = conn.getresponse().status
        conn.close()
        return status

    decision = '{"text": "works-06", "decisions": [{"id": "date@319.40"}]}'
    assert request("POST", "/api/decide", {"Content-Type": "application/json"}, decision) == 403
    assert request("GET", "/", {"Host": "attacker.example:80"}) == 403
    assert request("GET", "/site/../tei/works-06.xml", {}) == 404
    assert {p: p.read_bytes() for p in (project / "tei").glob("*.xml")} == before
