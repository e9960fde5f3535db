"""Words both sides share (numbers, names, identical tokens) as evidence for a bead.

A shared word of one side found on the other is a Bernoulli event whose rate
among translations and among unrelated pairs is learned from the document
(``SharedWords.calibrate``); two scripts with nothing in common simply give
no evidence.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np

from .lattice import Band, block_sums
from .structure import script_of

MIN_CALIBRATION_PAIRS = 3
# A word in more than this share of a side's sentences is too common to anchor anything.
MAX_SHARE = 0.2
_WORD = re.compile(r"\w+")


def words_of(text: str) -> frozenset[str]:
    """The lower-cased words of a text that could be anchors (single letters are not)."""
    return frozenset(w.lower() for w in _WORD.findall(text) if len(w) > 1 or w.isdigit())


def _scripts(text: str) -> Counter:
    return Counter(map(script_of, filter(str.isalpha, text)))


def copied_lines(src_texts, tgt_texts) -> tuple[list[bool], list[bool]]:
    """Per side, the lines written mostly in the other side's script, where the two sides' scripts differ:
    lines the translator left in the original language (or copied), not translations of it."""
    counts = [[_scripts(t) for t in texts] for texts in (src_texts, tgt_texts)]
    main = [sum(side, Counter()).most_common(1) for side in counts]
    if not main[0] or not main[1] or main[0][0][0] == main[1][0][0]:
        return [False] * len(src_texts), [False] * len(tgt_texts)
    return tuple([2 * c[main[1 - k][0][0]] > sum(c.values()) for c in counts[k]] for k in (0, 1))


def left_as_is(src_texts, tgt_texts, copied: tuple | None = None) -> tuple[list[bool], list[bool]]:
    """Per side, the lines that are copies, not translations: in the other side's script
    (``copied_lines``, given as ``copied`` by a caller that has it), or the same text as a line of the
    other side (a manual's untranslated paragraphs, code lines, an author's byline)."""
    copied_s, copied_t = copied or copied_lines(src_texts, tgt_texts)
    same_s, same_t = _plain(src_texts), _plain(tgt_texts)
    on_s, on_t = set(same_s), set(same_t)
    return ([c or t in on_t for c, t in zip(copied_s, same_s)], [c or t in on_s for c, t in zip(copied_t, same_t)])


def copies(src_texts, tgt_texts, copied: tuple | None = None):
    """A test of whether a sentence pair is a copy, not a translation: the same text on both sides, or a
    line left in the other side's script.  A document that leaves some passages untranslated (a manual
    whose examples and newest paragraphs stay in English) pairs them as its best matches, and they would
    teach the scorer that translations are identical: near-perfect similarity, equal lengths, every word
    shared.  ``copied`` is ``copied_lines(src_texts, tgt_texts)``, for a caller that has it already."""
    if src_texts is None or tgt_texts is None:
        return lambda x, y: False
    copied_s, copied_t = copied or copied_lines(src_texts, tgt_texts)
    same_s, same_t = _plain(src_texts), _plain(tgt_texts)
    return lambda x, y: copied_s[x] or copied_t[y] or same_s[x] == same_t[y]


def _plain(texts) -> list[str]:
    """Texts as compared for copies: case and spacing aside."""
    return [" ".join(t.casefold().split()) for t in texts]


class SharedWords:
    """Words both sides use, and how often a shared word of one side is found on the other."""

    def __init__(self, src_words, tgt_words, band: Band, copied: tuple | None = None):
        self.band = band
        # a word counts as shared from the lines each side translates; copies (``left_as_is``) say nothing
        # of what a translation keeps: a manual that leaves a third of its lines in English would make
        # every English "is" and "of" a word its translations miss
        copied_s, copied_t = copied or ([False] * len(src_words), [False] * len(tgt_words))
        df_s = Counter(w for ws, c in zip(src_words, copied_s) if not c for w in ws)
        df_t = Counter(w for ws, c in zip(tgt_words, copied_t) if not c for w in ws)
        limit_s, limit_t = max(2, MAX_SHARE * len(src_words)), max(2, MAX_SHARE * len(tgt_words))
        shared = {w for w in df_s if w in df_t and df_s[w] <= limit_s and df_t[w] <= limit_t}
        self.words_s = [ws & shared for ws in src_words]
        self.words_t = [ws & shared for ws in tgt_words]
        self.count_s = np.array([len(ws) for ws in self.words_s], dtype=np.float64)
        self.count_t = np.array([len(ws) for ws in self.words_t], dtype=np.float64)
        self.hits = self._hits_in_band()
        self._blocks: dict[tuple[int, int], np.ndarray] = {}

    def _hits_in_band(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
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
        """Log-ratios (hit, miss) of translations (``pairs``) against random pairs (``xs``, ``ys``)."""

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

    def llr(self, a: int, b: int, hit_gain: float, miss_gain: float) -> np.ndarray:
        """Log-likelihood ratio of the shared words of every a-b bead in the band."""
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
        # a word found on both sides is one piece of evidence, not two, and a word that several
        # sentences of a block repeat is found once: the hits are at most either side's different
        # words (each sentence that carries a word the other side lacks still counts a miss)
        on_s = self._distinct(0, a)[np.minimum(rows, len(self.words_s))][:, None]
        on_t = self._distinct(1, b)[np.clip(cols, 0, len(self.words_t))]
        hits = np.minimum(hits, np.minimum(on_s, on_t))
        words = (block_sums(self.count_s, a)[np.minimum(rows, len(self.count_s))][:, None]
                 + block_sums(self.count_t, b)[np.clip(cols, 0, len(self.count_t))])
        return hits * hit_gain + (words - 2 * hits) * miss_gain

    def _distinct(self, side: int, size: int) -> np.ndarray:
        """out[i]: how many different words the block of ``size`` sentences ending before i holds (0
        before a block fits); kept, as every bead type with that many sentences on the side asks."""
        key = (side, size)
        if key not in self._blocks:
            words = (self.words_s, self.words_t)[side]
            out = np.zeros(len(words) + 1)
            for i in range(size, len(words) + 1):
                out[i] = len(frozenset().union(*words[i - size:i]))
            self._blocks[key] = out
        return self._blocks[key]
