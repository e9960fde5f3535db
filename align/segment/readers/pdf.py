"""PDF: the text layer, page by page (a scanned PDF without one is refused, not OCR'd)."""

from __future__ import annotations

import logging
from io import BytesIO

from ... import options
from ...errors import AlignError


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
    text = "\n".join(pages)
    if not any(ch.isalpha() for ch in text):
        raise AlignError(f"{name}: the PDF has no text layer (a scan?): run OCR on it first")
    return text + "\n"
