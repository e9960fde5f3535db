"""Realign two documents around the pairs a person confirmed or made (``align pair --anchors``).

The reviewed pairs are fixed.  Those in document order on both sides cut the
documents into gaps; the others (a passage the translator moved elsewhere, a
sentence confirmed as having no counterpart) hold their sentences out of the
gaps and stand where their source sentence does.  In a gap, the aligner's own
beads stay as they are when they fill it exactly (so nothing changes that
need not); a gap whose edges cut through the aligner's beads is aligned again
on its own.
"""

from __future__ import annotations

import bisect
import logging
from dataclasses import dataclass, replace

import numpy as np

from ..core import Bead, align
from ..errors import AlignError
from ..model import Alignment, Pair, Sentence, side_of
from .session import HUMAN_SCORE

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Fixed:
    """A reviewed pair and the sentence ranges [start, end) it holds on each side (empty side: None)."""

    pair: Pair
    src: tuple[int, int] | None
    tgt: tuple[int, int] | None


def fixed_pairs(reviewed: list[Pair], n_src: int, n_tgt: int) -> list[Fixed]:
    """The pairs a person confirmed or made, with where they stand; raises if they cannot be kept."""
    fixed = []
    used: tuple[set, set] = (set(), set())
    last_src = -1
    for number, pair in enumerate(reviewed, 1):
        ranges = []
        for side, ids, n in (("source", pair.src, n_src), ("target", pair.tgt, n_tgt)):
            if ids and max(ids) >= n:
                raise AlignError(f"reviewed pair {number} names {side} sentence {max(ids)}, but the document has {n}: "
                                 "the review belongs to other documents")
            if ids and list(ids) != list(range(ids[0], ids[-1] + 1)):
                raise AlignError(f"reviewed pair {number}: its {side} sentences are not consecutive")
            ranges.append((ids[0], ids[-1] + 1) if ids else None)
        if pair.src:
            if pair.src[0] < last_src:
                raise AlignError(f"reviewed pair {number} comes before an earlier one in the source")
            last_src = pair.src[-1]
        if pair.review:
            for k, ids in enumerate((pair.src, pair.tgt)):
                if used[k] & set(ids):
                    raise AlignError(f"reviewed pair {number} holds a sentence an earlier one holds")
                used[k].update(ids)
            fixed.append(Fixed(pair, *ranges))
    return fixed


def in_order(fixed: list[Fixed]) -> tuple[list[Fixed], list[Fixed]]:
    """The reviewed pairs that cut the documents into gaps (the longest run in document order on both
    sides) and the others: pairs that cross it and pairs with one side empty."""
    both = [f for f in fixed if f.src and f.tgt]
    tails: list[int] = []  # tails[k]: the smallest target start that ends an in-order run of k + 1 pairs
    ends: list[int] = []  # and the index in ``both`` of that pair
    before = [-1] * len(both)
    for i, f in enumerate(both):
        k = bisect.bisect_left(tails, f.tgt[0])
        before[i] = ends[k - 1] if k else -1
        tails[k:k + 1], ends[k:k + 1] = [f.tgt[0]], [i]
    chain, i = [], ends[-1] if ends else -1
    while i >= 0:
        chain.append(both[i])
        i = before[i]
    chain.reverse()
    kept = {id(f) for f in chain}
    return chain, [f for f in fixed if id(f) not in kept]


