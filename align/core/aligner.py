"""Sentence alignment: which source sentences translate which target ones.

1. Every sentence is embedded once (by the caller: ``Side`` holds the vectors).
2. A band of the lattice is found coarse-to-fine (as Vecalign does): both sides
   are halved by averaging neighbouring embeddings until the lattice is small,
   aligned there, and the path is widened by a radius and projected back.
   Memory and time grow with the number of sentences, not their product.
3. Every bead in the band is scored (``scorer.py``) with block embeddings
   approximated from single sentences.
4. Forward-backward gives each bead's posterior probability.  The
   multi-sentence blocks that keep some probability are the only ones worth a
   real encoder call; ``refine`` embeds them (within a budget) and returns
   their vectors, and the band is rescored with them.  Nothing is mutated: the
   same inputs always give the same beads.
5. Viterbi picks the best path; each bead's score is its posterior
   probability (tempered, see ``TEMPERATURE``), so 0.9 means "right about nine
   times in ten".  Unmatched sentences come in runs, and a run costs less than
   as many lone ones (``lattice.SKIP_RUN``).
6. Runs left unmatched on both sides that translate each other, a passage
   moved elsewhere, are paired out of order (``moved.py``); a passage moved
   farther (a chapter put elsewhere) is aligned as a document of its own.

Every sentence of both sides appears in exactly one bead, paired or not.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from .. import options
from . import dp
from .lattice import Band, bead_types, log_prior, run_gain
from .moved import far_passages, moved_pairs, runs
from .scorer import Scorer
from .similarity import Refined, Side, block_vector

log = logging.getLogger(__name__)

# Lattices up to this many cells are searched whole; larger ones coarse-to-fine.
FULL_LATTICE = 400_000
RADIUS = 10
COARSE_BEADS = [(1, 0), (1, 1), (1, 2), (2, 1)]
# Multi-sentence blocks whose beads keep this posterior get a real embedding:
# from 0.01 to 0.1 no bead of the dev suite or its probes changes, with 7 %
# less encoder time on Text+Berg; at 0.3 blocks that refinement would have won go unseen.
IN_PLAY = 0.1
# The similarity, length and anchor terms are not independent evidence: the
# posteriors that become bead scores divide the log-scores by this, so that a
# score of 0.7 is right about 70% of the time.  Chosen on every dev-suite set
# (expected calibration error, ``study.evaluate``): the clean sets want sharp
# scores (1.0), Text+Berg, where every aligner gets 9% of its beads wrong, soft
# ones (1.75 to 2.5).  1.75 keeps the worst set's error lowest (0.039; 2.0:
# 0.040, 1.0: 0.063), and it is best on the probes, which took no part in the
# choice (mean 0.025; 1.0: 0.030, 2.0: 0.026).
TEMPERATURE = 1.75

# Embeds texts as unit rows: the aligner's only way to reach an encoder.
Embed = Callable[[Sequence[str]], np.ndarray]
# A block of one side: (side 0 = source or 1 = target, start, end).
Block = tuple[int, int, int]


@dataclass(frozen=True)
class Bead:
    """Source sentences ``src`` translate target sentences ``tgt``; one side may be empty."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float


