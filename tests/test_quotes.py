"""The quotations annotator: direct speech, interrupted quotations, attributed phrases, titles
and source references; unit tests on small fixtures, then assertions on the real texts."""

from __future__ import annotations

import pytest

from edition.annotate import quotes
from edition.model import Block, Container, Document


def _inline(text: str, doc: Document | None = None) -> Block:
    b = Block("p", text)
    titles = quotes.Titles(doc or Document())
    quotes.annotate_inline(b, quotes._Ids("t"), {}, titles)
    return b


def _spans(block: Block, tag: str) -> list[tuple[str, dict[str, str]]]:
    return [(" ".join(block.text[s.start:s.end].split()), s.attrs) for s in block.spans if s.tag == tag]


# -- direct speech in narrative is said, not a quotation of a written source --------------

@pytest.mark.parametrize("text, who", [
    ("I recall that Lenin bitingly replied through clenched teeth: “Don’t whine, comrades, "
     "we are bound to win.”", "per:lenin"),
    ("People are often ridiculed: “They have lost contact with the Party,” it is said.", None),
    ("He is asked what happened, but all he can say is: “Let me get my breath, I’m all in.”", None),
])
def test_direct_speech_is_said(text, who):
    b = _inline(text)
    said = _spans(b, "said")
    assert len(said) == 1 and not _spans(b, "quote")
    assert said[0][1].get("who") == who and said[0][1]["direct"] == "true"


def test_speech_goes_on_after_he_said():
    b = _inline("Clearly he had decided. “Let’s go to the wireless station,” he said, “it will stand us "
                "in good stead.”")
    assert [t for t, _ in _spans(b, "said")] == ["“Let’s go to the wireless station,”",
                                                 "“it will stand us in good stead.”"]


def test_says_lenin_quotes_his_writings():
    b = _inline("Lenin says: “The dictatorship of the proletariat is a stubborn struggle against the "
                "old society.”")
    assert not _spans(b, "said") and _spans(b, "quote")[0][1]["source"] == "per:lenin"


# -- interrupted quotations ---------------------------------------------------------------

def test_interruption_with_a_period_links_both_parts():
    b = _inline("“It is not enough to be a revolutionary and an adherent of socialism in general,” says "
                "Lenin. “One must be able at each particular moment to find the particular link.”")
    parts = [s for s in b.spans if s.tag == "quote"]
    assert [p.attrs["source"] for p in parts] == ["per:lenin", "per:lenin"]
    assert parts[0].attrs["next"] == "#" + parts[1].attrs["xml:id"]


def test_second_part_running_into_the_next_paragraph():
    b = _inline("“One of the fundamental differences between bourgeois and socialist revolution,” says "
                "Lenin, “is that for the bourgeois revolution the new economic organisations are created")
    parts = [s for s in b.spans if s.tag == "quote"]
    assert len(parts) == 2 and parts[1].end == len(b.text) and parts[1].attrs["prev"]


# -- short phrases: attributed ones are quotations, the rest terms -------------------------

@pytest.mark.parametrize("text, tag, source", [
    ("the path of gradual transformation, the “reformist path,” as Lenin says in his article", "quote",
     "per:lenin"),
    ("constitute “the system of the dictatorship” (Lenin), and with", "quote", "per:lenin"),
    ("without vision, without knowing “what it is all about,” and who", "soCalled", None),
    ("The bureaucrat looks blank, and says “We have received no information.” Of course", "quote", None),
])
def test_short_phrases(text, tag, source):
    b = _inline(text)
    found = [(s.tag, s.attrs.get("source")) for s in b.spans if s.tag in {"quote", "soCalled", "said"}]
    assert found == [(tag, source)]


def test_nested_single_quotes_inside_a_quotation():
    b = _inline("“This stratum of bourgeoisified workers, or the ‘labour aristocracy,’ who are quite "
                "philistine in their mode of life,” says Lenin, “is the principal prop.”")
    assert _spans(b, "soCalled") == [("‘labour aristocracy,’", {})]


def test_mismatched_closing_mark():
    b = _inline("in the last few years of the “New Economic Policy\"-restricting in every way the strata")
    assert _spans(b, "soCalled") == [("“New Economic Policy\"", {})]


# -- titles ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, title", [
    ("the following passage in Zinoviev’s book Leninism to be convinced", "Leninism"),
    ("Lenin says the same thing in his pamphlet On the Trade Unions15:", "On the Trade Unions"),
    ("a story by B. Pilnyak, entitled The Barren Year, which depicts", "The Barren Year"),
    ("a few lines in the pamphlet “Left-Wing” Communism, an Infantile Disorder. The passages",
     "“Left-Wing” Communism, an Infantile Disorder"),
    ("(see The State and Revolution, and so on)", "The State and Revolution"),
    ("{Stalin, Foundations of Leninism, emphasis added).", "Foundations of Leninism"),
    ("The “Outline” was published in May 1924 in the magazine", "“Outline”"),
    ("Point 7 of the resolution “On Party Unity” that was adopted", "“On Party Unity”"),
])
def test_titles(text, title):
    assert title in [t for t, _ in _spans(_inline(text), "title")]


