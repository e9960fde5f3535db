"""Check and review: quality signals per pair (``check``), the report a reviewer reads (``report``),
and the hand review of an alignment (``session`` edits, ``server`` the page, ``realign`` keeps what a person fixed)."""

from .check import CheckReport, Flag, PairCheck, check_alignment
from .report import render_html, summary, write_report
from .session import Review

__all__ = ["CheckReport", "Flag", "PairCheck", "Review", "check_alignment", "render_html", "summary", "write_report"]
