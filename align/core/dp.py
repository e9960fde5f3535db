"""Dynamic programming over a band of the alignment lattice.

The lattice and its band are described in ``lattice.py``.

``scores[k][i, q]`` is the log-score of bead ``beads[k]`` ending at row ``i``,
column ``lo[i] + q``.  Horizontal moves are 0-1 beads whose score depends on
the target sentence alone (``skip[j]`` for target sentence ``j``), so a run of
them costs a difference of cumulative sums, which lets a whole row be solved
with one cumulative max instead of a Python loop over columns.
"""

from __future__ import annotations

import numpy as np

from .lattice import NEG, Band


def _shifted(row: np.ndarray, shift: int) -> np.ndarray:
    """``out[q] = row[q + shift]``, or -inf where that falls outside the row."""
    width = len(row)
    out = np.full(width, NEG)
    if shift >= 0:
        if shift < width:
            out[: width - shift] = row[shift:]
    elif -shift < width:
        out[-shift:] = row[: width + shift]
    return out


def _skip_costs(skip, m: int) -> np.ndarray:
    """The score of skipping each target sentence: one number for all, or one each."""
    return np.broadcast_to(np.asarray(skip, dtype=float), (m,))


def _ramps(skip: np.ndarray, band: Band) -> np.ndarray:
    """``ramps[i, q]``: the score of skipping the target sentences from column ``lo[i]`` to ``lo[i] + q``."""
    total = np.concatenate([[0.0], np.cumsum(skip)])
    cols = np.clip(band.lo[:, None] + np.arange(band.width), 0, len(skip))
    return total[cols] - total[np.clip(band.lo, 0, len(skip))][:, None]


def viterbi(beads, scores, skip, band: Band) -> list[tuple[int, int, int, int]]:
    """Best path as beads ``(i0, i1, j0, j1)`` (half-open sentence ranges)."""
    n1, width = band.rows, band.width
    lo = band.lo
    best = np.full((n1, width), NEG)
    back = np.zeros((n1, width), dtype=np.int8)  # bead index, or -1 for a 0-1 move
    cells = np.arange(width)
    ramps = _ramps(_skip_costs(skip, band.m), band)
    for i in range(n1):
        ramp = ramps[i]
        row = np.full(width, NEG)
        arg = np.zeros(width, dtype=np.int8)
        if i == 0 and lo[0] == 0:
            row[0] = 0.0
        for k, (a, b) in enumerate(beads):
            if i < a:
                continue
            cand = _shifted(best[i - a], lo[i] - b - lo[i - a]) + scores[k][i]
            better = cand > row
            row[better] = cand[better]
            arg[better] = k
        # 0-1 moves: the best of "arrive here" and "arrive left of here, then skip";
        # comparing indices, not sums, keeps rounding from inventing skips
        vals = row - ramp
        peak = np.maximum.accumulate(vals)
        source = np.maximum.accumulate(np.where(vals >= peak, cells, 0))
        moved = source < cells
        arg[moved] = -1
        best[i] = np.where(moved, peak + ramp, row)
        back[i] = arg
    i, q = n1 - 1, band.m - lo[-1]
    if not 0 <= q < width or not np.isfinite(best[i, q]):
        raise ValueError("the band does not reach the end of the lattice")
    path = []
    while i > 0 or lo[i] + q > 0:
        k = back[i, q]
        a, b = (0, 1) if k < 0 else beads[k]
        j = lo[i] + q
        path.append((i - a, i, j - b, j))
        q = j - b - lo[i - a]
        i -= a
    path.reverse()
    return path


def forward_backward(beads, scores, skip, band: Band):
    """Log partition function and the forward/backward tables."""
    n1, width = band.rows, band.width
    lo = band.lo
    ramps = _ramps(_skip_costs(skip, band.m), band)
    fwd = np.full((n1, width), NEG)
    for i in range(n1):
        ramp = ramps[i]
        row = np.full(width, NEG)
        if i == 0 and lo[0] == 0:
            row[0] = 0.0
        for k, (a, b) in enumerate(beads):
            if i < a:
                continue
            row = np.logaddexp(row, _shifted(fwd[i - a], lo[i] - b - lo[i - a]) + scores[k][i])
        fwd[i] = np.logaddexp.accumulate(row - ramp) + ramp
    bwd = np.full((n1, width), NEG)
    end = band.m - lo[-1]
    for i in range(n1 - 1, -1, -1):
        row = np.full(width, NEG)
        if i == n1 - 1:
            row[end] = 0.0
        for k, (a, b) in enumerate(beads):
            if i + a >= n1:
                continue
            # a bead starting at (i, j) ends at (i + a, j + b)
            row = np.logaddexp(
                row, _shifted(bwd[i + a] + scores[k][i + a], lo[i] + b - lo[i + a])
            )
        ramp = ramps[i]
        bwd[i] = np.logaddexp.accumulate((row + ramp)[::-1])[::-1] - ramp
    return fwd[-1, end], fwd, bwd


def posteriors(beads, scores, skip, band: Band, path) -> np.ndarray:
    """Posterior probability of each bead of ``path`` under all paths."""
    logz, fwd, bwd = forward_backward(beads, scores, skip, band)
    lo = band.lo
    skip = _skip_costs(skip, band.m)
    index = {bead: k for k, bead in enumerate(beads)}
    out = np.empty(len(path))
    for t, (i0, i1, j0, j1) in enumerate(path):
        a, b = i1 - i0, j1 - j0
        q_end, q_start = j1 - lo[i1], j0 - lo[i0]
        if a == 0:
            score = skip[j0]
        else:
            score = scores[index[(a, b)]][i1, q_end]
        out[t] = np.exp(fwd[i0, q_start] + score + bwd[i1, q_end] - logz)
    return np.clip(out, 0.0, 1.0)


def bead_posteriors(beads, scores, skip, band: Band) -> list[np.ndarray]:
    """Posterior of every bead in the band (for choosing what to refine)."""
    logz, fwd, bwd = forward_backward(beads, scores, skip, band)
    lo = band.lo
    out = []
    for k, (a, b) in enumerate(beads):
        post = np.zeros((band.rows, band.width))
        for i in range(a, band.rows):
            start = _shifted(fwd[i - a], lo[i] - b - lo[i - a])
            post[i] = np.exp(start + scores[k][i] + bwd[i] - logz)
        out.append(post)
    return out
