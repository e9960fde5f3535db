"""How likely is it that these sentences translate those: the bead score.

A bead ``(a, b)`` pairs ``a`` consecutive source sentences with ``b`` target
ones.  Its log-score is a sum of terms, each a log-likelihood ratio between
"these are translations" and "these are unrelated", every one of them
calibrated on the document itself so that no constant depends on the encoder
or the language pair:

* **prior**: Gale & Church's (1993) bead frequencies, larger beads rarer still;
* **similarity**: the cosine of the two blocks' embeddings, as a margin over
  each block's nearest neighbours (Artetxe & Schwenk 2019), which removes the
  "hub" sentences that are close to everything.  Its likelihood ratio is
  fitted on the document: mutual nearest neighbours stand in for translations,
  random pairs for unrelated text;
* **length**: Gale & Church's model of the character-length ratio, with mean
  and spread learned from the same mutual neighbours, and a broad component so
  that a free translation is not ruled out by its length alone;
* **anchors**: words both sides share (numbers, names, identical tokens), as a
  Bernoulli likelihood ratio of finding a shared word of one side on the other.

A block's embedding is the length-weighted mean of its sentences' embeddings
(e5 mean-pools its tokens, so this approximates embedding the joined text):
every block similarity then follows from the banded single-sentence
similarities, and only the blocks that stay in play after a first pass need a
real encoder call (see ``aligner.py``).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from .dp import NEG, Band

# Gale & Church (1993), Table 5: 1-1 .89, 1-0/0-1 .0099, 2-1/1-2 .089, 2-2 .011.
_GALE_CHURCH = {(1, 1): 0.89, (1, 0): 0.0099 / 2, (0, 1): 0.0099 / 2,
                (1, 2): 0.089 / 2, (2, 1): 0.089 / 2, (2, 2): 0.011}
KNN = 4  # neighbours in the margin
LENGTH_OUTLIER = 0.1  # weight of the broad component of the length model
RANDOM_PAIRS = 4096
MIN_CALIBRATION_PAIRS = 3
_WORD = re.compile(r"\w+")


def robust_z(values: np.ndarray) -> np.ndarray:
    """(value - median) / spread, the spread read off the median absolute deviation.

    Outliers (the translations among unrelated pairs, the bad pairs among good
    ones) do not widen it, so they stand out.
    """
    median = float(np.median(values))
    spread = 1.4826 * float(np.median(np.abs(values - median)))
    if spread < 1e-9:
        spread = float(np.std(values)) or 1.0
    return (values - median) / spread


def log_prior(a: int, b: int) -> float:
    if (a, b) in _GALE_CHURCH:
        return math.log(_GALE_CHURCH[(a, b)])
    return math.log(_GALE_CHURCH[(2, 2)]) - 1.5 * (a + b - 4)


def bead_types(max_bead: int) -> list[tuple[int, int]]:
    """1-0, 0-1 and every a-b with a, b >= 1 and a + b <= max_bead + 1."""
    beads = [(1, 0)]
    for total in range(2, max_bead + 2):
        for a in range(1, total):
            beads.append((a, total - a))
    return beads


@dataclass
class Side:
    """One side of the alignment: unit embeddings, lengths, shared-word sets."""

    emb: np.ndarray
    lengths: np.ndarray
    words: list[frozenset[str]] | None = None
    refined: dict[tuple[int, int], np.ndarray] = field(default_factory=dict)  # (end, size) -> vector

    def __len__(self) -> int:
        return len(self.emb)

    def block(self, end: int, size: int) -> np.ndarray:
        """Unit embedding of the ``size`` sentences ending before ``end``."""
        if (end, size) in self.refined:
            return self.refined[(end, size)]
        w = self.lengths[end - size : end].astype(np.float64)
        v = (self.emb[end - size : end] * w[:, None]).sum(0)
        return v / max(np.linalg.norm(v), 1e-12)

    def refine(self, end: int, size: int, embedded: np.ndarray) -> None:
        """Take in the embedding of the joined text of a block.

        The joined text's embedding and the mean of its sentences' embeddings
        are two estimates of one thing, and each errs its own way (the joined
        text's sits lower against a translation, on average); their mean is
        kept.  On Text+Berg the mean beats either alone.
        """
        v = self.block(end, size) + embedded / max(np.linalg.norm(embedded), 1e-12)
        self.refined[(end, size)] = v / max(np.linalg.norm(v), 1e-12)


def words_of(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORD.findall(text) if len(w) > 1 or w.isdigit())


@dataclass
class Calibration:
    """What the document says translations and unrelated pairs look like."""

    margin_true: float
    margin_random: float
    slope: float  # log-likelihood ratio per unit of margin
    length_mean: float
    length_sigma: float  # spread of the log length ratio times sqrt(length)
    length_random_sd: float
    hit_gain: float  # log-ratio of finding a shared word on the other side
    miss_gain: float

    def similarity_llr(self, margin):
        return self.slope * (margin - (self.margin_true + self.margin_random) / 2)

    def length_llr(self, len_src, len_tgt):
        dev = np.log(len_tgt / len_src) - self.length_mean
        sd = self.length_sigma / np.sqrt((len_src + len_tgt) / 2)
        broad = self.length_random_sd
        log_broad = -0.5 * (dev / broad) ** 2 - np.log(broad)
        log_tight = -0.5 * (dev / sd) ** 2 - np.log(sd)
        log_true = np.logaddexp(np.log1p(-LENGTH_OUTLIER) + log_tight, np.log(LENGTH_OUTLIER) + log_broad)
        return log_true - log_broad


class Scorer:
    """Scores every bead of a band; rebuilt for each band."""

    def __init__(self, src: Side, tgt: Side, band: Band, beads, anchors: bool = True):
        self.src, self.tgt, self.band, self.beads = src, tgt, band, beads
        self.max_size = max(max(a, b) for a, b in beads)
        self.views = (_View(src, tgt, band, self.max_size), _View(tgt, src, _transpose(band, len(src)), self.max_size))
        self.single_knn = (self.views[0].knn_of_singles(), self.views[1].knn_of_singles())
        self.anchors = anchors and src.words is not None and tgt.words is not None
        self._shared = _SharedWords(src, tgt, band) if self.anchors else None
        self.calibration = self._calibrate()

    # -- calibration -------------------------------------------------------
    def _calibrate(self) -> Calibration:
        src, tgt = self.src, self.tgt
        view_s, view_t = self.views
        rs, rt = self.single_knn
        pairs = _mutual_neighbours(view_s, view_t, rs, rt)
        margins = np.array([src.emb[x] @ tgt.emb[y] - (rs[x] + rt[y]) / 2 for x, y in pairs])
        rng = np.random.default_rng(0)
        xs = rng.integers(0, len(src), RANDOM_PAIRS)
        ys = rng.integers(0, len(tgt), RANDOM_PAIRS)
        rand = np.einsum("kd,kd->k", src.emb[xs], tgt.emb[ys]) - (rs[xs] + rt[ys]) / 2
        mu_t, mu_r = float(margins.mean()), float(rand.mean())
        var = (margins.var() + rand.var()) / 2 if len(margins) >= MIN_CALIBRATION_PAIRS else rand.var()
        gap = max(mu_t - mu_r, 1e-3)
        slope = gap / max(var, 1e-6)

        ls, lt = src.lengths, tgt.lengths
        rand_ratio = np.log(lt[ys] / ls[xs])
        broad = float(max(rand_ratio.std(), 0.25))
        if len(pairs) >= MIN_CALIBRATION_PAIRS:
            xi, yi = np.array(pairs).T
            ratio = np.log(lt[yi] / ls[xi])
            mean = float(np.median(ratio))
            scale = np.sqrt((lt[yi] + ls[xi]) / 2)
            sigma = float(1.4826 * np.median(np.abs(ratio - mean) * scale)) or 1.0
        else:
            mean, sigma = float(np.log(lt.sum() / ls.sum())), 2.0

        hit_gain = miss_gain = 0.0
        if self.anchors:
            hit_gain, miss_gain = self._shared.calibrate(pairs, xs, ys)
        return Calibration(mu_t, mu_r, slope, mean, sigma, broad, hit_gain, miss_gain)

    # -- scores ------------------------------------------------------------
    def scores(self) -> list[np.ndarray]:
        """Log-score of every bead type over the band (-inf outside it)."""
        band, cal = self.band, self.calibration
        cols = band.columns()
        out = []
        block_knn = {}
        for side, view in zip((0, 1), self.views):
            for size in range(1, self.max_size + 1):
                block_knn[side, size] = view.knn_of_blocks(size)
        for a, b in self.beads:
            score = np.full((band.rows, band.width), NEG)
            if b == 0:
                score[a:] = log_prior(a, b)
                score[~band.inside()] = NEG
                out.append(score)
                continue
            sims = self.block_similarity(a, b)
            rows = np.arange(band.rows)[:, None]
            ok = (rows >= a) & (cols >= b) & (cols <= band.m)
            knn_src = block_knn[0, a][np.minimum(rows, len(self.src))]  # block ending at row i
            jj = np.clip(cols, 0, band.m)
            knn_tgt = block_knn[1, b][jj]
            margin = sims - (knn_src + knn_tgt) / 2
            len_src = self.views[0].block_length(a)[np.minimum(rows, len(self.src))]
            len_tgt = self.views[1].block_length(b)[jj]
            value = cal.similarity_llr(margin) + cal.length_llr(len_src, len_tgt) + log_prior(a, b)
            if self.anchors:
                value = value + self._shared.llr(a, b, cal)
            score[ok] = value[ok]
            out.append(score)
        return out

    def block_similarity(self, a: int, b: int) -> np.ndarray:
        """Cosine between the source block ending at row i and the target block ending at column j."""
        band = self.band
        view_s, view_t = self.views
        cols = band.columns()
        rows = np.arange(band.rows)
        num = np.zeros((band.rows, band.width))
        valid_rows = rows >= a
        for da in range(a):
            x = np.clip(rows - a + da, 0, len(self.src) - 1)
            for db in range(b):
                y = cols - b + db
                num += self.src.lengths[x][:, None] * view_s.lookup(x, y) * _weights(self.tgt.lengths, y)
        norm_s = view_s.block_norm(a)[np.minimum(rows, len(self.src))]
        norm_t = view_t.block_norm(b)[np.clip(cols, 0, band.m)]
        sims = num / (norm_s[:, None] * norm_t)
        sims[~valid_rows] = NEG
        self._apply_refined(sims, a, b)
        return sims

    def _apply_refined(self, sims: np.ndarray, a: int, b: int) -> None:
        """Use the refined embeddings of the blocks that have one (see ``Side.refine``)."""
        src, tgt, band = self.src, self.tgt, self.band
        if not src.refined and not tgt.refined:
            return
        rows = set()
        if a > 1:
            rows |= {end for (end, size) in src.refined if size == a}
        if b > 1:
            cols_needed = {end for (end, size) in tgt.refined if size == b}
            lo = band.lo
            for end in cols_needed:
                rows |= set(np.nonzero((lo <= end) & (end < lo + band.width))[0].tolist())
        for i in sorted(rows):
            if i < a or i > len(src):
                continue
            left = src.block(i, a)
            js = band.lo[i] + np.arange(band.width)
            okj = (js >= b) & (js <= band.m)
            right = np.stack([tgt.block(j, b) for j in js[okj]]) if okj.any() else None
            if right is not None:
                sims[i, okj] = right @ left


class _View:
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
        self.sims = _banded_dots(rows.emb, cols.emb, self.start, self.width)
        self.max_size = max_size
        self._norms: dict[int, np.ndarray] = {}

    def lookup(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """sims[x, y] for row vector x (rows,) and columns y (rows, width)."""
        idx = y - self.start[x][:, None]
        inside = (idx >= 0) & (idx < self.width)
        vals = np.take_along_axis(self.sims[x], np.clip(idx, 0, self.width - 1), axis=1)
        return np.where(inside & np.isfinite(vals), vals, 0.0)

    def knn_of_singles(self) -> np.ndarray:
        return _top_mean(self.sims)

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
            for u in range(size):
                for v in range(size):
                    lo = max(size, 0)
                    ends = np.arange(lo, n + 1)
                    xu, xv = ends - size + u, ends - size + v
                    sq[lo:] += w[xu] * w[xv] * np.einsum("kd,kd->k", emb[xu], emb[xv])
            norm = np.sqrt(np.maximum(sq, 1e-24))
            norm[:size] = 1.0
            self._norms[size] = norm
        return self._norms[size]

    def block_length(self, size: int) -> np.ndarray:
        return np.maximum(block_sums(self.rows.lengths, size), 1.0)

    def knn_of_blocks(self, size: int) -> np.ndarray:
        """Margin baseline of each block ending at each lattice row (index 0..n)."""
        n = len(self.rows)
        out = np.zeros(n + 1)
        if size == 1:
            out[1:] = self.knn_of_singles()
            return self._refined_knn(out, size)
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
        out[size:] = _top_mean(sims)
        return self._refined_knn(out, size)

    def _refined_knn(self, out: np.ndarray, size: int) -> np.ndarray:
        for (end, s), vec in self.rows.refined.items():
            if s != size or end > len(self.rows):
                continue
            start = self.start[end - 1]
            cols = np.arange(start, start + self.width)
            cols = cols[(cols >= 0) & (cols < len(self.cols))]
            if len(cols):
                out[end] = _top_mean((self.cols.emb[cols] @ vec)[None, :])[0]
        return out


class _SharedWords:
    """Words both sides use, and how often a shared word of one side is found on the other."""

    def __init__(self, src: Side, tgt: Side, band: Band):
        self.src, self.tgt, self.band = src, tgt, band
        df_s = Counter(w for ws in src.words for w in ws)
        df_t = Counter(w for ws in tgt.words for w in ws)
        limit_s, limit_t = max(2, 0.2 * len(src)), max(2, 0.2 * len(tgt))
        shared = {w for w in df_s if w in df_t and df_s[w] <= limit_s and df_t[w] <= limit_t}
        self.words_s = [ws & shared for ws in src.words]
        self.words_t = [ws & shared for ws in tgt.words]
        self.count_s = np.array([len(ws) for ws in self.words_s], dtype=np.float64)
        self.count_t = np.array([len(ws) for ws in self.words_t], dtype=np.float64)
        self.hits = self._hits_in_band(shared)

    def _hits_in_band(self, shared) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(x, y, count): shared words of source sentence x found in target sentence y near the band."""
        where_t: dict[str, list[int]] = {}
        for y, ws in enumerate(self.words_t):
            for w in ws:
                where_t.setdefault(w, []).append(y)
        lo, width = self.band.lo, self.band.width
        found: Counter = Counter()
        for x, ws in enumerate(self.words_s):
            first, last = lo[x + 1] - width, lo[x + 1] + 2 * width
            for w in ws:
                for y in where_t[w]:
                    if first <= y <= last:
                        found[x, y] += 1
        if not found:
            return np.zeros(0, int), np.zeros(0, int), np.zeros(0)
        (xs, ys), counts = zip(*found.keys()), list(found.values())
        return np.array(xs), np.array(ys), np.array(counts, dtype=np.float64)

    def calibrate(self, pairs, xs, ys) -> tuple[float, float]:
        def rate(px, py):
            hit = total = 0
            for x, y in zip(px, py):
                h = len(self.words_s[x] & self.words_t[y])
                hit += 2 * h
                total += self.count_s[x] + self.count_t[y]
            return (hit + 1) / (total + 2)

        if len(pairs) < MIN_CALIBRATION_PAIRS:
            return 0.0, 0.0
        px, py = zip(*pairs)
        p_true, p_random = rate(px, py), rate(xs, ys)
        if p_true <= p_random:
            return 0.0, 0.0  # words do not carry over in this document (e.g. two scripts)
        return math.log(p_true / p_random), math.log((1 - p_true) / (1 - p_random))

    def llr(self, a: int, b: int, cal: Calibration) -> np.ndarray:
        band = self.band
        cols = band.columns()
        rows = np.arange(band.rows)
        hits = np.zeros((band.rows, band.width))
        xs, ys, counts = self.hits
        for da in range(a):
            i = xs + a - da  # beads ending at row i hold x as their da-th source sentence
            for db in range(b):
                q = ys + b - db - band.lo[np.minimum(i, band.rows - 1)]
                ok = (i < band.rows) & (q >= 0) & (q < band.width)
                np.add.at(hits, (i[ok], q[ok]), counts[ok])
        words = (block_sums(self.count_s, a)[np.minimum(rows, len(self.count_s))][:, None]
                 + block_sums(self.count_t, b)[np.clip(cols, 0, len(self.count_t))])
        # a word found on both sides is one piece of evidence, not two
        hits = np.minimum(hits, words / 2)
        return hits * cal.hit_gain + (words - 2 * hits) * cal.miss_gain


def block_sums(values: np.ndarray, size: int) -> np.ndarray:
    """out[i] = values[i - size : i].sum() for every lattice index i (0 before a block fits)."""
    c = np.concatenate([[0.0], np.cumsum(values, dtype=np.float64)])
    out = np.zeros(len(c))
    if size < len(c):
        out[size:] = c[size:] - c[:-size]
    return out


def _weights(lengths: np.ndarray, y: np.ndarray) -> np.ndarray:
    return lengths[np.clip(y, 0, len(lengths) - 1)] * ((y >= 0) & (y < len(lengths)))


def _banded_dots(rows: np.ndarray, cols: np.ndarray, start: np.ndarray, width: int, budget: int = 1 << 22):
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


def _top_mean(sims: np.ndarray, k: int = KNN) -> np.ndarray:
    """Mean of the k largest finite values of each row."""
    finite = np.isfinite(sims)
    counts = finite.sum(1)
    kk = max(1, min(k, sims.shape[1]))
    part = -np.partition(-np.where(finite, sims, -np.inf), kk - 1, axis=1)[:, :kk]
    part = np.where(np.isfinite(part), part, 0.0)
    return part.sum(1) / np.maximum(np.minimum(counts, kk), 1)


def _transpose(band: Band, n: int) -> Band:
    """The same band seen from the target side: for each column, the rows that hold it."""
    lo, width, m = band.lo, band.width, band.m
    j = np.arange(m + 1)
    first = np.searchsorted(lo + width - 1, j, side="left")  # first row whose window reaches j
    last = np.searchsorted(lo, j, side="right") - 1  # last row whose window starts at or before j
    span = int(np.max(last - first + 1)) if m >= 0 else 1
    return Band(np.clip(first, 0, n), max(span, 1), n)


def _mutual_neighbours(view_s: _View, view_t: _View, rs, rt) -> list[tuple[int, int]]:
    """Sentence pairs that are each other's best match under the margin."""
    src_best = view_s.best_partners(rt)
    tgt_best = view_t.best_partners(rs)
    return [(int(tgt_best[y]), y) for y in range(len(tgt_best)) if tgt_best[y] >= 0 and src_best[tgt_best[y]] == y]
