"""Hebrew stored in visual order, put back in reading order.

PDF extractors and some old files store a line of Hebrew as it is drawn,
left to right: its words come last to first and each word's letters
backwards (*רתומה םוחתל* for *לתחום המותר*).  The sentence splitter then
finds the full stop at the head of the line and the encoder reads noise.
Hebrew spelling tells such a line apart: five letters have a final form
(ך ם ן ף ץ) written only at a word's end, so in visual order they open
words.  A line whose Hebrew words open with a final form more often than
they end with one is reversed back: the order of its words, and the letters
of each Hebrew word; a run of words without Hebrew letters (a number, an
English term, a command) keeps its own order, as a bidirectional display
keeps it.  Arabic has no such letters, so its visual order is left alone.
"""

from __future__ import annotations

import re

_FINALS = frozenset("ךםןףץ")
_HEBREW_WORD = re.compile(r"[\u05d0-\u05ea]+")
_HEBREW = re.compile(r"[\u05d0-\u05ea]")
# runs of the Hebrew block (letters, points, maqaf) and runs of anything else
_PIECES = re.compile(r"[\u0590-\u05ff]+|[^\u0590-\u05ff]+")
_CORE = re.compile(r"[^\W_].*[^\W_]|[^\W_]", re.S)  # from a run's first letter or digit to its last
_MIRRORED = str.maketrans("()[]{}<>", ")(][}{><")


def evidence(line: str) -> int:
    """How many more of a line's Hebrew words open with a final letter form than end with one: above 0 the
    line is stored in visual order, below 0 in reading order, 0 (no final letters) it does not say."""
    words = _HEBREW_WORD.findall(line)
    return sum(w[0] in _FINALS for w in words) - sum(w[-1] in _FINALS for w in words)


def is_visual(line: str) -> bool:
    return evidence(line) > 0


def visual_lines(lines: list[str]) -> list[bool]:
    """Which lines are Hebrew stored in visual order.  A file or a part of one is stored so as a whole, so a
    Hebrew line without final letters is taken to be stored as the nearest lines that say are, on both sides
    where they agree (on the one side there is, at the ends)."""
    said = [evidence(line) for line in lines]
    told = [None if e == 0 else e > 0 for e in said]
    before, after = _nearest(told), _nearest(told[::-1])[::-1]
    out = []
    for line, own, b, a in zip(lines, told, before, after):
        if own is None and _HEBREW.search(line):
            own = b if a is None else a if b is None else b and a
        out.append(bool(own))
    return out


def _nearest(told: list[bool | None]) -> list[bool | None]:
    """For each place, the last value told before it (None before the first)."""
    out, last = [], None
    for value in told:
        out.append(last)
        if value is not None:
            last = value
    return out


def reading_order(line: str, visual: bool | None = None) -> str:
    """The line in reading order if it is Hebrew stored in visual order (``visual``, or its own final
    letters, say so), else the line unchanged.

    Hebrew runs are reversed letter by letter; in a run of anything else, the
    stretch from its first letter or digit to its last (*CTRL-Y*, *%d files*)
    keeps its order and the spaces and punctuation around it are reversed
    with the line (brackets mirrored), as a display resolves them between
    Hebrew words.
    """
    if not (is_visual(line) if visual is None else visual):
        return line
    units: list[str] = []
    for piece in _PIECES.findall(line):
        if _HEBREW.search(piece):
            units.append(piece[::-1])
            continue
        core = _CORE.search(piece)
        if core is None:
            units.extend(piece.translate(_MIRRORED))
        else:
            units.extend(piece[: core.start()].translate(_MIRRORED))
            units.append(core.group())
            units.extend(piece[core.end():].translate(_MIRRORED))
    return "".join(reversed(units)).strip()