def align(
    src: Side,
    tgt: Side,
    *,
    max_bead: int = options.MAX_BEAD,
    embed: Embed | None = None,
    budget: float = options.BUDGET,
) -> list[Bead]:
    """Align two sides; see the module docstring for the steps.

    ``embed`` (with ``budget`` > 0 and sides that carry their texts) lets the
    aligner embed the joined text of the multi-sentence blocks in play.
    """
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return [Bead((i,), (), 1.0) for i in range(n)] + [Bead((), (j,), 1.0) for j in range(m)]
    band = find_band(src, tgt)
    beads = bead_types(max_bead)
    scorer = Scorer(src, tgt, band, beads)
    pieces = scorer.calibration.pieces
    if min(pieces) < 1:
        log.info("lines without a full stop that start in lower case: taken for pieces of sentences %.0f%% (source), "
                 "%.0f%% (target), the rest for lines of their own", 100 * pieces[0], 100 * pieces[1])
    skip, run = scorer.target_skips(), run_gain()
    scores = scorer.scores()
    log.debug("band of %d x %d cells for %d x %d sentences", band.rows, band.width, n, m)
    if embed is not None and max_bead > 1 and budget > 0 and src.texts is not None and tgt.texts is not None:
        many = [(a, b) for a, b in beads if a and b and (a > 1 or b > 1)]  # the beads with a block to refine
        posts = dp.bead_posteriors(beads, scores, skip, band, run, wanted=many)
        blocks = blocks_in_play(many, posts, band, int(budget * (n + m)))
        if blocks:
            refined = refine((src, tgt), blocks, embed)
            log.info("refined %d multi-sentence blocks with real embeddings", len(blocks))
            scores = scorer.scores(refined)
    path = dp.viterbi(beads, scores, skip, band, run)
    probs = dp.posteriors(beads, [s / TEMPERATURE for s in scores], skip / TEMPERATURE, band, path, run / TEMPERATURE)
    out = [
        Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), float(round(p, 4)))
        for (i0, i1, j0, j1), p in zip(path, probs)
    ]
    out = with_moved(out, src, tgt, scorer)
    out = with_far_moved(out, src, tgt, scorer, lambda s, t: align(s, t, max_bead=max_bead, embed=embed, budget=budget))
    if log.isEnabledFor(logging.INFO):
        kinds = Counter(f"{len(b.src)}-{len(b.tgt)}" for b in out)
        log.info("%d beads: %s", len(out), ", ".join(f"{k} {v}" for k, v in sorted(kinds.items(), key=lambda kv: -kv[1])))
    return out


def with_moved(beads: list[Bead], src: Side, tgt: Side, scorer: Scorer) -> list[Bead]:
    """``beads`` with the moved passages (``moved.py``) paired: each source sentence's 1-0 bead becomes
    its pair, in source order, and the target sentence's 0-1 bead goes."""
    xs, at, ys, j = [], [], [], 0
    for b in beads:
        if not b.tgt:
            xs.append(b.src[0])
            at.append(j)
        elif not b.src:
            ys.append(b.tgt[0])
        j += len(b.tgt)
    found = moved_pairs(src.emb, tgt.emb, xs, at, ys, scorer.single_knn, scorer.calibration.similarity_llr)
    if not found:
        return beads
    log.info("paired %d sentences moved elsewhere, out of order", len(found))
    partner = {x: (y, v) for x, y, v in found}
    taken = {y for _, y, _ in found}
    out = []
    for b in beads:
        if not b.tgt and b.src[0] in partner:
            y, evidence = partner[b.src[0]]
            out.append(Bead(b.src, (y,), float(round(1 / (1 + np.exp(-evidence / TEMPERATURE)), 4))))
        elif b.src or b.tgt[0] not in taken:
            out.append(b)
    return out


def with_far_moved(beads: list[Bead], src: Side, tgt: Side, scorer: Scorer,
                   align_part: Callable[[Side, Side], list[Bead]]) -> list[Bead]:
    """``beads`` with each passage moved far (``moved.far_passages``) aligned on its own where its source
    run was left unmatched; the target run's 0-1 beads go.  Repeated while new run pairs turn up: the
    in-order path may cut a moved passage into several runs, and what one aligned part leaves unmatched
    may be the translation of another run."""
    tried: set = set()
    while True:
        xs = [b.src[0] for b in beads if not b.tgt]
        ys = sorted(b.tgt[0] for b in beads if not b.src)
        found = [f for f in far_passages(src.emb, tgt.emb, runs(xs), runs(ys), scorer.single_knn,
                                         scorer.calibration.similarity_llr) if f not in tried]
        if not found:
            return beads
        tried.update(found)
        parts, src_taken, tgt_taken = {}, set(), set()
        for (s0, s1), (t0, t1) in found:
            log.info("aligned a passage moved far on its own: source sentences %d-%d, target %d-%d", s0 + 1, s1, t0 + 1, t1)
            parts[s0] = [Bead(tuple(s0 + i for i in b.src), tuple(t0 + j for j in b.tgt), b.score)
                         for b in align_part(src.part(s0, s1), tgt.part(t0, t1))]
            src_taken.update(range(s0, s1))
            tgt_taken.update(range(t0, t1))
        out = []
        for b in beads:
            if b.src and b.src[0] in parts:
                out.extend(parts[b.src[0]])
            elif not (b.src and b.src[0] in src_taken) and not (not b.src and b.tgt[0] in tgt_taken):
                out.append(b)
        beads = out


