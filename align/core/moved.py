"""Sentences moved elsewhere: pairs that the in-order alignment cannot make.

The DP pairs sentences in document order, so a paragraph that the translator
put somewhere else is left unmatched on both sides (``SKIP_RUN`` makes such
runs cheap).  Among the sentences left unmatched, a source and a target
sentence that are each other's best partner, look more like a translation
than like unrelated text (the document's own similarity model), and sit in a
run of at least ``MOVED_RUN`` such pairs, consecutive on both sides, are a
moved passage and are paired out of order.  A lone pair is not enough: an
unmatched caption often resembles some other unmatched line by chance.
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