def test_volume_work_title_from_its_head():
    head = Block("head", "A LETTER TO COMRADE\nDEMYAN BEDNY")
    doc = Document(body=[Container("div", {"type": "work"}, [head, Block("p", "Text.")])])
    b = _inline("A Letter to Comrade Demyan Bedny is published for the first time.", doc)
    assert _spans(b, "title") == [("A Letter to Comrade Demyan Bedny", {})]
    # a lower-case mention of a head's words is not the work's title
    poland = Block("head", "THE COMMUNIST PARTY OF POLAND")
    party = Document(body=[Container("div", {"type": "work"}, [poland])])
    assert not _spans(_inline("a crisis in the Communist Party of Poland.", party), "title")


def test_new_economic_policy_is_not_a_title():
    text = "the years of the “New Economic Policy” in our country"
    assert quotes.classify(text, text.index("“"), text.index("”") + 1)[0] == "soCalled"


# -- source references -------------------------------------------------------------------

@pytest.mark.parametrize("text, bibl", [
    ("That is why Lenin says that the Party is “the highest form of proletarian class association,” "
     "whose leadership must extend (see Vol. XXV, p. 194).", "(see Vol. XXV, p. 194)"),
    ("a sub-heading “Dictatorship of One Party” (see Lenin Miscellany, Vol. 111, p. 497).",
     "(see Lenin Miscellany, Vol. 111, p. 497)"),
    ("“We applied coercion correctly only when we were able to create beforehand a basis of "
     "conviction for it” (ibid., p. 74).", "(ibid., p. 74)"),
    ("He wrote: “the proletariat must have the support of the proletariat in other countries.” "
     "{Stalin, Foundations of Leninism, emphasis added).",
     "{Stalin, Foundations of Leninism, emphasis added)"),
])
def test_source_references(text, bibl):
    assert bibl in [t for t, _ in _spans(_inline(text), "bibl")]


def test_ibid_takes_the_last_source():
    ids = quotes._Ids("t")
    first = Block("p", "Lenin says: “Firstly, there were the problems of internal organisation, which "
                       "confront every socialist revolution.” Then")
    second = Block("p", "And: “We applied coercion correctly and successfully only when we had convinced "
                        "them first” (ibid., p. 74).")
    for b in (first, second):
        quotes.annotate_inline(b, ids, {})
    assert [a.get("source") for _, a in _spans(second, "quote")] == ["per:lenin"]


# -- the real texts ----------------------------------------------------------------------

def test_real_reported_speech_is_said(works):
    _, _, doc = works
    said = {" ".join(b.text[s.start:s.end].split()): s.attrs.get("who")
            for b in doc.blocks() for s in b.spans if s.tag == "said"}
    assert said["“Don’t whine, comrades, we are bound to win, for we are right.”"] == "per:lenin"
    assert "“They have lost contact with the Party,”" in said
    # the interjections the speech annotator made are still there
    assert sum(1 for w in said.values() if w == "per:preobrazhensky") >= 2


def test_real_unquoted_titles(leninism, works):
    for (_, _, doc), title in [(leninism, "The State and Revolution"), (works, "What Is To Be Done?"),
                               (works, "The Foundations of Leninism")]:
        assert any(" ".join(b.text[s.start:s.end].split()) == title
                   for b in doc.blocks() for s in b.spans if s.tag == "title"), title


def test_real_no_title_inside_a_head(works):
    _, _, doc = works
    assert not [s for b in doc.blocks() if b.tag == "head" for s in b.spans if s.tag == "title"
                and s.cert == "medium" and b.text[s.start:s.start + 1] not in "“\""]



def test_inner_direct_speech_is_said():
    b = _inline("He wrote: “Lenin asked whether they would agree. ‘Some of our people are wavering, but I "
                "think that in the end they will agree,’ answered Natanson.” That is how it was.")
    assert [t for t, _ in _spans(b, "said")] == [
        "‘Some of our people are wavering, but I think that in the end they will agree,’"]
    assert not _spans(b, "q")


def test_direct_speech_named_after_it():
    b = _inline("“Who is going to disperse the Constituent Assembly by force, comrades?” asked Lenin.")
    assert _spans(b, "said")[0][1].get("who") == "per:lenin"


@pytest.mark.parametrize("lead, who", [
    ("I think that the celebrated remark about Tit Titych fits Trotsky fairly well:", None),
    ("Such statements can be made only by people who have failed to understand Lenin’s thesis:", "per:lenin"),
    ("J. V. Stalin presents S. M. Kirov with a copy of the book On Lenin and Leninism with the inscription:",
     "per:stalin"),
    ("Here, for instance, is a speech by Martynov (he is a Party member, it appears):", "per:martynov"),
])
def test_speaker_before_a_bare_colon(lead, who):
    assert quotes.speaker_before(lead, len(lead)) == who


