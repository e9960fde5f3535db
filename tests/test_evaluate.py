"""Strict and lax precision, recall and F1, checked against figures computed by hand; and a truth the dev
suite scores against."""

import math
from pathlib import Path

from align.study.evaluate import calibration_error, read_gold, reliability, score, write_gold, wrong_beads

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


def test_calibration_error_is_the_gap_between_scores_and_hits_bin_by_bin():
    # bin 0.9: scores 0.9, 0.9 and 0.95 (sum 2.75), two right, a gap of 0.75; bin 0.5: 0.5, right, a gap of 0.5
    test = [((0,), (0,), 0.9), ((1,), (1,), 0.5), ((2,), (2,), 0.9), ((4,), (), 0.95)]
    (low, right_low, n_low), (high, right_high, n_high) = reliability([GOLD], [test])
    assert (low, right_low, n_low) == (0.5, 1.0, 1) and n_high == 3
    assert math.isclose(high, 2.75 / 3) and math.isclose(right_high, 2 / 3)
    assert math.isclose(calibration_error([GOLD], [test]), (0.75 + 0.5) / 4)
    # scores that say what the gold says have none, and documents are pooled, not averaged:
    # one sure bead beside the four above adds 1.0 to the 0.9 bin's scores and 1 to its hits
    sure = [(s, t, 1.0) for s, t in GOLD]
    assert calibration_error([GOLD], [sure]) == 0.0
    assert math.isclose(calibration_error([GOLD, GOLD], [sure[:1], test]), (0.75 + 0.5) / 5)


def test_gold_files_round_trip(tmp_path):
    path = tmp_path / "gold"
    write_gold(GOLD, path)
    assert path.read_text().splitlines()[2] == "[2, 3]:[2]"
    assert read_gold(path) == GOLD


def test_wrong_beads_lists_the_strict_errors():
    test = [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)), ((4,), ())]
    assert wrong_beads(GOLD, test) == [((1, 2), (1,)), ((3,), (2,))]


def test_resplit_stress_beads_of_many_sentences_on_both_sides_cannot_be_split_smaller():
    """A "3-2" whose two sides break between the same two sentences is really a 1-1 and a 2-1; the dev
    suite's truth must hold the smallest beads, or an aligner that finds them is scored wrong."""
    from benchmarks.harness import Document
    from benchmarks.stress import resplit

    data = Path(__file__).parent.parent / "data" / "sq-en"
    src, tgt = (data / "seed-001.sq").read_text().splitlines(), (data / "seed-001.en").read_text().splitlines()
    gold = read_gold(data / "seed-001.gold")
    pairs = [(src[s[0]], tgt[t[0]]) for s, t in gold if len(s) == 1 and len(t) == 1]

    def breaks(pieces: list[str]) -> set[int]:
        """Word offsets where a piece after the first starts."""
        sizes = [len(p.split(" ")) for p in pieces]
        return {sum(sizes[:k]) for k in range(1, len(pieces))}

    many = 0
    for doc in resplit([Document("seed", src, tgt, gold)], "test", count=3, rate=0.6):
        for s, t in doc.gold:
            left, right = [doc.src[i] for i in s], [doc.tgt[j] for j in t]
            if len(left) < 2 or len(right) < 2:
                continue
            many += 1
            # the run of the seed's pairs that the bead rejoins: no word lost or added on either side
            run = next(pairs[a:a + g] for g in (2, 3) for a in range(len(pairs))
                       if " ".join(x for x, _ in pairs[a:a + g]) == " ".join(left)
                       and " ".join(y for _, y in pairs[a:a + g]) == " ".join(right))
            between = [tuple(sum(len(p[side].split(" ")) for p in run[:k]) for side in (0, 1)) for k in range(1, len(run))]
            # no place between two of the run's pairs where both sides break
            assert not [k for k, (x, y) in enumerate(between) if x in breaks(left) and y in breaks(right)], (left, right)
    assert many >= 2
