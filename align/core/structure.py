"""Paragraphs as evidence: a translation mostly keeps the paragraphs of its source.

Each sentence may say whether it starts a paragraph (a heading, a list item
or a cell counts as one).  A bead's evidence is what its first sentences say:
both start a paragraph, neither does, or only one does.  How often each of
the four happens for translations (the document's mutual nearest neighbours)
against unrelated pairs gives its log-likelihood ratio, so a document whose
two sides break paragraphs differently (a hard-wrapped text against one line
a paragraph) learns that breaks say nothing, and gets no evidence.

``continuations`` tells the pieces of a broken sentence, which the scorer
keeps from being split into 1-1 beads; ``cuts`` those whose piece before has
no end at all (a line end cut the sentence), where a bead should not start.
A list's items and an interface's messages look the same (no full stop, a
lower-case start) and are lines of their own: ``piece_weight`` tells the two
apart on the document itself.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np

MIN_PAIRS = 8
MIN_BREAKS = 3  # paragraph starts a side needs (beyond its first sentence) to say anything
PSEUDO_PAIRS = 20  # unrelated-looking pairs the translations' table starts from: a short document says little


def paragraph_llr(src_starts: np.ndarray, tgt_starts: np.ndarray, pairs: list[tuple[int, int]],
                  random_pairs: tuple[np.ndarray, np.ndarray]) -> np.ndarray | None:
    """A 2 x 2 table: log-ratio of (source starts, target starts) for translations against random pairs."""
    if len(pairs) < MIN_PAIRS or src_starts[1:].sum() < MIN_BREAKS or tgt_starts[1:].sum() < MIN_BREAKS:
        return None
    xs, ys = (np.array(v) for v in zip(*pairs))
    random = _counts(src_starts[random_pairs[0]], tgt_starts[random_pairs[1]]) + 0.5
    random /= random.sum()
    true = _counts(src_starts[xs], tgt_starts[ys]) + PSEUDO_PAIRS * random
    true /= true.sum()
    return np.log(true) - np.log(random)


def _counts(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    counts = np.zeros((2, 2))
    np.add.at(counts, (a.astype(int), b.astype(int)), 1)
    return counts


def starts(paragraphs: list[int]) -> np.ndarray:
    """Which sentences start a paragraph, from each sentence's paragraph number."""
    numbers = np.asarray(paragraphs)
    return np.concatenate([[True], numbers[1:] != numbers[:-1]]) if len(numbers) else np.zeros(0, dtype=bool)


_GOES_ON = ",;:)]}\u00bb\u2019\u201d"


def continuations(texts) -> np.ndarray:
    """Which sentences carry on the one before: they start in lower case or with a comma, a closing bracket.

    That is what a sentence broken by a line end, a page or a splitter that
    took an abbreviation for a full stop looks like; two such pieces belong
    to one bead.  Scripts without case only show it by punctuation.  Nothing
    carries on a line in capitals: that is a heading (*SYNOPSIS* over
    *chsh [options]*), not the first half of a sentence.
    """
    out = np.zeros(len(texts), dtype=bool)
    for k in range(1, len(texts)):
        head = texts[k].lstrip()[:1]
        out[k] = bool(head) and (head.islower() or head in _GOES_ON) and not _heading(texts[k - 1])
    return out


def _heading(text: str) -> bool:
    """A line in capitals, a word at least (a lone capital is OCR debris as often as a word)."""
    return text.isupper() and sum(map(str.isalpha, text)) > 1


# A sentence's end: a full stop, question or exclamation mark, ellipsis, colon or semicolon, then closing quotes or brackets.
_ENDS = re.compile(r"[.!?\u2026:;\u3002\uff01\uff1f][\"'\u201d\u2019\u00bb)\]]*\s*$")


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends as a sentence (or a clause with a colon or semicolon) does."""
    return bool(_ENDS.search(text))


def cuts(texts, carry: np.ndarray | None = None) -> np.ndarray:
    """Which sentences are the second piece of a sentence cut in two: the one before has no end and this one carries on.

    A line end in hard-wrapped or OCR'd text leaves such pieces; a bead that starts
    on one cuts a sentence apart, which a translation does not do.  ``carry`` is
    ``continuations(texts)``, for a caller that has it already.
    """
    carry = continuations(texts) if carry is None else carry
    return np.array([carry[k] and not ends_sentence(texts[k - 1]) for k in range(len(texts))], dtype=bool)


# How a side's cut-looking lines pair, as a share of how its other lines pair
# (``piece_weight``): at or below PIECES they are pieces of broken sentences
# (0.05 to 0.19 on the broken set's eight sides), at or above LINES lines of
# their own (0.82 to 1.6 on the interface messages of fourteen languages).
PIECES, LINES = 0.2, 0.6
PIECE_PSEUDO = 5  # until a side has a few cut-looking lines, they are taken for pieces


def piece_weight(cut: np.ndarray, pairs: list[tuple[int, int]], side: int) -> float:
    """How far one side's cut-looking lines are pieces of broken sentences (1) rather than lines of their own (0).

    A line of its own pairs with the line after the partner of the line
    before it about as often as any line does; the second piece of a broken
    sentence almost never does, since the partner of its first piece is its
    own translation.  ``pairs`` (source, target) stand in for the beads: the
    document's mutual nearest neighbours.
    """
    partner = np.full(len(cut), -1)
    for pair in pairs:
        partner[pair[side]] = pair[1 - side]
    follows = (partner[1:] >= 0) & (partner[:-1] >= 0) & (partner[:-1] == partner[1:] - 1)
    piece = cut[1:]
    # how often a line of its own pairs so: the other lines, or all of them where nearly every line looks cut
    base = (follows[~piece].sum() + PIECE_PSEUDO * follows.mean()) / ((~piece).sum() + PIECE_PSEUDO) if len(piece) else 0.0
    if not piece.any() or base <= 0:
        return 1.0
    ratio = follows[piece].sum() / (piece.sum() + PIECE_PSEUDO) / base
    return float(np.clip((LINES - ratio) / (LINES - PIECES), 0.0, 1.0))


@lru_cache(maxsize=None)
def script_of(ch: str) -> str | None:
    """The writing system of a letter, Chinese and Japanese as one (None for digits, punctuation, space)."""
    if not ch.isalpha():
        return None
    script = unicodedata.name(ch, "").split(" ", 1)[0]
    if script in {"CJK", "HIRAGANA", "KATAKANA"}:
        return "CJK"
    return script or None
