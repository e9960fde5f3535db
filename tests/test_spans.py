"""Flags that point at words: numbers, names and negation carry character spans."""

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
    assert [(s, pair.pair.src_text[a:b]) for s, a, b in names.spans] == [("src", "Sojatit")]


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
