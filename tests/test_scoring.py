"""The bead score's parts: robust z, block embeddings, the scorer, anchors, refinement."""

import numpy as np
import pytest

from align.core import aligner
from align.core.anchors import SharedWords, copied_lines, copies, left_as_is, words_of
from align.core.lattice import Band, bead_types
from align.core.scorer import CUT_COST, GALE_CHURCH_SIGMA, OUTLIER, PRIOR_PAIRS, Calibration, Scorer
from align.core.similarity import Side, block_vector, pair_similarity
from align.core.structure import cuts
from align.core.stats import robust_z
from benchmarks.synthetic import synthetic_pair


def _unit(x):
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def test_robust_z_lets_an_outlier_stand_out():
    values = np.array([0.1, 0.12, 0.09, 0.11, 0.1, 0.9])
    z = robust_z(values)
    assert z[-1] > 10 and np.all(np.abs(z[:-1]) < 2)


def test_robust_z_of_constant_values_is_zero_not_nan():
    assert robust_z(np.full(5, 0.3)).tolist() == [0.0] * 5


def test_block_vector_of_one_sentence_is_that_sentence():
    v = _unit(np.array([[3.0, 4.0]]))
    assert np.allclose(block_vector(v, np.array([10.0])), v[0])


def test_block_vector_weights_sentences_by_length_and_averages_the_joined_text():
    emb = np.eye(2)
    approx = block_vector(emb, np.array([3.0, 1.0]))
    assert np.allclose(approx, _unit(np.array([3.0, 1.0])))
    joined = np.array([0.0, 1.0])
    both = block_vector(emb, np.array([3.0, 1.0]), joined)
    assert np.isclose(np.linalg.norm(both), 1.0)
    assert np.allclose(both, _unit(approx + joined))


def test_pair_similarity_is_one_for_identical_sides():
    rng = np.random.default_rng(0)
    emb = _unit(rng.standard_normal((2, 8)))
    lengths = np.array([5.0, 7.0])
    assert np.isclose(pair_similarity(emb, lengths, emb, lengths), 1.0)


def test_side_block_prefers_a_refined_vector():
    side = Side(np.eye(3, dtype=np.float32), np.ones(3))
    refined = {(3, 2): np.array([0.0, 0.0, 1.0])}
    assert np.allclose(side.block(3, 2), _unit(np.array([0.0, 1.0, 1.0])))
    assert np.allclose(side.block(3, 2, refined), [0.0, 0.0, 1.0])


def test_scorer_block_similarity_matches_block_vectors():
    src, tgt, _ = synthetic_pair(12, dim=16, seed=3)
    band = Band.full(len(src), len(tgt))
    scorer = Scorer(src, tgt, band, bead_types(3))
    sims = scorer.block_similarity(2, 1)
    for i in range(2, len(src) + 1):
        for j in range(1, len(tgt) + 1):
            expected = src.block(i, 2) @ tgt.block(j, 1)
            assert np.isclose(sims[i, j], expected, atol=1e-5)


def test_scores_are_a_pure_function_of_the_refined_blocks():
    src, tgt, _ = synthetic_pair(30, dim=16, seed=4)
    band = Band.full(len(src), len(tgt))
    scorer = Scorer(src, tgt, band, bead_types(2))
    plain = scorer.scores()
    refined = ({(4, 2): _unit(np.ones(16))}, {})
    once, twice = scorer.scores(refined), scorer.scores(refined)
    assert all(np.array_equal(a, b) for a, b in zip(once, twice))
    assert any(not np.array_equal(a, b) for a, b in zip(plain, once))
    # asking with refinement changed nothing for the next plain call
    assert all(np.array_equal(a, b) for a, b in zip(plain, scorer.scores()))


def test_good_translations_score_above_unrelated_pairs():
    src, tgt, gold = synthetic_pair(60, dim=32, seed=5)
    band = Band.full(len(src), len(tgt))
    scorer = Scorer(src, tgt, band, bead_types(1))
    one_one = scorer.scores()[1]
    right = [one_one[s[0] + 1, t[0] + 1] for s, t in gold if len(s) == 1 and len(t) == 1]
    wrong = [one_one[s[0] + 1, (t[0] + 7) % len(tgt) + 1] for s, t in gold if len(s) == 1 and len(t) == 1]
    assert np.median(right) > 0 > np.median(wrong)


