"""The documents of a corpus: a manifest, two folders, one folder, or documents paired by content."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .. import options
from ..core.stats import robust_z
from ..embed import cached_encoder
from ..errors import AlignError
from ..segment import read_text

DOC_CHARS = 2000  # characters of a document that go into its embedding for pairing
# How far (robust z-score) a document pair's similarity margin must stand above all cross pairs.
MIN_Z = 2.5


@dataclass(frozen=True)
class Task:
    id: str
    source: str
    target: str | None = None  # None: a mixed document


@dataclass
class Plan:
    tasks: list[Task]
    unpaired: list[tuple[str, str]] = field(default_factory=list)  # (side, path)


def tasks_from(inputs: list[Path], match: bool = False, encoder: str = options.ENCODER, root: Path | None = None) -> Plan:
    """Read a manifest, two folders, or one folder into tasks.

    A manifest's paths are relative to the manifest; with ``root``, every one
    must lie inside that folder.
    """
    if len(inputs) == 1 and inputs[0].is_file():
        return Plan(_manifest(inputs[0], root))
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
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts))
    if not files:
        raise AlignError(f"{folder}: no documents in this folder")
    return files


def _manifest(path: Path, root: Path | None = None) -> list[Task]:
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
        source = _listed(base, source, root, path, number)
        target = _listed(base, target, root, path, number) if target else None
        tasks.append(Task(name or Path(source).name, source, target))
    ids = [t.id for t in tasks]
    if len(set(ids)) != len(ids):
        tasks = [Task(f"{k:05d}-{t.id}", t.source, t.target) for k, t in enumerate(tasks)]
    if not tasks:
        raise AlignError(f"{path}: the manifest lists no documents")
    return tasks


def _listed(base: Path, name: str, root: Path | None, manifest: Path, number: int) -> str:
    """A manifest entry as a path: relative to the manifest, an existing file, inside ``root`` if given."""
    path = (base / name).resolve()
    if root is not None and not path.is_relative_to(root.resolve()):
        raise AlignError(f"{manifest}:{number}: {name} lies outside {root}")
    if not path.is_file():
        raise AlignError(f"{manifest}:{number}: no such file {name} (is {manifest.name} a manifest?)")
    return str(path)


def match_documents(left: list[Path], right: list[Path], encoder: str = options.ENCODER) -> Plan:
    """Pair documents by content: one embedding a document, a one-to-one assignment.

    A pair is accepted when its similarity stands out from all the cross pairs
    (robust z-score, as for passages) and neither document has a better free
    partner; the greedy order (most similar first) makes the result unique.
    One document a side has no cross pairs to stand out from: the two are paired.
    """
    if len(left) == 1 and len(right) == 1:
        return Plan([Task(f"{left[0].name}+{right[0].name}", str(left[0]), str(right[0]))])
    model = cached_encoder(encoder)
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
