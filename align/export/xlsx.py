"""XLSX, for people who review in a spreadsheet: one row a bead, frozen header, wrapped text."""

from __future__ import annotations

from typing import Iterable

from .. import options
from ..model import Pair

HEADER = ("source", "target", "score", "kind", "document")


def write_xlsx(pairs: Iterable[Pair], handle, src_lang: str, tgt_lang: str) -> None:
    """Write to a binary ``handle``."""
    options.require("documents", "openpyxl")
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = f"{src_lang}-{tgt_lang}"[:31]
    sheet.append([f"source ({src_lang})", f"target ({tgt_lang})", *HEADER[2:]])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for pair in pairs:
        sheet.append([_cell(pair.src_text), _cell(pair.tgt_text), pair.score, pair.kind, pair.document or ""])
        for cell in sheet[sheet.max_row][:2]:
            cell.data_type = "s"  # text that starts with "=" is text, not a formula
    for column, width in zip("ABCDE", (60, 60, 8, 6, 20)):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2, max_col=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    book.save(handle)


def _cell(text: str) -> str:
    """Spreadsheet cells hold no control characters."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", text)


write_xlsx.binary = True  # write_atomically opens its file in binary mode
