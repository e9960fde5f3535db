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
  random pairs for unrelated text; like the length model, it has a broad
  component, so that a free translation or a sentence with a caption glued
  to it is not ruled out by its similarity alone;
* **length**: Gale & Church's model of the character-length ratio, with mean
  and spread learned from the same mutual neighbours, and a broad component so
  that a free translation is not ruled out by its length alone;
* **anchors**: words both sides share (``anchors.py``);
* **paragraphs**: whether both beads' first sentences start a paragraph, as
  often as translations in this document do (``structure.py``);
* **timing**: for two subtitle files, how close the blocks' times are once the
  two clocks are mapped onto each other (``timing.py``);
* **coverage**: every member of a multi-sentence side must look like part of
  the translation, so that an inserted caption or a dropped line is not
  absorbed into a neighbouring bead, and one that alone matches the other
  side better than a typical translation speaks for its bead, so that a
  sentence folded into its neighbour joins it (``Scorer.coverage``);
* **diagonal**: a bead with two or more sentences on both sides (2-2, 2-3,
  3-2) that splits into two smaller beads whose parts translate each other
  better than they translate the crossed parts is those two beads, not one
  (``Scorer.diagonal``); without it, two short, loosely translated lines
  merge, because the joined text always looks more similar than its parts.
  Unless the split falls where a sentence carries on a broken one (it starts
  in lower case or with a comma, ``structure.continuations``): the pieces of a
  sentence broken on both sides match diagonally too, and are one bead;
* **cuts**: a bead that starts on the second piece of a sentence cut by a line
  end (the piece before has no full stop and this one carries on,
  ``structure.cuts``) would split the sentence between two beads; it costs.
  List items and interface messages look the same and are lines of their
  own: as far as a side's cut-looking lines pair like its other lines do
  (``structure.piece_weight``), neither this cost nor the diagonal's waiver
  applies to them.

Block embeddings are approximated from single sentences (``similarity.py``),
so every block similarity follows from the banded single-sentence cosines;
``Scorer.scores`` takes the real block embeddings the aligner has so far
(``refined``) and uses them where they exist.  The scorer itself never changes
after it is built: the same ``refined`` always gives the same scores.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .anchors import MIN_CALIBRATION_PAIRS, SharedWords, copied_lines, copies, left_as_is
from .lattice import NEG, Band, log_prior
from .similarity import NO_REFINED, BandView, Refined, Side, mutual_neighbours
from .structure import continuations, cuts, paragraph_llr, piece_weight
from .timing import Clock, fit_clock

