"""Chapters of two books matched before their sentences are.

Each chapter is one embedding (the mean of its sentences').  Two chapters
match when each is the other's most similar chapter (mutual nearest
neighbours); the matches kept are the largest in-order set, by how far each
stands out from the runner-up.  Matched chapters are cut points, not verdicts:
the chapters between two matches are aligned together, sentence by sentence,
so an edition's extra chapter ends up unmatched and a chapter split in two in
the other edition still finds its sentences.
"""

from __future__ import annotations

import numpy as np


def match(src: np.ndarray, tgt: np.ndarray) -> list[tuple[int, int]]:
    """In-order pairs (i, j) of mutually most similar chapters, from unit chapter embeddings."""
    n, m = len(src), len(tgt)
    if n < 2 or m < 2:
        return []
    sim = src @ tgt.T
    gain = sim - np.maximum(_runner_up(sim), _runner_up(sim.T).T)
    # the best in-order subset of the positive gains (a longest-path DP over the small matrix)
    best = np.zeros((n + 1, m + 1))
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            take = best[i - 1, j - 1] + gain[i - 1, j - 1] if gain[i - 1, j - 1] > 0 else -np.inf
            best[i, j] = max(best[i - 1, j], best[i, j - 1], take)
    pairs, i, j = [], n, m
    while i > 0 and j > 0:
        if best[i, j] == best[i - 1, j]:
            i -= 1
        elif best[i, j] == best[i, j - 1]:
            j -= 1
        else:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
    return pairs[::-1]


def parts(pairs: list[tuple[int, int]], n: int, m: int) -> list[tuple[range, range]]:
    """The chapter ranges to align one after another: each match, and the chapters between two matches."""
    out, i0, j0 = [], 0, 0
    for i, j in pairs + [(n, m)]:
        if i > i0 or j > j0:
            out.append((range(i0, i), range(j0, j)))
        if i < n:
            out.append((range(i, i + 1), range(j, j + 1)))
        i0, j0 = i + 1, j + 1
    return out


def _runner_up(sim: np.ndarray) -> np.ndarray:
    """For each cell, the highest similarity elsewhere in its row."""
    order = np.argsort(-sim, axis=1)
    rows = np.arange(len(sim))
    first, second = sim[rows, order[:, 0]], sim[rows, order[:, 1]]
    out = np.repeat(first[:, None], sim.shape[1], axis=1)
    out[rows, order[:, 0]] = second
    return out
