"""Short documents: excerpts of a few gold beads, aligned one by one.

    python benchmarks/excerpts.py [--beads 5 10 25] [--cache DIR]

A user often has a page, not a book.  Each gold set is cut into excerpts of
K consecutive gold beads (an excerpt whose beads do not cover a contiguous
run of sentences on both sides is passed over), and every excerpt is aligned
as a document of its own by align and by the rebuilt Bertalign and Vecalign
(``peers.py``), all fed the same e5 embeddings; strict F1 is pooled over the
excerpts of a set.  The novel gives its first 2,000 beads' worth.  What a
short document cannot show the aligner (how its lengths vary, what its
translations look like) has to come from somewhere else.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align import options  # noqa: E402
from align.embed import cached_encoder, load_encoder  # noqa: E402
from align.study.evaluate import score  # noqa: E402
from benchmarks.harness import DiskCachedEncoder, Document, load_dataset, machine, save_results  # noqa: E402
from benchmarks.peers import every_alignment  # noqa: E402

SETS = (("textberg", None), ("novel", 2000), ("albanian", None))  # name, beads taken from each document


def excerpts(doc: Document, size: int, limit: int | None) -> list[Document]:
    """``doc`` cut into excerpts of ``size`` gold beads, each renumbered from 0."""
    gold, found = list(doc.gold)[:limit], []
    for start in range(0, len(gold) - size + 1, size):
        beads = gold[start:start + size]
        src, tgt = sorted(i for s, _ in beads for i in s), sorted(j for _, t in beads for j in t)
        if not src or not tgt or src != list(range(src[0], src[-1] + 1)) or tgt != list(range(tgt[0], tgt[-1] + 1)):
            continue
        renumbered = [([i - src[0] for i in s], [j - tgt[0] for j in t]) for s, t in beads]
        found.append(Document(f"{doc.name}:{start}", doc.src[src[0]:src[-1] + 1], doc.tgt[tgt[0]:tgt[-1] + 1], renumbered))
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--beads", type=int, nargs="*", default=[5, 10, 25], help="excerpt sizes in gold beads")
    parser.add_argument("--cache", type=Path, help="embedding cache folder")
    args = parser.parse_args(argv)
    inner = DiskCachedEncoder(options.ENCODER, args.cache) if args.cache else load_encoder(options.ENCODER)
    encoder = cached_encoder(inner)
    rows = []
    for size in args.beads:
        for name, limit in SETS:
            docs, src_lang, tgt_lang = load_dataset(name)
            pieces = [e for d in docs for e in excerpts(d, size, limit)]
            golds = [e.gold for e in pieces]
            tests = every_alignment(encoder, [(e, src_lang, tgt_lang) for e in pieces])
            f1 = {who: round(score(golds, found).as_dict()["strict_f1"], 4) for who, found in tests.items()}
            rows.append({"set": name, "beads": size, "excerpts": len(pieces), "strict_f1": f1})
            print(f"{name:<9} {size:>3} beads  {len(pieces):>4} excerpts  " + "  ".join(f"{who} {v:.4f}" for who, v in f1.items()), flush=True)
        if args.cache:
            inner.save()
    print(f"saved {save_results('excerpts', {'machine': machine(), 'rows': rows})}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
