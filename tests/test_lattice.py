"""Bead types, priors, block sums and the band."""

import math

import numpy as np

from align.core.lattice import SKIP_RUN, Band, block_sums, bead_types, log_prior, run_gain


def test_bead_types_grow_with_max_bead():
    assert bead_types(1) == [(1, 0), (1, 1)]
    assert bead_types(2) == [(1, 0), (1, 1), (1, 2), (2, 1), (2, 0)]
    # 1-0, every a-b with a + b <= 5 (1 + 2 + 3 + 4) and the runs 2-0, 3-0, 4-0
    assert len(bead_types(4)) == 14
    assert all(a + b <= 5 for a, b in bead_types(4))


def test_priors_are_gale_and_church_and_shrink_with_size():
    assert math.isclose(log_prior(1, 1), math.log(0.89))
    assert math.isclose(log_prior(1, 0), log_prior(0, 1))
    assert log_prior(1, 1) > log_prior(2, 1) > log_prior(2, 2) > log_prior(3, 2) > log_prior(3, 3)
    assert math.isclose(log_prior(3, 2) - log_prior(3, 1), -1.5)


def test_a_run_of_unmatched_sentences_is_likelier_than_as_many_lone_ones():
    assert math.isclose(log_prior(3, 0) - log_prior(2, 0), math.log(SKIP_RUN))
    assert log_prior(2, 0) > 2 * log_prior(1, 0)
    assert math.isclose(log_prior(0, 1) + run_gain(), math.log(SKIP_RUN))


def test_block_sums_are_sliding_window_sums_by_lattice_index():
    values = np.array([1.0, 2.0, 3.0, 4.0])
    assert block_sums(values, 1).tolist() == [0, 1, 2, 3, 4]
    assert block_sums(values, 2).tolist() == [0, 0, 3, 5, 7]
    assert block_sums(values, 5).tolist() == [0, 0, 0, 0, 0]


def test_full_band_covers_every_cell():
    band = Band.full(3, 4)
    assert band.rows == 4 and band.width == 5
    assert band.columns()[2].tolist() == [0, 1, 2, 3, 4]
    assert band.inside().all()


def test_transposed_band_holds_the_same_cells():
    lo = np.array([0, 0, 1, 2, 3, 4])
    band = Band(lo, 3, 6)  # 5 source sentences, 6 target
    cells = {(i, j) for i in range(band.rows) for j in band.columns()[i] if j <= band.m}
    t = band.transpose(5)
    back = {(i, j) for j in range(t.rows) for i in t.columns()[j] if i <= t.m}
    assert cells <= back
