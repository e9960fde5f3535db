"""Realign two documents around the pairs a person confirmed or made (``align pair --anchors``).

The reviewed pairs are fixed.  Between two of them, the aligner's own beads
stay as they are when they fill the gap exactly (so nothing changes that
need not); a gap whose edges cut through the aligner's beads is aligned
again on its own.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from ..core import Bead, align
from ..errors import AlignError
from ..model import Alignment, Pair, Sentence, side_of
from .session import HUMAN_SCORE

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Fixed:
    """A reviewed pair and the sentence ranges [start, end) it holds on each side."""

    pair: Pair
    src: tuple[int, int]
    tgt: tuple[int, int]


def fixed_pairs(reviewed: list[Pair], n_src: int, n_tgt: int) -> list[Fixed]:
    """The pairs a person confirmed or made, with where they stand; raises if they cannot be kept."""
    fixed = []
    at = [0, 0]  # one past the last sentence seen on each side, in the file's order
    for number, pair in enumerate(reviewed, 1):
        ranges = []
        for side, ids, n in (("source", pair.src, n_src), ("target", pair.tgt, n_tgt)):
            if ids and max(ids) >= n:
                raise AlignError(f"reviewed pair {number} names {side} sentence {max(ids)}, but the document has {n}: "
                                 "the review belongs to other documents")
            if ids and list(ids) != list(range(ids[0], ids[-1] + 1)):
                raise AlignError(f"reviewed pair {number}: its {side} sentences are not consecutive")
            ranges.append((ids[0], ids[-1] + 1) if ids else None)
        if pair.review:
            src = ranges[0] or (at[0], at[0])
            tgt = ranges[1] or (at[1], at[1])
            if fixed and (src[0] < fixed[-1].src[1] or tgt[0] < fixed[-1].tgt[1]):
                raise AlignError(f"reviewed pair {number} crosses an earlier one")
            fixed.append(Fixed(pair, src, tgt))
        for k, r in enumerate(ranges):
            if r:
                at[k] = max(at[k], r[1])
    return fixed


def with_anchors(alignment: Alignment, reviewed: list[Pair], embed, max_bead: int, budget: float) -> Alignment:
    """``alignment`` with the reviewed pairs in place and the gaps between them filled."""
    fixed = fixed_pairs(reviewed, len(alignment.src), len(alignment.tgt))
    src, tgt = list(alignment.src), list(alignment.tgt)
    for f in fixed:
        _take_texts(f.pair, "src", src, f.pair.review == "confirmed")
        _take_texts(f.pair, "tgt", tgt, f.pair.review == "confirmed")
    beads, kept, realigned = [], 0, 0
    s = t = 0
    for f in fixed + [None]:
        s_end, t_end = (f.src[0], f.tgt[0]) if f else (len(src), len(tgt))
        gap = _tiling(alignment.beads, (s, s_end), (t, t_end))
        if gap is None:
            gap = _realign(alignment, (s, s_end), (t, t_end), embed, max_bead, budget)
            realigned += 1
        else:
            kept += 1
        beads += gap
        if f:
            beads.append(Bead(f.pair.src, f.pair.tgt, HUMAN_SCORE))
            s, t = f.src[1], f.tgt[1]
    log.info("%d reviewed pairs kept; %d gaps as aligned, %d aligned again", len(fixed), kept, realigned)
    reviews = {(f.pair.src, f.pair.tgt): f.pair.review for f in fixed}
    return Alignment(alignment.src_lang, alignment.tgt_lang, src, tgt, beads, alignment.encoder, alignment.encoder_calls,
                     alignment.src_embeddings, alignment.tgt_embeddings, reviews)


def _take_texts(pair: Pair, side: str, sentences: list[Sentence], must_match: bool) -> None:
    """A changed pair brings its corrected texts; a confirmed one must read as the document does."""
    for i, text in zip(getattr(pair, side), pair.sentences(side)):
        if " ".join(sentences[i].text.split()) != " ".join(text.split()):
            if must_match:
                name = "source" if side == "src" else "target"
                raise AlignError(f"{name} sentence {i} reads differently in the review "
                                 f"({text[:40]!r} vs {sentences[i].text[:40]!r}): the review belongs to other documents")
            sentences[i] = replace(sentences[i], text=text)


def _tiling(beads: list[Bead], src: tuple[int, int], tgt: tuple[int, int]) -> list[Bead] | None:
    """The aligner's beads that fill the two ranges exactly, or None if some bead crosses an edge."""
    inside = []
    for bead in beads:
        in_src = [src[0] <= i < src[1] for i in bead.src]
        in_tgt = [tgt[0] <= j < tgt[1] for j in bead.tgt]
        if any(in_src) or any(in_tgt):
            if not all(in_src) or not all(in_tgt):
                return None
            inside.append(bead)
    return inside


def _realign(alignment: Alignment, src: tuple[int, int], tgt: tuple[int, int], embed, max_bead: int,
             budget: float) -> list[Bead]:
    left = side_of(alignment.src[src[0]:src[1]], alignment.src_embeddings[src[0]:src[1]])
    right = side_of(alignment.tgt[tgt[0]:tgt[1]], alignment.tgt_embeddings[tgt[0]:tgt[1]])
    found = align(left, right, max_bead=max_bead, embed=embed, budget=budget)
    return [Bead(tuple(i + src[0] for i in b.src), tuple(j + tgt[0] for j in b.tgt), b.score) for b in found]

