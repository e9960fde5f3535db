"""Documents that are not plain text: each reader turns one format into text, a paragraph a line.

The format is told by the file's first bytes, then its extension: PDF
(``%PDF``), DOCX and EPUB (zip archives told apart by their contents), HTML,
SRT and WebVTT subtitles.  Headings, list items, table cells and subtitle cues
each become a line of their own, so the passage finder and the sentence
splitter see the document's structure as line breaks; what a format knows
about each line beyond its text (a subtitle's times, an e-book's chapter)
comes back beside it, from the same read.  Each reader needs the
``documents`` extra; a missing one is named in a one-line error.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from ...errors import AlignError


@dataclass(frozen=True)
class Document:
    """A document as read: its text, a paragraph a line, and what its format tells about each line."""

    text: str
    times: list[tuple[float, float]] | None = None  # subtitles: the seconds each line's cues span
    chapters: list[int] | None = None  # e-books of two chapters or more: the chapter of each line


_SRT = re.compile(rb"^\s*\d+\s*\r?\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->", re.M)
_HTML = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)


def sniff(data: bytes, name: str) -> str:
    """The format of a document: pdf, docx, epub, html, srt, vtt or text."""
    suffix = Path(name).suffix.lower()
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(BytesIO(data)).namelist())
        except (zipfile.BadZipFile, ValueError, NotImplementedError, OSError):
            raise AlignError(f"{name}: a damaged zip archive (a truncated DOCX or EPUB?)") from None
        if "word/document.xml" in names:
            return "docx"
        if "META-INF/container.xml" in names or suffix == ".epub":
            return "epub"
        raise AlignError(f"{name}: a zip archive that is neither a Word document nor an e-book")
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    if suffix in (".html", ".htm", ".xhtml") or _HTML.match(head):
        return "html"
    if head.startswith(b"WEBVTT") or suffix == ".vtt":
        return "vtt"
    if suffix == ".srt" or _SRT.match(head):
        return "srt"
    return "text"


def read(fmt: str, data: bytes, name: str) -> Document:
    """Turn the bytes of a document of this format (not plain text) into a Document."""
    from . import docx, epub, html, pdf, subtitles

    if fmt in ("srt", "vtt"):
        return subtitles.read(data, name, fmt)
    if fmt == "epub":
        return epub.read(data, name)
    return Document({"pdf": pdf.read, "docx": docx.read, "html": html.read}[fmt](data, name))
