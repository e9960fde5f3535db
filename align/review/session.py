"""A reviewer's corrections of an alignment, as pure edits on plain data.

``Review`` holds the sentences of both sides and the beads that pair them,
in document order.  Every edit (merge, split, move a sentence to the next
or previous pair, unmatch a sentence, edit a text, confirm) returns through
``apply`` and keeps the one invariant that matters: every sentence stands
in exactly one bead, and the beads keep the source side in document order
(the target side too, but for a passage the aligner found moved elsewhere,
``core/moved.py``).  The
browser page (``review.server``) only shows the state and sends edits; undo
and redo live here, so the page cannot lose a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from ..errors import AlignError
from ..core import Bead
from ..export.files import write_atomically
from ..export.jsonl import write_jsonl
from ..model import Alignment, Pair, Sentence

CONFIRMED, CHANGED = "confirmed", "changed"
# Calibrated scores: below this a pair is more likely wrong than right.
DOUBTFUL_SCORE = 0.5
HUMAN_SCORE = 1.0  # what a pair a person confirmed or made is worth to --min-score
SIDES = ("src", "tgt")


@dataclass(frozen=True)
class ReviewBead:
    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float
    review: str | None = None  # None: as the aligner left it

    def side(self, side: str) -> tuple[int, ...]:
        return self.src if side == "src" else self.tgt


@dataclass
class Review:
    """An alignment under review: sentences by index, beads in order, and the edit history."""

    src_lang: str
    tgt_lang: str
    src: dict[int, str]
    tgt: dict[int, str]
    beads: list[ReviewBead]
    document: str | None = None
    flags: dict = field(default_factory=dict)  # (src ids, tgt ids) -> flag dicts of ``align check``
    undone: list = field(default_factory=list, repr=False)
    history: list = field(default_factory=list, repr=False)

    # -- reading and writing ------------------------------------------------

    @classmethod
    def from_pairs(cls, pairs: list[Pair], src_lang: str, tgt_lang: str) -> Review:
        """Rebuild sentences from pairs (a multi-sentence side needs its ``*_parts``)."""
        documents = {p.document for p in pairs if p.document}
        if len(documents) > 1:
            raise AlignError(f"these pairs pool {len(documents)} documents: review one document's alignment at a time")
        texts: dict[str, dict[int, str]] = {"src": {}, "tgt": {}}
        beads = []
        for number, pair in enumerate(pairs, 1):
            for side in SIDES:
                ids = getattr(pair, side)
                parts = pair.sentences(side)
                if len(parts) != len(ids):
                    raise AlignError(f"pair {number}: {len(ids)} {side} sentences but not their texts "
                                     "(write the alignment as align's JSONL)")
                for i, text in zip(ids, parts):
                    if i in texts[side]:
                        raise AlignError(f"pair {number}: {side} sentence {i} is already in an earlier pair")
                    texts[side][i] = text
            beads.append(ReviewBead(pair.src, pair.tgt, pair.score, pair.review))
        review = cls(src_lang, tgt_lang, texts["src"], texts["tgt"], beads,
                     next((p.document for p in pairs if p.document), None))
        review.validate()
        return review

    @classmethod
    def load(cls, path: Path) -> Review:
        """A review from align's JSONL (a fresh alignment or a saved review)."""
        return cls.from_pairs(*read_alignment(path))

    def pairs(self) -> list[Pair]:
        return [Pair.of(b.src, b.tgt, tuple(self.src[i] for i in b.src), tuple(self.tgt[j] for j in b.tgt), b.score,
                        self.document, b.review) for b in self.beads]

    def alignment(self) -> Alignment:
        """The reviewed pairs as an ``Alignment`` (sentences renumbered densely, no embeddings).

        JSONL keeps no line numbers, so each sentence gets a line of its own:
        the checks then never take two sentences for one line cut in two.
        """
        src_ids, tgt_ids = sorted(self.src), sorted(self.tgt)
        src_at = {i: k for k, i in enumerate(src_ids)}
        tgt_at = {j: k for k, j in enumerate(tgt_ids)}
        beads = [Bead(tuple(src_at[i] for i in b.src), tuple(tgt_at[j] for j in b.tgt), b.score) for b in self.beads]
        return Alignment(self.src_lang, self.tgt_lang, [Sentence(self.src[i], k) for k, i in enumerate(src_ids)],
                         [Sentence(self.tgt[j], k) for k, j in enumerate(tgt_ids)], beads)

    def save(self, path: Path) -> Path:
        """Write the reviewed alignment as JSONL, all or nothing."""
        self.validate()
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically({path: (partial(write_jsonl, src_lang=self.src_lang, tgt_lang=self.tgt_lang), self.pairs())})
        return path

    def to_dict(self, texts: bool = True) -> dict:
        """What the page shows: sentences (unless ``texts`` is false), beads with their state, what undo/redo can do."""
        sentences = {"src": {str(i): t for i, t in self.src.items()}, "tgt": {str(j): t for j, t in self.tgt.items()}}
        return {
            "src_lang": self.src_lang,
            "tgt_lang": self.tgt_lang,
            **(sentences if texts else {}),
            "beads": [{"src": list(b.src), "tgt": list(b.tgt), "score": round(b.score, 4), "review": b.review,
                       "doubtful": self.doubtful(b), "flags": self.flags.get((b.src, b.tgt), [])} for b in self.beads],
            "can_undo": bool(self.history),
            "can_redo": bool(self.undone),
            "counts": self.counts(),
        }

    def counts(self) -> dict:
        return {
            "pairs": len(self.beads),
            "doubtful": sum(self.doubtful(b) for b in self.beads),
            "confirmed": sum(b.review == CONFIRMED for b in self.beads),
            "changed": sum(b.review == CHANGED for b in self.beads),
        }

    def doubtful(self, bead: ReviewBead) -> bool:
        """Worth a look: no person has seen it yet, and the aligner doubts it or ``align check`` flagged it."""
        return bead.review is None and (bead.score < DOUBTFUL_SCORE or bool(self.flags.get((bead.src, bead.tgt))))

    def validate(self) -> None:
        """Every sentence in exactly one bead, no empty bead; the source side in document order, and each
        bead's target sentences (a moved passage's pair stands where its source sentence does)."""
        seen = {side: [i for b in self.beads for i in b.side(side)] for side in SIDES}
        for side, ids in seen.items():
            if sorted(ids) != sorted(getattr(self, side)) or len(set(ids)) != len(ids):
                raise AlignError(f"the {side} sentences are not each in exactly one pair")
        if seen["src"] != sorted(seen["src"]) or any(list(b.tgt) != list(range(b.tgt[0], b.tgt[0] + len(b.tgt))) for b in self.beads if b.tgt):
            raise AlignError("the sentences are out of document order")
        if any(not b.src and not b.tgt for b in self.beads):
            raise AlignError("a pair with no sentences")

    # -- edits -----------------------------------------------------------------

    def apply(self, op: str, **args) -> None:
        """Run one edit by name (what the page sends); an edit that cannot be done raises AlignError."""
        edits = {
            "merge": self._merge, "split": self._split, "move": self._move, "unmatch": self._unmatch,
            "edit": self._edit, "confirm": self._confirm,
        }
        if op == "undo":
            return self._step(self.history, self.undone)
        if op == "redo":
            return self._step(self.undone, self.history)
        if op not in edits:
            raise AlignError(f"unknown edit {op!r}")
        before = self._snapshot()
        try:
            edits[op](**args)
            self.validate()
        except (TypeError, IndexError, KeyError, ValueError) as exc:
            self._restore(before)
            raise AlignError(f"cannot {op}: {exc}") from None
        except AlignError:
            self._restore(before)
            raise
        self.history.append(before)
        self.undone.clear()

    def _snapshot(self) -> tuple:
        return (tuple(self.beads), dict(self.src), dict(self.tgt))

    def _restore(self, state: tuple) -> None:
        beads, src, tgt = state
        self.beads, self.src, self.tgt = list(beads), dict(src), dict(tgt)

    def _step(self, take: list, put: list) -> None:
        if not take:
            raise AlignError("nothing to undo" if take is self.history else "nothing to redo")
        put.append(self._snapshot())
        self._restore(take.pop())

    def _bead(self, k: int) -> ReviewBead:
        if not 0 <= k < len(self.beads):
            raise AlignError(f"no pair {k}")
        return self.beads[k]

    def _merge(self, k: int) -> None:
        """Join pair ``k`` and the next one (two unmatched neighbours become a pair)."""
        a, b = self._bead(k), self._bead(k + 1)
        self.beads[k:k + 2] = [ReviewBead(a.src + b.src, a.tgt + b.tgt, HUMAN_SCORE, CHANGED)]

    def _split(self, k: int, src_at: int, tgt_at: int) -> None:
        """Cut pair ``k`` in two: the first ``src_at`` and ``tgt_at`` sentences stay, the rest form the next pair."""
        b = self._bead(k)
        if not (0 <= src_at <= len(b.src) and 0 <= tgt_at <= len(b.tgt)):
            raise AlignError("the cut is outside the pair")
        first = ReviewBead(b.src[:src_at], b.tgt[:tgt_at], HUMAN_SCORE, CHANGED)
        second = ReviewBead(b.src[src_at:], b.tgt[tgt_at:], HUMAN_SCORE, CHANGED)
        if not (first.src or first.tgt) or not (second.src or second.tgt):
            raise AlignError("both halves of a split need a sentence")
        self.beads[k:k + 1] = [first, second]

    def _move(self, k: int, side: str, direction: int) -> None:
        """Move the last (``direction`` +1) or first (-1) sentence of a side to the neighbouring pair."""
        if side not in SIDES or direction not in (1, -1):
            raise AlignError("move needs side src or tgt and direction 1 or -1")
        b, n = self._bead(k), self._bead(k + direction)
        ids = b.side(side)
        if not ids:
            raise AlignError(f"pair {k} has no {side} sentence to move")
        moved, kept = (ids[-1], ids[:-1]) if direction == 1 else (ids[0], ids[1:])
        into = (moved,) + n.side(side) if direction == 1 else n.side(side) + (moved,)
        b = _with(b, side, kept)
        n = _with(n, side, into)
        pair = [b, n] if direction == 1 else [n, b]
        start = min(k, k + direction)
        self.beads[start:start + 2] = [x for x in pair if x.src or x.tgt]

    def _unmatch(self, side: str, index: int) -> None:
        """Take the first or last sentence of a side out of its pair; it stands alone before or after it."""
        k = self._find(side, index)
        b = self.beads[k]
        ids = b.side(side)
        if not b.src or not b.tgt:
            raise AlignError("the sentence is already unmatched")
        if index not in (ids[0], ids[-1]):
            raise AlignError("only the first or last sentence of a side can leave its pair: split the pair first")
        alone = _with(ReviewBead((), (), HUMAN_SCORE), side, (index,))
        rest = _with(b, side, tuple(i for i in ids if i != index))
        new = [alone, rest] if index == ids[0] and len(ids) > 1 else [rest, alone]
        self.beads[k:k + 1] = [x for x in new if x.src or x.tgt]

    def _edit(self, side: str, index: int, text: str) -> None:
        """Correct a sentence's text (a typo, a broken character)."""
        texts = getattr(self, side) if side in SIDES else None
        if texts is None or index not in texts:
            raise AlignError(f"no {side} sentence {index}")
        text = " ".join(str(text).split())
        if not text:
            raise AlignError("a sentence cannot be empty: unmatch it instead")
        texts[index] = text
        k = self._find(side, index)
        self.beads[k] = replace(self.beads[k], score=HUMAN_SCORE, review=CHANGED)

    def _confirm(self, k: int) -> None:
        """Mark a pair right as it stands."""
        b = self._bead(k)
        self.beads[k] = replace(b, score=HUMAN_SCORE, review=CONFIRMED) if b.review is None else b

    def _find(self, side: str, index: int) -> int:
        for k, b in enumerate(self.beads):
            if index in b.side(side):
                return k
        raise AlignError(f"no {side} sentence {index}")


def read_alignment(path: Path) -> tuple[list[Pair], str, str]:
    """The pairs and languages of align's JSONL (an alignment or a saved review), refused in any other format."""
    from ..export.read import read_pairs

    if not path.name.lower().endswith(".jsonl"):
        raise AlignError(f"{path}: review opens align's JSONL (or two documents to align first)")
    pairs, src_lang, tgt_lang = read_pairs(path)
    if not pairs:
        raise AlignError(f"{path}: no pairs to review")
    return pairs, src_lang, tgt_lang


def _with(bead: ReviewBead, side: str, ids: tuple[int, ...]) -> ReviewBead:
    changed = replace(bead, score=HUMAN_SCORE, review=CHANGED)
    return replace(changed, src=ids) if side == "src" else replace(changed, tgt=ids)
