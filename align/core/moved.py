"""Sentences moved elsewhere: pairs that the in-order alignment cannot make.

The DP pairs sentences in document order, so a paragraph that the translator
put somewhere else is left unmatched on both sides (``SKIP_RUN`` makes such
runs cheap).  Among the sentences left unmatched, a source and a target
sentence that are each other's best partner, look more like a translation
than like unrelated text (the document's own similarity model), and sit in a
run of at least ``MOVED_RUN`` such pairs, consecutive on both sides, are a
moved passage and are paired out of order.  A lone pair is not enough: an
unmatched caption often resembles some other unmatched line by chance.

A passage moved farther than that (a chapter put elsewhere) is found whole:
runs of at least ``FAR_RUN`` unmatched sentences, one on each side, each the
other's best, where most sentences of the shorter run have a partner in the
other that is each one's best in the whole document, looks like a
translation and lines up with the next such pair (``far_passages``); the
aligner then aligns the two runs as a document of their own.
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

# A moved passage is at least this many pairs in a row: lone pairs pair captions
# with look-alikes (dev suite mean 0.9855), three miss short passages (0.9855), two 0.9859.
MOVED_RUN = 2
# How far (in target sentences) from where the in-order alignment left a
# source sentence its moved translation is looked for: a page or two, which
# keeps the search linear in the document's length.
MOVED_REACH = 100
# A passage moved farther is a run of at least this many unmatched sentences on each side ...
FAR_RUN = 5
# ... most of whose sentences (this share of the shorter run) pair up with the other run's.
FAR_SHARE = 0.5
# Runs are compared only while their sentences times the other side's stay under this: each run sentence
# is compared with every sentence of the other side, and two unrelated documents leave nearly all unmatched.
FAR_CELLS = 40_000_000
# A margin this close to a sentence's best is its best: the two are the same float32 dot products summed
# in another order (a block against a whole side), and which way the last bits fall depends on the CPU.
TIE = 1e-5


def moved_pairs(
    src_emb: np.ndarray,
    tgt_emb: np.ndarray,
    xs: Sequence[int],
    at: Sequence[int],
    ys: Sequence[int],
    knn: tuple[np.ndarray, np.ndarray],
    similarity_llr: Callable[[np.ndarray], np.ndarray],
) -> list[tuple[int, int, float]]:
    """``(x, y, evidence)`` for the unmatched source sentences ``xs`` and target ones ``ys`` that pair up.

    ``at[k]`` is the target position where source sentence ``xs[k]`` was left
    unmatched, ``ys`` ascending; ``knn`` holds each sentence's mean similarity to its nearest
    neighbours (the margin's baseline); ``similarity_llr`` turns a margin
    into evidence.
    """
    ys = np.asarray(ys, dtype=np.int64)
    best = np.full(len(ys), -np.inf)  # for each unmatched target sentence, its best source sentence
    best_x = np.full(len(ys), -1)
    mine: dict[int, tuple[int, float]] = {}  # and for each source sentence, its best target one
    for x, j in zip(xs, at):
        lo, hi = np.searchsorted(ys, [j - MOVED_REACH, j + MOVED_REACH], side="left")
        if lo == hi:
            continue
        near = ys[lo:hi]
        llr = similarity_llr(tgt_emb[near] @ src_emb[x] - (knn[0][x] + knn[1][near]) / 2)
        k = int(np.argmax(llr))
        mine[x] = (int(near[k]), float(llr[k]))
        better = llr > best[lo:hi]
        best[lo:hi][better] = llr[better]
        best_x[lo:hi][better] = x
    at_y = {int(y): k for k, y in enumerate(ys)}
    found = {x: (y, v) for x, (y, v) in mine.items() if v > 0 and best_x[at_y[y]] == x}

    def run_length(x: int) -> int:
        y, length = found[x][0], 1
        for step in (1, -1):
            k = 1
            while x + step * k in found and found[x + step * k][0] == y + step * k:
                k += 1
            length += k - 1
        return length

    return [(x, y, v) for x, (y, v) in sorted(found.items()) if run_length(x) >= MOVED_RUN]


def runs(ids: Sequence[int], least: int = FAR_RUN) -> list[tuple[int, int]]:
    """The maximal runs ``[start, end)`` of consecutive numbers in ascending ``ids``, at least ``least`` long."""
    out: list[tuple[int, int]] = []
    for i in ids:
        if out and out[-1][1] == i:
            out[-1] = (out[-1][0], i + 1)
        else:
            out.append((i, i + 1))
    return [(a, b) for a, b in out if b - a >= least]


def far_passages(
    src_emb: np.ndarray,
    tgt_emb: np.ndarray,
    src_runs: Sequence[tuple[int, int]],
    tgt_runs: Sequence[tuple[int, int]],
    knn: tuple[np.ndarray, np.ndarray],
    similarity_llr: Callable[[np.ndarray], np.ndarray],
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The (source run, target run) pairs of unmatched sentences that translate each other, however far apart.

    A run pair's share is how many sentences of the shorter run have a partner
    in the other run that is its best in the whole other side and has it for
    its own best, with positive evidence, and that lines up with another such
    pair (``_in_line``), over the run's length; a pair counts where the share
    is at least ``FAR_SHARE`` and each run is the other's best.  Within a small
    block some pairs are mutual best by chance (a dropped paragraph against an
    unrelated inserted one, two chapters on the same mountains); against the
    whole document, and in line, they seldom are.
    """
    if not src_runs or not tgt_runs:
        return []
    xs = np.concatenate([np.arange(a, b) for a, b in src_runs])
    ys = np.concatenate([np.arange(a, b) for a, b in tgt_runs])
    if len(xs) * len(tgt_emb) + len(ys) * len(src_emb) > FAR_CELLS:
        return []
    margin = src_emb[xs] @ tgt_emb[ys].T - (knn[0][xs, None] + knn[1][None, ys]) / 2
    # each sentence's best margin against the whole other side: a moved sentence's translation is its best anywhere
    best_s = _best_margins(src_emb[xs], knn[0][xs], tgt_emb, knn[1])
    best_t = _best_margins(tgt_emb[ys], knn[1][ys], src_emb, knn[0])
    good = (margin >= best_s[:, None] - TIE) & (margin >= best_t[None, :] - TIE) & (similarity_llr(margin) > 0)
    row = np.cumsum([0] + [b - a for a, b in src_runs])
    col = np.cumsum([0] + [b - a for a, b in tgt_runs])
    share = np.zeros((len(src_runs), len(tgt_runs)))
    for r in range(len(src_runs)):
        for c in range(len(tgt_runs)):
            x, y = np.nonzero(good[row[r]:row[r + 1], col[c]:col[c + 1]])
            share[r, c] = _in_line(set(zip(x.tolist(), y.tolist()))) / min(row[r + 1] - row[r], col[c + 1] - col[c])
    return [(src_runs[r], tgt_runs[c]) for r, c in enumerate(share.argmax(1))
            if share[r, c] >= FAR_SHARE and share[:, c].argmax() == r]


def _best_margins(emb: np.ndarray, baseline: np.ndarray, other: np.ndarray, other_baseline: np.ndarray) -> np.ndarray:
    """Each row's best margin against every sentence of the other side, a few hundred rows at a time."""
    out = np.empty(len(emb))
    for k in range(0, len(emb), 256):
        out[k:k + 256] = (emb[k:k + 256] @ other.T - other_baseline[None, :] / 2).max(1) - baseline[k:k + 256] / 2
    return out


def _in_line(pairs: set[tuple[int, int]]) -> int:
    """How many of the (source, target) pairs have another one at most two sentences on, or back, on both sides:
    a passage's translations follow each other in order (beads of one or two sentences a side)."""
    steps = [(dx, dy) for dx in (1, 2) for dy in (1, 2)]
    return sum(any((x + dx, y + dy) in pairs or (x - dx, y - dy) in pairs for dx, dy in steps) for x, y in pairs)
