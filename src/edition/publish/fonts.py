"""The web edition's font: EB Garamond subset to the characters the edition uses, as WOFF2.

    python -m edition.publish.fonts [TEI files...]   rewrites publish/assets/fonts/*.woff2

The subsets are committed (the site needs no font at build time); run this again when a new text
brings characters the subsets lack (a test compares the TEI's characters with the fonts). Source:
Debian's fonts-ebgaramond (SIL Open Font License 1.1), subset with fontTools, compressed with
brotli (both pinned in constraints.txt).
"""

from __future__ import annotations

import sys
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/opentype/ebgaramond")
ASSET_FONTS = Path(__file__).resolve().parent / "assets" / "fonts"
FACES = {  # web file → Debian font file
    "ebgaramond-regular.woff2": "EBGaramond12-Regular.otf",
    "ebgaramond-italic.woff2": "EBGaramond12-Italic.otf",
    "ebgaramond-bold.woff2": "EBGaramond12-Bold.otf",
}
# Always present: ASCII, Latin-1, general punctuation, the marks the site's own labels use.
BASE_CHARS = "".join(map(chr, range(0x20, 0x7F))) + "".join(map(chr, range(0xA0, 0x100))) + \
    "".join(map(chr, range(0x2010, 0x2027))) + "¶†‡•…′″‹›€№"


def characters_of(tei_files: list[Path]) -> set[str]:
    """Every character of the given files' text (markup included: it is ASCII)."""
    chars: set[str] = set(BASE_CHARS)
    for path in tei_files:
        chars.update(path.read_text(encoding="utf-8"))
    return {c for c in chars if c.isprintable()}


def subset_fonts(chars: set[str], out_dir: Path = ASSET_FONTS) -> list[Path]:
    from fontTools import subset

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for web_name, source in FACES.items():
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["kern", "liga", "onum", "smcp", "c2sc"]
        options.name_IDs = ["*"]  # keep the licence and copyright names
        options.notdef_outline = True
        font = subset.load_font(str(FONT_DIR / source), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(ord(c) for c in chars))
        subsetter.subset(font)
        target = out_dir / web_name
        subset.save_font(font, str(target), options)
        written.append(target)
    return written


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or sorted(Path("tei").glob("*.xml"))
    for path in subset_fonts(characters_of(files)):
        print(f"{path} {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