def test_diagonal_splits_two_lines_but_not_the_pieces_of_a_broken_sentence():
    rng = np.random.default_rng(3)
    base = _unit(rng.standard_normal((40, 32)))
    src_emb, tgt_emb = base, _unit(base + 0.3 * rng.standard_normal((40, 32)) / np.sqrt(32))
    lines = [f"Line {k} ends here." for k in range(40)]
    broken = list(lines)
    broken[21] = "and goes on here."  # sentence 20 broken in two on both sides
    broken[20] = "Line 20 goes"
    band = Band.full(40, 40)
    for texts, penalised in ((lines, True), (broken, False)):
        src, tgt = Side.of(texts, src_emb), Side.of(texts, tgt_emb)
        diagonal = Scorer(src, tgt, band, bead_types(2)).diagonal(2, 2)
        assert (diagonal[22, 22] < -1) == penalised  # the 2-2 bead over sentences 20-21 on both sides


def test_a_two_three_bead_that_is_a_one_two_and_a_one_one_bead_pays_for_it():
    rng = np.random.default_rng(5)
    base = _unit(rng.standard_normal((40, 32)))
    # target sentences 20 and 21 are halves of source sentence 20's translation; 22 translates 21
    halves = [base[20] + 0.8 * rng.standard_normal(32) / np.sqrt(32) for _ in range(2)]
    tgt_emb = _unit(np.vstack([base[:20], *halves, base[21:]]) + 0.3 * rng.standard_normal((41, 32)) / np.sqrt(32))
    src = Side.of([f"Line {k} ends here." for k in range(40)], base)
    lines = [f"Line {k} ends here." for k in range(41)]
    for texts, penalised in ((lines, True), (lines[:21] + ["and goes on", "and on."] + lines[23:], False)):
        tgt = Side.of(texts, tgt_emb)
        scorer = Scorer(src, tgt, Band.full(40, 41), bead_types(5))
        # source 20-21 against target 20-22 is two beads, unless the target's cuts fall inside broken sentences
        assert (scorer.diagonal(2, 3)[22, 23] < -1) == penalised


def test_a_bead_may_not_start_on_the_second_piece_of_a_cut_sentence():
    texts = ["Line one ends here.", "Line two is cut", "in two by a line end.", "Line three (a question?)", "goes on."]
    assert list(cuts(texts)) == [False, False, True, False, False]  # "goes on" follows a full sentence's "?)"
    rng = np.random.default_rng(4)
    emb = _unit(rng.standard_normal((5, 16)))
    side = Side.of(texts, emb)
    scorer = Scorer(side, side, Band.full(5, 5), bead_types(2))
    cost = scorer.cut(1, 1)
    assert cost[3, 3] == 2 * CUT_COST  # the 1-1 bead of sentence 2 with sentence 2: it starts on the piece, both sides
    assert cost[3, 2] == CUT_COST and cost[2, 2] == 0.0 and cost[4, 4] == 0.0


def test_a_beads_similarity_evidence_has_a_floor_but_keeps_strong_evidence():
    cal = Calibration(margin_true=0.03, margin_random=-0.06, slope=200.0, length_mean=0.0, length_sigma=1.0,
                      length_random_sd=0.5, hit_gain=0.0, miss_gain=0.0)
    margins = np.array([-0.2, -0.06, -0.015, 0.03, 0.1])
    tight, bead = cal.similarity_llr(margins), cal.bead_similarity_llr(margins)
    assert tight[0] < -30 and bead[0] == pytest.approx(np.log(OUTLIER), abs=1e-6)  # unrelated-looking: the floor
    assert np.all(np.diff(bead) > 0) and np.all(bead >= np.log(OUTLIER))  # still ordered, never below the floor
    assert bead[-1] == pytest.approx(tight[-1] + np.log1p(-OUTLIER), abs=1e-6)  # strong evidence barely changes


def test_length_model_prefers_the_documents_own_ratio():
    src, tgt, _ = synthetic_pair(60, dim=16, seed=6)
    cal = Scorer(src, tgt, Band.full(len(src), len(tgt)), bead_types(1)).calibration
    assert cal.length_llr(100.0, 100.0) > cal.length_llr(100.0, 300.0)
    assert cal.slope > 0 and cal.margin_true > cal.margin_random


