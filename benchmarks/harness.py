"""Shared pieces of the benchmarks: gold data sets, an embedding disk cache, results files."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import resource
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from align.embed import load_encoder
from align.study.evaluate import read_gold

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
DATASETS = {
    # German-French Text+Berg (Bleualign's test set), one sentence a line, with gold
    "textberg": (ROOT / "data" / "textberg", "de", "fr"),
    # Albanian-English: the Gazeta Impakt article of seeds/001 and its English MT
    "albanian": (ROOT / "data" / "sq-en", "sq", "en"),
    # Hungarian-English: Orwell's 1984, hand-aligned (Hunalign's regression test), in shared/ beside the checkout
    "novel": (ROOT.parent / "shared" / "bench" / "novel-hu-en", "hu", "en"),
}


@dataclass
class Document:
    name: str
    src: list[str]
    tgt: list[str]
    gold: list

    def head(self, beads: int | None) -> Document:
        """The document up to the end of its first ``beads`` gold beads (all of it for None)."""
        gold = list(self.gold)[: beads or len(self.gold)]
        n = max((max(s) for s, _ in gold if s), default=-1) + 1
        m = max((max(t) for _, t in gold if t), default=-1) + 1
        return Document(self.name, self.src[:n], self.tgt[:m], gold)


def load_dataset(name: str, root: Path | None = None) -> tuple[list[Document], str, str]:
    folder, src_lang, tgt_lang = DATASETS[name]
    folder = root or folder
    docs = []
    if not folder.is_dir():
        raise SystemExit(f"{name}: no data set at {folder}")
    if name == "novel":
        docs.append(Document("novel", _lines(folder / "hu.txt"), _lines(folder / "en.txt"), read_gold(folder / "gold.txt")))
    elif name == "textberg":
        for gold in sorted((folder / "gold").iterdir()):
            docs.append(Document(gold.name, _lines(folder / src_lang / gold.name), _lines(folder / tgt_lang / gold.name), read_gold(gold)))
    else:
        for gold in sorted(folder.glob("*.gold")):
            stem = gold.with_suffix("")
            docs.append(Document(stem.name, _lines(stem.with_suffix(f".{src_lang}")), _lines(stem.with_suffix(f".{tgt_lang}")), read_gold(gold)))
    return docs, src_lang, tgt_lang


def _lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


class DiskCachedEncoder:
    """Keeps embeddings on disk between benchmark runs while tuning (never used for timings)."""

    def __init__(self, spec: str, folder: Path):
        self.inner = load_encoder(spec)
        self.name = self.inner.name
        self.path = folder / (hashlib.sha1(spec.encode()).hexdigest()[:12] + ".npz")
        folder.mkdir(parents=True, exist_ok=True)
        self.store = dict(np.load(self.path)) if self.path.exists() else {}
        self.dirty = False

    def encode(self, texts):
        keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
        todo = [t for t, k in zip(texts, keys) if k not in self.store]
        if todo:
            for t, v in zip(todo, self.inner.encode(todo)):
                self.store[hashlib.sha1(t.encode()).hexdigest()] = v
            self.dirty = True
        return np.stack([self.store[k] for k in keys])

    def save(self):
        if self.dirty:  # written aside and renamed, so that another run never reads half a file
            partial = self.path.with_suffix(".partial.npz")
            np.savez(partial, **self.store)
            os.replace(partial, self.path)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> str:
    import os

    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def save_results(name: str, data: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return path


def print_errors(doc: Document, test, src_lang: str, tgt_lang: str) -> None:
    """The beads of ``test`` that the gold lacks, with their sentences."""
    from align.study.evaluate import wrong_beads

    for src, tgt in wrong_beads(doc.gold, test):
        print(f"  {doc.name} {list(src)}:{list(tgt)}")
        for i in src:
            print(f"      {src_lang} {doc.src[i][:110]}")
        for j in tgt:
            print(f"      {tgt_lang} {doc.tgt[j][:110]}")
