"""`convert --keep-reviewed` after a review session: every accept and correction is carried into
the fresh conversion by source position while the converter's change elsewhere lands, and a
place where the converter now decides differently is listed as a conflict (editor's version kept)."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from edition.cli import main
from edition.review import review_files
from edition.review.decide import Decision, Document, Reviewer, decide
from edition.validate import validate_files

ROOT = Path(__file__).resolve().parents[1]
ME = "#ed-a-editor"
NEW_CORRECTION = '''
[[correction]]
source = "works-06"
line = 87
found = "exhaustive"
reading = "exhaustive (test)"
kind = "sic"
cert = "low"
why = "a converter change in another paragraph (test)"
'''


def _by_id(path: Path):
    return Document(path).by_id


def test_keep_reviewed_carries_a_session_and_lists_conflicts(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "raw", tmp_path / "raw")
    shutil.copytree(ROOT / "tei", tmp_path / "tei")
    path = tmp_path / "tei" / "works-06.xml"
    [review] = review_files([path], tmp_path)
    low = [a for a in review.pending if a.kind == "date" and a.cert == "low"]
    accepted, corrected = low[0].ident, low[1].ident
    doc = Document(path)
    quote = next(i for i, el in doc.by_id.items() if i.startswith("quote@")
                 and el.getparent().tag.endswith("}p") and el.get("source") is None)
    choice = next(i for i, el in doc.by_id.items() if i.startswith("choice[sic]@")
                  and "JanuCOMMERCIAL" in "".join(el.itertext()))
    rejected = low[2].ident
    me = Reviewer("A. Editor")
    decide(path, [Decision(accepted), Decision(corrected, "set", {"when": "1923-12-20"}),
                  Decision(quote, "kind", {"who": "per:lenin"}, tag="said"), Decision(choice)], me)
    decide(path, [Decision(rejected, "reject")], me)  # recorded in the editor's change
    assert rejected not in _by_id(path) and f'<ref type="rejected" n="{rejected}">' in \
        path.read_text(encoding="utf-8")
    # an element the editor added by hand, saying so
    text = path.read_text(encoding="utf-8")
    text = text.replace("and that the NEP does not",
                        f'and that the <soCalled resp="{ME}">NEP</soCalled> does not', 1)
    path.write_text(text, encoding="utf-8")
    assert not [d for d in validate_files([path]) if d.severity == "error"]

    # the converter changes: a new correction elsewhere, and another reading at the accepted place
    corrections = tmp_path / "raw" / "corrections.toml"
    rules = corrections.read_text(encoding="utf-8")
    rules = rules.replace('found = "JanuCOMMERCIAL"\nreading = "Janu"',
                          'found = "JanuCOMMERCIAL"\nreading = "Janu-"', 1)
    corrections.write_text(rules + NEW_CORRECTION, encoding="utf-8")

    result = CliRunner().invoke(main, ["--root", str(tmp_path), "convert", "--keep-reviewed",
                                       str(next((tmp_path / "raw").glob("004_*.txt")))])
    assert result.exit_code == 0, result.output
    out = result.output
    assert ("1 accepted, 3 corrected, 1 added and 1 rejected annotation(s); 1 conflict(s)"
            in " ".join(out.split()))
    # the one conflict: the converter now decides otherwise where the editor accepted (the
    # editor's version kept); the corrections whose converter decision did not change are none
    [conflict] = " ".join(out.split()).split("conflict: ")[1:]
    assert "raw line 11455" in conflict and "writes <choice>Janu-," in conflict
    assert "<choice>Janu (#ed-a-editor) is kept" in conflict
    # the corrections name what the converter had decided (kept in the editor's change)
    assert f'<ref type="corrected" n="{corrected}">&lt;date when="' in path.read_text(encoding="utf-8")

    after = path.read_text(encoding="utf-8")
    assert "<corr>exhaustive (test)</corr>" in after  # the converter's change landed
    els = _by_id(path)
    assert els[accepted].get("resp") == ME and els[accepted].get("cert") is None
    assert els[corrected].get("when") == "1923-12-20" and els[corrected].get("resp") == ME
    said = els[quote.replace("quote@", "said@")]
    assert said.get("who") == "per:lenin" and said.get("resp") == ME
    assert els[choice].get("resp") == ME and els[choice].findtext("{*}corr") == "Janu"  # editor's kept
    assert f'<soCalled resp="{ME}">NEP</soCalled>' in after
    assert rejected not in els  # still rejected: the converter's date is not back
    assert 'xml:id="ed-a-editor"' in after and f'who="{ME}"' in after
    assert not [d for d in validate_files([path]) if d.severity == "error"]
    [review] = review_files([path], tmp_path)
    assert sum(a.resp == ME for a in review.annotations) == 5
