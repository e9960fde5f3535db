"""Rules that keep a corpus clean, as bicleaner's hard rules do: each counts what it removed.

They apply to the pairs that go into training data and translation memories
(TMX, TSV, Moses, Hugging Face); the JSONL file keeps every bead, so nothing
is lost.  Unmatched beads are left to the writers (TMX, Moses and Hugging
Face hold pairs only).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..model import Pair
from ..options import UNTRANSLATED_MIN_WORDS
from ..segment.passages import written_in


@dataclass(frozen=True)
class Filters:
    """Which rules to apply; the default removes nothing."""

    min_score: float = 0.0
    drop_identical: bool = False
    drop_untranslated: bool = False
    max_length_ratio: float | None = None  # longer side / shorter side, in characters
    dedup: bool = False

    def active(self) -> bool:
        return self != Filters()


def apply(pairs: Iterable[Pair], rules: Filters, src_lang: str = "", tgt_lang: str = "") -> tuple[list[Pair], dict[str, int]]:
    """The pairs that pass, and how many each rule removed (the first rule that fails counts)."""
    removed = {"min_score": 0, "identical": 0, "untranslated": 0, "length_ratio": 0, "duplicate": 0}
    seen: set[tuple[str, str]] = set()
    kept = []
    for pair in pairs:
        reason = _reason(pair, rules, src_lang, tgt_lang, seen) if pair.matched else None
        if reason:
            removed[reason] += 1
        else:
            kept.append(pair)
    return kept, removed


def _reason(pair: Pair, rules: Filters, src_lang: str, tgt_lang: str, seen: set) -> str | None:
    if pair.score < rules.min_score:
        return "min_score"
    src, tgt = " ".join(pair.src_text.split()), " ".join(pair.tgt_text.split())
    if rules.drop_identical and src.casefold() == tgt.casefold():
        return "identical"
    if rules.drop_untranslated and src_lang and src_lang != tgt_lang and _in_language(tgt, src_lang):
        return "untranslated"
    if rules.max_length_ratio is not None:
        ratio = max(len(src), len(tgt)) / max(min(len(src), len(tgt)), 1)
        if ratio > rules.max_length_ratio:
            return "length_ratio"
    if rules.dedup:
        key = (src, tgt)
        if key in seen:
            return "duplicate"
        seen.add(key)
    return None


def _in_language(text: str, lang: str) -> bool:
    return len(text.split()) >= UNTRANSLATED_MIN_WORDS and written_in(text, lang)
