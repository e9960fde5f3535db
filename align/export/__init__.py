"""Write pairs as parallel corpora, and read them back.

Every format writes ``Pair`` objects (``Alignment.pairs()``, or the pooled
pairs of a corpus, which also name their document), one module a format:
``tmx`` (translation units only), ``tsv`` and ``jsonl`` (every bead,
unmatched sentences included, so nothing is lost).  All files of one call
appear together or not at all (``files.write_atomically``).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Iterable

from .. import options
from ..errors import AlignError
from ..model import Alignment, Pair
from .files import write_atomically
from .jsonl import read_jsonl, write_jsonl
from .tmx import clean_xml, write_tmx, xml_lang
from .tsv import read_tsv, write_tsv

FORMATS = options.FORMATS
WRITERS = {"tmx": write_tmx, "tsv": write_tsv, "jsonl": write_jsonl}


def output_stem(name: str, langs: Iterable[str] = ()) -> str:
    """A file's stem without a trailing language tag that the output name repeats anyway.

    ``article.en.txt`` aligned as en-de gives ``article``, so the output is
    ``article.en-de.tsv`` rather than ``article.en.en-de.tsv``.
    """
    stem = Path(name).stem
    head, dot, tail = stem.rpartition(".")
    return head if dot and head and tail.lower() in {lang.lower() for lang in langs} else stem


def write_outputs(alignment: Alignment, folder: Path, stem: str, formats: Iterable[str] = FORMATS) -> list[Path]:
    """Write the chosen formats as ``<stem>.<src>-<tgt>.<ext>``; all or none appear."""
    return write_pairs(list(alignment.pairs()), alignment.src_lang, alignment.tgt_lang, folder, stem, formats)


def write_pairs(pairs: list[Pair], src_lang: str, tgt_lang: str, folder: Path, stem: str, formats: Iterable[str] = FORMATS) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    base = f"{stem}.{src_lang}-{tgt_lang}"
    paths = {fmt: inside(folder, f"{base}.{fmt}") for fmt in formats}
    return write_atomically(
        {paths[fmt]: (partial(WRITERS[fmt], src_lang=src_lang, tgt_lang=tgt_lang), pairs) for fmt in formats}
    )


def inside(folder: Path, name: str) -> Path:
    """``folder / name``, refused unless it names a file directly inside ``folder``."""
    path = folder / name
    if Path(name).name != name or name in (".", "..") or path.resolve().parent != folder.resolve():
        raise AlignError(f"refusing to write {name!r} outside {folder}")
    return path


__all__ = ["FORMATS", "WRITERS", "clean_xml", "inside", "output_stem", "read_jsonl", "read_tsv", "write_atomically",
           "write_jsonl", "write_outputs", "write_pairs", "write_tmx", "write_tsv", "xml_lang"]
