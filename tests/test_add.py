"""`edition add`: a new text copied unchanged, its metadata guessed from the text and marked as guessed."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from edition.diagnostics import EditionError
from edition.intake import guess_metadata, metadata_toml, slugify
from edition.sources import load_source

RAW = Path(__file__).resolve().parents[1] / "raw"
SEEDS = sorted(RAW.glob("*.txt"))


def committed(seed: Path) -> dict:
    return tomllib.loads(seed.with_suffix(".toml").read_text(encoding="utf-8"))


def guessed(seed: Path) -> dict[str, object]:
    intake = guess_metadata(seed.read_text(encoding="utf-8"))
    return {g.key: g.value for g in intake.guesses}


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_profile_and_kind_guessed_as_the_editors_chose(seed):
    meta, guess = committed(seed), guessed(seed)
    assert (guess["profile"], guess["kind"]) == (meta["profile"], meta["kind"])


# Which committed values the text itself states (the rest came from the editors' research):
# each of these must be guessed exactly.
STATED = {
    "000": ["title"],
    "001": ["title", "authors", "date"],
    "003": ["date"],
    "004": ["title", "authors", "date"],
}


@pytest.mark.parametrize("prefix,keys", sorted(STATED.items()))
def test_values_the_text_states_are_guessed_exactly(prefix, keys):
    seed = next(s for s in SEEDS if s.name.startswith(prefix))
    meta, guess = committed(seed), guessed(seed)
    assert {k: guess.get(k) for k in keys} == {k: meta[k] for k in keys}


def test_a_title_the_text_does_not_state_is_unknown_not_invented():
    seed = next(s for s in SEEDS if s.name.startswith("003"))  # opens with its section I
    intake = guess_metadata(seed.read_text(encoding="utf-8"))
    assert "title" in intake.unknown and "authors" in intake.unknown


def test_slugs_are_url_safe():
    assert slugify("The Unity and Inseparability of the “National” Tasks") == \
        "unity-inseparability-national-tasks"
    assert slugify("Über Élan: 1924!") == "uber-elan-1924"
    # the slug is the document's xml:id, an NCName: never a leading digit
    assert slugify("10-docslib works6 front") == "text-10-docslib-works6-front"


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_metadata_file_is_toml_the_loader_accepts_with_every_guess_marked(seed, tmp_path):
    intake = guess_metadata(seed.read_text(encoding="utf-8"), "new-text")
    toml = metadata_toml(intake, "000_x.txt")
    meta = tomllib.loads(toml)
    assert set(meta["guessed"]) >= {g.key for g in intake.guesses if g.key not in {"source", "volume"}}
    for key in meta["guessed"]:
        line = next(ln for ln in toml.splitlines() if ln.startswith(f"{key} ="))
        assert "# guess" in line or "# unknown" in line
    (tmp_path / "000_x.txt").write_bytes(seed.read_bytes())
    (tmp_path / "000_x.toml").write_text(toml, encoding="utf-8")
    if not intake.unknown:
        assert load_source(tmp_path / "000_x.txt").guessed == meta["guessed"]
        return
    # a value the text does not give is left empty: the typed metadata refuses it until filled in
    with pytest.raises(EditionError) as refused:
        load_source(tmp_path / "000_x.txt")
    line = toml.splitlines()[refused.value.line - 1]
    assert any(line.startswith(f"{key} =") for key in intake.unknown)


def edition(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "edition.cli", *map(str, args)],
                          capture_output=True, text=True, timeout=300)


def test_add_copies_unchanged_writes_metadata_and_converts(tmp_path):
    seed = next(s for s in SEEDS if s.name.startswith("001"))
    pasted = tmp_path / "pasted.txt"
    pasted.write_bytes(seed.read_bytes())
    root = tmp_path / "project"
    result = edition("--root", root, "add", pasted)
    assert result.returncode == 0, result.stderr
    raw = sorted((root / "raw").glob("*.txt"))
    assert [p.name for p in raw] == ["000_was-stalin-against-world-revolution.txt"]
    assert raw[0].read_bytes() == seed.read_bytes()
    assert "authors = ['Harpal Brar']" in result.stderr  # the guesses are shown to check
    tei = root / "tei" / "was-stalin-against-world-revolution.xml"
    assert tei.exists()
    assert "not yet confirmed" in result.stderr

    again = edition("--root", root, "add", pasted)
    assert again.returncode == 2
    assert "already in the edition" in again.stderr and "Traceback" not in again.stderr
    assert len(list((root / "raw").glob("*.txt"))) == 1


def test_add_leaves_a_text_with_unknown_values_unconverted(tmp_path):
    seed = next(s for s in SEEDS if s.name.startswith("003"))
    article = tmp_path / "questions-of-leninism.txt"
    article.write_bytes(seed.read_bytes())
    root = tmp_path / "project"
    result = edition("--root", root, "add", article)
    assert result.returncode == 0, result.stderr
    assert "title: unknown" in result.stderr and "not converted yet" in result.stderr
    assert (root / "raw" / "000_questions-leninism.toml").exists()
    assert not (root / "tei").exists()


def test_a_text_still_to_be_completed_does_not_stop_the_edition(tmp_path):
    """Found by an independent check on unseen texts: one text added with unknown values made
    every later `edition add` and `edition convert` fail until it was filled in."""
    root = tmp_path / "project"
    unfinished = tmp_path / "questions-of-leninism.txt"
    unfinished.write_bytes(next(s for s in SEEDS if s.name.startswith("003")).read_bytes())
    assert edition("--root", root, "add", unfinished).returncode == 0
    pending = root / "raw" / "000_questions-leninism.toml"
    complete = tmp_path / "pasted.txt"
    complete.write_bytes(next(s for s in SEEDS if s.name.startswith("001")).read_bytes())
    added = edition("--root", root, "add", complete)
    assert added.returncode == 0, added.stderr
    assert (root / "tei" / "was-stalin-against-world-revolution.xml").exists()
    again = edition("--root", root, "add", unfinished)  # the unfinished one is still in the edition
    assert again.returncode == 2 and "already in the edition" in again.stderr
    whole = edition("--root", root, "convert")
    assert whole.returncode == 0, whole.stderr
    assert f"warning: {pending}:" in " ".join(whole.stderr.split()) and "fill it in" in whole.stderr
    alone = edition("--root", root, "convert", root / "raw" / "000_questions-leninism.txt")
    assert alone.returncode == 2 and "Traceback" not in alone.stderr
    [line] = alone.stderr.strip().splitlines()
    where = re.search(rf"{re.escape(pending.name)}:(\d+): not converted: (\w+)", line)
    assert where, line  # the file, and the line of the first key to fill in
    assert pending.read_text().splitlines()[int(where[1]) - 1].startswith(f"{where[2]} = ")
    pending.write_text(pending.read_text().replace('title = ""', 'title = "Concerning Questions"')
                       .replace('date = ""', 'date = "1926"'))
    done = edition("--root", root, "convert")
    assert done.returncode == 0, done.stderr
    assert "fill it in" not in done.stderr and (root / "tei" / "questions-leninism.xml").exists()


def test_add_refuses_a_binary_file_in_one_line_and_writes_nothing(tmp_path):
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"Title\n\x00\x01binary")
    root = tmp_path / "project"
    result = edition("--root", root, "add", bad)
    assert result.returncode == 2
    assert "scan.txt:2:1" in result.stderr and "Traceback" not in result.stderr
    assert not (root / "raw").exists()


def test_add_refuses_a_slug_already_taken(tmp_path):
    seed = next(s for s in SEEDS if s.name.startswith("000"))
    text = tmp_path / "t.txt"
    text.write_bytes(seed.read_bytes() + b"\nOne more line.\n")
    root = tmp_path / "project"
    (root / "raw").mkdir(parents=True)
    for f in (seed, seed.with_suffix(".toml")):
        (root / "raw" / f.name).write_bytes(f.read_bytes())
    result = edition("--root", root, "add", "--slug", "unity-national-international", text)
    assert result.returncode == 2 and "is taken" in result.stderr


def test_add_refuses_a_reserved_slug(tmp_path):
    seed = next(s for s in SEEDS if s.name.startswith("001"))
    text = tmp_path / "t.txt"
    text.write_bytes(seed.read_bytes())
    result = edition("--root", tmp_path / "project", "add", "--slug", "register", text)
    assert result.returncode == 2 and "reserved" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "project" / "raw").exists()


def test_a_slug_beginning_with_a_digit_is_refused_in_metadata():
    from edition.slugs import slug_problem
    assert slug_problem("10-front") is not None and "letter" in str(slug_problem("10-front"))
    assert slug_problem("works-06") is None


def test_the_editors_profile_drives_the_other_guesses():
    seed = next(s for s in SEEDS if s.name.startswith("001"))  # a pasted text: guessed plain
    intake = guess_metadata(seed.read_text(encoding="utf-8"), profile_given="printed-book")
    guess = {g.key: g.value for g in intake.guesses}
    assert (guess["profile"], guess["kind"]) == ("printed-book", "book-volume")
    own = guess_metadata(seed.read_text(encoding="utf-8"), profile_given="my-own-profile")
    assert "kind" in own.unknown  # a project's own profile: the editor says the kind
