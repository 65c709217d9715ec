"""The same work set by the print edition (WeasyPrint) and by LuaLaTeX with microtype, measured
with bench/typeset.py side by side.

    make bench-latex        # installs TeX Live from Debian (texlive-luatex, texlive-latex-recommended)
    .venv/bin/python bench/latex_compare.py [--work works-06-w06] [--keep DIR]

The LaTeX text is made from the print edition's own HTML of the work (the same editorial rules:
corrected readings, titles, notes), on the same page (6×9 in, the same margins), in the same
type (EB Garamond 10.5/13.9 pt, justified, English hyphenation), with the settings a book
designer would use: microtype protrusion and font expansion, no widows or orphans, no page ending
in a broken word, at most two hyphenated lines in a row. Footnotes are LaTeX footnotes, endnote
calls superscripts, the source's page numbers margin notes. It is a yardstick for the
measurements, not a second print route: the edition's PDF stays WeasyPrint's.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

PREAMBLE = r"""\documentclass[twoside]{article}
\usepackage[paperwidth=6in,paperheight=9in,top=0.75in,bottom=0.8in,inner=0.7in,outer=0.9in,
  headsep=0.2in,headheight=12pt,marginparwidth=0.6in,marginparsep=0.12in]{geometry}
\usepackage{fontspec}
\setmainfont{EBGaramond12}[Path=/usr/share/fonts/opentype/ebgaramond/, Extension=.otf,
  UprightFont=*-Regular, ItalicFont=*-Italic, BoldFont=*-Bold]
\usepackage[protrusion=true,expansion=true,final]{microtype}
\fontsize{10.5pt}{13.86pt}\selectfont
\renewcommand{\normalsize}{\fontsize{10.5pt}{13.86pt}\selectfont}
\renewcommand{\footnotesize}{\fontsize{8.5pt}{10.6pt}\selectfont}
\renewcommand{\small}{\fontsize{9.7pt}{12.8pt}\selectfont}
\setlength{\parindent}{1.2em}\setlength{\parskip}{0pt}
\widowpenalty=10000 \clubpenalty=10000 \displaywidowpenalty=10000
\brokenpenalty=10000            % no page ends in a broken word
\doublehyphendemerits=900000    % hyphenated lines in a row are costly
\finalhyphendemerits=50000
\tolerance=2000 \emergencystretch=1em
\pagestyle{plain}
\begin{document}
\normalsize
"""

SPECIALS = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
            "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\^{}"}


def escape(text: str) -> str:
    return "".join(SPECIALS.get(c, c) for c in re.sub(r"\s+", " ", text))


def inline(el) -> str:
    """An element's content as LaTeX: italics, notes, calls; other spans as their text."""
    out = [escape(el.text or "")]
    for child in el:
        cls = set((child.get("class") or "").split())
        if not isinstance(child.tag, str):
            pass
        elif "footnote" in cls:
            out.append(r"\footnote{" + inline(child).strip() + "}")
        elif "pb" in cls:
            out.append(r"\marginpar{\scriptsize " + escape(child.text_content()) + "}")
        elif {"fn-call-anchor", "pb-bar", "ed-sic", "ed-orig", "ed-abbr", "ed-soft-hyphen"} & cls:
            pass
        elif "note-call" in cls:
            out.append(r"\textsuperscript{" + escape(child.text_content()) + "}")
        elif (child.tag in ("cite", "em", "i") and "ed-title-roman" not in cls) or "ed-reaction" in cls:
            out.append(r"\emph{" + inline(child) + "}")
        elif child.tag == "br":
            out.append(r"\\ ")
        else:
            out.append(inline(child))
        out.append(escape(child.tail or ""))
    return "".join(out)


