"""Synthetic document pairs with a known alignment, for scaling tests.

Source sentences are random unit vectors.  Each becomes, on the target side, a
noisy copy (1-1), nothing (1-0), two noisy halves (1-2), or half of a merged
sentence (2-1); random target sentences are inserted (0-1).  Lengths follow the
same story, so the length model has something to read.
"""

from __future__ import annotations

import numpy as np

from align.core import Side


def synthetic_pair(n: int, dim: int = 384, seed: int = 0, noise: float = 1.0,
                   p_delete=0.02, p_insert=0.02, p_merge=0.05, p_split=0.05):
    """Two ``Side`` objects and the gold beads ``[(src ids, tgt ids), ...]``."""
    rng = np.random.default_rng(seed)
    src = _unit(rng.standard_normal((n, dim)))
    src_len = rng.integers(20, 240, n).astype(np.float64)
    tgt, tgt_len, gold = [], [], []

    def noisy(v):
        return _unit(v + noise * rng.standard_normal(dim) / np.sqrt(dim))

    i = 0
    while i < n:
        r = rng.random()
        if r < p_insert:
            gold.append(((), (len(tgt),)))
            tgt.append(_unit(rng.standard_normal(dim)))
            tgt_len.append(float(rng.integers(20, 240)))
            continue
        r = rng.random()
        if r < p_delete:
            gold.append(((i,), ()))
            i += 1
        elif r < p_delete + p_merge and i + 1 < n:
            gold.append(((i, i + 1), (len(tgt),)))
            tgt.append(noisy(src_len[i] * src[i] + src_len[i + 1] * src[i + 1]))
            tgt_len.append((src_len[i] + src_len[i + 1]) * rng.uniform(0.9, 1.1))
            i += 2
        elif r < p_delete + p_merge + p_split:
            gold.append(((i,), (len(tgt), len(tgt) + 1)))
            share = rng.uniform(0.35, 0.65)
            for part in (share, 1 - share):
                tgt.append(noisy(src[i] + 0.6 * rng.standard_normal(dim) / np.sqrt(dim)))
                tgt_len.append(src_len[i] * part * rng.uniform(0.9, 1.1))
            i += 1
        else:
            gold.append(((i,), (len(tgt),)))
            tgt.append(noisy(src[i]))
            tgt_len.append(src_len[i] * rng.uniform(0.85, 1.15))
            i += 1
    left = Side(src.astype(np.float32), src_len)
    right = Side(np.array(tgt, dtype=np.float32), np.array(tgt_len))
    return left, right, gold


def _unit(x):
    return x / np.linalg.norm(x, axis=-1, keepdims=True)
