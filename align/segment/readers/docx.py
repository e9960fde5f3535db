"""Word documents: paragraphs, headings, list items and table cells, each a line, in document order."""

from __future__ import annotations

from io import BytesIO

from ... import options
from ...errors import AlignError


def read(data: bytes, name: str) -> str:
    options.require("documents", "docx")
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(BytesIO(data))
    except Exception as exc:  # python-docx raises several types for a damaged file
        raise AlignError(f"{name}: not a readable Word document ({type(exc).__name__})") from None
    lines = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            lines.append(item.text)
        elif isinstance(item, Table):
            for row in item.rows:
                lines.extend(cell.text for cell in row.cells)
    return "\n".join(line.strip() for line in lines if line.strip()) + "\n"
