"""Hugging Face ``translation`` records: ``{"translation": {"sq": ..., "en": ...}, "score": ..., "document": ...}``.

What ``datasets.load_dataset("json", data_files=...)`` (``hf``) or
``load_dataset("parquet", ...)`` (``parquet``, the format the Hub serves)
reads straight into a translation dataset.  Only beads with both sides are
written.
"""

from __future__ import annotations

import json
from typing import Iterable

from .. import options
from ..model import Pair


def records(pairs: Iterable[Pair], src_lang: str, tgt_lang: str) -> list[dict]:
    out = []
    for pair in pairs:
        if not pair.matched:
            continue
        record = {"translation": {src_lang: pair.src_text, tgt_lang: pair.tgt_text}, "score": pair.score}
        if pair.document is not None:
            record["document"] = pair.document
        out.append(record)
    return out


def write_hf(pairs: Iterable[Pair], handle, src_lang: str, tgt_lang: str) -> None:
    for record in records(pairs, src_lang, tgt_lang):
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_parquet(pairs: Iterable[Pair], handle, src_lang: str, tgt_lang: str) -> None:
    """The same records as one Parquet table (to a binary ``handle``); needs align[parquet]."""
    options.require("parquet")
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = records(pairs, src_lang, tgt_lang)
    table = pa.table({
        "translation": pa.array([r["translation"] for r in rows],
                                pa.struct([(src_lang, pa.string()), (tgt_lang, pa.string())])),
        "score": pa.array([r["score"] for r in rows], pa.float64()),
        "document": pa.array([r.get("document") for r in rows], pa.string()),
    })
    pq.write_table(table, handle)


write_parquet.binary = True


def read_parquet(path) -> list[dict]:
    """Records of a Parquet file of translation records."""
    options.require("parquet")
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()
