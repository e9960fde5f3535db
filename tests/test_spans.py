"""Flags that point at words: numbers, names and negation carry character spans."""

from collections import Counter

import pytest

from align.core import Bead
from align.model import Alignment, Sentence

from align import check
from align.review.check import PairCheck, _flags, _negation, _number_mismatch, _parts, _same_name
from align.review import renderings
from align.review.report import _marked
from benchmarks.harness import load_dataset


def _alignment(src, tgt, src_lang="sq", tgt_lang="en"):
    return Alignment(src_lang, tgt_lang, [Sentence(src, 0)], [Sentence(tgt, 0)], [Bead((0,), (0,), 0.9)])


def _check(src, tgt, shared=frozenset(), **langs):
    alignment = _alignment(src, tgt, **langs)
    return PairCheck(0, next(alignment.pairs())), _flags(PairCheck(0, next(alignment.pairs())), alignment, set(shared))


def test_a_changed_number_is_marked_on_both_sides():
    pair, flags = _check("Në vitin 2018 erdhën 600.000 vetë.", "In 2019, 600,000 people came.")
    (numbers,) = [f for f in flags if f.signal == "numbers"]
    assert {(side, text[a:b]) for side, a, b in numbers.spans for text in [pair.pair.src_text if side == "src" else pair.pair.tgt_text]} == {("src", "2018"), ("tgt", "2019")}


def test_a_missing_name_is_marked_where_it_stands():
    pair, flags = _check("Sipas Sojatit, gjithçka është mirë.", "According to Soyati, all is well.", shared={"Sojati"})
    (names,) = [f for f in flags if f.signal == "names"]
    texts = {"src": pair.pair.src_text, "tgt": pair.pair.tgt_text}
    assert [(s, texts[s][a:b]) for s, a, b in names.spans] == [("src", "Sojatit"), ("tgt", "Soyati")]
    assert "written Soyati for Sojati" in names.reason


def test_the_word_that_stands_where_a_lost_name_was_is_marked_too():
    src, tgt = "A szótár nekiütődött Goldstein orrának, és visszapattant róla.", "It struck Charlemagne 's nose and bounced off ."
    alignment = _alignment(src, tgt, "hu", "en")
    p = PairCheck(0, next(alignment.pairs()), similarity_z=-1.5)
    (names,) = [f for f in _flags(p, alignment, {"Goldstein"}) if f.signal == "names"]
    texts = {"src": src, "tgt": tgt}
    assert [(s, texts[s][a:b]) for s, a, b in names.spans] == [("src", "Goldstein"), ("tgt", "Charlemagne")]
    assert "in its place: Charlemagne" in names.reason
    # a sentence full of other names singles none out
    many = _alignment(src, "It struck Charlemagne , Pepin and Carloman on the nose .", "hu", "en")
    (names,) = [f for f in _flags(PairCheck(0, next(many.pairs()), similarity_z=-1.5), many, {"Goldstein"}) if f.signal == "names"]
    assert [s for s, _, _ in names.spans] == ["src"]


def _learned(dataset: str, pairs: int | None = None):
    """A hand-aligned document (its first ``pairs`` pairs) and the names it writes differently in its two languages."""
    doc = load_dataset(dataset)[0][0].head(pairs)
    return doc, renderings.learn([([doc.src[i] for i in s], [doc.tgt[j] for j in t]) for s, t in doc.gold if s and t])


@pytest.fixture(scope="module")
def novel_renderings():
    return _learned("novel", 1500)


def test_the_names_a_document_translates_are_learned_from_its_pairs(novel_renderings):
    found = {(r.src, form) for r in novel_renderings[1] for form in r.forms}
    key = renderings.key
    assert {(key("óbeszél"), "Oldspeak"), (key("újbeszél"), "Newspeak"), (key("Eurázsia"), "Eurasia"), (key("Keletázsia"), "Eastasia")} <= found
    assert not any(key(form).startswith(a) or a.startswith(key(form)) for a, form in found)  # Winston is Winston: not a rendering
    seed = {(r.src, form) for r in _learned("albanian")[1] for form in r.forms}
    assert {(key("Ballkan"), "Balkans"), (key("Shqipëria"), "Albania")} <= seed


def test_a_translation_that_capitalises_its_nouns_teaches_no_names():
    doc = load_dataset("textberg")[0][0]  # read backwards: French into German, where every noun has a capital
    assert renderings.learn([([doc.tgt[j] for j in t], [doc.src[i] for i in s]) for s, t in doc.gold if s and t]) == []


