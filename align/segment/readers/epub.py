"""E-books (EPUB): the chapters in reading order, read with the standard library (EbookLib is AGPL).

The container names the package file, whose spine lists the chapters; each
chapter is XHTML whose block elements become lines.  ``chapters`` keeps them
apart, so that two editions of a book can be matched chapter by chapter.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
import zipfile
import zlib
from io import BytesIO

from ...errors import AlignError
from . import Document

_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "dt", "dd", "blockquote", "pre", "caption", "div"}


def read(data: bytes, name: str) -> Document:
    """The book's lines, each with the number of its chapter when there are two chapters or more."""
    found = chapters(data, name)
    lines = [line for chapter in found for line in chapter]
    if not lines:
        raise AlignError(f"{name}: the e-book has no text")
    numbers = [number for number, chapter in enumerate(found) for _ in chapter]
    return Document("\n".join(lines) + "\n", chapters=numbers if numbers[-1] > 0 else None)


def chapters(data: bytes, name: str) -> list[list[str]]:
    """The lines of each chapter with text, in reading order."""
    try:
        book = zipfile.ZipFile(BytesIO(data))
        container = ET.fromstring(book.read("META-INF/container.xml"))
        package_path = next(e.get("full-path") for e in container.iter() if e.tag.endswith("rootfile"))
        package = ET.fromstring(book.read(package_path))
        manifest = {e.get("id"): e.get("href") for e in package.iter() if e.tag.endswith("}item")}
        spine = [e.get("idref") for e in package.iter() if e.tag.endswith("}itemref")]
        base = posixpath.dirname(package_path)
        out = []
        for idref in spine:
            chapter = ET.fromstring(book.read(posixpath.normpath(posixpath.join(base, manifest[idref]))))
            out.append(_block_lines(chapter))
    except (zipfile.BadZipFile, KeyError, StopIteration, ET.ParseError, EOFError, ValueError, NotImplementedError,
            OSError, zlib.error, UnicodeDecodeError) as exc:
        raise AlignError(f"{name}: not a readable EPUB ({type(exc).__name__})") from None
    return [lines for lines in out if lines]


def _block_lines(root: ET.Element) -> list[str]:
    """Text of the innermost block elements, in order."""
    lines = []
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower()
        if tag in _BLOCKS and not any(child.tag.rsplit("}", 1)[-1].lower() in _BLOCKS for child in element.iter() if child is not element):
            text = " ".join("".join(element.itertext()).split())
            if text:
                lines.append(text)
    return lines
