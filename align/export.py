"""Write pairs as TMX 1.4b, TSV or JSONL, and read TSV/JSONL back.

Every format writes ``Pair`` objects (``Alignment.pairs()``, or the pooled
pairs of a corpus, which also name their document).  TMX holds translation
units, so only beads with both sides go there; TSV and JSONL hold every bead,
unmatched sentences included (with an empty side), so nothing is lost.  Files
are written to a temporary name and renamed at the end: a failed run leaves no
half file.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from functools import partial
from pathlib import Path
from typing import Iterable

from . import __version__
from .result import Alignment, Pair

FORMATS = ("tmx", "tsv", "jsonl")
# Characters XML 1.0 does not allow, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TSV_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_TSV_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def xml_lang(code: str) -> str:
    """langdetect's ``zh-cn`` as the BCP 47 tag ``zh-CN`` that TMX expects."""
    head, _, region = code.partition("-")
    return f"{head.lower()}-{region.upper()}" if region else head.lower()


def write_outputs(alignment: Alignment, folder: Path, stem: str, formats: Iterable[str] = FORMATS) -> list[Path]:
    """Write the chosen formats as ``<stem>.<src>-<tgt>.<ext>``; all or none appear."""
    return write_pairs(list(alignment.pairs()), alignment.src_lang, alignment.tgt_lang, folder, stem, formats)


def write_pairs(pairs: list[Pair], src_lang: str, tgt_lang: str, folder: Path, stem: str, formats: Iterable[str] = FORMATS) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    base = f"{stem}.{src_lang}-{tgt_lang}"
    writers = {"tmx": write_tmx, "tsv": write_tsv, "jsonl": write_jsonl}
    return write_atomically(
        {folder / f"{base}.{fmt}": (partial(writers[fmt], src_lang=src_lang, tgt_lang=tgt_lang), pairs) for fmt in formats}
    )


def write_atomically(jobs: dict) -> list[Path]:
    """Run ``writer(item, handle)`` for each target path, then rename them all at once."""
    temps: dict[Path, str] = {}
    try:
        for path, (writer, item) in jobs.items():
            fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            temps[path] = temp
            # a lone surrogate (possible in text handed to the Python API) becomes "?"
            with os.fdopen(fd, "w", encoding="utf-8", errors="replace", newline="\n") as handle:
                writer(item, handle)
    except BaseException:
        for temp in temps.values():
            Path(temp).unlink(missing_ok=True)
        raise
    umask = os.umask(0)
    os.umask(umask)
    for path, temp in temps.items():
        os.chmod(temp, 0o666 & ~umask)  # mkstemp made it private; give it the usual mode
        os.replace(temp, path)
    return list(temps)


def write_tmx(pairs: Iterable[Pair], handle, src_lang: str, tgt_lang: str) -> None:
    src, tgt = xml_lang(src_lang), xml_lang(tgt_lang)
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(
        root,
        "header",
        {
            "creationtool": "align",
            "creationtoolversion": __version__,
            "segtype": "sentence",
            "o-tmf": "align",
            "adminlang": "en",
            "srclang": src,
            "datatype": "plaintext",
        },
    )
    body = ET.SubElement(root, "body")
    for pair in pairs:
        if not pair.matched:
            continue
        tu = ET.SubElement(body, "tu")
        prop = ET.SubElement(tu, "prop", type="x-align-score")
        prop.text = f"{pair.score:.4f}"
        if pair.document is not None:
            ET.SubElement(tu, "prop", type="x-document").text = clean_xml(pair.document)
        for lang, text in ((src, pair.src_text), (tgt, pair.tgt_text)):
            tuv = ET.SubElement(tu, "tuv", {"xml:lang": lang})
            ET.SubElement(tuv, "seg").text = clean_xml(text)
    ET.indent(root)
    handle.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    handle.write(ET.tostring(root, encoding="unicode"))
    handle.write("\n")


def clean_xml(text: str) -> str:
    return _NOT_XML.sub("", text)


def write_tsv(pairs: list[Pair], handle, src_lang: str = "", tgt_lang: str = "") -> None:
    """Source, target, score; a fourth column names the document in a corpus."""
    with_doc = any(p.document is not None for p in pairs)
    handle.write("source\ttarget\tscore" + ("\tdocument" if with_doc else "") + "\n")
    for pair in pairs:
        row = f"{_tsv(pair.src_text)}\t{_tsv(pair.tgt_text)}\t{pair.score:.4f}"
        if with_doc:
            row += "\t" + _tsv(pair.document or "")
        handle.write(row + "\n")


def write_jsonl(pairs: Iterable[Pair], handle, src_lang: str = "", tgt_lang: str = "") -> None:
    for pair in pairs:
        record = {
            "src": list(pair.src),
            "tgt": list(pair.tgt),
            "src_text": pair.src_text,
            "tgt_text": pair.tgt_text,
            "score": pair.score,
        }
        if pair.document is not None:
            record["document"] = pair.document
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def read_tsv(path: Path) -> list[tuple]:
    """Rows of (source, target, score) or, in a corpus, (source, target, score, document)."""
    rows = []
    with open(path, encoding="utf-8", newline="\n") as handle:
        next(handle)
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            rows.append((_untsv(fields[0]), _untsv(fields[1]), float(fields[2]), *map(_untsv, fields[3:])))
    return rows


def read_jsonl(path: Path) -> list[Pair]:
    with open(path, encoding="utf-8") as handle:
        return [
            Pair(tuple(r["src"]), tuple(r["tgt"]), r["src_text"], r["tgt_text"], r["score"], r.get("document"))
            for r in map(json.loads, handle)
        ]


def _tsv(text: str) -> str:
    return re.sub(r"[\\\t\n\r]", lambda m: _TSV_ESCAPES[m.group()], text)


def _untsv(text: str) -> str:
    return re.sub(r"\\([\\tnr])", lambda m: _TSV_UNESCAPES[m.group(1)], text)