def test_a_name_swapped_for_another_the_document_translates_differently_is_flagged(novel_renderings):
    doc, learned = novel_renderings
    src, tgt = doc.src[596], doc.tgt[592]
    assert "Óceánia" in src and "Eurázsiával" in src and "with Eurasia" in tgt
    alignment = _alignment(src, tgt, "hu", "en")
    assert not [f for f in _flags(PairCheck(0, next(alignment.pairs())), alignment, set(), None, learned) if f.signal == "names"]
    swapped = tgt.replace("Eurasia", "Eastasia")
    alignment = _alignment(src, swapped, "hu", "en")
    (names,) = [f for f in _flags(PairCheck(0, next(alignment.pairs())), alignment, set(), None, learned) if f.signal == "names"]
    texts = {"src": src, "tgt": swapped}
    assert {(side, texts[side][a:b]) for side, a, b in names.spans} == {("src", "Eurázsiával"), ("tgt", "Eastasia")}
    assert "not in the source: Eastasia" in names.reason


def test_a_compound_on_a_learned_name_is_not_the_name():
    snow = renderings.Rendering("neige", "schne", frozenset({"Schnee"}))
    assert snow.written("Schnee") and snow.written("Schnees") and not snow.written("Schneeloch")


def test_a_name_turned_into_a_pronoun_is_not_an_error_unless_the_pair_is_unusual():
    src, tgt = "Sipas Sojatit, gjithçka është mirë.", "According to him, all is well."
    alignment = _alignment(src, tgt)
    usual, odd = PairCheck(0, next(alignment.pairs()), similarity_z=0.3), PairCheck(0, next(alignment.pairs()), similarity_z=-2.0)
    assert not [f for f in _flags(usual, alignment, {"Sojati"}) if f.signal == "names"]
    assert [f for f in _flags(odd, alignment, {"Sojati"}) if f.signal == "names"]


def test_a_phrase_left_in_the_source_language_is_marked():
    src = "A ház előtt állt egy nagy piros autó."
    pair, flags = _check(src, "In front of the house stood a nagy piros autó.", src_lang="hu", tgt_lang="en")
    (copied,) = [f for f in flags if f.signal == "untranslated"]
    assert [pair.pair.tgt_text[a:b] for _, a, b in copied.spans] == ["nagy piros autó"]
    # names and numbers are copied by every translation
    _, flags = _check("Kovács János 1998-ban Budapestre költözött a családjával.",
                      "In 1998, Kovács János moved to Budapest with his whole family.", src_lang="hu", tgt_lang="en")
    assert not [f for f in flags if f.signal == "untranslated"]
    # words the target text uses elsewhere are its own (related languages share many)
    alignment = _alignment("El libro de la casa.", "O livro de la casa.", "es", "pt")
    p = PairCheck(0, next(alignment.pairs()))
    assert not [f for f in _flags(p, alignment, set(), Counter({"de": 40, "la": 12, "casa": 9})) if f.signal == "untranslated"]


def test_negation_lost_or_added_is_marked():
    flag = _negation("Ai nuk erdhi sot.", "He came today.", "sq", "en")
    assert flag.signal == "negation" and flag.spans == (("src", 3, 6),)
    flag = _negation("Ai erdhi sot.", "He didn't come today.", "sq", "en")
    assert flag.spans[0][0] == "tgt"
    assert _negation("Ai nuk erdhi.", "He did not come.", "sq", "en") is None
    assert _negation("Ai nuk erdhi.", "Il n'est pas venu.", "sq", "xx") is None  # a language without a list: no opinion
    # French "ne ... que" means "only": no negation without pas, plus, jamais, rien...
    assert _negation("Nur wenige Millimeter fehlen mir.", "Il ne me manque que quelques millimètres.", "de", "fr") is None
    assert _negation("Mir fehlt der Griff.", "Je ne trouve pas la prise.", "de", "fr").spans[0][0] == "tgt"
    assert _negation("Fragen Sie niemanden.", "Demandez à tout le monde.", "de", "fr") is not None  # niemand* inflected


@pytest.mark.parametrize("lang, negated, affirmed, word", [
    ("ro", "N-a venit azi.", "A venit azi.", "N-"),  # a clitic with its hyphen
    ("pt", "Ele não veio hoje.", "Ele veio hoje.", "não"),
    ("nl", "Hij kwam vandaag niet.", "Hij kwam vandaag.", "niet"),
    ("fi", "Hän ei tullut tänään.", "Hän tuli tänään.", "ei"),  # the negation verb
    ("pl", "On dzisiaj nie przyszedł.", "On dzisiaj przyszedł.", "nie"),
    ("ru", "Он сегодня не пришёл.", "Он сегодня пришёл.", "не"),
    ("el", "Δεν ήρθε σήμερα.", "Ήρθε σήμερα.", "Δεν"),
    ("nb", "Han kom ikke i dag.", "Han kom i dag.", "ikke"),  # Bokmål reads the Norwegian list
])
def test_negation_lists_beyond_the_dev_suites_languages(lang, negated, affirmed, word):
    flag = _negation(negated, "He came today.", lang, "en")
    assert flag is not None and [negated[a:b] for _, a, b in flag.spans] == [word]
    assert _negation(affirmed, "He came today.", lang, "en") is None
    assert _negation(negated, "He did not come today.", lang, "en") is None


