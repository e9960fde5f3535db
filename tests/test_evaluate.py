"""Strict and lax precision, recall and F1, checked against figures computed by hand."""

import math

from align.study.evaluate import read_gold, score, write_gold, wrong_beads

GOLD = [((0,), (0,)), ((1,), (1,)), ((2, 3), (2,)), ((4,), ())]


def test_a_perfect_alignment_scores_one_everywhere():
    s = score([GOLD], [GOLD])
    assert (s.strict_precision, s.strict_recall, s.lax_f1) == (1.0, 1.0, 1.0)


def test_figures_computed_by_hand():
    test = [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)), ((4,), ())]
    s = score([GOLD], [test])
    # precision over the 4 test beads: strict hits 0-0 and 4-(), lax also (1,2)-(1) and (3)-(2)
    assert math.isclose(s.strict_precision, 2 / 4) and math.isclose(s.lax_precision, 4 / 4)
    # recall over the 3 gold beads with two sides: strict 0-0 only; lax all three overlap a test bead
    assert math.isclose(s.strict_recall, 1 / 3) and math.isclose(s.lax_recall, 3 / 3)
    assert math.isclose(s.strict_f1, 2 * 0.5 * (1 / 3) / (0.5 + 1 / 3))


def test_documents_are_summed_not_averaged():
    small = [((0,), (0,))]
    s = score([GOLD, small], [GOLD, [((0,), ())]])
    # 4 + 1 test beads, 4 strict hits; 3 + 1 gold pairs, 3 found
    assert math.isclose(s.strict_precision, 4 / 5) and math.isclose(s.strict_recall, 3 / 4)


def test_gold_files_round_trip(tmp_path):
    path = tmp_path / "gold"
    write_gold(GOLD, path)
    assert path.read_text().splitlines()[2] == "[2, 3]:[2]"
    assert read_gold(path) == GOLD


def test_wrong_beads_lists_the_strict_errors():
    test = [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)), ((4,), ())]
    assert wrong_beads(GOLD, test) == [((1, 2), (1,)), ((3,), (2,))]
