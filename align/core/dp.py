"""Dynamic programming over a band of the alignment lattice.

The lattice and its band are described in ``lattice.py``.

``scores[k][i, q]`` is the log-score of bead ``beads[k]`` ending at row ``i``,
column ``lo[i] + q``.  Horizontal moves leave target sentences unmatched.
Unmatched sentences come in runs (a paragraph dropped, a song left
untranslated), so a run of them is one move: it costs ``skip[j]`` for each of
its sentences plus ``run`` for each after the first (``run`` >= 0 makes a
long run cheaper than as many separate skips).  A run's cost is a difference
of cumulative sums, which lets a whole row be solved with one cumulative max
instead of a Python loop over columns.
"""

from __future__ import annotations

from typing import Collection, NamedTuple

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


def _before(values: np.ndarray, fill: float = NEG) -> np.ndarray:
    """``out[q] = values[q - 1]``: what a running total held before cell q."""
    return np.concatenate([[fill], values[:-1]])


def _ramps(skip, run: float, band: Band) -> np.ndarray:
    """``ramps[i, q]``: the score of a run over the target sentences from column ``lo[i]`` to ``lo[i] + q``,
    less the one ``run`` that its first sentence does not get."""
    per = np.broadcast_to(np.asarray(skip, dtype=float), (band.m,)) + run
    total = np.concatenate([[0.0], np.cumsum(per)])
    cols = np.clip(band.lo[:, None] + np.arange(band.width), 0, band.m)
    return total[cols] - total[np.clip(band.lo, 0, band.m)][:, None]


def viterbi(beads, scores, skip, band: Band, run: float = 0.0) -> list[tuple[int, int, int, int]]:
    """Best path as beads ``(i0, i1, j0, j1)`` (half-open sentence ranges); a run of unmatched
    sentences, either side, is one 0-1 or 1-0 bead a sentence."""
    n1, width = band.rows, band.width
    lo = band.lo
    best = np.full((n1, width), NEG)
    back = np.zeros((n1, width), dtype=np.int8)  # bead index of the best arrival by a bead
    came = np.full((n1, width), -1, dtype=np.int32)  # where a run that beats it starts, or -1
    cells = np.arange(width)
    ramps = _ramps(skip, run, band)
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
        # a run starts where a bead arrived; comparing on the ramp's scale, not
        # adding it back first, keeps rounding from inventing runs
        vals = row - ramp
        peak = np.maximum.accumulate(vals)
        start = np.maximum.accumulate(np.where(vals >= peak, cells, 0))
        runs = _before(peak) - run
        moved = runs > vals
        best[i] = np.where(moved, runs + ramp, row)
        back[i] = arg
        came[i] = np.where(moved, _before(start, 0), -1)
    i, q = n1 - 1, band.m - lo[-1]
    if not 0 <= q < width or not np.isfinite(best[i, q]):
        raise ValueError("the band does not reach the end of the lattice")
    path = []
    free = True  # whether (i, q) may be the end of a run: not right after one
    while i > 0 or lo[i] + q > 0:
        j = lo[i] + q
        if free and came[i, q] >= 0:
            q = int(came[i, q])
            path += [(i, i, jj, jj + 1) for jj in range(j - 1, lo[i] + q - 1, -1)]
            free = False
            continue
        a, b = beads[back[i, q]]
        if b == 0:
            path += [(x, x + 1, j, j) for x in range(i - 1, i - a - 1, -1)]
        else:
            path.append((i - a, i, j - b, j))
        q = j - b - lo[i - a]
        i -= a
        free = True
    path.reverse()
    return path


class Tables(NamedTuple):
    """What forward-backward leaves: ``fwd[i, q]`` sums the paths that reach the cell, ``arrived[i]`` those
    that reach row i's cells by a bead; ``bwd`` sums the ways on from a cell that a bead reached (free to
    start a run), ``leaving[i]`` those that go on by a bead; ``ramps`` are the runs' scores (``_ramps``).
    ``arrived`` and ``leaving`` hold only the rows asked for: two more full tables would cost a third
    more memory, and only the rows where a target sentence is left unmatched need them."""

    logz: float
    fwd: np.ndarray
    bwd: np.ndarray
    arrived: dict[int, np.ndarray]
    leaving: dict[int, np.ndarray]
    ramps: np.ndarray


