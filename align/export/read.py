"""Read any of align's outputs back into pairs and their languages (``align convert``)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from ..errors import AlignError
from ..languages import language_tag
from ..model import Pair
from .hf import read_parquet
from .jsonl import _records
from .tsv import read_tsv

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_LANGS_IN_NAME = re.compile(r"\.([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)?)-([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)?)\.[a-z.]+$")


def read_pairs(path: Path, src_lang: str | None = None, tgt_lang: str | None = None) -> tuple[list[Pair], str, str]:
    """Pairs and (source, target) languages of a TMX, TSV, JSONL, or Hugging Face JSONL or Parquet file."""
    name = path.name.lower()
    try:
        if name.endswith(".jsonl"):
            pairs, langs = _hf_pairs(_records(path)) if _is_hf(path) else _read_jsonl(path)
        elif name.endswith(".parquet"):
            pairs, langs = _hf_pairs(read_parquet(path))
        elif name.endswith(".tsv"):
            pairs, langs = _read_tsv(path), (None, None)
        elif name.endswith(".tmx"):
            pairs, langs = _read_tmx(path)
        else:
            raise AlignError(f"{path}: cannot tell the format: give a .tmx, .tsv, .jsonl or .parquet file")
    except (OSError, ValueError, KeyError, IndexError, TypeError, ET.ParseError) as exc:
        raise AlignError(f"{path}: not a readable {path.suffix.lstrip('.')} file of pairs ({exc})") from None
    found = _LANGS_IN_NAME.search(path.name)
    src = src_lang or langs[0] or (found and found.group(1))
    tgt = tgt_lang or langs[1] or (found and found.group(2))
    if not src or not tgt:
        raise AlignError(f"{path}: the languages are not in the file or its name: give --src-lang and --tgt-lang")
    return pairs, language_tag(src), language_tag(tgt)


def _read_tsv(path: Path) -> list[Pair]:
    """TSV rows as pairs; a row's position stands in for the sentence ids TSV does not keep."""
    pairs = []
    for k, (src, tgt, score, *document) in enumerate(read_tsv(path)):
        pairs.append(Pair((k,) if src else (), (k,) if tgt else (), src, tgt, score, document[0] if document else None))
    return pairs


def _is_hf(path: Path) -> bool:
    with open(path, encoding="utf-8") as handle:
        first = next((line for line in handle if line.strip()), "{}")
    return "translation" in json.loads(first)


def _hf_pairs(records: list[dict]) -> tuple[list[Pair], tuple]:
    """Hugging Face translation records (JSONL or Parquet) as pairs."""
    langs = tuple(records[0]["translation"]) if records else (None, None)
    if len(langs) != 2:
        raise ValueError("a translation record needs two languages")
    pairs = [Pair((k,), (k,), r["translation"][langs[0]], r["translation"][langs[1]], float(r.get("score") or 1.0),
                  r.get("document")) for k, r in enumerate(records)]
    return pairs, langs


def _read_jsonl(path: Path) -> tuple[list[Pair], tuple]:
    records = _records(path)
    first = records[0] if records else {}
    return [Pair.from_dict(r) for r in records], (first.get("src_lang"), first.get("tgt_lang"))


def _read_tmx(path: Path) -> tuple[list[Pair], tuple]:
    root = ET.parse(path).getroot()
    header = root.find("header")
    src = header.get("srclang") if header is not None else None
    pairs, tgt = [], None
    for k, tu in enumerate(root.iter("tu")):
        texts = {tuv.get(XML_LANG) or tuv.get("lang"): "".join(tuv.find("seg").itertext()) for tuv in tu.iter("tuv")}
        props = {p.get("type"): p.text for p in tu.iter("prop")}
        if src is None or src not in texts:
            src = next(iter(texts))
        tgt = tgt or next((lang for lang in texts if lang != src), None)
        if tgt is None:
            continue
        pairs.append(Pair((k,), (k,), texts.get(src, ""), texts.get(tgt, ""), float(props.get("x-align-score") or 1.0),
                          props.get("x-document")))
    return pairs, (src, tgt)
