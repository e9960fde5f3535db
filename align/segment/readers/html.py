"""Web pages: the main text only (trafilatura drops navigation, scripts, styles and boilerplate)."""

from __future__ import annotations

from ... import options
from ...errors import AlignError
from .text import decoded


def read(data: bytes, name: str) -> str:
    options.require("documents", "trafilatura")
    import trafilatura

    page = decoded(data, name)
    text = trafilatura.extract(page, include_comments=False, include_tables=True, favor_recall=True,
                               deduplicate=False, output_format="txt")
    if not text or not text.strip():
        raise AlignError(f"{name}: no main text found in this web page")
    return text
