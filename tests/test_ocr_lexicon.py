"""OCR non-words found with the lexicon (wordfreq + the text's own vocabulary): corrected with a
certainty from how unambiguous the reading is, or listed for review; real words left alone."""

from __future__ import annotations

from edition.annotate.ocr import OcrAnnotator
from edition.model import Block
from edition.wordlist import Lexicon, zipf

CONTEXT = ("the Social-Democracy of Germany and the Socialist-Revolutionaries; composition of the "
           "Government; the measures taken; the U.S.S.R. and the U.S.S.R. again; self-criticism. ")


def _corrected(text: str, context: str = CONTEXT) -> dict[str, tuple[str, str | None]]:
    whole = context + text
    ocr = OcrAnnotator(Lexicon(whole), whole)
    b = Block("p", text, lines=list(range(1, text.count("\n") + 2)))
    ocr.apply(b)
    return {b.text[s.start:s.end]: (s.reading or "", s.cert) for s in b.spans if s.tag == "choice"}


def test_the_lexicon_loads_offline_and_knows_english():
    assert zipf("question") > 5 and zipf("guestion") == 0


def test_joined_compounds_split_words_and_digits_are_corrected():
    got = _corrected("German SocialDemocracy and the LieberDan course (MarchApril); the com position "
                     "of it; repressive meas ures; It 1s so; the U.S,S.R. today; a selfsacrificing man; "
                     "I11. THE QUESTION")
    assert got["SocialDemocracy"] == ("Social-Democracy", "high")  # printed with its hyphen
    assert got["LieberDan"] == ("Lieber-Dan", "medium")
    assert got["MarchApril"] == ("March-April", "medium")
    assert got["com position"] == ("composition", "medium")
    assert got["meas ures"] == ("measures", "medium")
    assert got["1s"] == ("is", "medium")
    assert got["U.S,S.R."] == ("U.S.S.R.", "high")
    assert got["selfsacrificing"][0] == "self-sacrificing"
    assert got["I11"] == ("III", "medium")


def test_symbols_and_stray_letters_are_suggestions():
    got = _corrected("the leadership (“dictatorship™) of the Party; a stubborn struggle—Dbloody and "
                     "bloodless; the parties threaened to declare war")
    assert got["™"] == ("”", "medium")
    assert got["Dbloody"] == ("bloody", "low")
    assert got["threaened"] == ("threatened", "low")


def test_real_words_names_and_derived_forms_are_left_alone():
    got = _corrected("MacDonald and Kerensky spoke of the uninterruptedness of the counterposition, "
                     "the exposers of the fatherlands, in a bureaucratised apparatus; 4th ed.; 1917.")
    assert got == {}


def test_a_non_word_without_a_reading_is_listed_for_review_with_its_line():
    text = "first line\nthe xqzvwk appeared"
    ocr = OcrAnnotator(Lexicon(text), text)
    b = Block("p", text, lines=[10, 11])
    ocr.apply(b)
    assert ocr.review == ["11: xqzvwk"] and not b.spans


def test_real_texts_no_wrong_high_certainty_correction_on_the_evaluation_set():
    from edition.annotate.evaluate import evaluate_parts

    parts = evaluate_parts()
    for name, part in parts.items():
        assert part.high_wrong == [], (name, part.high_wrong)
    ocr = parts["test"].scores["ocr"]
    assert ocr.tp and ocr.recall >= 0.9 and ocr.precision >= 0.9, ocr


def test_a_letter_spaced_line_of_several_words_is_never_merged_into_one():
    from edition.convert.corrections import Corrector, Vocabulary

    for context in ("a short text that prints none of these words", "proletarians of all countries"):
        for line, reading in (("PROLETARIANS OF ALL C O U N T R I E S, UNITE!", "OF ALL COUNTRIES,"),
                              ("the victory of t h e w o r k i n g c l a s s in all",
                               "of the working class in"),
                              ("and a n o t h e r one", "another")):
            corrector = Corrector(Vocabulary.of(context + "\n" + line), [])
            b = Block("p", line, lines=[2])
            corrector.apply(b)
            assert [s.reading for s in b.spans if s.tag == "choice"] == [reading], (context, line)


def test_capital_i_read_for_l_or_i():
    got = _corrected("we wiIl see; the question Is whether it works; Ilyich said so. In 1924 it was.")
    assert got == {"wiIl": ("will", "medium"), "Is": ("is", "medium")}


def test_a_bar_ruling_table_columns_is_not_read_as_i():
    from edition.convert.corrections import Corrector, Vocabulary

    for line, readings in (("| think it is so", ["I"]), ("Year | Members | Candidates", []),
                           ("1924 | 735,881", [])):
        corrector = Corrector(Vocabulary.of(line), [])
        b = Block("p", line, lines=[1])
        corrector.apply(b)
        assert [s.reading for s in b.spans if s.tag == "choice"] == readings, line
