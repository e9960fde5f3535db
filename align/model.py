"""The plain data every stage after alignment reads: sentences, pairs, alignments.

An ``Alignment`` holds the sentences of both sides and the beads that pair
them.  ``Pair`` is the one pair model: exporters, the quality checks, the
corpus store and notebooks all read pairs through ``Alignment.pairs()`` and
serialise them through ``Pair.to_dict``/``Pair.from_dict``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterator

import numpy as np

from .core import Side, structure
from .core.aligner import Bead
from .core.similarity import pair_similarity


@dataclass(frozen=True)
class Sentence:
    text: str
    line: int  # 0-based line of the document where the sentence stands
    time: tuple[float, float] | None = None  # seconds, for a sentence of a subtitle file
    paragraph: int | None = None  # number of the paragraph (or heading, list item) it stands in


def side_of(sentences: list[Sentence], emb: np.ndarray) -> Side:
    """What the aligner sees of sentences: their embeddings, texts, and times and paragraph starts where known."""
    times = np.array([s.time for s in sentences], dtype=np.float64) if sentences and all(s.time for s in sentences) else None
    paragraphs = [s.paragraph for s in sentences]
    starts = structure.starts(paragraphs) if sentences and None not in paragraphs else None
    return Side.of([s.text for s in sentences], emb, times, starts)


@dataclass(frozen=True)
class Pair:
    """One bead with its texts: ``src``/``tgt`` are 0-based sentence indices.

    ``document`` names the source document when pairs of a corpus are pooled.
    ``src_parts``/``tgt_parts`` hold the sentences of a side with more than
    one (so that a reviewer can split the bead again); ``review`` says what a
    human did to the pair: ``"confirmed"`` or ``"changed"`` (``align review``).
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    src_text: str
    tgt_text: str
    score: float
    document: str | None = None
    src_parts: tuple[str, ...] = ()
    tgt_parts: tuple[str, ...] = ()
    review: str | None = None

    @classmethod
    def of(cls, src: tuple[int, ...], tgt: tuple[int, ...], src_sentences: tuple[str, ...], tgt_sentences: tuple[str, ...],
           score: float, document: str | None = None, review: str | None = None) -> Pair:
        """A pair from its sentences: the texts joined, the sentences kept where a side has several."""
        return cls(src, tgt, " ".join(src_sentences), " ".join(tgt_sentences), score, document,
                   src_sentences if len(src_sentences) > 1 else (), tgt_sentences if len(tgt_sentences) > 1 else (), review)

    def sentences(self, side: str) -> tuple[str, ...]:
        """The texts of a side's sentences, one per index."""
        ids, text, parts = (self.src, self.src_text, self.src_parts) if side == "src" else (self.tgt, self.tgt_text, self.tgt_parts)
        if len(parts) == len(ids):
            return parts
        return (text,) if len(ids) == 1 else ()

    @property
    def kind(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"

    @property
    def matched(self) -> bool:
        return bool(self.src) and bool(self.tgt)

    def to_dict(self) -> dict:
        """The JSON form (JSONL lines, the corpus store, the check report)."""
        record = {
            "src": list(self.src),
            "tgt": list(self.tgt),
            "src_text": self.src_text,
            "tgt_text": self.tgt_text,
            "score": self.score,
        }
        if self.document is not None:
            record["document"] = self.document
        if len(self.src_parts) > 1:
            record["src_parts"] = list(self.src_parts)
        if len(self.tgt_parts) > 1:
            record["tgt_parts"] = list(self.tgt_parts)
        if self.review is not None:
            record["review"] = self.review
        return record

    @classmethod
    def from_dict(cls, record: dict) -> Pair:
        return cls(tuple(record["src"]), tuple(record["tgt"]), record["src_text"], record["tgt_text"],
                   float(record["score"]), record.get("document"), tuple(record.get("src_parts", ())),
                   tuple(record.get("tgt_parts", ())), record.get("review"))


@dataclass
class Alignment:
    """Sentences of two languages and the beads that pair them."""

    src_lang: str
    tgt_lang: str
    src: list[Sentence]
    tgt: list[Sentence]
    beads: list[Bead]
    encoder: str = ""
    encoder_calls: int = 0
    src_embeddings: np.ndarray | None = field(default=None, repr=False)  # one unit row a sentence
    tgt_embeddings: np.ndarray | None = field(default=None, repr=False)
    reviews: dict = field(default_factory=dict)  # (src ids, tgt ids) -> "confirmed"/"changed" of pairs a person made

    def similarity(self) -> np.ndarray:
        """Cosine of every source sentence with every target sentence (for plots)."""
        self._need_embeddings()
        return self.src_embeddings @ self.tgt_embeddings.T

    def pair_similarity(self, bead: Bead, src_joined=None, tgt_joined=None) -> float:
        """Cosine of a bead's two sides (``core.similarity.pair_similarity``)."""
        self._need_embeddings()
        src_len = np.array([len(self.src[i].text) for i in bead.src], dtype=np.float64)
        tgt_len = np.array([len(self.tgt[j].text) for j in bead.tgt], dtype=np.float64)
        return pair_similarity(self.src_embeddings[list(bead.src)], src_len, self.tgt_embeddings[list(bead.tgt)], tgt_len,
                               src_joined, tgt_joined)

    def _need_embeddings(self) -> None:
        if self.src_embeddings is None or self.tgt_embeddings is None:
            raise ValueError("this alignment was built without sentence embeddings")

    def pairs(self) -> Iterator[Pair]:
        for bead in self.beads:
            yield Pair.of(bead.src, bead.tgt, tuple(self.src[i].text for i in bead.src),
                          tuple(self.tgt[j].text for j in bead.tgt), bead.score,
                          review=self.reviews.get((bead.src, bead.tgt)))

    def summary(self) -> dict:
        matched = [b for b in self.beads if b.src and b.tgt]
        return {
            "src_lang": self.src_lang,
            "tgt_lang": self.tgt_lang,
            "src_sentences": len(self.src),
            "tgt_sentences": len(self.tgt),
            "pairs": len(matched),
            "unmatched_src": sum(1 for b in self.beads if b.src and not b.tgt),
            "unmatched_tgt": sum(1 for b in self.beads if b.tgt and not b.src),
            "mean_score": round(sum(b.score for b in matched) / len(matched), 4) if matched else 0.0,
            "bead_kinds": dict(sorted(Counter(f"{len(b.src)}-{len(b.tgt)}" for b in self.beads).items())),
            "encoder": self.encoder,
            "encoder_calls": self.encoder_calls,
        }

    def to_records(self) -> list[dict]:
        """One dict per bead: what a DataFrame shows (the pair, its kind and first lines)."""
        return [
            {
                **p.to_dict(),
                "kind": p.kind,
                "src_line": self.src[p.src[0]].line if p.src else None,
                "tgt_line": self.tgt[p.tgt[0]].line if p.tgt else None,
            }
            for p in self.pairs()
        ]

    def to_dataframe(self):
        """The beads as a pandas DataFrame (the ``study`` extra)."""
        from .options import require

        require("study")
        import pandas as pd

        return pd.DataFrame(self.to_records())
