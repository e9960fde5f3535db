"""Hugging Face ``translation`` records: ``{"translation": {"sq": ..., "en": ...}, "score": ..., "document": ...}``.

What ``datasets.load_dataset("json", data_files=...)`` reads straight into a
translation dataset.  Only beads with both sides are written.
"""

from __future__ import annotations

import json
from typing import Iterable

from ..model import Pair


def write_hf(pairs: Iterable[Pair], handle, src_lang: str, tgt_lang: str) -> None:
    for pair in pairs:
        if not pair.matched:
            continue
        record = {"translation": {src_lang: pair.src_text, tgt_lang: pair.tgt_text}, "score": pair.score}
        if pair.document is not None:
            record["document"] = pair.document
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
