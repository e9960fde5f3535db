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
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from . import __version__, pipeline
from .errors import AlignError
from .export import FORMATS, write_atomically, write_jsonl, write_pairs
from .read import read_text
from .result import Pair
from .scoring import robust_z

DOC_CHARS = 2000  # characters of a document that go into its embedding for pairing
# How far (robust z-score) a document pair's similarity margin must stand above all cross pairs.
MIN_Z = 2.5
ENGINES = ("local", "dask")


@dataclass(frozen=True)
class Task:
    id: str
    source: str
    target: str | None = None  # None: a mixed document


@dataclass(frozen=True)
class Options:
    encoder: str = "e5"
    src_lang: str | None = None
    tgt_lang: str | None = None
    presplit: bool = False
    max_bead: int = 4
    budget: float = 0.5

    def fingerprint(self) -> str:
        data = json.dumps({**asdict(self), "align": __version__}, sort_keys=True)
        return hashlib.sha1(data.encode()).hexdigest()[:12]


@dataclass
class Plan:
    tasks: list[Task]
    unpaired: list[tuple[str, str]] = field(default_factory=list)  # (side, path)


# -- inputs ----------------------------------------------------------------------


def tasks_from(inputs: list[Path], match: bool = False, encoder: str = "e5") -> Plan:
    """Read a manifest, two folders, or one folder into tasks."""
    if len(inputs) == 1 and inputs[0].is_file():
        return Plan(_manifest(inputs[0]))
    if len(inputs) == 1 and inputs[0].is_dir():
        return Plan([Task(p.relative_to(inputs[0]).as_posix(), str(p)) for p in _files(inputs[0])])
    if len(inputs) == 2 and all(p.is_dir() for p in inputs):
        left, right = (_files(p) for p in inputs)
        if match:
            return match_documents(left, right, encoder)
        by_name = {p.relative_to(inputs[1]).as_posix(): p for p in right}
        tasks, unpaired = [], []
        for p in left:
            name = p.relative_to(inputs[0]).as_posix()
            if name in by_name:
                tasks.append(Task(name, str(p), str(by_name.pop(name))))
            else:
                unpaired.append(("source", str(p)))
        unpaired += [("target", str(p)) for p in by_name.values()]
        if not tasks:
            raise AlignError("no file names are shared by the two folders: use --match to pair documents by content")
        return Plan(tasks, unpaired)
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        raise AlignError(f"{missing[0]}: no such file or folder")
    raise AlignError("give a manifest file, one folder of mixed documents, or two folders")


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def _manifest(path: Path) -> list[Task]:
    text = read_text(path)
    base = path.parent
    tasks = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.lstrip().startswith("{"):
            try:
                record = json.loads(line)
                source, target, name = record["source"], record.get("target"), record.get("id")
            except (json.JSONDecodeError, KeyError, TypeError):
                raise AlignError(f"{path}:{number}: expected a JSON object with \"source\" (and \"target\", \"id\")") from None
        else:
            fields = [f.strip() for f in line.split("\t")]
            if number == 1 and fields[0].lower() in ("source", "src"):
                continue  # header
            source, target, name = fields[0], (fields[1] if len(fields) > 1 and fields[1] else None), (fields[2] if len(fields) > 2 else None)
        source = str(base / source)
        target = str(base / target) if target else None
        tasks.append(Task(name or Path(source).name, source, target))
    ids = [t.id for t in tasks]
    if len(set(ids)) != len(ids):
        tasks = [Task(f"{k:05d}-{t.id}", t.source, t.target) for k, t in enumerate(tasks)]
    if not tasks:
        raise AlignError(f"{path}: the manifest lists no documents")
    return tasks


def match_documents(left: list[Path], right: list[Path], encoder: str = "e5") -> Plan:
    """Pair documents by content: one embedding a document, a one-to-one assignment.

    A pair is accepted when its similarity stands out from all the cross pairs
    (robust z-score, as for passages) and neither document has a better free
    partner; the greedy order (most similar first) makes the result unique.
    """
    model = pipeline.cached_encoder(encoder)
    a = model.encode([read_text(p)[:DOC_CHARS] for p in left])
    b = model.encode([read_text(p)[:DOC_CHARS] for p in right])
    sims = a @ b.T
    k = max(1, min(4, sims.shape[0] - 1, sims.shape[1] - 1))
    row = np.sort(sims, axis=1)[:, -k:].mean(1)
    col = np.sort(sims, axis=0)[-k:, :].mean(0)
    margin = sims - (row[:, None] + col[None, :]) / 2
    z = robust_z(margin)
    order = np.argsort(-z, axis=None, kind="stable")
    used_l, used_r, tasks = set(), set(), []
    for flat_index in order:
        i, j = divmod(int(flat_index), sims.shape[1])
        if z[i, j] < MIN_Z:
            break
        if i in used_l or j in used_r:
            continue
        used_l.add(i)
        used_r.add(j)
        tasks.append(Task(f"{left[i].name}+{right[j].name}", str(left[i]), str(right[j])))
    unpaired = [("source", str(p)) for i, p in enumerate(left) if i not in used_l]
    unpaired += [("target", str(p)) for j, p in enumerate(right) if j not in used_r]
    return Plan(sorted(tasks, key=lambda t: t.id), unpaired)


# -- one document -------------------------------------------------------------------