def refine(sides: tuple[Side, Side], blocks: Sequence[Block], embed: Embed) -> tuple[Refined, Refined]:
    """Real embeddings of the given blocks, combined with their approximations (``block_vector``)."""
    vectors = embed([sides[side].joined_text(start, end) for side, start, end in blocks])
    refined: tuple[dict, dict] = ({}, {})
    for (side, start, end), vector in zip(blocks, vectors):
        s = sides[side]
        refined[side][(end, end - start)] = block_vector(s.emb[start:end], s.lengths[start:end], vector)
    return refined


def blocks_in_play(beads, posts, band: Band, limit: int) -> list[Block]:
    """Multi-sentence blocks that some likely bead uses, most likely first (``posts`` of each of ``beads``)."""
    best: dict[Block, float] = {}
    for (a, b), post in zip(beads, posts):
        rows, qs = np.nonzero(post > IN_PLAY)
        for i, q in zip(rows.tolist(), qs.tolist()):
            p = float(post[i, q])
            j = int(band.lo[i]) + q
            if a > 1 and b > 0:
                key = (0, i - a, i)
                best[key] = max(best.get(key, 0.0), p)
            if b > 1 and a > 0:
                key = (1, j - b, j)
                best[key] = max(best.get(key, 0.0), p)
    ranked = sorted(best, key=lambda k: (-best[k], k))
    return ranked[:limit]


def find_band(src: Side, tgt: Side, radius: int = RADIUS) -> Band:
    """The part of the lattice worth searching, found coarse-to-fine."""
    n, m = len(src), len(tgt)
    if (n + 1) * (m + 1) <= FULL_LATTICE or min(n, m) < 4:
        return Band.full(n, m)
    small_src, small_tgt = _halve(src), _halve(tgt)
    small_band = find_band(small_src, small_tgt, radius)
    scorer = Scorer(small_src, small_tgt, small_band, COARSE_BEADS, anchors=False)
    path = dp.viterbi(COARSE_BEADS, scorer.scores(), log_prior(0, 1), small_band)
    return _project(path, n, m, radius)


def _halve(side: Side) -> Side:
    """Merge sentences pairwise: length-weighted mean embeddings, summed lengths."""
    n = len(side)
    w = side.lengths.astype(np.float64)
    pairs = (n + 1) // 2
    emb = np.zeros((pairs, side.emb.shape[1]))
    lengths = np.zeros(pairs)
    for offset in (0, 1):
        idx = np.arange(offset, n, 2)
        emb[idx // 2] += side.emb[idx] * w[idx, None]
        lengths[idx // 2] += w[idx]
    emb /= np.maximum(np.linalg.norm(emb, axis=1, keepdims=True), 1e-12)
    return Side(emb.astype(np.float32), lengths)


def _project(path, n: int, m: int, radius: int) -> Band:
    """Widen a coarse path by ``radius`` and map it onto the full-size lattice."""
    rows = (n + 1) // 2 + 1
    low = np.full(rows, np.iinfo(np.int64).max)
    high = np.full(rows, -1)
    for i0, i1, j0, j1 in path:
        for step, i in enumerate(range(i0, i1 + 1)):
            frac = step / max(i1 - i0, 1)
            lo_j = j0 + int(np.floor(frac * (j1 - j0))) if i > i0 else j0
            hi_j = j1 if i == i1 else j0 + int(np.ceil(frac * (j1 - j0)))
            low[i] = min(low[i], lo_j)
            high[i] = max(high[i], hi_j)
    fine = np.arange(n + 1)
    start = 2 * low[fine // 2] - radius
    stop = 2 * high[(fine + 1) // 2] + radius
    start = np.maximum.accumulate(np.maximum(start, 0))
    width = int(min(np.max(stop - start) + 1, m + 1))
    lo = np.clip(start, 0, m + 1 - width)
    return Band(lo.astype(np.int64), width, m)
