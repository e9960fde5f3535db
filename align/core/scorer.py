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
* **anchors**: words both sides share (``anchors.py``).

Block embeddings are approximated from single sentences (``similarity.py``),
so every block similarity follows from the banded single-sentence cosines;
``Scorer.scores`` takes the real block embeddings the aligner has so far
(``refined``) and uses them where they exist.  The scorer itself never changes
after it is built: the same ``refined`` always gives the same scores.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .anchors import MIN_CALIBRATION_PAIRS, SharedWords
from .lattice import NEG, Band, log_prior
from .similarity import NO_REFINED, BandView, Refined, Side, mutual_neighbours

LENGTH_OUTLIER = 0.1  # weight of the broad component of the length model
RANDOM_PAIRS = 4096


@dataclass(frozen=True)
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
    """Scores every bead of a band; built once for each band."""

    def __init__(self, src: Side, tgt: Side, band: Band, beads, anchors: bool = True):
        self.src, self.tgt, self.band, self.beads = src, tgt, band, beads
        self.max_size = max(max(a, b) for a, b in beads)
        self.views = (BandView(src, tgt, band, self.max_size), BandView(tgt, src, band.transpose(len(src)), self.max_size))
        self.single_knn = (self.views[0].knn_of_singles(), self.views[1].knn_of_singles())
        self.anchors = anchors and src.words is not None and tgt.words is not None
        self._shared = SharedWords(src.words, tgt.words, band) if self.anchors else None
        self.calibration = self._calibrate()

    def _calibrate(self) -> Calibration:
        src, tgt = self.src, self.tgt
        view_s, view_t = self.views
        rs, rt = self.single_knn
        pairs = mutual_neighbours(view_s, view_t, rs, rt)
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

    def scores(self, refined: tuple[Refined, Refined] = (NO_REFINED, NO_REFINED)) -> list[np.ndarray]:
        """Log-score of every bead type over the band (-inf outside it)."""
        band, cal = self.band, self.calibration
        cols = band.columns()
        out = []
        block_knn = {}
        for side, view in zip((0, 1), self.views):
            for size in range(1, self.max_size + 1):
                block_knn[side, size] = view.knn_of_blocks(size, refined[side])
        for a, b in self.beads:
            score = np.full((band.rows, band.width), NEG)
            if b == 0:
                score[a:] = log_prior(a, b)
                score[~band.inside()] = NEG
                out.append(score)
                continue
            sims = self.block_similarity(a, b, refined)
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
                value = value + self._shared.llr(a, b, cal.hit_gain, cal.miss_gain)
            score[ok] = value[ok]
            out.append(score)
        return out

    def block_similarity(self, a: int, b: int, refined: tuple[Refined, Refined] = (NO_REFINED, NO_REFINED)) -> np.ndarray:
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
        self._apply_refined(sims, a, b, refined)
        return sims

    def _apply_refined(self, sims: np.ndarray, a: int, b: int, refined: tuple[Refined, Refined]) -> None:
        """Use the real block embeddings where the aligner has them."""
        src, tgt, band = self.src, self.tgt, self.band
        ref_s, ref_t = refined
        if not ref_s and not ref_t:
            return
        rows = set()
        if a > 1:
            rows |= {end for (end, size) in ref_s if size == a}
        if b > 1:
            cols_needed = {end for (end, size) in ref_t if size == b}
            lo = band.lo
            for end in cols_needed:
                rows |= set(np.nonzero((lo <= end) & (end < lo + band.width))[0].tolist())
        for i in sorted(rows):
            if i < a or i > len(src):
                continue
            left = src.block(i, a, ref_s)
            js = band.lo[i] + np.arange(band.width)
            okj = (js >= b) & (js <= band.m)
            right = np.stack([tgt.block(j, b, ref_t) for j in js[okj]]) if okj.any() else None
            if right is not None:
                sims[i, okj] = right @ left


def _weights(lengths: np.ndarray, y: np.ndarray) -> np.ndarray:
    return lengths[np.clip(y, 0, len(lengths) - 1)] * ((y >= 0) & (y < len(lengths)))
