"""Corpus throughput and document pairing on a synthetic crawl.

    python benchmarks/corpus.py                  # 1000 document pairs + 100 decoys
    python benchmarks/corpus.py --documents 100

The crawl (benchmarks/corpus_data.py) strings gold beads of Text+Berg and of
the seed article into documents, gives source and target files unrelated
names, and adds decoys without a translation.  align pairs the two folders by
content (``--match``), then aligns every pair: with 1 worker, with 2 worker
processes, and on a local Dask cluster of 2 workers.  Reported: documents per
second end to end (pairing included) and the precision and recall of the
document pairing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align.corpus import align_corpus, tasks_from  # noqa: E402
from benchmarks.corpus_data import make_corpus  # noqa: E402
from benchmarks.harness import machine, save_results  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--decoys", type=int, default=50, help="decoys on each side")
    parser.add_argument("--beads", type=int, default=4, help="gold beads per document")
    parser.add_argument("--runs", default="local:1,local:2,dask:2", help="engine:workers, comma-separated")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="align-corpus-"))
    truth = make_corpus(work / "crawl", args.documents, args.decoys, args.beads, seed=1)
    folders = [work / "crawl" / "source", work / "crawl" / "target"]
    report = {"documents": args.documents, "decoys_per_side": args.decoys, "beads_per_document": args.beads, "machine": machine(), "runs": []}
    print(f"{args.documents} document pairs and {args.decoys} decoys a side in {work}")
    for run in args.runs.split(","):
        engine, workers = run.split(":")
        out = work / f"out-{engine}-{workers}"
        start = time.perf_counter()
        plan = tasks_from(folders, match=True)
        paired = time.perf_counter() - start
        stats = align_corpus(plan, out, workers=int(workers), engine=engine, formats=["tmx", "tsv", "jsonl"])
        seconds = time.perf_counter() - start
        found = {os.path.basename(t.source): os.path.basename(t.target) for t in plan.tasks}
        right = sum(1 for s, t in found.items() if truth.get(s) == t)
        row = {
            "engine": engine,
            "workers": int(workers),
            "seconds": round(seconds, 1),
            "pairing_seconds": round(paired, 1),
            "documents_per_second": round(len(plan.tasks) / seconds, 2),
            "pairing_precision": round(right / max(len(found), 1), 4),
            "pairing_recall": round(right / len(truth), 4),
            "failed": stats["failed"],
            "pairs": sum(v["pairs"] for v in stats.values() if isinstance(v, dict)),
            "duplicates_removed": sum(v["duplicates_removed"] for v in stats.values() if isinstance(v, dict)),
        }
        report["runs"].append(row)
        print(f"  {engine} x{workers}: {row['seconds']} s ({row['documents_per_second']} documents/s), pairing P {row['pairing_precision']} R {row['pairing_recall']}, {row['pairs']} pairs, {row['duplicates_removed']} duplicates removed")
    if not argv and args.documents == 1000:
        print(f"saved {save_results('corpus', report)}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