def test_a_short_documents_length_model_leans_on_the_prior_and_a_long_ones_on_itself():
    def spread(n):
        src, tgt, _ = synthetic_pair(n, dim=16, seed=3, noise=0.3, p_delete=0, p_insert=0, p_merge=0, p_split=0)
        same = Side(tgt.emb, src.lengths.copy())  # every translation exactly as long as its source: no spread of its own
        return Scorer(src, same, Band.full(n, n), bead_types(1)).calibration.length_sigma

    short, long = spread(8), spread(600)
    assert GALE_CHURCH_SIGMA * np.sqrt(PRIOR_PAIRS / (8 + PRIOR_PAIRS)) * 0.99 < short < GALE_CHURCH_SIGMA
    assert 0 < long < short / 3


def test_words_of_keeps_words_and_numbers_but_not_single_letters():
    assert words_of("In 2018, a NATO-s summit: Tirana & 5 x") == frozenset({"in", "2018", "nato", "summit", "tirana", "5"})


def test_shared_words_are_evidence_only_when_they_carry_over():
    src_words = [frozenset({f"name{k}", "common"}) for k in range(20)]
    tgt_words = [frozenset({f"name{k}", "common"}) for k in range(20)]
    shared = SharedWords(src_words, tgt_words, Band.full(20, 20))
    # "common" is in every sentence, so it is no anchor
    assert all("common" not in ws for ws in shared.words_s)
    hit, miss = shared.calibrate([(k, k) for k in range(20)], np.arange(20), (np.arange(20) + 5) % 20)
    assert hit > 0 > miss
    assert shared.calibrate([(k, (k + 3) % 20) for k in range(20)], np.arange(20), np.arange(20)) == (0.0, 0.0)


def test_a_shared_word_that_a_block_repeats_is_found_once():
    """Interface messages repeat words ("syntax error ..." six times): a source line with the word must not
    gain as many hits by taking in every target line that repeats it."""
    src_words = [frozenset({"syntax"})] + [frozenset({f"name{k}"}) for k in range(1, 20)]
    tgt_words = [frozenset({"syntax"})] * 3 + [frozenset({f"name{k}"}) for k in range(3, 20)]
    shared = SharedWords(src_words, tgt_words, Band.full(20, 20))
    hit, miss = shared.calibrate([(k, k) for k in range(3, 20)], np.arange(20), (np.arange(20) + 5) % 20)
    one_one = shared.llr(1, 1, hit, miss)[1, 1 - shared.band.lo[1]]
    one_three = shared.llr(1, 3, hit, miss)[1, 3 - shared.band.lo[1]]
    assert one_one == pytest.approx(hit)
    assert one_three == pytest.approx(hit + 2 * miss) and one_three < one_one


def test_lines_left_in_the_other_script_do_not_make_their_words_shared():
    """Bash's Greek catalog keeps one message half in English; its "in" and "conditional" must not make every
    English message that uses them expect to find them in its Greek translation."""
    greek = ["syntax error in conditional expression: μη αναμενόμενο σύμβολο « »",
             "syntax error: απαιτείται αριθμητική έκφραση", "απροσδόκητο όρισμα για δυαδικό τελεστή υπό αίρεση",
             "απροσδόκητο σύμβολο σε εντολή υπό αίρεση"]
    english = ["syntax error in conditional expression: unexpected token ` '", "syntax error: arithmetic expression required",
               "unexpected argument to conditional binary operator", "unexpected token in conditional command"]
    copied = copied_lines(greek, english)
    assert copied == ([True, False, False, False], [False] * 4)
    shared = SharedWords([words_of(t) for t in greek], [words_of(t) for t in english], Band.full(4, 4), copied)
    assert {w for ws in shared.words_t for w in ws} == {"syntax", "error"}
    assert copied_lines(["Der Zug fuhr ab.", "Ein Ende in Sicht."], ["Le train partit.", "Une fin en vue."]) == ([False] * 2, [False] * 2)