_MODELS: dict[str, object] = {}  # one loaded encoder per process and spec


def align_document(task: Task, options: Options) -> dict:
    """Align one task; errors become part of the result, not an exception."""
    start = time.perf_counter()
    result = {"id": task.id, "source": task.source, "target": task.target, "error": None}
    try:
        if options.encoder not in _MODELS:
            from .embed import load_encoder

            _MODELS[options.encoder] = load_encoder(options.encoder)
        encoder = pipeline.cached_encoder(_MODELS[options.encoder])  # a fresh cache per document
        common = dict(encoder=encoder, src_lang=options.src_lang, tgt_lang=options.tgt_lang, max_bead=options.max_bead, budget=options.budget)
        if task.target is None:
            alignment = pipeline.run(read_text(task.source), **common).alignment
        else:
            alignment = pipeline.pair(read_text(task.source), read_text(task.target), presplit=options.presplit, **common)
        result.update(
            src_lang=alignment.src_lang,
            tgt_lang=alignment.tgt_lang,
            beads=[[list(p.src), list(p.tgt), p.src_text, p.tgt_text, p.score] for p in alignment.pairs()],
            summary=alignment.summary(),
        )
    except AlignError as exc:
        result["error"] = str(exc)
    result["seconds"] = round(time.perf_counter() - start, 3)
    return result


# -- the run --------------------------------------------------------------------------


class Store:
    """Finished documents under ``OUT/.work/<options fingerprint>/``, one JSON file each."""

    def __init__(self, out: Path, options: Options):
        self.folder = out / ".work" / options.fingerprint()
        self.folder.mkdir(parents=True, exist_ok=True)

    def path(self, task_id: str) -> Path:
        return self.folder / (hashlib.sha1(task_id.encode()).hexdigest() + ".json")

    def done(self, task: Task) -> bool:
        return self.path(task.id).exists()

    def save(self, result: dict) -> None:
        path = self.path(result["id"])
        write_atomically({path: (lambda r, h: json.dump(r, h, ensure_ascii=False), result)})

    def load(self, task: Task) -> dict:
        return json.loads(self.path(task.id).read_text(encoding="utf-8"))


def align_corpus(
    plan: Plan,
    out: Path,
    options: Options = Options(),
    *,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    min_score: float = 0.0,
    formats: Iterable[str] = FORMATS,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Align every task not yet done, then write the corpus files; returns the summary."""
    if engine not in ENGINES:
        raise AlignError(f"unknown engine {engine!r}: choose from {', '.join(ENGINES)}")
    out.mkdir(parents=True, exist_ok=True)
    store = Store(out, options)
    todo = [t for t in plan.tasks if not store.done(t)]
    done = len(plan.tasks) - len(todo)
    if progress:
        progress(done, len(plan.tasks))
    for result in _execute(todo, options, workers, engine, scheduler):
        store.save(result)
        done += 1
        if progress:
            progress(done, len(plan.tasks))
    return assemble(plan, store, out, min_score, formats)


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
    os.environ["OMP_NUM_THREADS"] = str(threads)


def _execute_dask(tasks: list[Task], options: Options, workers: int, scheduler: str | None):
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise AlignError("the dask engine needs dask.distributed: pip install 'align[dask]'") from None
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


def assemble(plan: Plan, store: Store, out: Path, min_score: float = 0.0, formats: Iterable[str] = FORMATS) -> dict:
    """Pool the saved results in document order into one corpus per language pair."""
    results = [store.load(t) for t in sorted(plan.tasks, key=lambda t: t.id)]
    groups: dict[tuple[str, str], list[dict]] = {}
    for r in results:
        if not r["error"]:
            groups.setdefault((r["src_lang"], r["tgt_lang"]), []).append(r)
    written: list[str] = []
    stats = {"documents": len(results), "failed": sum(1 for r in results if r["error"]), "unpaired": len(plan.unpaired)}
    formats = list(formats)
    for (src, tgt), docs in sorted(groups.items()):
        every = [Pair(tuple(s), tuple(t), st, tt, score, r["id"]) for r in docs for s, t, st, tt, score in r["beads"]]
        seen: set[tuple[str, str]] = set()
        kept, duplicates, below = [], 0, 0
        for p in every:
            if not p.matched:
                continue
            if p.score < min_score:
                below += 1
                continue
            key = (p.src_text, p.tgt_text)
            if key in seen:
                duplicates += 1
                continue
            seen.add(key)
            kept.append(p)
        paths = write_pairs(kept, src, tgt, out, "corpus", [f for f in formats if f != "jsonl"])
        if "jsonl" in formats:  # every bead of every document, unmatched ones included
            target = out / f"corpus.{src}-{tgt}.jsonl"
            paths += write_atomically({target: (lambda ps, h: write_jsonl(ps, h), every)})
        written += [str(p) for p in paths]
        stats[f"{src}-{tgt}"] = {"documents": len(docs), "pairs": len(kept), "duplicates_removed": duplicates, "below_min_score": below,
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
        handle.write("\t".join(str(c).replace("\t", " ") for c in cells) + "\n")


def _write_unpaired(unpaired: list[tuple[str, str]], handle) -> None:
    handle.write("side\tpath\n")
    for side, path in unpaired:
        handle.write(f"{side}\t{path}\n")
