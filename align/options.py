"""Every default align uses, defined once, with the help text the CLI shows.

The Python API, the CLI, the corpus runner and the benchmarks all read their
defaults from here, so changing one here changes it everywhere.
"""

from __future__ import annotations

from pathlib import Path

ENCODER = "e5"
MAX_BEAD = 6
BUDGET = 0.5
OUT = Path("out")
FORMATS = ("tmx", "tsv", "jsonl")  # written by default
ALL_FORMATS = ("tmx", "tsv", "jsonl", "moses", "hf", "parquet", "xlsx")
REPORT_FORMATS = ("html", "json")
MIN_SCORE = 0.0
FAIL_ON = ("never", "check", "bad")
TOP = 10
WORKERS = 1
ENGINES = ("local", "dask")
# A text this short is never called untranslated (names, numbers, titles are the same in any language).
UNTRANSLATED_MIN_WORDS = 4
# Input limits: a long novel is a few MB with lines of a few thousand characters.
MAX_INPUT_BYTES = 64 * 1024 * 1024
MAX_LINE_CHARS = 200_000
# Characters of one text sent to the encoder (e5 reads 512 tokens, about 2,000 characters).
MAX_ENCODER_CHARS = 4000
# 8-bit code pages a file that is not UTF-8 may be in.
# Ties go to the first listed.
LEGACY_ENCODINGS = ("cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257")

HELP = {
    "encoder": "Sentence encoder: 'e5' (the embedded multilingual-e5-small, offline) or 'st:MODEL' "
    "(a sentence-transformers model name or local folder; needs align[st]).",
    "max_bead": "Largest number of sentences one side of a pair may hold: 1-N and N-1 beads up to N, "
    "and every a-b with a + b <= min(N, 4) + 1.",
    "budget": "Real embeddings of multi-sentence blocks per input sentence, at most: "
    "0 is fastest (single sentences only), higher is more accurate and slower.",
    "out": "Folder for the output files.",
    "formats": "Comma-separated output formats: tmx, tsv, jsonl (every bead), moses (two line-aligned files), "
    "hf (Hugging Face translation records as JSONL), parquet (the same as Parquet; needs align[parquet]), "
    "xlsx (a spreadsheet; needs align[documents]).",
    "report_formats": "Comma-separated report formats: " + ", ".join(REPORT_FORMATS) + ".",
    "src_lang": "Source language code, e.g. sq (default: detected).",
    "tgt_lang": "Target language code, e.g. en (default: detected).",
    "presplit": "The files hold one sentence a line: do not split them (nor join hard-wrapped lines).",
    "encoding": "Read the input files in this encoding (e.g. cp1250) instead of detecting it.",
    "min_score": "Leave out pairs scored below this (0 to 1); JSONL keeps every bead.",
    "drop_identical": "Leave out pairs whose two sides are the same text.",
    "drop_untranslated": "Leave out pairs whose translation is in the source language.",
    "max_length_ratio": "Leave out pairs whose longer side has more than this many times the characters of the shorter.",
    "dedup": "Keep each identical pair once.",
    "verbose": "Log what align decides (passages, languages, bead types, time per stage); twice for debug detail.",
    "quiet": "No progress bars; only errors.",
    "fail_on": "Exit with status 3 when a pair is this bad or worse: " + ", ".join(FAIL_ON) + ".",
    "top": "Flagged pairs to list in the terminal summary.",
    "workers": "Documents aligned at once, each in its own process with its own encoder.",
    "engine": "local (this machine) or dask (a Dask cluster; see --scheduler).",
    "anchors": "A reviewed alignment of these documents (the JSONL align review saves): keep the pairs a person "
    "confirmed or changed and align only between them.",
}

# What each optional extra installs, and the command to get it.
EXTRAS = {
    "st": ("sentence_transformers", "the st: encoders"),
    "study": ("pandas", "DataFrames and plots"),
    "ref": ("sacrebleu", "check --ref (chrF and BLEU)"),
    "dask": ("distributed", "corpus --engine dask"),
    "parquet": ("pyarrow", "Parquet output"),
    "documents": ("trafilatura", "reading web pages, Word files, PDFs and subtitles, and writing spreadsheets"),
}


def require(extra: str, module: str | None = None) -> None:
    """Raise a one-line AlignError naming the pip install when an extra is missing."""
    import importlib.util

    from .errors import AlignError

    name, what = EXTRAS[extra]
    module = module or name
    if importlib.util.find_spec(module) is None:
        raise AlignError(f"{what} needs the '{extra}' extra: pip install 'align[{extra}]'")