def forward_backward(beads, scores, skip, band: Band, run: float = 0.0, runs_at: Collection[int] = ()) -> Tables:
    """Log partition function and the forward/backward tables (``arrived`` and ``leaving`` at the rows
    ``runs_at``)."""
    n1, width = band.rows, band.width
    lo = band.lo
    ramps = _ramps(skip, run, band)
    fwd = np.full((n1, width), NEG)
    arrived, leaving = {}, {}
    for i in range(n1):
        ramp = ramps[i]
        row = np.full(width, NEG)
        if i == 0 and lo[0] == 0:
            row[0] = 0.0
        for k, (a, b) in enumerate(beads):
            if i < a:
                continue
            row = np.logaddexp(row, _shifted(fwd[i - a], lo[i] - b - lo[i - a]) + scores[k][i])
        if i in runs_at:
            arrived[i] = row
        fwd[i] = np.logaddexp(row, _before(np.logaddexp.accumulate(row - ramp)) - run + ramp)
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
        if i in runs_at:
            leaving[i] = row
        after = np.logaddexp.accumulate((row + ramp)[::-1])[::-1]
        bwd[i] = np.logaddexp(row, np.concatenate([after[1:], [NEG]]) - run - ramp)
    return Tables(fwd[-1, end], fwd, bwd, arrived, leaving, ramps)


def posteriors(beads, scores, skip, band: Band, path, run: float = 0.0) -> np.ndarray:
    """Posterior probability of each bead of ``path`` under all paths (of a 0-1 or 1-0 bead: that its
    sentence is left unmatched there, in whichever run)."""
    runs_at = {i0 for i0, i1, _, _ in path if i0 == i1}
    logz, fwd, bwd, arrived, leaving, ramps = forward_backward(beads, scores, skip, band, run, runs_at)
    lo = band.lo
    index = {bead: k for k, bead in enumerate(beads)}
    out = np.empty(len(path))
    for t, (i0, i1, j0, j1) in enumerate(path):
        a, b = i1 - i0, j1 - j0
        q_end, q_start = j1 - lo[i1], j0 - lo[i0]
        if a == 0:
            ramp = ramps[i0]
            runs_from = np.logaddexp.reduce(arrived[i0][: q_start + 1] - ramp[: q_start + 1])
            runs_to = np.logaddexp.reduce(leaving[i0][q_end:] + ramp[q_end:])
            out[t] = np.exp(runs_from + runs_to - run - logz)
        elif b == 0:
            out[t] = np.exp(_unmatched_source(beads, scores, band, fwd, bwd, i0, j0) - logz)
        else:
            score = scores[index[(a, b)]][i1, q_end]
            out[t] = np.exp(fwd[i0, q_start] + score + bwd[i1, q_end] - logz)
    return np.clip(out, 0.0, 1.0)


def _unmatched_source(beads, scores, band: Band, fwd, bwd, x: int, j: int) -> float:
    """Log-sum of the paths that leave source sentence ``x`` unmatched after target column ``j``."""
    lo, total = band.lo, NEG
    for k, (a, b) in enumerate(beads):
        if b:
            continue
        for start in range(max(0, x - a + 1), min(x, band.rows - 1 - a) + 1):
            q0, q1 = j - lo[start], j - lo[start + a]
            if 0 <= q0 < band.width and 0 <= q1 < band.width:
                total = np.logaddexp(total, fwd[start, q0] + scores[k][start + a, q1] + bwd[start + a, q1])
    return float(total)


def bead_posteriors(beads, scores, skip, band: Band, run: float = 0.0, wanted=None) -> list[np.ndarray]:
    """Posterior of every bead in the band, of the types in ``wanted`` (all if None), in that order."""
    logz, fwd, bwd = forward_backward(beads, scores, skip, band, run)[:3]
    lo = band.lo
    out = []
    for k, (a, b) in enumerate(beads):
        if wanted is not None and (a, b) not in wanted:
            continue
        post = np.zeros((band.rows, band.width))
        for i in range(a, band.rows):
            start = _shifted(fwd[i - a], lo[i] - b - lo[i - a])
            post[i] = np.exp(start + scores[k][i] + bwd[i] - logz)
        out.append(post)
    return out
