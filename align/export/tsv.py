"""TSV: a header row, then source, target, score (and document in a corpus).

Tabs, newlines and backslashes inside text are escaped (``\t``, ``\n``,
``\\``), so every pair is one line and every row has the same fields.  A
cell holding a double quote is quoted as CSV does (``"He said ""no""."``),
so that pandas and Python's ``csv`` read it back with their defaults.  Every
bead is a row; an unmatched sentence has an empty cell.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from ..model import Pair

_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def write_tsv(pairs: list[Pair], handle, src_lang: str = "", tgt_lang: str = "") -> None:
    with_doc = any(p.document is not None for p in pairs)
    handle.write("source\ttarget\tscore" + ("\tdocument" if with_doc else "") + "\n")
    for pair in pairs:
        row = f"{_cell(pair.src_text)}\t{_cell(pair.tgt_text)}\t{pair.score:.4f}"
        if with_doc:
            row += "\t" + _cell(pair.document or "")
        handle.write(row + "\n")


def read_tsv(path: Path) -> list[tuple]:
    """Rows of (source, target, score) or, in a corpus, (source, target, score, document)."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    return [(_unescape(r[0]), _unescape(r[1]), float(r[2]), *map(_unescape, r[3:])) for r in rows[1:]]


def _cell(text: str) -> str:
    text = re.sub(r"[\\\t\n\r]", lambda m: _ESCAPES[m.group()], text)
    return '"' + text.replace('"', '""') + '"' if '"' in text else text


def _unescape(text: str) -> str:
    return re.sub(r"\\([\\tnr])", lambda m: _UNESCAPES[m.group(1)], text)
