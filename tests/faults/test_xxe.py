"""XML external entities, DTDs and server-side requests: every command reads XML through one safe
entry point (lxml without DTDs or entities; Saxon gets the tree lxml parsed, never a file).

Each variant is put into a text and into the register, and run through html, pdf, review, text
and validate: the local server must count zero requests and no file content may leak."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from .conftest import SHORT, Server, assert_clean_failure, run

SECRET = "SECRET-FILE-CONTENT-4711"
COMMANDS = ["html", "pdf", "review", "text", "validate"]


def variants(secret_file: Path, server: Server) -> dict[str, tuple[str, str]]:
    """name → (DOCTYPE, text put into a paragraph)."""
    return {
        "file-entity": (f'<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "{secret_file.as_uri()}">]>', "&xxe;"),
        "http-entity": (f'<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "{server.url("entity")}">]>', "&xxe;"),
        "parameter-entity": (f'<!DOCTYPE TEI [<!ENTITY % pe SYSTEM "{server.url("pe.dtd")}"> %pe;]>',
                             "&leak;"),
        "external-dtd": (f'<!DOCTYPE TEI SYSTEM "{server.url("ext.dtd")}">', "&leak;"),
        "internal-entity": ('<!DOCTYPE TEI [<!ENTITY e "expanded">]>', "&e;"),
    }


def inject(path: Path, doctype: str, reference: str) -> None:
    """Put a DOCTYPE before the root element and an entity reference into the first paragraph
    (or, in the register, the first persName)."""
    text = path.read_text(encoding="utf-8")
    decl_end = text.index("?>") + 2
    text = text[:decl_end] + "\n" + doctype + text[decl_end:]
    for tag in ("<p>", "<p ", "<persName>", "<persName "):
        at = text.find(tag)
        if at >= 0:
            close = text.index(">", at) + 1
            text = text[:close] + reference + text[close:]
            break
    else:
        raise AssertionError(f"nowhere to put the reference in {path}")
    path.write_text(text, encoding="utf-8")


def command_args(command: str, project: Path, target: Path) -> list[str | Path]:
    if command == "text":
        return ["text", target]
    return ["--root", project, command]


def outputs(project: Path) -> str:
    build = project / "build"
    if not build.exists():
        return ""
    return "".join(p.read_bytes().decode("utf-8", "replace") for p in build.rglob("*") if p.is_file())


def test_the_server_counts_requests(http_server: Server):
    """The counter the XXE tests rely on does count (else zero would prove nothing)."""
    with urllib.request.urlopen(http_server.url("probe"), timeout=10) as response:
        assert response.read() == b"LEAKED-OVER-HTTP"
    assert http_server.paths == ["/probe"]


@pytest.mark.parametrize("where", ["text", "register"])
@pytest.mark.parametrize("variant", ["file-entity", "http-entity", "parameter-entity",
                                     "external-dtd", "internal-entity"])
def test_no_entity_is_resolved_and_no_request_is_made(tei_project: Path, http_server: Server,
                                                      variant: str, where: str):
    secret = tei_project / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    doctype, reference = variants(secret, http_server)[variant]
    target = tei_project / "tei" / (f"{SHORT}.xml" if where == "text" else "register.xml")
    inject(target, doctype, reference)
    for command in COMMANDS:
        if command == "text" and where == "register":
            continue  # text reads one file; the register variant is covered by the others
        result = run(*command_args(command, tei_project, target), timeout=120)
        assert_clean_failure(result)
        said = result.stdout + result.stderr  # validate reports on stdout, the others on stderr
        assert "DOCTYPE" in said and target.name in said, (command, said[-1500:])
        seen = result.stdout + result.stderr + outputs(tei_project)
        assert SECRET not in seen, command
        assert "LEAKED-OVER-HTTP" not in seen, command
        assert "expanded" not in seen, command
    assert http_server.paths == []


def test_the_stylesheets_reach_no_network_even_if_asked(http_server: Server):
    """Defence in depth: the Saxon processor the edition uses refuses http(s) in doc()."""
    from edition.tei.xml import saxon_processor

    processor = saxon_processor()
    xpath = processor.new_xpath_processor()
    with pytest.raises(Exception):  # noqa: B017 (saxonche raises its own PySaxonApiError)
        xpath.evaluate(f"doc('{http_server.url('doc.xml')}')")
    assert http_server.paths == []


def test_the_unchanged_texts_still_publish_with_their_register(tei_project: Path):
    """The control: without the injection, html shows the register's names (passed as a tree)."""
    result = run("--root", tei_project, "html", timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    page = (tei_project / "build" / "html" / f"{SHORT}.html").read_text(encoding="utf-8")
    assert 'title="J. V. Stalin"' in page
    register = (tei_project / "build" / "html" / "register.html").read_text(encoding="utf-8")
    assert "per-stalin" in register


def test_the_pdf_renderer_requests_nothing_over_the_network(http_server: Server):
    """A URL that reached the print HTML (an image, a stylesheet) is not fetched by WeasyPrint."""
    from weasyprint import HTML

    from edition.publish.pdf import local_fetcher

    html = (f'<link rel="stylesheet" href="{http_server.url("style.css")}">'
            f'<p style="background: url({http_server.url("bg.png")})">text'
            f'<img src="{http_server.url("img.png")}"></p>')
    pdf = HTML(string=html, url_fetcher=local_fetcher()).write_pdf()
    assert pdf.startswith(b"%PDF")
    assert http_server.paths == []