# Share of translations that the similarity and length models' tight components
# do not describe (free translations, OCR debris, a caption glued to a
# sentence): they look like unrelated text.  Without it in the similarity model,
# a pair of sentences between two good beads whose similarity is very low costs
# more as a pair than as two skips; 0.01 to 0.2 score the same on the dev suite
# (mean strict F1 0.980, no set worse than with none).
OUTLIER = 0.1
RANDOM_PAIRS = 4096
# Weight of the evidence that each member of a multi-sentence side belongs to
# the bead (``Scorer.coverage``), against it and for it alike.  A member's
# similarity to the block it sits in is correlated with the block's own
# similarity, so it counts at a fraction; chosen on the dev suite as a whole
# (as a cost only, 0.15 to 0.25 scored the same mean; with the credit, mean
# 0.9893, 0.9897 and 0.9890; higher weights trade Text+Berg, whose gold joins
# OCR debris to a neighbour, for sets with one-sided captions; 1.0 splits
# genuine merges).
COVERAGE_WEIGHT = 0.2
# Weight of the diagonal evidence against a many-to-many bead (``Scorer.diagonal``):
# 2 to 8 score the same on the dev suite, 0.5 and 1 merge more short lines.
# It is waived where a sentence carries on a broken one (``continuations``):
# without that, 2 costs the pieces of broken sentences 0.017 strict F1.
DIAGONAL_WEIGHT = 2.0
# Weight of the parts' length evidence beside their similarity in the diagonal
# comparison: a cut whose parts have the wrong lengths for each other (a
# sentence boundary the translator moved) is no evidence of two beads.  Chosen
# on the dev suite and its probes: 1 and 2 score the same on every set but
# *magazine* (two short lines kept merged at 1), 2 to 4 the same everywhere.
DIAGONAL_LENGTH_WEIGHT = 2.0
# Log-cost of a bead that starts on the second piece of a cut sentence, a side
# (``structure.cuts``).  Only the *broken* set has many such pieces; it rises
# from 0.917 (no cost) to 0.952 (-3), 0.977 (-6), 0.979 (-7); the other nine
# sets are the same from 0 to -7 and lose from -8 (a real OCR'd first letter
# in lower case, "iweimal" for "Zweimal", is no cut).  -6 keeps a margin.
CUT_COST = -6.0
# The length model's prior, for documents too short to show their own (a
# page of five or ten pairs, whose length ratios may happen to agree): the
# spread of Gale & Church (1993), whose variance of 6.8 per character is a
# spread of sqrt(6.8) in our units (log length ratio times sqrt(length)), and
# the document's total length ratio.  The document's mutual neighbours count
# against it as PRIOR_PAIRS pairs: chosen on excerpts of 5 and 10 gold beads
# of Text+Berg, the novel and the seed at once (``benchmarks/excerpts.py``;
# 5, 10 and 20 score within 0.0002 of each other, none costs excerpts of 5
# beads of Text+Berg 0.02).
GALE_CHURCH_SIGMA = float(np.sqrt(6.8))
PRIOR_PAIRS = 10


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
    pieces: tuple[float, float] = (1.0, 1.0)  # per side, how far cut-looking lines are pieces (``piece_weight``)
    clock: Clock | None = None  # subtitle timing, when both sides carry times
    paragraphs: np.ndarray | None = None  # 2 x 2 log-ratios of paragraph starts, when both sides have them

    def similarity_llr(self, margin):
        """The tight model's evidence: how much more a translation than unrelated text (members, parts)."""
        return self.slope * (margin - (self.margin_true + self.margin_random) / 2)

    def bead_similarity_llr(self, margin):
        """A bead's similarity evidence, with the broad component: never below log(OUTLIER)."""
        return _with_broad(self.similarity_llr(margin))

    def length_llr(self, len_src, len_tgt):
        dev = np.log(len_tgt / len_src) - self.length_mean
        sd = self.length_sigma / np.sqrt((len_src + len_tgt) / 2)
        broad = self.length_random_sd
        log_broad = -0.5 * (dev / broad) ** 2 - np.log(broad)
        log_tight = -0.5 * (dev / sd) ** 2 - np.log(sd)
        return _with_broad(log_tight - log_broad)


def _with_broad(llr):
    """A tight model's log-ratio against unrelated text, once OUTLIER of translations look unrelated."""
    return np.logaddexp(np.log1p(-OUTLIER) + llr, np.log(OUTLIER))


