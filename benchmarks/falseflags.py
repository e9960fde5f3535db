"""False flags: how often `align check` flags a faithful translation, per genre, and what checking costs.

    python benchmarks/falseflags.py
    python benchmarks/falseflags.py --sets magazine short --cache /tmp/cache   # while developing

Every set of the dev suite (``devsuite.py``: yearbook prose with OCR noise,
a novel, a web article, short lines and captions, edited, moved, resplit and
broken text) is human translation aligned by hand, so a gold 1-1 pair that
`align check` flags is, as far as anyone knows, a false alarm.  Each document
is checked whole (the novel's first 1,500 pairs, as ``planted.py`` does);
per set the report gives the share of gold 1-1 pairs flagged `check` or
worse and `bad`, and which signals raised them.  Without ``--cache`` it also
times `align pair` and `align check` on Text+Berg, each with a fresh
encoder, which is what the check costs over aligning.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align import check, options, pair  # noqa: E402
from align.embed import cached_encoder  # noqa: E402
from benchmarks.devsuite import DEFAULT_SETS, build_sets  # noqa: E402
from benchmarks.harness import DiskCachedEncoder, machine, save_results  # noqa: E402
from benchmarks.planted import NOVEL_PAIRS  # noqa: E402

def false_flags(docs, encoder, limit: int | None) -> dict:
    pairs = flagged = bad = 0
    signals: Counter = Counter()
    for doc, src_lang, tgt_lang in docs:
        doc = doc.head(limit)
        report = check("\n".join(doc.src), "\n".join(doc.tgt), encoder=encoder, presplit=True, src_lang=src_lang, tgt_lang=tgt_lang)
        ones = {(tuple(s), tuple(t)) for s, t in doc.gold if len(s) == 1 and len(t) == 1}
        for p in report.pairs:
            if (p.pair.src, p.pair.tgt) in ones:
                pairs += 1
                flagged += p.verdict != "ok"
                bad += p.verdict == "bad"
                signals.update({f.signal for f in p.flags})
    return {"gold_pairs": pairs, "flagged": round(flagged / max(pairs, 1), 3), "bad": round(bad / max(pairs, 1), 3),
            "by_signal": dict(signals.most_common())}


def cost(docs) -> dict:
    """Seconds for `pair` and for `check` on the same documents, each with a fresh encoder."""
    out = {}
    for name, run in (("pair", pair), ("check", check)):
        encoder = cached_encoder(options.ENCODER)
        start = time.perf_counter()
        for doc, src_lang, tgt_lang in docs:
            run("\n".join(doc.src), "\n".join(doc.tgt), encoder=encoder, presplit=True, src_lang=src_lang, tgt_lang=tgt_lang)
        out[f"{name}_seconds"] = round(time.perf_counter() - start, 1)
        out[f"{name}_calls"] = encoder.calls
    out["ratio"] = round(out["check_seconds"] / out["pair_seconds"], 2)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="*", default=DEFAULT_SETS)
    parser.add_argument("--cache", type=Path, help="embedding cache folder (development only: no timing, nothing saved)")
    args = parser.parse_args(argv)
    disk = DiskCachedEncoder(options.ENCODER, args.cache) if args.cache else None
    encoder = cached_encoder(disk or options.ENCODER)
    sets = build_sets(args.sets)
    rows = []
    print(f"{'set':<9} {'pairs':>6} {'flagged':>8} {'bad':>6}  signals")
    for name, docs in sets.items():
        row = {"set": name, **false_flags(docs, encoder, NOVEL_PAIRS if name == "novel" else None)}
        rows.append(row)
        print(f"{name:<9} {row['gold_pairs']:>6} {row['flagged']:>8.3f} {row['bad']:>6.3f}  "
              + ", ".join(f"{k} {v}" for k, v in row["by_signal"].items()), flush=True)
    if disk:
        disk.save()
        return 0
    result = {"machine": machine(), "rows": rows}
    if "textberg" in sets:
        result["cost_textberg"] = cost(sets["textberg"])
        c = result["cost_textberg"]
        print(f"Text+Berg: pair {c['pair_seconds']} s ({c['pair_calls']} encoder calls), "
              f"check {c['check_seconds']} s ({c['check_calls']}): {c['ratio']}x")
    print(f"saved {save_results('falseflags', result)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
