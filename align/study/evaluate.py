"""Score an alignment against a gold one (Sennrich & Volk 2011).

*Strict*: a bead is right only if the gold alignment has exactly that bead.
*Lax*: it is right if it shares a sentence with a gold bead on both sides.
Precision counts every bead of the test alignment; recall counts only the
beads with two sides, on both, so unmatched sentences weigh on precision alone.
Gold files hold one bead a line, ``[src indices]:[tgt indices]``.
``reliability`` and ``calibration_error`` ask of the bead scores what strict
precision asks of the beads: is a bead scored p right p of the time?
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

BeadIds = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class Scores:
    strict_precision: float
    strict_recall: float
    strict_f1: float
    lax_precision: float
    lax_recall: float
    lax_f1: float

    def as_dict(self) -> dict:
        return {k: round(v, 4) for k, v in self.__dict__.items()}


def read_gold(path: str | Path) -> list[BeadIds]:
    beads = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            left, right = line.split(":")
            beads.append((tuple(json.loads(left)), tuple(json.loads(right))))
    return beads


def write_gold(beads: Iterable[BeadIds], path: str | Path) -> None:
    lines = [f"{list(s)}:{list(t)}" for s, t in beads]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def score(gold: Sequence[Sequence[BeadIds]], test: Sequence[Sequence[BeadIds]]) -> Scores:
    """Scores summed over documents: ``gold[k]`` and ``test[k]`` belong together."""
    p = [0, 0, 0]  # strict hits, lax hits, beads
    r = [0, 0, 0]
    for g, t in zip(gold, test):
        _count(p, g, t)
        _count(r, [b for b in t if b[0] and b[1]], [b for b in g if b[0] and b[1]])
    return Scores(
        *_prf(p[0], p[2], r[0], r[2]),
        *_prf(p[1], p[2], r[1], r[2]),
    )


def reliability(gold: Sequence[Sequence[BeadIds]], test: Sequence[Sequence[tuple]], bins: int = 10) -> list[tuple[float, float, int]]:
    """Bead scores against strict correctness, bin by bin: (mean score, share right, beads) per non-empty bin.

    ``test[k]`` holds document k's beads as (src, tgt, score); the scores fall
    in ``bins`` equal bins from 0 to 1.
    """
    groups: dict[int, list[tuple[float, bool]]] = {}
    for g, t in zip(gold, test):
        truth = {_norm(b) for b in g}
        for src, tgt, p in t:
            groups.setdefault(min(int(p * bins), bins - 1), []).append((p, _norm((src, tgt)) in truth))
    return [(sum(p for p, _ in v) / len(v), sum(r for _, r in v) / len(v), len(v)) for _, v in sorted(groups.items())]


def calibration_error(gold: Sequence[Sequence[BeadIds]], test: Sequence[Sequence[tuple]], bins: int = 10) -> float:
    """Expected calibration error: each bin's gap between mean score and share right (``reliability``),
    weighed by its beads.  0 means a score of p is right p of the time."""
    return expected_error(reliability(gold, test, bins))


def expected_error(rows: Sequence[tuple[float, float, int]]) -> float:
    """The calibration error of ``reliability``'s bins, for a caller that has them already (a plot)."""
    return sum(abs(p - r) * k for p, r, k in rows) / max(sum(k for _, _, k in rows), 1)


def wrong_beads(gold: Sequence[BeadIds], test: Sequence[BeadIds]) -> list[BeadIds]:
    """Test beads that the gold alignment does not have (strict errors)."""
    truth = {_norm(b) for b in gold}
    return [b for b in test if _norm(b) not in truth]


def _norm(bead) -> BeadIds:
    return tuple(bead[0]), tuple(bead[1])


def _count(acc: list[int], gold, test) -> None:
    truth = {_norm(b) for b in gold if b[0] or b[1]}
    partners: dict[int, set[int]] = {}
    for src, tgt in truth:
        for i in src:
            partners.setdefault(i, set()).update(tgt)
    for bead in {_norm(b) for b in test if b[0] or b[1]}:
        acc[2] += 1
        if bead in truth:
            acc[0] += 1
            acc[1] += 1
        elif set(bead[1]) & set().union(*(partners.get(i, set()) for i in bead[0])):
            acc[1] += 1


def _prf(p_hits: int, p_total: int, r_hits: int, r_total: int) -> tuple[float, float, float]:
    precision = p_hits / p_total if p_total else 0.0
    recall = r_hits / r_total if r_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
