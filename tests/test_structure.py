"""Paragraphs as evidence: where they start, and what a document's own pairs say they are worth."""

import json
import random

import numpy as np

from align.core.structure import continuations, paragraph_llr, piece_weight, starts
from align.pipeline import split_document

from .conftest import DATA, lines

GOLD = [tuple(json.loads(side) for side in row.split(":")) for row in lines(DATA / "sq-en" / "seed-001.gold")]
RANDOM = (np.random.default_rng(0).integers(0, 76, 2000), np.random.default_rng(1).integers(0, 75, 2000))


def test_paragraphs_are_lines_or_blank_line_separated_runs():
    text = "Një. Dy.\nTre.\n\n\nKatër."
    assert [s.paragraph for s in split_document(text, "sq")] == [0, 0, 1, 4]
    assert [s.paragraph for s in split_document("a\nb\n\nc\nd\n\ne", "sq", presplit=True)] == [0, 0, 1, 1, 2]
    assert starts([0, 0, 1, 1, 2]).tolist() == [True, False, True, False, True]


def test_breaks_both_sides_share_count_for_a_pair_and_breaks_of_one_side_against():
    rng = random.Random(0)
    src, tgt = np.zeros(76, dtype=bool), np.zeros(75, dtype=bool)
    for k, (s, t) in enumerate(GOLD):  # a paragraph every few gold beads, the same on both sides
        if k % 4 == 0 and s and t:
            src[s[0]] = tgt[t[0]] = True
    pairs = [(s[0], t[0]) for s, t in GOLD if len(s) == 1 and len(t) == 1]
    table = paragraph_llr(src, tgt, pairs, RANDOM)
    assert table[1, 1] > 1 and table[0, 0] > 0 and table[1, 0] < 0 and table[0, 1] < 0
    # breaks placed at random on one side: next to nothing either way
    shuffled = np.array(rng.sample(list(tgt), len(tgt)))
    assert np.abs(paragraph_llr(src, shuffled, pairs, RANDOM)).max() < 2
    # one side without paragraphs: no evidence at all
    assert paragraph_llr(src, np.zeros(75, dtype=bool), pairs, RANDOM) is None


def test_a_lower_case_start_or_a_comma_carries_on_a_broken_sentence():
    texts = ["Aber welchen Sinn haben solche Worte , wenn", "ein Freund den Tod findet ?",  # broken by OCR
             "Die Einstiegsplatte", "Schweigen könnte auch eine Art Egoismus sein .",  # a heading, then a sentence
             "Mais que sont ces mots devant la", "disparition d' un ami ?",
             "Sauveteurs d' Air à l' efficacité parfaite", ", guides et alpinistes",
             "Er kam ca.", "drei Uhr an.",  # a splitter that took an abbreviation for a full stop
             "– Igen – mondta.", "– Nem.",  # dialogue lines start with a dash
             "SIEHE AUCH", "chfn(1), login.defs(5), passwd(5).",  # a manual's heading, then a line of its own
             "A", "äussere Faktoren zustande gekommenen Leistungen"]  # a lone capital: OCR debris inside a sentence
    assert np.nonzero(continuations(texts))[0].tolist() == [1, 5, 7, 9, 15]


def test_chapters_match_in_order_and_an_extra_chapter_falls_between_matches():
    from align.core.chapters import match, parts

    rng = np.random.default_rng(0)
    unit = lambda x: x / np.linalg.norm(x, axis=-1, keepdims=True)  # noqa: E731
    book = unit(rng.standard_normal((5, 64)))
    translation = unit(np.delete(book, 2, axis=0) + 0.3 * rng.standard_normal((4, 64)) / 8)  # chapter 3 left out
    found = match(book, translation)
    assert found == [(0, 0), (1, 1), (3, 2), (4, 3)]
    assert parts(found, 5, 4) == [(range(0, 1), range(0, 1)), (range(1, 2), range(1, 2)), (range(2, 3), range(2, 2)),
                                  (range(3, 4), range(2, 3)), (range(4, 5), range(3, 4))]
    assert parts([], 3, 2) == [(range(0, 3), range(0, 2))]  # nothing matched: the books are aligned whole
    assert match(book[:1], translation) == []


def test_cut_looking_lines_that_pair_on_their_own_are_lines_not_pieces():
    """Every third line looks cut (no full stop before, lower case start): in a list each pairs with the line
    after its predecessor's partner; a broken sentence's second piece shares its first piece's partner."""
    n = 60
    cut = np.arange(n) % 3 == 2
    listed = [(k, k) for k in range(n)]
    broken = [(k, k) for k in range(n) if not cut[k]]  # the piece's translation is its first piece's partner
    assert piece_weight(cut, listed, 0) == 0.0 and piece_weight(cut, listed, 1) == 0.0
    assert piece_weight(cut, broken, 0) == 1.0
    few = np.zeros(n, dtype=bool)
    few[[10, 40]] = True  # two cut-looking lines say too little: taken for pieces, whatever they pair with
    assert piece_weight(few, listed, 0) > 0.5
    assert piece_weight(np.zeros(n, dtype=bool), listed, 0) == 1.0  # nothing looks cut: nothing to weigh
