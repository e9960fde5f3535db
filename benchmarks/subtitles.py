"""Subtitle timing as evidence: does knowing when each line is said help?

    python benchmarks/subtitles.py [CACHE]

Two subtitle files of one film share a timeline up to an offset and a rate
(another cut, another frame rate) and some jitter.  From the gold of
Text+Berg (de-fr), the novel (hu-en) and the short-line stress set, each
gold bead gets a time slot as long as its longer side takes to read; its
sentences share the slot on each side; the target clock runs 4.3 % fast
(25 against 23.976 frames a second), starts 2.5 s late and jitters by 0.3 s.
Each document is aligned one sentence a line with and without the times.
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

READING = 0.06  # seconds a character
RATE, OFFSET, JITTER = 25 / 23.976, 2.5, 0.3


def timeline(doc, rng: random.Random) -> tuple[list, list]:
    """(start, end) seconds of every source and target line from the gold beads."""
    src = [None] * len(doc.src)
    tgt = [None] * len(doc.tgt)
    clock = 0.0
    for s, t in doc.gold:
        length = max(sum(len(doc.src[i]) for i in s), sum(len(doc.tgt[j]) for j in t))
        slot = 0.8 + READING * length
        for ids, texts, out, shift in ((s, doc.src, src, lambda x: x), (t, doc.tgt, tgt, lambda x: OFFSET + RATE * x)):
            total = sum(len(texts[k]) for k in ids) or 1
            at = clock
            for k in ids:
                step = slot * len(texts[k]) / total
                a, b = shift(at), shift(at + step)
                jitter = rng.gauss(0, JITTER) if out is tgt else 0.0
                out[k] = (a + jitter, b + jitter)
                at += step
        clock += slot + 0.3
    return _filled(src), _filled(tgt)


def _filled(times: list) -> list:
    """Lines no gold bead names get the moment the line before them ends."""
    last = (0.0, 0.0)
    out = []
    for span in times:
        last = span or (last[1], last[1])
        out.append(last)
    return out


def main() -> int:
    inner = DiskCachedEncoder("e5", Path(sys.argv[1])) if len(sys.argv) > 1 else load_encoder("e5")
    sets = build_sets(["textberg", "novel", "short"])
    rows = []
    print(f"{'set':<10} {'without times':>14} {'with times':>11}")
    for name, docs in sets.items():
        encoder = CachedEncoder(inner)
        results = {}
        for use in (False, True):
            golds, tests = [], []
            for doc, src_lang, tgt_lang in docs:
                times = timeline(doc, random.Random(f"subtitles-{name}-{doc.name}")) if use else None
                alignment = pair("\n".join(doc.src), "\n".join(doc.tgt), encoder=encoder, presplit=True,
                                 src_lang=src_lang, tgt_lang=tgt_lang, times=times)
                golds.append(doc.gold)
                tests.append([(b.src, b.tgt) for b in alignment.beads])
            results[use] = score(golds, tests).as_dict()["strict_f1"]
        rows.append({"set": name, "strict_f1_without": results[False], "strict_f1_with": results[True]})
        print(f"{name:<10} {results[False]:>14.3f} {results[True]:>11.3f}", flush=True)
    if len(sys.argv) == 1:
        print(f"saved {save_results('subtitles', {'machine': machine(), 'runs': rows})}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
