"""JSONL: one ``Pair.to_dict()`` a line, with its languages, every bead, unmatched ones included."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from ..model import Pair


def write_jsonl(pairs: Iterable[Pair], handle, src_lang: str = "", tgt_lang: str = "") -> None:
    langs = {"src_lang": src_lang, "tgt_lang": tgt_lang} if src_lang and tgt_lang else {}
    for pair in pairs:
        handle.write(json.dumps({**pair.to_dict(), **langs}, ensure_ascii=False) + "\n")


def read_jsonl(path: Path) -> list[Pair]:
    return [Pair.from_dict(record) for record in _records(path)]


def _records(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
