"""The review report opens in Chromium without errors; a screenshot is kept under build/."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from browsers import ARGS, CHROMIUM
from edition.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("review")
    result = CliRunner().invoke(main, ["-q", "--root", str(ROOT), "review", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_review_report_opens_in_chromium(report: Path) -> None:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is required for the browser tests"
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
            page.on("console", lambda msg: errors.append(f"console: {msg.text}")
                    if msg.type == "error" else None)
            page.goto((report / "index.html").as_uri())
            rows = page.locator("#summary tbody tr")
            assert rows.count() == 5
            assert "unity-national-international" in page.locator("#summary").inner_text()
            page.click("text=comintern-programme-1928")
            page.wait_for_load_state()
            assert page.url.endswith("comintern-programme-1928.html")
            anomalies = page.locator("table.anomalies").inner_text()
            assert "R107" in anomalies and "1929" in anomalies
            # raw text and TEI side by side for the first annotation to review
            first = page.locator("#pending ~ .item").first
            assert first.locator(".side > div").count() == 2
            assert "<" in first.locator(".side > div").nth(1).inner_text()  # escaped XML shown as text
            shot = ROOT / "build" / "review-screenshot.png"
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot), full_page=False)
            assert shot.stat().st_size > 10_000
        finally:
            browser.close()
    assert errors == []
