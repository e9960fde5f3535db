"""Read a document from disk into text, whatever format and encoding it came in, or refuse it.

Web pages, Word files, PDFs, e-books and subtitles go to their readers
(``readers/``); plain text is decoded here.

UTF-8 (with or without a BOM) and UTF-16 with a BOM are read as marked.  A
file that is not UTF-8 at all is a legacy 8-bit text (Windows-1252, -1251,
-1250, ...), detected with charset-normalizer.  A file that is UTF-8 but for a
few bytes is refused with the offset of the first bad byte, never decoded
whole as something else (which would garble every accented letter); an
explicit ``encoding`` reads any file as told.  Binary files, non-regular
files (pipes, devices) and files over the size limit are refused too.
"""

from __future__ import annotations

import codecs
import logging
import re
import stat
import unicodedata
from dataclasses import replace
from pathlib import Path

from .. import options
from ..errors import AlignError
from .readers import Document, read, sniff
from .reflow import reflow

log = logging.getLogger(__name__)

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# A well-formed multi-byte UTF-8 sequence: its presence means the file was written as UTF-8.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
FALLBACK = "cp1252"
# Coherence scores this close are a tie between code pages.
COHERENCE_TIE = 0.05


def decode(data: bytes, name: str = "input", encoding: str | None = None,
           max_line: int = options.MAX_LINE_CHARS) -> str:
    """Decode bytes of plain text with normalised newlines; raise AlignError if that cannot be done faithfully."""
    if encoding is not None:
        text = _decode_as(data, encoding, name)
    else:
        marked = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
        if marked:
            text = _decode_as(data, marked, name)
        elif b"\x00" in data:
            raise AlignError(f"{name}: looks like a binary file, not text")
        else:
            text = _decode_unmarked(data, name)
    return _finish(text, name, max_line)


def _finish(text: str, name: str, max_line: int = options.MAX_LINE_CHARS) -> str:
    """Normalised newlines and composed characters; refuse binary, empty and overlong input."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _looks_binary(text):
        raise AlignError(f"{name}: looks like a binary file, not text")
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise AlignError(f"{name}: the document is empty")
    longest = max(map(len, text.split("\n")))
    if longest > max_line:
        raise AlignError(f"{name}: a line of {longest} characters is longer than the limit of {max_line}")
    return text


def _decode_unmarked(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _UTF8_MULTIBYTE.search(data):
            raise AlignError(
                f"{name}: not valid UTF-8 at byte {exc.start} (a UTF-8 file with a few bad bytes?); "
                "give --encoding to read it as another encoding"
            ) from None
    guess = _legacy_encoding(data)
    return _decode_as(data, guess, name)


def _legacy_encoding(data: bytes) -> str:
    """The 8-bit code page a non-UTF-8 text was most likely written in.

    charset-normalizer ranks the candidates; on short Latin text several code
    pages read equally well, and then the one listed first in
    ``options.LEGACY_ENCODINGS`` (Windows-1252) wins.
    """
    from charset_normalizer import from_bytes

    order = list(options.LEGACY_ENCODINGS)
    matches = [m for m in from_bytes(data, cp_isolation=order) if m.encoding in order]
    if not matches:
        return FALLBACK
    least = min(m.chaos for m in matches)
    clean = [m for m in matches if m.chaos <= least + 0.01]
    best = max(m.coherence for m in clean)
    close = [m.encoding for m in clean if m.coherence >= best - COHERENCE_TIE]
    return min(close, key=order.index)


def _decode_as(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except LookupError:
        raise AlignError(f"{name}: unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as exc:
        raise AlignError(f"{name}: not valid {encoding} at byte {exc.start}") from None


def read_document(path: str | Path, encoding: str | None = None, max_bytes: int = options.MAX_INPUT_BYTES,
                  unwrap: bool = True) -> Document:
    """Read and decode one document (a regular file of at most ``max_bytes``), with what its format tells
    about each line (subtitle times, e-book chapters); an explicit ``encoding`` reads it as plain text.

    ``unwrap``: plain text and PDF text layers that are hard-wrapped are read a paragraph a line
    (``reflow``); off for a file of one sentence a line (``--presplit``).
    """
    path = Path(path)
    data = _bytes(path, max_bytes)
    fmt = "text" if encoding else sniff(data, path.name)
    if fmt == "text":
        document = Document(decode(data, str(path), encoding))
    else:
        log.info("%s: read as %s", path, fmt)
        document = read(fmt, data, str(path))
        document = replace(document, text=_finish(document.text, str(path)))
    if unwrap and fmt in ("text", "pdf"):
        document = replace(document, text=reflow(document.text))
    return document


def read_text(path: str | Path, encoding: str | None = None, max_bytes: int = options.MAX_INPUT_BYTES,
              unwrap: bool = True) -> str:
    """Read and decode one document: its text, a paragraph a line."""
    return read_document(path, encoding, max_bytes, unwrap).text


def pair_evidence(source: Document, target: Document) -> dict:
    """What the formats of two documents tell the aligner beyond their text: ``pipeline.pair``'s ``times``
    (cue times, when both are subtitle files) and ``chapters`` (when both are e-books), None where they do not."""
    return {"times": (source.times, target.times) if source.times and target.times else None,
            "chapters": (source.chapters, target.chapters) if source.chapters and target.chapters else None}


def _bytes(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``, or a one-line error."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise AlignError(f"{path}: no such file") from None
    except OSError as exc:
        raise AlignError(f"{path}: cannot read ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise AlignError(f"{path}: is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise AlignError(f"{path}: not a regular file (a pipe or a device?)")
    if info.st_size > max_bytes:
        raise AlignError(f"{path}: {info.st_size} bytes is more than the limit of {max_bytes}")
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise AlignError(f"{path}: cannot read ({exc.strerror})") from None
    if len(data) > max_bytes:
        raise AlignError(f"{path}: more than the limit of {max_bytes} bytes")
    return data


def _looks_binary(text: str) -> bool:
    """Control characters other than tab and newline are rare in real text."""
    sample = text[:20000]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\f\v")
    return controls > max(2, len(sample) // 100)
