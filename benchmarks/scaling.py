"""How the alignment search scales: synthetic pairs of 1k, 10k and 50k sentences a side.

    python benchmarks/scaling.py                 # 1000 10000 50000
    python benchmarks/scaling.py 1000 2000

Each size runs in a fresh process on random unit vectors (384 dimensions, as
e5) with a known alignment that includes insertions, deletions, 1-2 and 2-1
beads.  Only the search is timed (no encoder); peak memory is the growth of
the process's resident set during the search.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SIZES = (1000, 10000, 50000)


def measure(n: int) -> dict:
    from align.core import align
    from align.study.evaluate import score
    from benchmarks.synthetic import synthetic_pair

    src, tgt, gold = synthetic_pair(n, seed=n)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    beads = align(src, tgt)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = score([gold], [[(b.src, b.tgt) for b in beads]])
    return {
        "src_sentences": len(src),
        "tgt_sentences": len(tgt),
        "seconds": round(seconds, 2),
        "search_memory_mb": round(peak - before),
        "peak_rss_mb": round(peak),
        "strict_f1": round(result.strict_f1, 4),
    }


def main(argv=None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--one"]:
        print(json.dumps(measure(int(args[1]))))
        return 0
    from benchmarks.harness import machine, save_results

    sizes = [int(a) for a in args] or list(SIZES)
    rows = []
    print(f"{'sentences':>10} {'seconds':>8} {'s/1k':>6} {'search MB':>10} {'strict F1':>9}")
    for n in sizes:
        done = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True)
        row = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append(row)
        per_k = row["seconds"] / (n / 1000)
        print(f"{n:>10} {row['seconds']:>8.1f} {per_k:>6.2f} {row['search_memory_mb']:>10} {row['strict_f1']:>9.4f}")
    if not argv and not sys.argv[1:]:
        print(f"saved {save_results('scaling', {'machine': machine(), 'runs': rows})}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
