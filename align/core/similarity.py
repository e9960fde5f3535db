"""Block embeddings and the banded cosines between the two sides.

A *block* is a run of consecutive sentences of one side.  Its embedding is
approximated by the length-weighted mean of its sentences' embeddings (e5
mean-pools its tokens, so this approximates embedding the joined text); where
the joined text was really embedded, the two estimates are averaged (see
``block_vector``).  ``pair_similarity`` is the one definition of how similar
the two sides of a bead are: the aligner, the checks and the plots all use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from .lattice import NEG, Band, block_sums

KNN = 4  # neighbours in the margin
# Real embeddings of joined blocks, per side: (end, size) -> unit vector.
Refined = Mapping[tuple[int, int], np.ndarray]
NO_REFINED: Refined = {}


def _unit(v: np.ndarray) -> np.ndarray:
    return v / max(float(np.linalg.norm(v)), 1e-12)


def block_vector(emb: np.ndarray, lengths: np.ndarray, joined: np.ndarray | None = None) -> np.ndarray:
    """Unit embedding of a block from its sentences' unit embeddings and lengths.

    ``joined``, the embedding of the block's joined text, is averaged in where
    there is one: the two estimates err in different ways (the joined text's
    sits lower against a translation, on average), and across the dev suite
    their plain mean beats weighing either more (README, *What was tried*).
    """
    w = np.asarray(lengths, dtype=np.float64)
    v = _unit((emb * w[:, None]).sum(0))
    if joined is not None and len(emb) > 1:
        v = _unit(v + _unit(np.asarray(joined, dtype=np.float64)))
    return v


def pair_similarity(
    src_emb: np.ndarray, src_lengths: np.ndarray, tgt_emb: np.ndarray, tgt_lengths: np.ndarray,
    src_joined: np.ndarray | None = None, tgt_joined: np.ndarray | None = None,
) -> float:
    """Cosine between the two sides of a bead (each side one or more sentences)."""
    return float(block_vector(src_emb, src_lengths, src_joined) @ block_vector(tgt_emb, tgt_lengths, tgt_joined))


@dataclass(frozen=True)
class Side:
    """One side of the alignment: unit sentence embeddings, lengths, and (optionally) word sets and texts."""

    emb: np.ndarray
    lengths: np.ndarray
    words: Sequence[frozenset[str]] | None = None
    texts: Sequence[str] | None = None  # needed only to embed joined blocks
    times: np.ndarray | None = None  # (start, end) seconds a sentence, for subtitles (``timing.py``)
    starts: np.ndarray | None = None  # whether each sentence starts a paragraph (``structure.py``)

    def __len__(self) -> int:
        return len(self.emb)

    @classmethod
    def of(cls, texts: Sequence[str], emb: np.ndarray, times: np.ndarray | None = None,
           starts: np.ndarray | None = None) -> Side:
        """A side with everything the aligner can use: embeddings, lengths, words, texts (times, paragraphs)."""
        from .anchors import words_of

        lengths = np.array([max(len(t), 1) for t in texts], dtype=np.float64)
        return cls(emb, lengths, [words_of(t) for t in texts], list(texts), times, starts)

    def part(self, start: int, end: int) -> Side:
        """Sentences ``start`` to ``end`` as a side of their own (a passage aligned apart)."""
        def cut(values):
            return None if values is None else values[start:end]

        return Side(self.emb[start:end], self.lengths[start:end], cut(self.words), cut(self.texts),
                    cut(self.times), cut(self.starts))

    def block_times(self, size: int) -> tuple[np.ndarray, np.ndarray]:
        """Start and end seconds of the block of ``size`` sentences ending before each index (0 before one fits)."""
        n = len(self)
        start, end = np.zeros(n + 1), np.zeros(n + 1)
        if size <= n:
            start[size:] = self.times[: n - size + 1, 0]
            end[size:] = self.times[size - 1 :, 1]
        return start, end

    def block(self, end: int, size: int, refined: Refined = NO_REFINED) -> np.ndarray:
        """Unit embedding of the ``size`` sentences ending before ``end``."""
        if (end, size) in refined:
            return refined[(end, size)]
        return block_vector(self.emb[end - size : end], self.lengths[end - size : end])

    def joined_text(self, start: int, end: int) -> str:
        if self.texts is None:
            raise ValueError("this side was built without its texts")
        return " ".join(self.texts[start:end])


class BandView:
    """Similarities of each sentence of one side to a window of the other side."""

    def __init__(self, rows: Side, cols: Side, band: Band, max_size: int):
        self.rows, self.cols = rows, cols
        n = len(rows)
        lo = band.lo
        # the window of sentence x follows lattice row x + 1, widened so that every
        # block ending in a later row of the band still finds its cells here
        jump = int(np.max(lo[max_size:] - lo[:-max_size])) if len(lo) > max_size else 0
        self.pad = max(max_size, jump) + KNN
        self.start = lo[1 : n + 1] - self.pad if n else np.zeros(0, dtype=np.int64)
        self.width = band.width + 2 * self.pad
        self.sims = banded_dots(rows.emb, cols.emb, self.start, self.width)
        self.max_size = max_size
        self._norms: dict[int, np.ndarray] = {}
        self._knn: dict[int, np.ndarray] = {}

    def lookup(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """sims[x, y] for row vector x (rows,) and columns y (rows, width)."""
        idx = y - self.start[x][:, None]
        inside = (idx >= 0) & (idx < self.width)
        vals = np.take_along_axis(self.sims[x], np.clip(idx, 0, self.width - 1), axis=1)
        return np.where(inside & np.isfinite(vals), vals, 0.0)

    def knn_of_singles(self) -> np.ndarray:
        return top_mean(self.sims)

    def best_partners(self, other_knn: np.ndarray) -> np.ndarray:
        """For each row, the column with the best margin in its window (-1 if none)."""
        cols = self.start[:, None] + np.arange(self.width)[None, :]
        inside = (cols >= 0) & (cols < len(self.cols)) & np.isfinite(self.sims)
        margin = np.where(inside, self.sims - other_knn[np.clip(cols, 0, len(self.cols) - 1)] / 2, -np.inf)
        best = np.take_along_axis(cols, margin.argmax(1)[:, None], axis=1)[:, 0]
        return np.where(inside.any(1), best, -1)

    def block_norm(self, size: int) -> np.ndarray:
        """|sum of length-weighted embeddings| of the block ending at each lattice row."""
        if size not in self._norms:
            emb, w = self.rows.emb, self.rows.lengths.astype(np.float64)
            n = len(emb)
            sq = np.zeros(n + 1)
            ends = np.arange(size, n + 1)
            for u in range(size):
                for v in range(size):
                    xu, xv = ends - size + u, ends - size + v
                    sq[size:] += w[xu] * w[xv] * np.einsum("kd,kd->k", emb[xu], emb[xv])
            norm = np.sqrt(np.maximum(sq, 1e-24))
            norm[:size] = 1.0
            self._norms[size] = norm
        return self._norms[size]

    def block_length(self, size: int) -> np.ndarray:
        return np.maximum(block_sums(self.rows.lengths, size), 1.0)

    def knn_of_blocks(self, size: int, refined: Refined = NO_REFINED) -> np.ndarray:
        """Margin baseline of each block ending at each lattice row (index 0..n)."""
        if size not in self._knn:
            self._knn[size] = self._approximate_knn(size)
        out = self._knn[size].copy()
        for (end, s), vec in refined.items():
            if s != size or end > len(self.rows):
                continue
            start = self.start[end - 1]
            cols = np.arange(start, start + self.width)
            cols = cols[(cols >= 0) & (cols < len(self.cols))]
            if len(cols):
                out[end] = top_mean((self.cols.emb[cols] @ vec)[None, :])[0]
        return out

    def _approximate_knn(self, size: int) -> np.ndarray:
        n = len(self.rows)
        out = np.zeros(n + 1)
        if size == 1:
            out[1:] = self.knn_of_singles()
            return out
        ends = np.arange(size, n + 1)
        last = ends - 1
        cols = self.start[last][:, None] + np.arange(self.width)[None, :]
        num = np.zeros((len(ends), self.width))
        w = self.rows.lengths.astype(np.float64)
        for u in range(size):
            x = ends - size + u
            idx = cols - self.start[x][:, None]
            inside = (idx < self.width) & (idx >= 0)
            vals = np.take_along_axis(self.sims[x], np.clip(idx, 0, self.width - 1), axis=1)
            num += np.where(inside, w[x][:, None] * vals, -np.inf)
        sims = num / self.block_norm(size)[ends][:, None]
        out[size:] = top_mean(sims)
        return out


def banded_dots(rows: np.ndarray, cols: np.ndarray, start: np.ndarray, width: int, budget: int = 1 << 22):
    """rows[x] . cols[start[x] + k] for k < width; -inf where the column does not exist.

    Rows go in chunks whose gathered columns hold about ``budget`` numbers, so
    that a wide band costs time, not memory.
    """
    n, m = len(rows), len(cols)
    out = np.full((n, width), NEG, dtype=np.float64)
    offsets = np.arange(width)
    padded = np.vstack([cols, np.zeros((1, cols.shape[1]), dtype=cols.dtype)])
    chunk = max(1, budget // max(1, width * cols.shape[1]))
    for s in range(0, n, chunk):
        e = min(n, s + chunk)
        idx = start[s:e, None] + offsets[None, :]
        valid = (idx >= 0) & (idx < m)
        gathered = padded[np.where(valid, idx, m)]
        dots = np.matmul(gathered, rows[s:e, :, None])[..., 0]
        out[s:e] = np.where(valid, dots, NEG)
    return out


def top_mean(sims: np.ndarray, k: int = KNN) -> np.ndarray:
    """Mean of the k largest finite values of each row."""
    finite = np.isfinite(sims)
    counts = finite.sum(1)
    kk = max(1, min(k, sims.shape[1]))
    part = -np.partition(-np.where(finite, sims, -np.inf), kk - 1, axis=1)[:, :kk]
    part = np.where(np.isfinite(part), part, 0.0)
    return part.sum(1) / np.maximum(np.minimum(counts, kk), 1)


def mutual_neighbours(view_s: BandView, view_t: BandView, rs, rt) -> list[tuple[int, int]]:
    """Sentence pairs that are each other's best match under the margin."""
    src_best = view_s.best_partners(rt)
    tgt_best = view_t.best_partners(rs)
    return [(int(tgt_best[y]), y) for y in range(len(tgt_best)) if tgt_best[y] >= 0 and src_best[tgt_best[y]] == y]