def blocks(el, after_head: bool = True) -> list[str]:
    """The work's blocks in order as LaTeX paragraphs."""
    out: list[str] = []
    for child in el:
        if not isinstance(child.tag, str):
            continue
        cls = set((child.get("class") or "").split())
        if child.tag in ("h1", "h2", "h3", "h4") or "head" in cls:
            size = {"h1": r"\Large", "h2": r"\large"}.get(child.tag, r"\normalsize\scshape")
            out.append(r"\begin{center}" + size + " " + inline(child).strip() + r"\end{center}"
                       + "\n\\nopagebreak\n")
            after_head = True
        elif child.tag == "section" or "ed-sp" in cls:
            out += blocks(child, after_head)
        elif child.tag in ("blockquote", "figure") or "ed-cit" in cls:
            out.append(r"\begin{quote}\small " + inline(child).strip() + r"\end{quote}")
            after_head = True
        elif child.tag in ("ul", "ol"):
            items = [r"\item " + inline(li).strip() for li in child if li.tag == "li"]
            if items:
                out.append("\\begin{itemize}\n" + "\n".join(items) + "\n\\end{itemize}")
        elif "p" in cls or child.tag in ("p", "div"):
            text = inline(child).strip()
            if not text:
                continue
            align = ("\\raggedleft " if cls & {"closer", "signed", "dateline"} else "")
            indent = "\\noindent " if after_head or "cont" in cls or align else ""
            out.append("{" + align + indent + text + "\\par}" if align else indent + text)
            after_head = False
    return out


def work_latex(work: str) -> str:
    from lxml import html as lhtml

    from edition.publish.pdf import Transform

    register = ROOT / "tei" / "register.xml"
    html = Transform(ROOT / "tei" / "works-06.xml", register, "2024-01-01").html("main")
    [section] = lhtml.fromstring(html).xpath(f"//section[@id='{work}']")
    return PREAMBLE + "\n\n".join(blocks(section)) + "\n\\end{document}\n"


def weasyprint_work(work: str, out: Path) -> Path:
    """The work as the print edition sets it: the edition's print HTML with only this section."""
    from lxml import html as lhtml

    from edition.publish.pdf import Transform, _render_with_exceptions

    register = ROOT / "tei" / "register.xml"
    root = lhtml.fromstring(Transform(ROOT / "tei" / "works-06.xml", register, "2024-01-01").html("main"))
    for section in root.xpath("//section[contains(@class,'div-work') or contains(@class,'back-div')"
                              " or contains(@class,'title-page') or contains(@class,'imprint')]"
                              " | //nav | //div[@class='front']"):
        if section.get("id") != work:
            section.getparent().remove(section)
    pdf = out / f"{work}-weasyprint.pdf"
    # As the edition sets a book: with the local exceptions its breaks need (publish/breaks.py).
    document = _render_with_exceptions(lhtml.tostring(root, encoding="unicode"), out / f".{work}.breaks.json")
    pdf.write_bytes(document.write_pdf())
    return pdf


def main() -> int:
    import typeset

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", default="works-06-w06")
    ap.add_argument("--keep", type=Path, help="keep the .tex and both PDFs here")
    args = ap.parse_args()
    if not shutil.which("lualatex"):
        print("lualatex not found: run `make bench-latex` (TeX Live from Debian)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        tex = out / f"{args.work}.tex"
        tex.write_text(work_latex(args.work), encoding="utf-8")
        done = subprocess.run(["lualatex", "-interaction=nonstopmode", "-halt-on-error", tex.name],
                              cwd=out, capture_output=True, text=True)
        if done.returncode != 0:
            print(done.stdout[-2000:], file=sys.stderr)
            return 1
        results = {"WeasyPrint (the edition)": typeset.measure(weasyprint_work(args.work, out)).figures(),
                   "LuaLaTeX + microtype": typeset.measure(tex.with_suffix(".pdf")).figures()}
    keys = list(next(iter(results.values())))
    width = max(len(k) for k in keys)
    print(f"{'':<{width}}  " + "  ".join(f"{name:>26}" for name in results))
    for key in keys:
        print(f"{key:<{width}}  " + "  ".join(f"{str(r[key]):>26}" for r in results.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
