"""A synthetic crawl built from the gold data: document pairs, renamed, shuffled, with decoys.

Every document strings together a few gold beads (German-French from
Text+Berg, Albanian-English from the seed article), one bead a line.  Source and
target files get unrelated random names, so only their content pairs them;
decoys are documents whose translation is missing.
"""

from __future__ import annotations

import random
from pathlib import Path

from benchmarks.harness import load_dataset


def bead_pool() -> dict[tuple[str, str], list[tuple[str, str]]]:
    pools = {}
    for name in ("textberg", "albanian"):
        docs, src_lang, tgt_lang = load_dataset(name)
        pool = []
        for doc in docs:
            for s, t in doc.gold:
                if s and t and list(s) == list(range(s[0], s[-1] + 1)) and list(t) == list(range(t[0], t[-1] + 1)):
                    pool.append((" ".join(doc.src[i] for i in s), " ".join(doc.tgt[j] for j in t)))
        pools[src_lang, tgt_lang] = pool
    return pools


def make_corpus(folder: Path, documents: int, decoys: int = 0, beads: int = 6, seed: int = 0) -> dict[str, str]:
    """Write ``folder/source/*.txt`` and ``folder/target/*.txt``; return source name -> target name."""
    rng = random.Random(seed)
    pools = bead_pool()
    langs = sorted(pools)
    weights = [len(pools[k]) for k in langs]
    (folder / "source").mkdir(parents=True, exist_ok=True)
    (folder / "target").mkdir(parents=True, exist_ok=True)
    truth = {}
    for k in range(documents + 2 * decoys):
        # every language pair appears at least once, then as often as it has beads
        pool = pools[langs[k] if k < len(langs) else rng.choices(langs, weights)[0]]
        chosen = rng.sample(pool, min(beads, len(pool)))
        src_name, tgt_name = f"{rng.getrandbits(48):012x}.txt", f"{rng.getrandbits(48):012x}.txt"
        write_src = k < documents or k % 2 == 0
        write_tgt = k < documents or k % 2 == 1
        if write_src:
            (folder / "source" / src_name).write_text("\n".join(s for s, _ in chosen) + "\n", encoding="utf-8")
        if write_tgt:
            (folder / "target" / tgt_name).write_text("\n".join(t for _, t in chosen) + "\n", encoding="utf-8")
        if k < documents:
            truth[src_name] = tgt_name
    return truth
