"""The multi-genre dev suite: every gold set and stress set, one table.

    python benchmarks/devsuite.py                       # every set, default settings
    python benchmarks/devsuite.py --budget 0 --sets textberg novel
    python benchmarks/devsuite.py --curve 0,0.25,0.5,1  # encoder calls against mean F1

Sets: Text+Berg (de-fr yearbook prose with OCR noise), the novel (hu-en
literary prose with dialogue, ``../shared/bench/novel-hu-en``), the seed
article (sq-en web MT), and stress sets derived from the first two with a
known truth (``stress.py``: short lines, paragraph edits, a moved paragraph,
sentences split differently, big beads, a magazine page, broken sentences,
list items).  Probes stay out of the mean: ``unrelated``, ``passages``,
``gaps`` and ``repeats`` (``stress.py``) and ``languages``, fourteen more
languages from the machine's gettext catalogs (``catalogs.py``).  Per set:
strict and lax P/R/F1, encoder calls per sentence, the bead scores'
calibration error and time; then the mean over sets.  ``--cache`` keeps
embeddings between runs while developing (timings then mean nothing and are
not saved; the ``--curve`` is saved without them).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align import options  # noqa: E402
from align.embed import CachedEncoder, load_encoder  # noqa: E402
from align.pipeline import pair  # noqa: E402
from align.study.evaluate import calibration_error, score  # noqa: E402
from benchmarks import catalogs, stress  # noqa: E402
from benchmarks.harness import DiskCachedEncoder, load_dataset, machine, print_errors, save_results  # noqa: E402

# Strict F1 of the peers, fed the same e5 embeddings, where known (data sets' READMEs).
PEERS = {
    "textberg": {"Bertalign": 0.909, "Vecalign": 0.860, "Hunalign": 0.753},
    "novel": {"Vecalign": 0.981, "Bertalign": 0.979, "Hunalign": 0.973},
}
BASES = {"textberg": "tb", "novel": "hu"}
DEFAULT_SETS = ["textberg", "novel", "seed", *stress.BUILDERS]


def build_sets(names: list[str]) -> dict[str, list]:
    """Set name -> [(Document, src_lang, tgt_lang)]."""
    real = {}
    for name in ("textberg", "novel", "albanian"):
        docs, src, tgt = load_dataset(name)
        real[name] = (docs, src, tgt)
    sets = {"textberg": [(d, "de", "fr") for d in real["textberg"][0]],
            "novel": [(d, "hu", "en") for d in real["novel"][0]],
            "seed": [(d, "sq", "en") for d in real["albanian"][0]]}
    for kind, builder in {**stress.BUILDERS, **stress.PROBES}.items():
        sets[kind] = [(d, src, tgt) for base, tag in BASES.items()
                      for d in builder(real[base][0], tag) for src, tgt in [real[base][1:]]]
    if "languages" in names:  # a probe of fourteen more languages, from the machine's gettext catalogs
        sets["languages"] = catalogs.edited_documents()
    return {name: sets[name] for name in names}


def run_set(docs, encoder: CachedEncoder, budget: float, max_bead: int) -> dict:
    start, calls = time.perf_counter(), encoder.calls
    golds, tests, scored = [], [], []
    for doc, src, tgt in docs:
        alignment = pair("\n".join(doc.src), "\n".join(doc.tgt), encoder=encoder, presplit=True,
                         src_lang=src, tgt_lang=tgt, max_bead=max_bead, budget=budget)
        golds.append(doc.gold)
        tests.append([(b.src, b.tgt) for b in alignment.beads])
        scored.append([(b.src, b.tgt, b.score) for b in alignment.beads])
    sentences = sum(len(d.src) + len(d.tgt) for d, _, _ in docs)
    result = score(golds, tests).as_dict()
    result.update(documents=len(docs), sentences=sentences,
                  encoder_calls_per_sentence=round((encoder.calls - calls) / sentences, 3),
                  score_calibration_error=round(calibration_error(golds, scored), 3),
                  seconds=round(time.perf_counter() - start, 1))
    return result, tests


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="*", default=DEFAULT_SETS,
                        help=f"sets to run (default: all of the suite); also the probes: {', '.join(stress.PROBES)}, languages")
    parser.add_argument("--encoder", default=options.ENCODER)
    parser.add_argument("--budget", type=float, default=options.BUDGET)
    parser.add_argument("--max-bead", type=int, default=options.MAX_BEAD)
    parser.add_argument("--curve", help="comma-separated budgets: encoder calls against mean strict F1")
    parser.add_argument("--cache", type=Path, help="embedding cache folder (development only: nothing saved)")
    parser.add_argument("--errors", action="store_true", help="print the wrong beads with their text")
    args = parser.parse_args(argv)

    sets = build_sets(args.sets)
    inner = DiskCachedEncoder(args.encoder, args.cache) if args.cache else load_encoder(args.encoder)
    budgets = [float(b) for b in args.curve.split(",")] if args.curve else [args.budget]
    report = {"encoder": args.encoder, "max_bead": args.max_bead, "machine": machine(), "runs": []}
    for budget in budgets:
        rows = {}
        print(f"budget {budget:g}, max bead {args.max_bead}, encoder {args.encoder}")
        print(f"{'set':<10} {'docs':>4} {'sents':>6} {'strict P':>8} {'R':>6} {'F1':>6} {'lax F1':>7} {'calls/s':>7} {'ECE':>6} {'secs':>6}  peers (strict F1)")
        for name, docs in sets.items():
            encoder = CachedEncoder(inner)  # a fresh cache per set: calls counted as a user would pay them
            row, tests = run_set(docs, encoder, budget, args.max_bead)
            rows[name] = row
            peers = ", ".join(f"{k} {v:.3f}" for k, v in PEERS.get(name, {}).items())
            print(f"{name:<10} {row['documents']:>4} {row['sentences']:>6} {row['strict_precision']:>8.3f} {row['strict_recall']:>6.3f} "
                  f"{row['strict_f1']:>6.3f} {row['lax_f1']:>7.3f} {row['encoder_calls_per_sentence']:>7.2f} "
                  f"{row['score_calibration_error']:>6.3f} {row['seconds']:>6.1f}  {peers}", flush=True)
            if args.errors:
                for (doc, src, tgt), test in zip(docs, tests):
                    print_errors(doc, test, src, tgt)
        mean = {k: round(sum(r[k] for r in rows.values()) / len(rows), 4)
                for k in ("strict_f1", "lax_f1", "encoder_calls_per_sentence", "score_calibration_error")}
        print(f"{'mean':<10} {'':>4} {'':>6} {'':>8} {'':>6} {mean['strict_f1']:>6.3f} {mean['lax_f1']:>7.3f} "
              f"{mean['encoder_calls_per_sentence']:>7.2f} {mean['score_calibration_error']:>6.3f}")
        report["runs"].append({"budget": budget, "sets": rows, "mean": mean})
    if args.cache:
        inner.save()
    if args.cache and not args.curve:
        print("(embedding cache in use: timings not meaningful, results not saved)")
    else:  # the curve reports calls and accuracy, which a cache does not change
        if args.cache:
            for run in report["runs"]:
                for row in run["sets"].values():
                    row.pop("seconds")
        tag = "devsuite" + ("-curve" if args.curve else "" if args.budget == options.BUDGET else f"-budget{args.budget:g}")
        if args.sets != DEFAULT_SETS:  # a run of some sets does not replace the whole suite's figures
            tag += "-" + "-".join(args.sets)
        print(f"saved {save_results(tag, report)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