class Scorer:
    """Scores every bead of a band; built once for each band."""

    def __init__(self, src: Side, tgt: Side, band: Band, beads, anchors: bool = True):
        self.src, self.tgt, self.band, self.beads = src, tgt, band, beads
        self.max_size = max(max(a, b) for a, b in beads)
        self.views = (BandView(src, tgt, band, self.max_size), BandView(tgt, src, band.transpose(len(src)), self.max_size))
        self.single_knn = (self.views[0].knn_of_singles(), self.views[1].knn_of_singles())
        self.anchors = anchors and src.words is not None and tgt.words is not None
        self._shared = None
        copied = copied_lines(src.texts, tgt.texts) if src.texts is not None and tgt.texts is not None else None
        if self.anchors:
            self._shared = SharedWords(src.words, tgt.words, band, left_as_is(src.texts, tgt.texts, copied) if copied else None)
        # sentences that look like they carry on a broken sentence, and those whose piece before has no end
        carry = tuple(continuations(s.texts) if s.texts is not None else np.zeros(len(s), dtype=bool) for s in (src, tgt))
        cut = tuple(cuts(s.texts, c) if s.texts is not None else c for s, c in zip((src, tgt), carry))
        self._blocks: dict[tuple[int, int], np.ndarray] = {}  # approximate block embeddings by (side, size)
        self.calibration = self._calibrate(cut, copies(src.texts, tgt.texts, copied))
        # weighed by how far the document shows them to be pieces of sentences, not lines of their own:
        # no 2-2 split between pieces (``diagonal``), no bead starting on a cut piece (``cut``)
        self.continues = tuple(w * c for w, c in zip(self.calibration.pieces, carry))
        self.cuts = tuple(w * c for w, c in zip(self.calibration.pieces, cut))

    def _calibrate(self, cut: tuple[np.ndarray, np.ndarray], is_copy) -> Calibration:
        src, tgt = self.src, self.tgt
        view_s, view_t = self.views
        rs, rt = self.single_knn
        # the best matches stand in for translations: all of them for where a side's lines, paragraphs and
        # times fall, those not copied for what a translation's words, length and similarity look like
        matched = mutual_neighbours(view_s, view_t, rs, rt)
        pairs = [(x, y) for x, y in matched if not is_copy(x, y)]
        if len(pairs) < MIN_CALIBRATION_PAIRS:
            pairs = matched
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
        mean, sigma = float(np.log(lt.sum() / ls.sum())), GALE_CHURCH_SIGMA
        if pairs:  # the document's own figures, weighed against the prior by how many pairs show them
            xi, yi = np.array(pairs).T
            ratio = np.log(lt[yi] / ls[xi])
            own_mean = float(np.median(ratio))
            own_sigma = float(1.4826 * np.median(np.abs(ratio - own_mean) * np.sqrt((lt[yi] + ls[xi]) / 2)))
            n = len(pairs)
            mean = (n * own_mean + PRIOR_PAIRS * mean) / (n + PRIOR_PAIRS)
            sigma = float(np.sqrt((n * own_sigma**2 + PRIOR_PAIRS * sigma**2) / (n + PRIOR_PAIRS)))

        hit_gain = miss_gain = 0.0
        if self.anchors:
            hit_gain, miss_gain = self._shared.calibrate(pairs, xs, ys)
        clock = None
        if src.times is not None and tgt.times is not None:
            clock = fit_clock(src.times, tgt.times, matched, (xs, ys))
        paragraphs = None
        if src.starts is not None and tgt.starts is not None:
            paragraphs = paragraph_llr(src.starts, tgt.starts, matched, (xs, ys))
        pieces = tuple(piece_weight(c, matched, side) for side, c in enumerate(cut))
        return Calibration(mu_t, mu_r, slope, mean, sigma, broad, hit_gain, miss_gain, pieces, clock, paragraphs)

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
                score += self.cut(a, b)
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
            value = cal.bead_similarity_llr(margin) + cal.length_llr(len_src, len_tgt) + log_prior(a, b)
            if self.anchors:
                value = value + self._shared.llr(a, b, cal.hit_gain, cal.miss_gain)
            if cal.clock is not None:
                value = value + self.timing(a, b)
            if cal.paragraphs is not None:
                value = value + self.paragraph(a, b)
            if a > 1 or b > 1:
                value = value + COVERAGE_WEIGHT * self.coverage(a, b, block_knn)
            if a > 1 and b > 1:
                value = value + self.diagonal(a, b)
            value = value + self.cut(a, b)
            score[ok] = value[ok]
            out.append(score)
        return out

    def target_skips(self) -> np.ndarray:
        """The score of leaving each target sentence unmatched (a 0-1 bead), cut pieces included."""
        return log_prior(0, 1) + CUT_COST * self.cuts[1]

    def cut(self, a: int, b: int) -> np.ndarray:
        """The cost of a bead whose first sentence on either side is the second piece of a cut sentence."""
        n, m = len(self.src), len(self.tgt)
        rows = np.arange(self.band.rows)
        first_s = self.cuts[0][np.clip(rows - a, 0, n - 1)] * ((a > 0) & (rows - a >= 0))
        first_t = self.cuts[1][np.clip(self.band.columns() - b, 0, m - 1)] * (b > 0)
        return CUT_COST * (first_s[:, None] + first_t)

    def timing(self, a: int, b: int) -> np.ndarray:
        """Evidence from the two blocks' times (``timing.py``)."""
        rows = np.minimum(np.arange(self.band.rows), len(self.src))
        cols = np.clip(self.band.columns(), 0, self.band.m)
        s_start, s_end = self.src.block_times(a)
        t_start, t_end = self.tgt.block_times(b)
        src_mid = ((s_start + s_end) / 2)[rows][:, None]
        tgt_mid = ((t_start + t_end) / 2)[cols]
        return self.calibration.clock.llr(src_mid, tgt_mid)

    def paragraph(self, a: int, b: int) -> np.ndarray:
        """Evidence from whether the bead's first sentences start paragraphs (``structure.py``)."""
        n, m = len(self.src), len(self.tgt)
        first_s = self.src.starts[np.clip(np.arange(self.band.rows) - a, 0, n - 1)].astype(int)
        first_t = self.tgt.starts[np.clip(self.band.columns() - b, 0, m - 1)].astype(int)
        return self.calibration.paragraphs[first_s[:, None], first_t]

    def coverage(self, a: int, b: int, block_knn) -> np.ndarray:
        """Evidence for and against each sentence of a multi-sentence side.

        Each member is compared with the whole other side of the bead: a member
        that looks no closer to it than unrelated text does (a caption, an
        inserted line) costs its negative similarity evidence; one that looks
        closer than the document's typical translation does, alone, earns the
        excess: its strong match speaks for the bead, which the block's blended
        embedding hides when the translator folded a short sentence into it.
        In between, where a part of a translation usually sits, a member says
        nothing: the block's own similarity already counts it.
        """
        band, cal = self.band, self.calibration
        view_s, view_t = self.views
        rs, rt = self.single_knn
        cols = band.columns()
        rows = np.arange(band.rows)
        n = len(self.src)
        jj = np.clip(cols, 0, band.m)
        xs = [np.clip(rows - a + da, 0, n - 1) for da in range(a)]  # the block's source sentences, by lattice row
        ys = [cols - b + db for db in range(b)]  # and its target sentences, by cell
        cos = [[view_s.lookup(x, y) for y in ys] for x in xs]
        typical = float(cal.similarity_llr(cal.margin_true))
        out = np.zeros((band.rows, band.width))
        if a > 1:  # each source sentence against the target block
            norm_t = view_t.block_norm(b)[jj]
            knn_t = block_knn[1, b][jj]
            for da, x in enumerate(xs):
                num = sum(cos[da][db] * _weights(self.tgt.lengths, y) for db, y in enumerate(ys))
                out += _member(cal.similarity_llr(num / norm_t - (rs[x][:, None] + knn_t) / 2), typical)
        if b > 1:  # each target sentence against the source block
            ii = np.minimum(rows, n)
            norm_s = view_s.block_norm(a)[ii][:, None]
            knn_s = block_knn[0, a][ii][:, None]
            for db, y in enumerate(ys):
                num = sum(self.src.lengths[x][:, None] * cos[da][db] for da, x in enumerate(xs))
                out += _member(cal.similarity_llr(num / norm_s - (knn_s + rt[np.clip(y, 0, len(rt) - 1)]) / 2), typical)
        return out

    def diagonal(self, a: int, b: int) -> np.ndarray:
        """For an a-b bead with a, b >= 2: evidence that it is really two beads, one after the other.

        Each way of cutting both sides in two, (a1, b1) then (a - a1, b - b1),
        compares the parts' diagonal (first with first, second with second)
        with their anti-diagonal, by similarity and length; the cut that
        favours the diagonal most sets the cost.  Similarity alone would split
        two sentences whose boundary the translator moved: their first parts
        are alike, but each is too long or too short for the other.  A cut
        where either side's second part carries on a broken sentence is no
        evidence: broken pieces match diagonally too.
        """
        band = self.band
        rows, cols = np.arange(band.rows), band.columns()
        n, m = len(self.src), len(self.tgt)
        best = np.zeros((band.rows, band.width))
        sizes = range(1, max(a, b))
        knn = {(side, size): view.knn_of_blocks(size) for side, view in enumerate(self.views) for size in sizes}
        lengths = {(side, size): view.block_length(size) for side, view in enumerate(self.views) for size in sizes}
        for a1 in range(1, a):
            for b1 in range(1, b):
                x_cut, y_cut = rows - a + a1, cols - b + b1  # where the first parts end
                diagonal = (self._part_llr(x_cut, a1, y_cut, b1, knn, lengths)
                            + self._part_llr(rows, a - a1, cols, b - b1, knn, lengths))
                crossed = (self._part_llr(x_cut, a1, cols, b - b1, knn, lengths)
                           + self._part_llr(rows, a - a1, y_cut, b1, knn, lengths))
                broken = np.maximum(self.continues[0][np.clip(x_cut, 0, n - 1)][:, None], self.continues[1][np.clip(y_cut, 0, m - 1)])
                best = np.maximum(best, (1.0 - broken) * (diagonal - crossed))
        return -DIAGONAL_WEIGHT * best

    def _part_llr(self, x_end: np.ndarray, a: int, y_end: np.ndarray, b: int, knn, lengths) -> np.ndarray:
        """Similarity and length evidence of the a source sentences ending at ``x_end`` (per row) against the
        b target sentences ending at ``y_end`` (per cell), from the approximate block embeddings."""
        xe, ye = np.clip(x_end, 0, len(self.src)), np.clip(y_end, 0, self.band.m)
        sims = self._approximate_similarity(x_end, a, y_end, b)
        similarity = self.calibration.similarity_llr(sims - (knn[0, a][xe][:, None] + knn[1, b][ye]) / 2)
        return similarity + DIAGONAL_LENGTH_WEIGHT * self.calibration.length_llr(lengths[0, a][xe][:, None], lengths[1, b][ye])

    def _approximate_similarity(self, x_end: np.ndarray, a: int, y_end: np.ndarray, b: int) -> np.ndarray:
        """Cosine of the approximate embeddings of the a source sentences ending at ``x_end`` (one per row)
        and the b target sentences ending at ``y_end`` (one per cell), from the single-sentence cosines."""
        view_s, view_t = self.views
        n = len(self.src)
        num = np.zeros((self.band.rows, self.band.width))
        for da in range(a):
            x = np.clip(x_end - a + da, 0, n - 1)
            for db in range(b):
                y = y_end - b + db
                num += self.src.lengths[x][:, None] * view_s.lookup(x, y) * _weights(self.tgt.lengths, y)
        norm_s = view_s.block_norm(a)[np.clip(x_end, 0, n)]
        norm_t = view_t.block_norm(b)[np.clip(y_end, 0, self.band.m)]
        return num / (norm_s[:, None] * norm_t)

    def block_similarity(self, a: int, b: int, refined: tuple[Refined, Refined] = (NO_REFINED, NO_REFINED)) -> np.ndarray:
        """Cosine between the source block ending at row i and the target block ending at column j."""
        rows = np.arange(self.band.rows)
        sims = self._approximate_similarity(rows, a, self.band.columns(), b)
        sims[rows < a] = NEG
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
        left_blocks = self._block_matrix(0, a, ref_s)
        right_blocks = self._block_matrix(1, b, ref_t)
        for i in sorted(rows):
            if i < a or i > len(src):
                continue
            js = band.lo[i] + np.arange(band.width)
            okj = (js >= b) & (js <= band.m)
            if okj.any():
                sims[i, okj] = right_blocks[js[okj]] @ left_blocks[i]

    def _block_matrix(self, side: int, size: int, refined: Refined) -> np.ndarray:
        """Unit embedding of the block of ``size`` ending at every lattice index, refined where known."""
        key = (side, size)
        if key not in self._blocks:
            s = (self.src, self.tgt)[side]
            w = s.lengths.astype(np.float64)[:, None] * s.emb
            c = np.vstack([np.zeros((1, w.shape[1])), np.cumsum(w, axis=0)])
            out = np.zeros_like(c)
            if size < len(c):
                out[size:] = c[size:] - c[:-size]
            self._blocks[key] = out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        mine = {end: v for (end, k), v in refined.items() if k == size}
        if not mine:
            return self._blocks[key]
        out = self._blocks[key].copy()
        for end, vector in mine.items():
            out[end] = vector
        return out


def _member(evidence: np.ndarray, typical: float) -> np.ndarray:
    """A member's coverage evidence: what lies below zero (unrelated) or above ``typical`` (a translation alone)."""
    return np.minimum(evidence, 0.0) + np.maximum(evidence - typical, 0.0)


def _weights(lengths: np.ndarray, y: np.ndarray) -> np.ndarray:
    return lengths[np.clip(y, 0, len(lengths) - 1)] * ((y >= 0) & (y < len(lengths)))