def test_spans_become_marks_in_the_page():
    pair, flags = _check("Në vitin 2018 <erdhën>.", "In 2019 <they came>.")
    pair.flags = flags
    html = _marked(pair.pair.tgt_text, pair, "tgt")
    assert html == "In <mark class='bad' title='numbers'>2019</mark> &lt;they came&gt;."


def test_the_same_figures_written_two_ways_are_not_a_number_error():
    assert _number_mismatch("Es ist 4.45 Uhr morgens.", "Il est 4 h 45 du matin.") == ([], [])
    assert _number_mismatch("Um sechs Uhr gingen wir.", "A 6 heures, nous partons.") == ([], [])  # spelt out
    assert _number_mismatch("Wir hatten 30 Kühe.", "Nous avions des vaches.") == (["30"], [])  # too big to be spelt
    assert _number_mismatch("Es ist 4.45 Uhr.", "Il est 5 h 45.") == (["4.45"], ["45", "5"])


def test_inflected_compound_and_accented_forms_are_the_same_name():
    assert _same_name("Winstonéval", "Winston") and _same_name("Riedgletscher", "Ried") and _same_name("Andres", "André")
    assert not _same_name("Riedel", "Riedmatten") and not _same_name("Winston", "Winstonéval")


@pytest.mark.slow
def test_an_added_clause_is_located_by_leaving_clauses_out(encoder):
    src = ["Der Zug fuhr um acht Uhr ab.", "Wir stiegen im Nebel zur Hütte auf.", "Am Abend kochten wir Suppe.",
           "Der Hüttenwart erzählte Geschichten.", "Am Morgen war der Himmel klar."]
    tgt = ["Le train partit à huit heures.", "Nous sommes montés à la cabane dans le brouillard, "
           "tandis que la banque centrale relevait ses taux d'intérêt pour lutter contre l'inflation.",
           "Le soir, nous avons cuisiné une soupe.", "Le gardien racontait des histoires.", "Le matin, le ciel était clair."]
    report = check("\n".join(src), "\n".join(tgt), encoder=encoder, presplit=True, src_lang="de", tgt_lang="fr")
    (pair,) = [p for p in report.pairs if 1 in p.pair.tgt]
    spans = [(side, pair.pair.tgt_text[a:b]) for f in pair.flags for side, a, b in f.spans if f.signal in ("similarity", "length")]
    assert spans and spans[0][0] == "tgt" and "banque centrale" in spans[0][1] and "cabane" not in spans[0][1]


def test_a_text_without_clauses_is_cut_into_overlapping_runs_of_words():
    text = "Manchmal ist der direkteste Weg auch der beste ."
    runs = [text[a:b] for a, b in _parts(text)]
    assert runs[0] == "Manchmal ist der" and runs[-1] == "auch der beste"
    assert all(len(run.split()) == 3 for run in runs) and len(runs) == 6
    clauses = "Er kam , sah und siegte ."
    assert [clauses[a:b] for a, b in _parts(clauses)] == ["Er kam ,", " sah und siegte ."]
    assert _parts("Er kam .") == []


@pytest.mark.slow
def test_a_translation_cut_short_is_located_in_the_source(encoder):
    src = ["Der Zug fuhr um acht Uhr ab.", "Wir stiegen im Nebel langsam zur Hütte auf und tranken dort heissen Tee.",
           "Am Abend kochten wir Suppe.", "Der Hüttenwart erzählte Geschichten.", "Am Morgen war der Himmel klar."]
    tgt = ["Le train partit à huit heures.", "Nous sommes montés.",
           "Le soir, nous avons cuisiné une soupe.", "Le gardien racontait des histoires.", "Le matin, le ciel était clair."]
    report = check("\n".join(src), "\n".join(tgt), encoder=encoder, presplit=True, src_lang="de", tgt_lang="fr")
    (pair,) = [p for p in report.pairs if 1 in p.pair.tgt]
    (flag,) = [f for f in pair.flags if f.signal == "length"]
    ((side, a, b),) = flag.spans
    assert side == "src" and "leaves out" in flag.reason
    assert any(word in pair.pair.src_text[a:b] for word in ("Nebel", "Tee", "Hütte", "tranken"))


@pytest.mark.slow
def test_a_negation_the_source_lacks_is_flagged_when_the_sides_agree_better_without_it(encoder):
    src = ["A ház nagy volt.", "Winston a konyhába ment.", "Ivott egy pohár vizet.", "Aztán leült az asztalhoz.",
           "Az ablakon át a tetőket nézte."]
    tgt = ["The house was not big.", "Winston went to the kitchen.", "He drank a glass of water.",
           "Then he sat down at the table.", "He looked at the roofs through the window."]
    report = check("\n".join(src), "\n".join(tgt), encoder=encoder, presplit=True, src_lang="hu", tgt_lang="en")
    (flag,) = [f for f in report.pairs[0].flags if f.signal == "negation"]
    assert "agree better without it" in flag.reason and flag.spans == (("tgt", 14, 17),)
    assert not any(f.signal == "negation" for p in report.pairs[1:] for f in p.flags)
