"""Alignment accuracy and speed on gold data sets.

    python benchmarks/accuracy.py                       # Text+Berg, embedded e5
    python benchmarks/accuracy.py --dataset albanian
    python benchmarks/accuracy.py --encoder st:sentence-transformers/LaBSE

Prints strict and lax precision, recall and F1 (Sennrich & Volk 2011), wall
time end to end (embedding included), sentences per second, encoder calls per
input sentence and peak memory, and writes them to benchmarks/results/.
``--cache DIR`` keeps embeddings between runs while tuning; timings from such a
run are meaningless and are not saved.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align import options  # noqa: E402
from align.embed import CachedEncoder, load_encoder  # noqa: E402
from align.study.evaluate import calibration_error, score  # noqa: E402
from align.pipeline import pair  # noqa: E402
from benchmarks.harness import DATASETS, DiskCachedEncoder, load_dataset, machine, peak_rss_mb, print_errors, save_results  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", choices=sorted(DATASETS), default="textberg")
    parser.add_argument("--data", type=Path, help="folder of the data set (default: the copy in data/)")
    parser.add_argument("--encoder", default=options.ENCODER)
    parser.add_argument("--max-bead", type=int, default=options.MAX_BEAD)
    parser.add_argument("--budget", type=float, default=options.BUDGET, help="real block embeddings per sentence, at most (0: none)")
    parser.add_argument("--docs", nargs="*", help="only these documents")
    parser.add_argument("--cache", type=Path, help="embedding cache folder (tuning only: no timings saved)")
    parser.add_argument("--errors", action="store_true", help="print the wrong beads with their text")
    args = parser.parse_args(argv)

    docs, src_lang, tgt_lang = load_dataset(args.dataset, args.data)
    if args.docs:
        docs = [d for d in docs if d.name in args.docs]
    inner = DiskCachedEncoder(args.encoder, args.cache) if args.cache else load_encoder(args.encoder)
    encoder = CachedEncoder(inner)
    sentences = sum(len(d.src) + len(d.tgt) for d in docs)

    start = time.perf_counter()
    tests, scored = [], []
    for doc in docs:
        alignment = pair(
            "\n".join(doc.src), "\n".join(doc.tgt), encoder=encoder, presplit=True,
            src_lang=src_lang, tgt_lang=tgt_lang, max_bead=args.max_bead, budget=args.budget,
        )
        tests.append([(b.src, b.tgt) for b in alignment.beads])
        scored.append([(b.src, b.tgt, b.score) for b in alignment.beads])
    seconds = time.perf_counter() - start
    if args.cache:
        inner.save()

    result = score([d.gold for d in docs], tests)
    report = {
        "dataset": args.dataset,
        "documents": len(docs),
        "sentences": sentences,
        "encoder": args.encoder,
        "max_bead": args.max_bead,
        "budget": args.budget,
        **result.as_dict(),
        "encoder_calls_per_sentence": round(encoder.calls / sentences, 3),
        "score_calibration_error": round(calibration_error([d.gold for d in docs], scored), 3),
        "seconds": round(seconds, 1),
        "sentences_per_second": round(sentences / seconds, 1),
        "peak_rss_mb": round(peak_rss_mb()),
        "machine": machine(),
    }
    print(f"{args.dataset}: {len(docs)} documents, {sentences} sentences, encoder {args.encoder}")
    print(f"  strict  P {result.strict_precision:.3f}  R {result.strict_recall:.3f}  F1 {result.strict_f1:.3f}")
    print(f"  lax     P {result.lax_precision:.3f}  R {result.lax_recall:.3f}  F1 {result.lax_f1:.3f}")
    print(f"  encoder calls per sentence {report['encoder_calls_per_sentence']}")
    print(f"  bead scores: expected calibration error {report['score_calibration_error']} (0 = a score of p is right p of the time)")
    if args.cache:
        print("  (embedding cache in use: timings not meaningful, results not saved)")
    else:
        print(f"  {seconds:.1f} s end to end, {report['sentences_per_second']} sentences/s, peak RSS {report['peak_rss_mb']} MB")
        tag = args.dataset + ("" if args.encoder == options.ENCODER else "-" + _encoder_tag(args.encoder))
        tag += "" if args.budget == options.BUDGET else f"-budget{args.budget:g}"
        tag += "" if args.max_bead == options.MAX_BEAD else f"-maxbead{args.max_bead}"
        print(f"  saved {save_results(tag, report)}")
    if args.errors:
        for doc, test in zip(docs, tests):
            print_errors(doc, test, src_lang, tgt_lang)
    return 0


def _encoder_tag(spec: str) -> str:
    """A file-name tag for an encoder spec; a local model folder is named by its last two parts, not its whole path."""
    name = spec.split(":", 1)[-1]
    if Path(name).is_absolute():
        name = "_".join(Path(name).parts[-2:])
    return re.sub(r"[^\w.-]+", "_", name)


if __name__ == "__main__":
    sys.exit(main())
