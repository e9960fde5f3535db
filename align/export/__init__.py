"""Write pairs as parallel corpora, and read them back.

Every format writes ``Pair`` objects (``Alignment.pairs()``, or the pooled
pairs of a corpus, which also name their document), one module a format:
``tmx`` (translation units only), ``tsv`` and ``jsonl`` (every bead,
unmatched sentences included, so nothing is lost), ``moses`` (two
line-aligned files), ``hf`` and ``parquet`` (Hugging Face translation records), ``xlsx``
(a spreadsheet for reviewers).  ``filters``
holds the clean-up rules, ``read`` reads any of them back.  All files of one
call appear together or not at all (``files.write_atomically``).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Iterable

from .. import options
from ..errors import AlignError
from ..model import Alignment, Pair
from .files import write_atomically
from .filters import Filters, apply
from .hf import write_hf, write_parquet
from .jsonl import read_jsonl, write_jsonl
from .moses import write_moses
from .read import read_pairs
from .tmx import clean_xml, write_tmx, xml_lang
from .tsv import read_tsv, write_tsv
from .xlsx import write_xlsx

FORMATS = options.FORMATS  # the default set
ALL_FORMATS = options.ALL_FORMATS
WRITERS = {"tmx": write_tmx, "tsv": write_tsv, "jsonl": write_jsonl, "hf": write_hf, "parquet": write_parquet,
           "xlsx": write_xlsx}
EXTENSIONS = {"tmx": "tmx", "tsv": "tsv", "jsonl": "jsonl", "hf": "hf.jsonl", "parquet": "hf.parquet", "xlsx": "xlsx"}


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


def export(alignment: Alignment, folder: Path, stem: str, formats: Iterable[str] = FORMATS,
           rules: Filters = Filters()) -> tuple[list[Path], dict[str, int]]:
    """Write an alignment with the clean-up rules applied (JSONL keeps every bead); return files and removals."""
    pairs = list(alignment.pairs())
    kept, removed = apply(pairs, rules, alignment.src_lang, alignment.tgt_lang)
    return write_pairs(kept, alignment.src_lang, alignment.tgt_lang, folder, stem, formats, every=pairs), removed


def write_pairs(pairs: list[Pair], src_lang: str, tgt_lang: str, folder: Path, stem: str,
                formats: Iterable[str] = FORMATS, every: list[Pair] | None = None) -> list[Path]:
    """Write ``pairs`` in each format (``every``, when given, goes to JSONL instead: all beads)."""
    folder.mkdir(parents=True, exist_ok=True)
    base = f"{stem}.{src_lang}-{tgt_lang}"
    jobs = {}
    for fmt in formats:
        items = every if fmt == "jsonl" and every is not None else pairs
        if fmt == "moses":
            for side, lang in enumerate((src_lang, tgt_lang)):
                jobs[inside(folder, f"{base}.{lang}")] = (partial(write_moses, side=side), items)
        else:
            writer = partial(WRITERS[fmt], src_lang=src_lang, tgt_lang=tgt_lang)
            jobs[inside(folder, f"{base}.{EXTENSIONS[fmt]}")] = (writer, items)
    return write_atomically(jobs)


def inside(folder: Path, name: str) -> Path:
    """``folder / name``, refused unless it names a file directly inside ``folder``."""
    path = folder / name
    if Path(name).name != name or name in (".", "..") or path.resolve().parent != folder.resolve():
        raise AlignError(f"refusing to write {name!r} outside {folder}")
    return path


__all__ = ["ALL_FORMATS", "FORMATS", "Filters", "WRITERS", "apply", "clean_xml", "export", "inside", "read_pairs", "output_stem", "read_jsonl", "read_tsv", "write_atomically",
           "write_jsonl", "write_outputs", "write_pairs", "write_tmx", "write_tsv", "xml_lang"]
