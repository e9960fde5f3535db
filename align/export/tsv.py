"""TSV: a header row, then source, target, score (and document in a corpus).

Tabs, newlines and backslashes inside text are escaped (``\t``, ``\n``,
``\\``), so every row has the same fields.  Every bead is a row; an
unmatched sentence has an empty cell.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..model import Pair

_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def write_tsv(pairs: list[Pair], handle, src_lang: str = "", tgt_lang: str = "") -> None:
    with_doc = any(p.document is not None for p in pairs)
    handle.write("source\ttarget\tscore" + ("\tdocument" if with_doc else "") + "\n")
    for pair in pairs:
        row = f"{_escape(pair.src_text)}\t{_escape(pair.tgt_text)}\t{pair.score:.4f}"
        if with_doc:
            row += "\t" + _escape(pair.document or "")
        handle.write(row + "\n")


def read_tsv(path: Path) -> list[tuple]:
    """Rows of (source, target, score) or, in a corpus, (source, target, score, document)."""
    rows = []
    with open(path, encoding="utf-8", newline="\n") as handle:
        next(handle)
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            rows.append((_unescape(fields[0]), _unescape(fields[1]), float(fields[2]), *map(_unescape, fields[3:])))
    return rows


def _escape(text: str) -> str:
    return re.sub(r"[\\\t\n\r]", lambda m: _ESCAPES[m.group()], text)


def _unescape(text: str) -> str:
    return re.sub(r"\\([\\tnr])", lambda m: _UNESCAPES[m.group(1)], text)
