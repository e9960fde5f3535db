"""Align a corpus: many documents in, one parallel corpus out.

Inputs (``tasks_from``):

* a manifest: TSV (source path, target path) or JSONL (``{"source", "target",
  "id"}``); a line with one path is a mixed document, aligned like ``align run``;
* two folders whose files pair by name;
* two folders of unpaired documents (``match=True``): document embeddings and a
  one-to-one assignment pair them, and the rest is reported as unpaired;
* one folder of mixed documents.

Each document (pair) is one task.  Tasks run in this process, in a local pool
of processes that each load the encoder once, or on a Dask cluster.  Every
finished task is saved at once under ``OUT/.work/``; a rerun skips what is
saved, and the corpus is assembled from the saved results in document order,
so an interrupted and resumed run writes the same bytes as an uninterrupted
one.  Identical pairs are kept once (the first, in document order).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Iterable

from .. import options as defaults
from .. import pipeline
from ..embed import cached_encoder, load_encoder
from ..errors import AlignError
from ..export import FORMATS, Filters, apply, write_atomically, write_pairs
from ..model import Pair
from ..progress import Progress, silent
from ..segment import pair_evidence, read_document, read_text
from ..version import __version__
from .inputs import Plan, Task
from .store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Options:
    encoder: str = defaults.ENCODER
    src_lang: str | None = None
    tgt_lang: str | None = None
    presplit: bool = False
    max_bead: int = defaults.MAX_BEAD
    budget: float = defaults.BUDGET

    def fingerprint(self) -> str:
        data = json.dumps({**asdict(self), "align": __version__}, sort_keys=True)
        return hashlib.sha1(data.encode()).hexdigest()[:12]


# -- one document -------------------------------------------------------------------

_MODELS: dict[str, object] = {}  # one loaded encoder per process and spec


def align_document(task: Task, options: Options) -> dict:
    """Align one task; errors become part of the result, not an exception."""
    start = time.perf_counter()
    result = {"id": task.id, "source": task.source, "target": task.target, "error": None}
    try:
        if options.encoder not in _MODELS:
            _MODELS[options.encoder] = load_encoder(options.encoder)
        encoder = cached_encoder(_MODELS[options.encoder])  # a fresh cache per document
        common = dict(encoder=encoder, src_lang=options.src_lang, tgt_lang=options.tgt_lang, max_bead=options.max_bead, budget=options.budget)
        if task.target is None:
            alignment = pipeline.run(read_text(task.source), **common).alignment
        else:
            left, right = (read_document(path, unwrap=not options.presplit) for path in (task.source, task.target))
            alignment = pipeline.pair(left.text, right.text, presplit=options.presplit, **pair_evidence(left, right), **common)
        result.update(
            src_lang=alignment.src_lang,
            tgt_lang=alignment.tgt_lang,
            beads=[p.to_dict() for p in alignment.pairs()],
            summary=alignment.summary(),
        )
    except AlignError as exc:
        result["error"] = str(exc)
    result["seconds"] = round(time.perf_counter() - start, 3)
    return result


def align_corpus(
    plan: Plan,
    out: Path,
    options: Options = Options(),
    *,
    workers: int = defaults.WORKERS,
    engine: str = defaults.ENGINES[0],
    scheduler: str | None = None,
    min_score: float = defaults.MIN_SCORE,
    formats: Iterable[str] = FORMATS,
    progress: Progress = silent,
    rules: Filters = Filters(),
) -> dict:
    """Align every task not yet done, then write the corpus files; returns the summary."""
    if engine not in defaults.ENGINES:
        raise AlignError(f"unknown engine {engine!r}: choose from {', '.join(defaults.ENGINES)}")
    out.mkdir(parents=True, exist_ok=True)
    store = Store(out, options.fingerprint())
    done = {t.id: store.get(t) for t in plan.tasks}
    todo = [t for t in plan.tasks if done[t.id] is None]
    log.info("%d documents, %d already done in %s", len(plan.tasks), len(plan.tasks) - len(todo), store.folder)
    by_id = {t.id: t for t in todo}
    with progress.stage("aligning documents", len(todo), unit="documents") as advance:
        for result in _execute(todo, options, workers, engine, scheduler):
            store.save(by_id[result["id"]], result)
            done[result["id"]] = result
            if result["error"]:
                log.info("%s failed: %s", result["id"], result["error"])
            advance(1)
    return assemble(plan, done, out, replace(rules, min_score=max(min_score, rules.min_score)), formats)


def _execute(tasks: list[Task], options: Options, workers: int, engine: str, scheduler: str | None):
    """Yield results as they finish, from this process, a process pool, or Dask."""
    if not tasks:
        return
    if engine == "dask":
        yield from _execute_dask(tasks, options, workers, scheduler)
    elif workers <= 1:
        for task in tasks:
            yield align_document(task, options)
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        # spawn, not fork: a forked OpenMP runtime can hang; each worker gets its share of the cores
        context = multiprocessing.get_context("spawn")
        threads = max(1, (os.cpu_count() or 1) // workers)
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_limit_threads, initargs=(threads,)) as pool:
            futures = [pool.submit(align_document, t, options) for t in tasks]
            for future in as_completed(futures):
                yield future.result()


def _limit_threads(threads: int) -> None:
    """Worker set-up: its share of the cores, and an exit when the parent dies."""
    os.environ["OMP_NUM_THREADS"] = str(threads)
    import threading

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)  # the main process is gone: nobody will read our result

    threading.Thread(target=watch, daemon=True).start()


def _execute_dask(tasks: list[Task], options: Options, workers: int, scheduler: str | None):
    defaults.require("dask")
    from dask.distributed import Client, LocalCluster, as_completed

    if scheduler:
        client, cluster = Client(scheduler), None
    else:
        threads = max(1, (os.cpu_count() or 1) // max(workers, 1))
        cluster = LocalCluster(
            n_workers=max(workers, 1), threads_per_worker=1, processes=True, dashboard_address=None,
            env={"OMP_NUM_THREADS": str(threads)},
        )
        client = Client(cluster)
    try:
        futures = client.map(align_document, tasks, options=options, pure=False)
        for future in as_completed(futures):
            yield future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def assemble(plan: Plan, results_by_id: dict[str, dict], out: Path, rules: Filters = Filters(),
             formats: Iterable[str] = FORMATS) -> dict:
    """Pool the documents' results in document order into one corpus per language pair.

    Identical pairs are kept once (the first, in document order) and the
    clean-up ``rules`` apply to every format but JSONL, which keeps every bead.
    """
    results = [results_by_id[t.id] for t in sorted(plan.tasks, key=lambda t: t.id)]
    groups: dict[tuple[str, str], list[dict]] = {}
    for r in results:
        if not r["error"]:
            groups.setdefault((r["src_lang"], r["tgt_lang"]), []).append(r)
    written: list[str] = []
    stats = {"documents": len(results), "failed": sum(1 for r in results if r["error"]), "unpaired": len(plan.unpaired)}
    rules = replace(rules, dedup=True)
    for (src, tgt), docs in sorted(groups.items()):
        every = [Pair.from_dict({**b, "document": r["id"]}) for r in docs for b in r["beads"]]
        kept, removed = apply([p for p in every if p.matched], rules, src, tgt)
        written += [str(p) for p in write_pairs(kept, src, tgt, out, "corpus", formats, every=every)]
        stats[f"{src}-{tgt}"] = {"documents": len(docs), "pairs": len(kept), "duplicates_removed": removed["duplicate"],
                                 "below_min_score": removed["min_score"], "removed": removed,
                                 "unmatched": sum(1 for p in every if not p.matched)}
    write_atomically({
        out / "documents.tsv": (_write_documents, results),
        out / "unpaired.tsv": (_write_unpaired, plan.unpaired),
        out / "summary.json": (lambda s, h: h.write(json.dumps(s, indent=2) + "\n"), stats),
    })
    stats["files"] = written + [str(out / n) for n in ("documents.tsv", "unpaired.tsv", "summary.json")]
    return stats


def _write_documents(results: list[dict], handle) -> None:
    handle.write("id\tsource\ttarget\tlanguages\tpairs\tunmatched_src\tunmatched_tgt\tmean_score\tseconds\terror\n")
    for r in results:
        s = r.get("summary") or {}
        langs = f"{r['src_lang']}-{r['tgt_lang']}" if not r["error"] else ""
        cells = [r["id"], r["source"], r["target"] or "", langs, s.get("pairs", ""), s.get("unmatched_src", ""),
                 s.get("unmatched_tgt", ""), s.get("mean_score", ""), r["seconds"], r["error"] or ""]
        handle.write("\t".join(_one_line(str(c)) for c in cells) + "\n")


def _write_unpaired(unpaired: list[tuple[str, str]], handle) -> None:
    handle.write("side\tpath\n")
    for side, path in unpaired:
        handle.write(f"{side}\t{_one_line(path)}\n")


def _one_line(text: str) -> str:
    """A TSV cell: tabs, newlines and other control characters become spaces."""
    return "".join(" " if ch < " " or ch == "\x7f" else ch for ch in text)
