"""JSONL: one ``Pair.to_dict()`` a line, every bead, unmatched ones included."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from ..model import Pair


def write_jsonl(pairs: Iterable[Pair], handle, src_lang: str = "", tgt_lang: str = "") -> None:
    for pair in pairs:
        handle.write(json.dumps(pair.to_dict(), ensure_ascii=False) + "\n")


def read_jsonl(path: Path) -> list[Pair]:
    with open(path, encoding="utf-8") as handle:
        return [Pair.from_dict(json.loads(line)) for line in handle if line.strip()]