# -- issue 15: whose words, from the text around them ------------------------------------------

def test_he_says_is_the_person_named_before_not_one_in_a_title():
    b = _inline("Trotsky’s fifth error is to raise the slogan of the student youth. “The youth react "
                "most sharply of all against Party bureaucracy,” he says in his first article.")
    assert _spans(b, "quote")[0][1]["source"] == "per:trotsky"
    previous = Block("p", "Nevertheless, Zinoviev does not agree. In his article “In Memory of Lenin,” "
                          "he says:")
    quoted = Block("p", "“As I have already said, the question of the role of the peasantry is the "
                        "fundamental question of Bolshevism.”")
    made = quotes.block_quotation(quoted, previous)
    assert made is quoted and quoted.attrs["source"] == "per:zinoviev"


def test_a_pronoun_with_nobody_named_before_stays_unknown():
    b = _inline("One of the workers in Georgia attributes this to the Soviets. “Undoubtedly,” he says, "
                "“the prime reason why we failed to see that a revolt was brewing is the Soviets.”")
    parts = [s for s in b.spans if s.tag == "quote"]
    assert len(parts) == 2 and all("source" not in s.attrs for s in parts)
    assert parts[0].attrs["next"] == f"#{parts[1].attrs['xml:id']}"  # one quotation in two parts


def test_he_said_after_a_named_person_is_his_speech():
    b = _inline("Lenin’s face suddenly shone. Clearly he had arrived at a decision. “Let’s go to the "
                "wireless station,” he said, “it will stand us in good stead.”")
    assert [a.get("who") for _, a in _spans(b, "said")] == ["per:lenin", "per:lenin"]
    assert not _spans(b, "quote")


def test_a_quotation_over_several_paragraphs_and_a_phrase_quoted_again():
    intro = Block("p", "Do you want to know how our Party settled the question? Listen to Trotsky:")
    paras = [Block("p", "“‘Of course, the Assembly will have to be dispersed,’ said Lenin, ‘but what about "
                        "the others?’"),
             Block("p", "“‘Bravo!’ exclaimed Lenin. ‘What is true is true!’"),
             Block("p", "“‘Some of our people are wavering,’ answered Natanson.”"),
             Block("p", "It means that nothing is possible “without the support of the Assembly, "
                        "the others,” which is wrong.")]
    doc = Document(body=[Container("div", {"type": "text"}, [intro, *paras])])
    quotes.annotate(type("S", (), {"slug": "t"})(), doc)  # type: ignore[arg-type]
    assert [p.tag for p in paras[:3]] == ["quote"] * 3
    assert {p.attrs.get("source") for p in paras[:3]} == {"per:trotsky"}
    ids = [p.attrs["xml:id"] for p in paras[:3]]  # one quotation in three parts, linked
    assert [p.attrs.get("next") for p in paras[:3]] == [f"#{ids[1]}", f"#{ids[2]}", None]
    assert [p.attrs.get("prev") for p in paras[:3]] == [None, f"#{ids[0]}", f"#{ids[1]}"]
    assert paras[3].tag == "p"


def test_a_phrase_quoted_again_has_the_source_of_the_quotation_it_repeats():
    first = _inline("Trotsky writes that “without direct state support from the European proletariat the "
                    "working class of Russia will not be able to maintain itself in power.”")
    again = _inline("What does this mean? That victory is impossible “without direct state support from "
                    "the European proletariat,” i.e., before it has conquered power; and “we shall see.”")
    assert _spans(first, "quote")[0][1]["source"] == "per:trotsky"
    assert quotes.requoted(Document(body=[first, again])) == 1
    assert _spans(again, "quote")[0][1]["source"] == "per:trotsky"


def test_speech_of_unnamed_people_and_words_a_person_terms():
    b = _inline("“Has such and such a directive been carried out?” the inspection commission asks. "
                "“Measures have been taken,” answers the bureaucrat.")
    assert [t for t, _ in _spans(b, "said")] == ["“Has such and such a directive been carried out?”",
                                                  "“Measures have been taken,”"]
    assert all("who" not in a for _, a in _spans(b, "said"))
    b = _inline("Lenin terms the fight against these principles “Russian nihilism” and "
                "“aristocratic anarchism,” which deserves to be ridiculed.")
    assert [a.get("source") for _, a in _spans(b, "quote")] == ["per:lenin", "per:lenin"]


def test_speech_inside_a_quotation_goes_on_after_the_speakers_name():
    b = Block("quote", "“‘Bravo!’ exclaimed Lenin. ‘What is true is true! But will your people agree?’")
    quotes.mark_nested(b, -1, len(b.text) + 1, {})
    assert [(t, a.get("who")) for t, a in _spans(b, "said")] == [
        ("‘Bravo!’", "per:lenin"), ("‘What is true is true! But will your people agree?’", "per:lenin")]