def with_anchors(alignment: Alignment, reviewed: list[Pair], embed, max_bead: int, budget: float) -> Alignment:
    """``alignment`` with the reviewed pairs in place and the gaps between them filled."""
    fixed = fixed_pairs(reviewed, len(alignment.src), len(alignment.tgt))
    src, tgt = list(alignment.src), list(alignment.tgt)
    for f in fixed:
        _take_texts(f.pair, "src", src, f.pair.review == "confirmed")
        _take_texts(f.pair, "tgt", tgt, f.pair.review == "confirmed")
    chain, apart = in_order(fixed)
    held = ({i for f in apart for i in f.pair.src}, {j for f in apart for j in f.pair.tgt})
    beads, kept, realigned = [], 0, 0
    s = t = 0
    for f in chain + [None]:
        s_end, t_end = (f.src[0], f.tgt[0]) if f else (len(src), len(tgt))
        gap = ([i for i in range(s, s_end) if i not in held[0]], [j for j in range(t, t_end) if j not in held[1]])
        found = _tiling(alignment.beads, gap)
        if found is None:
            found = _realign(alignment, gap, embed, max_bead, budget)
            realigned += 1
        else:
            kept += 1
        beads += found
        if f:
            beads.append(Bead(f.pair.src, f.pair.tgt, HUMAN_SCORE))
            s, t = f.src[1], f.tgt[1]
    for f in apart:
        beads.insert(_place(beads, f.pair), Bead(f.pair.src, f.pair.tgt, HUMAN_SCORE))
    log.info("%d reviewed pairs kept (%d out of order or one-sided); %d gaps as aligned, %d aligned again",
             len(fixed), len(apart), kept, realigned)
    reviews = {(f.pair.src, f.pair.tgt): f.pair.review for f in fixed}
    return Alignment(alignment.src_lang, alignment.tgt_lang, src, tgt, beads, alignment.encoder, alignment.encoder_calls,
                     alignment.src_embeddings, alignment.tgt_embeddings, reviews)


def _place(beads: list[Bead], pair: Pair) -> int:
    """Where a pair held out of the gaps stands: before the first bead that comes after it in the source
    (in the target for a pair with no source sentence)."""
    side, first = ("src", pair.src[0]) if pair.src else ("tgt", pair.tgt[0])
    return next((k for k, b in enumerate(beads) if getattr(b, side) and getattr(b, side)[0] > first), len(beads))


def _take_texts(pair: Pair, side: str, sentences: list[Sentence], must_match: bool) -> None:
    """A changed pair brings its corrected texts; a confirmed one must read as the document does."""
    for i, text in zip(getattr(pair, side), pair.sentences(side)):
        if " ".join(sentences[i].text.split()) != " ".join(text.split()):
            if must_match:
                name = "source" if side == "src" else "target"
                raise AlignError(f"{name} sentence {i} reads differently in the review "
                                 f"({text[:40]!r} vs {sentences[i].text[:40]!r}): the review belongs to other documents")
            sentences[i] = replace(sentences[i], text=text)


def _tiling(beads: list[Bead], gap: tuple[list[int], list[int]]) -> list[Bead] | None:
    """The aligner's beads that hold exactly the gap's sentences, or None if some bead holds others too."""
    src, tgt = set(gap[0]), set(gap[1])
    inside = []
    for bead in beads:
        in_src = [i in src for i in bead.src]
        in_tgt = [j in tgt for j in bead.tgt]
        if any(in_src) or any(in_tgt):
            if not all(in_src) or not all(in_tgt):
                return None
            inside.append(bead)
    return inside


def _realign(alignment: Alignment, gap: tuple[list[int], list[int]], embed, max_bead: int, budget: float) -> list[Bead]:
    src, tgt = gap
    left = side_of([alignment.src[i] for i in src], alignment.src_embeddings[np.asarray(src, dtype=np.int64)])
    right = side_of([alignment.tgt[j] for j in tgt], alignment.tgt_embeddings[np.asarray(tgt, dtype=np.int64)])
    beads = []
    for b in align(left, right, max_bead=max_bead, embed=embed, budget=budget):
        bead = Bead(tuple(src[i] for i in b.src), tuple(tgt[j] for j in b.tgt), b.score)
        beads += _unbroken(bead)
    return beads


def _unbroken(bead: Bead) -> list[Bead]:
    """A bead that reaches across sentences held out of its gap keeps what comes before the hole; what
    comes after is left unmatched, a sentence a bead, so that every pair's sentences stay consecutive."""
    cut = [next((k for k in range(1, len(ids)) if ids[k] != ids[k - 1] + 1), len(ids)) for ids in (bead.src, bead.tgt)]
    if cut == [len(bead.src), len(bead.tgt)]:
        return [bead]
    rest = [Bead((i,), (), bead.score) for i in bead.src[cut[0]:]] + [Bead((), (j,), bead.score) for j in bead.tgt[cut[1]:]]
    return [Bead(bead.src[:cut[0]], bead.tgt[:cut[1]], bead.score)] + rest
