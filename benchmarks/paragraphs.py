"""Paragraphs as evidence: does knowing where paragraphs start help?

    python benchmarks/paragraphs.py [CACHE]

The gold sets are one sentence a line with no paragraphs, so paragraphs are
made from the gold: runs of 2 to 8 gold beads form a paragraph on both
sides, then the target side is made imperfect as translations are: 10 % of
its paragraph breaks are dropped (two paragraphs joined) and a break is added
at 5 % of the other bead boundaries (one split).  Each document is aligned
one sentence a line, paragraphs as blank lines, with and without them; a
control gives the target breaks at random places, which must not hurt.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align.embed import CachedEncoder, load_encoder  # noqa: E402
from align.pipeline import pair  # noqa: E402
from align.study.evaluate import score  # noqa: E402
from benchmarks.devsuite import build_sets  # noqa: E402
from benchmarks.harness import DiskCachedEncoder, machine, save_results  # noqa: E402

SETS = ["textberg", "novel", "edits", "moved", "resplit", "big"]
DROP, ADD = 0.10, 0.05


def breaks(doc, rng: random.Random, mode: str) -> tuple[set, set]:
    """Sentences before which a blank line goes, on each side."""
    src, tgt = set(), set()
    left = rng.randint(2, 8)
    for s, t in doc.gold:
        left -= 1
        if left == 0:
            left = rng.randint(2, 8)
            if s:
                src.add(s[0])
            if t and rng.random() >= DROP:
                tgt.add(t[0])
        elif t and rng.random() < ADD:
            tgt.add(t[0])
    if mode == "random":
        tgt = set(rng.sample(range(len(doc.tgt)), len(tgt)))
    return src, tgt


def text(lines: list[str], before: set) -> str:
    return "\n".join(("\n" if k in before else "") + line for k, line in enumerate(lines))


def main() -> int:
    inner = DiskCachedEncoder("e5", Path(sys.argv[1])) if len(sys.argv) > 1 else load_encoder("e5")
    sets = build_sets(SETS)
    rows = []
    print(f"{'set':<10} {'no paragraphs':>14} {'paragraphs':>11} {'random target':>14}")
    for name, docs in sets.items():
        encoder = CachedEncoder(inner)
        result = {}
        for mode in ("none", "paragraphs", "random"):
            golds, tests = [], []
            for doc, src_lang, tgt_lang in docs:
                src_breaks, tgt_breaks = breaks(doc, random.Random(f"paragraphs-{name}-{doc.name}"), mode)
                if mode == "none":
                    src_breaks = tgt_breaks = set()
                alignment = pair(text(doc.src, src_breaks), text(doc.tgt, tgt_breaks), encoder=encoder, presplit=True,
                                 src_lang=src_lang, tgt_lang=tgt_lang)
                golds.append(doc.gold)
                tests.append([(b.src, b.tgt) for b in alignment.beads])
            result[mode] = score(golds, tests).as_dict()["strict_f1"]
        rows.append({"set": name, **{f"strict_f1_{k}": v for k, v in result.items()}})
        print(f"{name:<10} {result['none']:>14.3f} {result['paragraphs']:>11.3f} {result['random']:>14.3f}", flush=True)
    print(f"saved {save_results('paragraphs', {'machine': machine(), 'runs': rows})}")  # no timings: a cache changes nothing
    return 0


if __name__ == "__main__":
    sys.exit(main())
