"""Flags that point at words: numbers, names and negation carry character spans."""

from collections import Counter

from align.core import Bead
from align.model import Alignment, Sentence
from align.review.check import PairCheck, _flags, _negation
from align.review.report import _marked


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


def test_spans_become_marks_in_the_page():
    pair, flags = _check("Në vitin 2018 <erdhën>.", "In 2019 <they came>.")
    pair.flags = flags
    html = _marked(pair.pair.tgt_text, pair, "tgt")
    assert html == "In <mark class='bad' title='numbers'>2019</mark> &lt;they came&gt;."