def test_lines_left_as_they_are_do_not_make_their_words_shared():
    """From procps' Swedish manual of ps, which keeps a third of its lines in English: the English "is", "of"
    and "the" of those lines must not make every translated pair miss them."""
    swedish = ["Identiskt med --sort.", "Ange sorteringsordning.", "Sorteringssyntaxen är [+|-]nyckel[,[+|-]nyckel[,…]].",
               "The sort key is the name of the process.", "Visa processerna i sorteringsordning.", "ps jax --sort=uid"]
    english = ["Identical to --sort.", "Specify sorting order.", "Sorting syntax is [+|-]key[,[+|-]key[,...]].",
               "The sort key is the name of the process.", "Show the processes in sort order.", "ps jax --sort=uid"]
    copied = left_as_is(swedish, english)
    assert copied == ([False, False, False, True, False, True], [False, False, False, True, False, True])
    assert left_as_is(swedish, english, ([True] + [False] * 5, [False] * 6))[0][0]  # a line in the other script stays a copy
    shared = SharedWords([words_of(t) for t in swedish], [words_of(t) for t in english], Band.full(6, 6), copied)
    assert {w for ws in shared.words_t for w in ws} == {"sort"}
    everything = SharedWords([words_of(t) for t in swedish], [words_of(t) for t in english], Band.full(6, 6))
    assert {"is", "the", "of"} <= {w for ws in everything.words_t for w in ws}


def test_copies_are_the_same_text_or_a_line_left_in_the_other_script():
    """From man-db's Russian manual of chsh, which leaves half its paragraphs in English."""
    russian = ["Имя новой регистрационной оболочки пользователя.", "Only absolute paths are supported.", "-s, --shell SHELL"]
    english = ["The name of the users new login shell.", "Only absolute  paths are supported.", "-s, --shell SHELL"]
    is_copy = copies(russian, english)
    assert [is_copy(k, k) for k in range(3)] == [False, True, True]
    assert is_copy(1, 0)  # a line left in English is no translation of any English line
    assert not copies(None, english)(1, 1)
    german = ["Nur absolute Pfade werden unterstützt.", "-s, --shell SHELL"]
    assert [copies(german, english[1:])(k, k) for k in range(2)] == [False, True]  # one script: only the same text


def test_refine_is_pure_and_keys_blocks_by_end_and_size():
    rng = np.random.default_rng(1)
    texts = ["a b", "c d", "e f"]
    side = Side(_unit(rng.standard_normal((3, 4))).astype(np.float32), np.array([3.0, 3.0, 3.0]), None, texts)
    asked = []

    def embed(batch):
        asked.extend(batch)
        return _unit(np.ones((len(batch), 4)))

    first = aligner.refine((side, side), [(0, 0, 2), (1, 1, 3)], embed)
    second = aligner.refine((side, side), [(0, 0, 2), (1, 1, 3)], embed)
    assert asked == ["a b c d", "c d e f"] * 2
    assert set(first[0]) == {(2, 2)} and set(first[1]) == {(3, 2)}
    assert np.array_equal(first[0][(2, 2)], second[0][(2, 2)])


def test_alignment_with_refinement_is_deterministic():
    src, tgt, _ = synthetic_pair(80, dim=32, seed=7, p_merge=0.2)
    texts = [f"s{k}" for k in range(len(src))], [f"t{k}" for k in range(len(tgt))]
    src = Side(src.emb, src.lengths, None, texts[0])
    tgt = Side(tgt.emb, tgt.lengths, None, texts[1])
    rng = np.random.default_rng(2)
    table = {}

    def embed(batch):
        return np.array([table.setdefault(t, _unit(rng.standard_normal(32))) for t in batch])

    first = aligner.align(src, tgt, embed=embed)
    assert aligner.align(src, tgt, embed=embed) == first


@pytest.mark.parametrize("budget", [0.0, 0.5])
def test_budget_caps_the_real_block_embeddings(budget):
    src, tgt, _ = synthetic_pair(100, dim=32, seed=8, p_merge=0.2, p_split=0.2)
    src = Side(src.emb, src.lengths, None, [f"s{k}" for k in range(len(src))])
    tgt = Side(tgt.emb, tgt.lengths, None, [f"t{k}" for k in range(len(tgt))])
    asked = []

    def embed(batch):
        asked.extend(batch)
        return _unit(np.ones((len(batch), 32)))

    aligner.align(src, tgt, embed=embed, budget=budget)
    assert len(asked) <= budget * (len(src) + len(tgt))
    assert (len(asked) > 0) == (budget > 0)
