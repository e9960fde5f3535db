"""The dynamic programme on hand-made score tables whose best path is known."""

import math

import numpy as np
import pytest

from align.core import dp
from align.core.lattice import NEG, Band, bead_types

BEADS = bead_types(2)  # (1,0), (1,1), (1,2), (2,1)
SKIP = -5.0


def _tables(n, m, cells, default=-10.0, band=None):
    """Score tables over the full lattice: ``cells[(a, b)]`` maps a bead's end (i, j) to its score."""
    band = band or Band.full(n, m)
    out = []
    for a, b in BEADS:
        table = np.full((band.rows, band.width), NEG)
        for i in range(a, band.rows):
            for q in range(band.width):
                j = band.lo[i] + q
                if b <= j <= m:
                    table[i, q] = cells.get((a, b), {}).get((i, j), default if b else SKIP)
        out.append(table)
    return out, band


def test_viterbi_follows_the_diagonal_of_good_one_to_one_beads():
    scores, band = _tables(4, 4, {(1, 1): {(k, k): 0.0 for k in range(1, 5)}})
    assert dp.viterbi(BEADS, scores, SKIP, band) == [(0, 1, 0, 1), (1, 2, 1, 2), (2, 3, 2, 3), (3, 4, 3, 4)]


def test_viterbi_takes_a_two_to_one_bead_when_it_explains_more():
    # source 1 and 2 together translate target 1; everything else is 1-1
    cells = {(1, 1): {(1, 1): 0.0, (4, 3): 0.0}, (2, 1): {(3, 2): 0.0}}
    scores, band = _tables(4, 3, cells)
    assert dp.viterbi(BEADS, scores, SKIP, band) == [(0, 1, 0, 1), (1, 3, 1, 2), (3, 4, 2, 3)]


def test_viterbi_skips_a_target_sentence_with_no_counterpart():
    # target sentence 1 is an insertion: 1-1, then 0-1, then 1-1
    cells = {(1, 1): {(1, 1): 0.0, (2, 3): 0.0}}
    scores, band = _tables(2, 3, cells)
    assert dp.viterbi(BEADS, scores, SKIP, band) == [(0, 1, 0, 1), (1, 1, 1, 2), (1, 2, 2, 3)]


def test_viterbi_deletes_a_source_sentence_with_a_one_to_zero_bead():
    cells = {(1, 1): {(1, 1): 0.0, (3, 2): 0.0}, (1, 0): {(2, 1): SKIP}}
    scores, band = _tables(3, 2, cells)
    assert dp.viterbi(BEADS, scores, SKIP, band) == [(0, 1, 0, 1), (1, 2, 1, 1), (2, 3, 1, 2)]


def test_a_band_that_holds_the_path_gives_the_same_path_as_the_full_lattice():
    n = 12
    cells = {(1, 1): {(k, k): 0.0 for k in range(1, n + 1)}}
    full, full_band = _tables(n, n, cells)
    narrow = Band(np.clip(np.arange(n + 1) - 2, 0, n - 4), 5, n)
    banded, band = _tables(n, n, cells, band=narrow)
    assert dp.viterbi(BEADS, banded, SKIP, band) == dp.viterbi(BEADS, full, SKIP, full_band)


def test_viterbi_refuses_a_band_that_misses_the_end():
    band = Band(np.zeros(4, dtype=np.int64), 2, 5)  # columns 0..1, but the lattice ends at column 5
    scores, _ = _tables(3, 5, {}, band=band)
    with pytest.raises(ValueError, match="does not reach the end"):
        dp.viterbi(BEADS, scores, SKIP, band)


def test_posteriors_of_the_only_possible_path_are_one():
    # every other bead impossible and skipping prohibitively dear: a single 1-1 path
    scores, band = _tables(3, 3, {(1, 1): {(k, k): 0.0 for k in range(1, 4)}}, default=NEG)
    scores[0][:] = NEG  # no 1-0 beads either
    path = dp.viterbi(BEADS, scores, -1e4, band)
    assert np.allclose(dp.posteriors(BEADS, scores, -1e4, band, path), 1.0)


