"""PDF: the text layer, page by page (a scanned PDF without one is refused, not OCR'd).

A page's running head and foot (the journal's title, the page number) are
not part of the text: left in, they would cut the sentence that runs on
from one page to the next.  They are told by repetition: a line among the
first or last two of a page that, its digits aside, opens or closes at least
half the pages (three at least) is left out.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from io import BytesIO

from ... import options
from ...errors import AlignError

log = logging.getLogger(__name__)


def read(data: bytes, name: str) -> str:
    options.require("documents", "pypdf")
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # its warnings about damaged files are ours to say, once
    try:
        pdf = PdfReader(BytesIO(data))
        if pdf.is_encrypted:
            raise AlignError(f"{name}: the PDF is encrypted")
        pages = [page.extract_text() or "" for page in pdf.pages]
    except AlignError:
        raise
    except (PdfReadError, ValueError, KeyError, OSError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise AlignError(f"{name}: not a readable PDF ({type(exc).__name__})") from None
    text = "\n".join("\n".join(lines) for lines in _without_running_lines([page.split("\n") for page in pages]))
    if not any(ch.isalpha() for ch in text):
        raise AlignError(f"{name}: the PDF has no text layer (a scan?): run OCR on it first")
    return text + "\n"


EDGE = 2  # lines at the top and at the foot of a page where running heads and feet stand
MIN_PAGES = 3
_DIGITS = re.compile(r"\d+")


def _without_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """The pages' lines without their running heads and feet (see the module's docstring)."""
    if len(pages) < MIN_PAGES:
        return pages

    def key(line: str) -> str:
        return _DIGITS.sub("#", " ".join(line.split()))

    def edges(lines: list[str]) -> set[int]:
        kept = [k for k, line in enumerate(lines) if line.strip()]
        return set(kept[:EDGE] + kept[-EDGE:])

    at_edges = [edges(lines) for lines in pages]
    seen = Counter(k for lines, ends in zip(pages, at_edges) for k in {key(lines[i]) for i in ends})
    running = {k for k, n in seen.items() if n >= max(MIN_PAGES, len(pages) / 2)}
    out = [[line for i, line in enumerate(lines) if not (i in ends and key(line) in running)] for lines, ends in zip(pages, at_edges)]
    dropped = sum(map(len, pages)) - sum(map(len, out))
    if dropped:
        log.info("left out %d running heads and feet of %d pages", dropped, len(pages))
    return out
