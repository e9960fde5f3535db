"""Hard-wrapped text (a PDF's text layer, a book from Project Gutenberg) back to a paragraph a line.

Every stage after reading takes a line for a paragraph.  A PDF, or a plain
text file wrapped at a fixed width, ends a line wherever the measure is
full, so a sentence reaches the aligner in pieces and a hyphenated word in
halves.  Such text shows its width: most of its lines fill the measure (the
length its longest lines but a few reach) nearly to the end, and hardly any
runs past it.  In text that does, a line joins the next when it filled the
measure (the paragraph went on) or when the next carries on a sentence the
line left open (it starts in lower case or with a comma,
``structure.continuations``); a word hyphenated at the line end is joined
whole when its second half starts in lower case.  A blank line, a line well
short of the measure, or one that opens a list item or a Markdown heading
ends a paragraph.  Text that shows no width (a paragraph a line already, as
every other reader writes) is left as it is.
"""

from __future__ import annotations

import logging
import re

import numpy as np

from ..core.structure import continuations, ends_sentence

log = logging.getLogger(__name__)

# The measure is the 90th percentile of the line lengths; a text is wrapped at it when at least
# WRAPPED_SHARE of its lines fill it (FULL of it or more) and at most OVER_SHARE run past it by a fifth.
WRAPPED_SHARE = 0.5
FULL = 0.75
OVER_SHARE = 0.02
MIN_LINES = 30  # fewer lines of a sentence each look wrapped by chance: of windows of the gold sets, 8 lines 18 %, 20 0.4 %, 30 none of 3,000
_HYPHENATED = re.compile(r"\w-$")
_OPENS_BLOCK = re.compile(r"(?:[-*+\u2022\u00b7]|\d{1,3}[.)]|#{1,6})\s")  # a list item or a Markdown heading
_NO_SPACE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")  # Chinese and Japanese: written without spaces


def measure(lines: list[str]) -> int | None:
    """The width a text is wrapped at, or None if it is not hard-wrapped."""
    lengths = np.array([len(line) for line in lines if line.strip()])
    if len(lengths) < MIN_LINES:
        return None
    width = float(np.quantile(lengths, 0.9))
    full = np.mean(lengths >= FULL * width)
    over = np.mean(lengths > 1.2 * width)
    return int(width) if full >= WRAPPED_SHARE and over <= OVER_SHARE else None


def reflow(text: str) -> str:
    """The text with its hard-wrapped paragraphs joined, a paragraph a line; unchanged if it is not wrapped."""
    lines = [line.strip() for line in text.split("\n")]
    width = measure(lines)
    if width is None:
        return text
    carries = continuations(lines)
    out: list[str] = []
    for k, line in enumerate(lines):
        before = out[-1] if out and k and lines[k - 1] else ""
        goes_on = len(lines[k - 1]) >= FULL * width or (carries[k] and not ends_sentence(before))
        if line and before and goes_on and not _OPENS_BLOCK.match(line):
            out[-1] = _joined(before, line)
        else:
            out.append(line)
    log.info("hard-wrapped at %d characters: %d lines read as %d paragraphs", width, sum(map(bool, lines)), sum(map(bool, out)))
    return "\n".join(out)


def _joined(left: str, right: str) -> str:
    if _HYPHENATED.search(left) and right[:1].islower():
        return left[:-1] + right
    if _NO_SPACE.match(left[-1:]) and _NO_SPACE.match(right[:1]):
        return left + right
    return f"{left} {right}"
