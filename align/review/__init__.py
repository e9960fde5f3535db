"""Check and review: quality signals per pair (``check``) and the report a reviewer reads (``report``)."""

from .check import CheckReport, Flag, PairCheck, check_alignment
from .report import render_html, summary, write_report

__all__ = ["CheckReport", "Flag", "PairCheck", "check_alignment", "render_html", "summary", "write_report"]