def test_two_equally_good_paths_share_the_probability():
    # two 1-1 beads, or a 1-2 bead then a 1-0 bead: both score 0, every other path far less
    cells = {(1, 1): {(1, 1): 0.0, (2, 2): 0.0}, (1, 2): {(1, 2): 0.0}, (1, 0): {(2, 2): 0.0}}
    scores, band = _tables(2, 2, cells, default=NEG)
    skip = -50.0
    logz = dp.forward_backward(BEADS, scores, skip, band)[0]
    assert math.isclose(logz, math.log(2), rel_tol=1e-6)
    path = dp.viterbi(BEADS, scores, skip, band)
    assert np.allclose(dp.posteriors(BEADS, scores, skip, band, path), 0.5)


def test_bead_posteriors_sum_to_the_expected_number_of_beads():
    rng = np.random.default_rng(0)
    n = m = 6
    scores, band = _tables(n, m, {})
    scores = [np.where(np.isfinite(s), rng.normal(-2, 1, s.shape), NEG) for s in scores]
    posts = dp.bead_posteriors(BEADS, scores, SKIP, band)
    # every source sentence is covered exactly once on every path, so the expected
    # number of source sentences covered is n
    covered = sum(a * p.sum() for (a, _), p in zip(BEADS, posts))
    assert math.isclose(covered, n, rel_tol=1e-6)
    assert all((p >= 0).all() and (p <= 1 + 1e-9).all() for p in posts)


def _all_paths(n, m, band):
    """Every monotone path through the band as beads (i0, i1, j0, j1), by brute force."""
    def inside(i, j):
        return 0 <= j - band.lo[i] < band.width and j <= m

    def walk(i, j):
        if (i, j) == (n, m):
            yield []
            return
        for a, b in [(0, 1)] + list(BEADS):
            if i + a <= n and j + b <= m and inside(i + a, j + b):
                for rest in walk(i + a, j + b):
                    yield [(i, i + a, j, j + b)] + rest
    return list(walk(0, 0))


def _one_a_sentence(path):
    """A path as the DP gives it: a run of unmatched source sentences (a k-0 bead) as k 1-0 beads."""
    return [piece for i0, i1, j0, j1 in path
            for piece in ([(x, x + 1, j0, j0) for x in range(i0, i1)] if j0 == j1 else [(i0, i1, j0, j1)])]


@pytest.mark.parametrize("run", [0.0, 1.5, 4.0])
@pytest.mark.parametrize("narrow", [False, True])
def test_each_target_sentence_may_cost_its_own_skip(narrow, run):
    rng = np.random.default_rng(1)
    n, m = 4, 5
    band = Band(np.array([0, 0, 1, 1, 2]), 4, m) if narrow else None
    scores, band = _tables(n, m, {}, band=band)
    scores = [np.where(np.isfinite(s), rng.normal(-2, 1, s.shape), NEG) for s in scores]
    skip = rng.normal(-3, 2, m)  # target sentence 2 say is a cut piece: skipping it costs more
    index = {bead: k for k, bead in enumerate(BEADS)}

    def total(path):
        # a 0-1 bead right after another one carries on a run and gains ``run``
        return sum(skip[j0] + run * (t > 0 and path[t - 1][0] == path[t - 1][1]) if i1 == i0
                   else scores[index[(i1 - i0, j1 - j0)]][i1, j1 - band.lo[i1]]
                   for t, (i0, i1, j0, j1) in enumerate(path))

    paths = _all_paths(n, m, band)
    values = [total(p) for p in paths]
    paths = [_one_a_sentence(p) for p in paths]
    assert dp.viterbi(BEADS, scores, skip, band, run) == paths[int(np.argmax(values))]
    logz = dp.forward_backward(BEADS, scores, skip, band, run)[0]
    assert math.isclose(logz, float(np.logaddexp.reduce(values)), rel_tol=1e-9)
    best = paths[int(np.argmax(values))]
    brute = [sum(np.exp(v - logz) for p, v in zip(paths, values) if bead in p) for bead in best]
    assert np.allclose(dp.posteriors(BEADS, scores, skip, band, best, run), brute)
