"""Read a document from disk into text, whatever encoding it came in.

Web pages and office exports arrive as UTF-8 (with or without a BOM), UTF-16
with a BOM, or Windows-1252.  Anything else, and binary files, are refused with
a message rather than decoded into mojibake.
"""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from ..errors import AlignError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, name: str = "input") -> str:
    """Decode bytes to text with normalised newlines; raise AlignError if impossible."""
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is None:
        if b"\x00" in data:
            raise AlignError(f"{name}: looks like a binary file, not text")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            encoding = "cp1252"
        else:
            encoding = "utf-8"
    if encoding != "utf-8":
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            raise AlignError(
                f"{name}: not valid text in UTF-8, UTF-16 or Windows-1252"
            ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _looks_binary(text):
        raise AlignError(f"{name}: looks like a binary file, not text")
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise AlignError(f"{name}: the document is empty")
    return text


def read_text(path: str | Path) -> str:
    """Read and decode one document."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise AlignError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise AlignError(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise AlignError(f"{path}: cannot read ({exc.strerror})") from None
    return decode(data, str(path))


def _looks_binary(text: str) -> bool:
    """Control characters other than tab and newline are rare in real text."""
    sample = text[:20000]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\f\v")
    return controls > max(2, len(sample) // 100)
