"""Find the passages of a document that translate each other.

Position says little on a web page (the translation may come first, a summary
may sit between), so the evidence is cross-lingual similarity.  Every block
(line or script run) is embedded once, from its first ``BLOCK_CHARS``
characters.  A block pair counts as a *match* when the two are each other's
nearest neighbour across the two languages and their similarity stands well
above what the document's unrelated cross-language pairs reach (a robust
z-score, so the threshold does not depend on the encoder's cosine range).
Passages that share matches form a candidate pair (one match is enough only
between blocks of real text, not a name against its transliteration); the
pairs with the most matched text win, each block used by one pair at most.  A pair's spans run from
its first to its last match, so unrelated text around a translation (an
English summary above an Albanian article and its English version) stays out,
widened over edge blocks that both sides leave unmatched (``_extend``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .passages import Block, Passage
from ..core.stats import robust_z

BLOCK_CHARS = 600
MIN_Z = 3.0  # how far above the unrelated pairs a match must stand
MIN_LETTERS = 3
# A pair resting on one match needs that match to be more than a name or a caption.
SINGLE_MATCH_LETTERS = 40


@dataclass(frozen=True)
class PassagePair:
    """Two passages (or parts of them) that translate each other."""

    src: Passage
    tgt: Passage
    src_blocks: tuple[int, int]  # half-open range of block indices within the passage
    tgt_blocks: tuple[int, int]
    matches: int
    similarity: float  # mean cosine of the matched blocks

    def src_part(self) -> list[Block]:
        return self.src.blocks[self.src_blocks[0] : self.src_blocks[1]]

    def tgt_part(self) -> list[Block]:
        return self.tgt.blocks[self.tgt_blocks[0] : self.tgt_blocks[1]]

    @property
    def langs(self) -> tuple[str, str]:
        return self.src.lang, self.tgt.lang


def find_parallel(passages: list[Passage], encoder) -> list[PassagePair]:
    """Parallel passage pairs, oriented with languages in alphabetical order."""
    langs = sorted({p.lang for p in passages})
    units = [
        (p, k, b)
        for p in passages
        for k, b in enumerate(p.blocks)
        if b.letters >= MIN_LETTERS
    ]
    if len(langs) < 2 or not units:
        return []
    vectors = encoder.encode([b.text[:BLOCK_CHARS] for _, _, b in units])
    candidates = []
    for ia, lang_a in enumerate(langs):
        for lang_b in langs[ia + 1 :]:
            left = [u for u, (p, _, _) in enumerate(units) if p.lang == lang_a]
            right = [u for u, (p, _, _) in enumerate(units) if p.lang == lang_b]
            if left and right:
                candidates += _candidates(units, vectors, left, right)
    return _select(candidates)


def _candidates(units, vectors, left, right) -> list[PassagePair]:
    sims = vectors[left] @ vectors[right].T
    z = robust_z(sims)
    best_right = sims.argmax(1)
    best_left = sims.argmax(0)
    groups: dict[tuple[int, int], list[tuple[int, int, float]]] = {}
    for r, c in enumerate(best_right):
        if best_left[c] != r or z[r, c] < MIN_Z:
            continue
        pa, ka, _ = units[left[r]]
        pb, kb, _ = units[right[c]]
        groups.setdefault((pa.index, pb.index), []).append((ka, kb, float(sims[r, c])))
    by_index = {p.index: p for p, _, _ in units}
    pairs = []
    for (ia, ib), hits in groups.items():
        if len(hits) == 1:
            ka, kb, _ = hits[0]
            short = min(by_index[ia].blocks[ka].letters, by_index[ib].blocks[kb].letters)
            if short < SINGLE_MATCH_LETTERS:
                continue
        ka = [h[0] for h in hits]
        kb = [h[1] for h in hits]
        pairs.append(
            PassagePair(
                by_index[ia],
                by_index[ib],
                (min(ka), max(ka) + 1),
                (min(kb), max(kb) + 1),
                len(hits),
                float(np.mean([h[2] for h in hits])),
            )
        )
    return pairs


def _select(candidates: list[PassagePair]) -> list[PassagePair]:
    """Greedily keep the pairs with the most matched text, without sharing blocks."""

    def weight(pair: PassagePair) -> tuple:
        text = sum(len(b.text) for b in pair.src_part()) + sum(len(b.text) for b in pair.tgt_part())
        return (pair.matches, text, -pair.src.index, -pair.tgt.index)

    taken: dict[int, list[tuple[int, int]]] = {}
    chosen = []
    for pair in sorted(candidates, key=weight, reverse=True):
        spans = ((pair.src.index, pair.src_blocks), (pair.tgt.index, pair.tgt_blocks))
        if any(_overlaps(span, taken.get(index, [])) for index, span in spans):
            continue
        for index, span in spans:
            taken.setdefault(index, []).append(span)
        chosen.append(pair)
    chosen = [_extend(pair, taken) for pair in chosen]
    return sorted(chosen, key=lambda p: (p.src.index, p.tgt.index))


def _extend(pair: PassagePair, taken: dict[int, list[tuple[int, int]]]) -> PassagePair:
    """Widen a pair over edge blocks that both sides have unmatched, as many on each side.

    A title or a last sentence that neither side matched sits at the same
    edge of both passages and is most likely parallel; unmatched text at the
    edge of one side only (a summary, "In Albanian:") stays out.
    """
    spans = []
    for passage, (start, end) in ((pair.src, pair.src_blocks), (pair.tgt, pair.tgt_blocks)):
        others = [span for span in taken.get(passage.index, []) if span != (start, end)]
        head = start - max([e for s, e in others if e <= start], default=0)
        tail = min([s for s, e in others if s >= end], default=len(passage.blocks)) - end
        spans.append((start, end, head, tail))
    head = min(spans[0][2], spans[1][2])
    tail = min(spans[0][3], spans[1][3])
    (s0, e0, _, _), (s1, e1, _, _) = spans
    if not head and not tail:
        return pair
    return replace(pair, src_blocks=(s0 - head, e0 + tail), tgt_blocks=(s1 - head, e1 + tail))


def _overlaps(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in others)
