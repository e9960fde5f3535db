"""Real documents built with the libraries themselves (and a hand-made PDF), for the reader tests."""

from __future__ import annotations

import re
import zipfile
from html import escape
from pathlib import Path


def docx_file(path: Path, title: str, paragraphs: list[str], table: list[list[str]] | None = None) -> Path:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    document.save(path)
    return path


def html_file(path: Path, title: str, paragraphs: list[str]) -> Path:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    path.write_text(f"""<!DOCTYPE html>
<html><head><title>{title}</title><style>p {{ color: red; }}</style>
<script>var tracking = "do not align me";</script></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/contact">Contact</a></li></ul></nav>
<article><h1>{title}</h1>
{body}
</article>
<footer>Copyright 2024 Example Media. All rights reserved. Privacy policy. Cookie settings.</footer>
<script>console.log("bye");</script>
</body></html>
""", encoding="utf-8")
    return path


def hinted(text: str) -> str:
    """The text with a soft hyphen (a hyphenation hint, as web pages carry) every four letters of words of eight or more."""
    return re.sub(r"\w{8,}", lambda m: "\u00ad".join(m.group()[k:k + 4] for k in range(0, len(m.group()), 4)), text)


def hard_wrapped(paragraph: str, width: int = 70) -> list[str]:
    """A paragraph as a typesetter or Project Gutenberg lays it out: lines of at most ``width`` characters,
    a long word that would overflow hyphenated."""
    lines, line = [], ""
    for word in paragraph.split():
        room = width - len(line) - 2
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        elif len(word) >= 8 and word.isalpha() and room >= 3 and len(word) - room >= 3:
            lines.append(f"{line} {word[:room]}-")
            line = word[room:]
        else:
            lines.append(line)
            line = word
    return lines + [line] if line else lines


def pdf_file(path: Path, lines: list[str], per_page: int | None = None, header: str | None = None) -> Path:
    """A PDF whose text layer holds ``lines`` (WinAnsi text, Helvetica), ``per_page`` of them a page (all on
    one by default); with ``header``, every page also carries it as a running head and its number at the foot."""
    def escape(text: str) -> bytes:
        return text.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    per_page = per_page or max(len(lines), 1)
    chunks = [lines[k:k + per_page] for k in range(0, max(len(lines), 1), per_page)]
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    for number, chunk in enumerate(chunks, 1):
        body = [header, *chunk, str(number)] if header else chunk
        stream = b"BT /F1 11 Tf 14 TL 40 800 Td " + b" ".join(b"(" + escape(line) + b") '" for line in body) + b" ET"
        kids.append(len(objects) + 1)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (len(objects) + 2, 3 + 2 * len(chunks)))
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(chunks))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def epub_file(path: Path, chapters: list[tuple[str, list[str]]]) -> Path:
    """An EPUB whose spine lists the chapters in order (their file names sort the other way)."""
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        book.writestr("META-INF/container.xml", """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>""")
        items, refs = [], []
        for k, (title, paragraphs) in enumerate(chapters):
            name = f"chapter-{len(chapters) - k}.xhtml"
            items.append(f'<item id="c{k}" href="{name}" media-type="application/xhtml+xml"/>')
            refs.append(f'<itemref idref="c{k}"/>')
            body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
            book.writestr(f"OEBPS/{name}", f"""<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>{escape(title)}</title></head><body><h2>{escape(title)}</h2>{body}</body></html>""")
        book.writestr("OEBPS/content.opf", f"""<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Test</dc:title></metadata>
<manifest>{''.join(items)}</manifest><spine>{''.join(refs)}</spine></package>""")
    return path


def srt_file(path: Path, cues: list[str], times: list[tuple[float, float]] | None = None) -> Path:
    """An SRT file; without ``times`` the cues follow each other every two seconds."""
    blocks = []
    for k, text in enumerate(cues):
        start, end = times[k] if times else (2 * k, 2 * k + 1.5)
        blocks.append(f"{k + 1}\n{_srt_time(start)} --> {_srt_time(end)}\n{text}\n")
    path.write_text("\n".join(blocks), encoding="utf-8")
    return path


def _srt_time(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"
