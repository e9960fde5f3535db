"""The plain result objects every stage after alignment reads.

An ``Alignment`` holds the sentences of both sides and the beads that pair
them.  Exporters, the quality checks and notebooks all read it through
``Alignment.pairs()``, so there is one pair model for every output format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

import numpy as np

from .aligner import Bead


@dataclass(frozen=True)
class Sentence:
    text: str
    line: int  # 0-based line of the document where the sentence stands


@dataclass(frozen=True)
class Pair:
    """One bead with its texts: ``src``/``tgt`` are 0-based sentence indices.

    ``document`` names the source document when pairs of a corpus are pooled.
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    src_text: str
    tgt_text: str
    score: float
    document: str | None = None

    @property
    def kind(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"

    @property
    def matched(self) -> bool:
        return bool(self.src) and bool(self.tgt)


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

    def similarity(self) -> np.ndarray:
        """Cosine of every source sentence with every target sentence (for plots)."""
        if self.src_embeddings is None or self.tgt_embeddings is None:
            raise ValueError("this alignment was built without sentence embeddings")
        return self.src_embeddings @ self.tgt_embeddings.T

    def pairs(self) -> Iterator[Pair]:
        for bead in self.beads:
            yield Pair(
                bead.src,
                bead.tgt,
                " ".join(self.src[i].text for i in bead.src),
                " ".join(self.tgt[j].text for j in bead.tgt),
                bead.score,
            )

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
            "encoder": self.encoder,
            "encoder_calls": self.encoder_calls,
        }

    def to_records(self) -> list[dict]:
        """One dict per bead: what the JSONL export writes and what a DataFrame shows."""
        return [
            {
                "src": list(p.src),
                "tgt": list(p.tgt),
                "src_text": p.src_text,
                "tgt_text": p.tgt_text,
                "score": p.score,
                "kind": p.kind,
                "src_line": self.src[p.src[0]].line if p.src else None,
                "tgt_line": self.tgt[p.tgt[0]].line if p.tgt else None,
            }
            for p in self.pairs()
        ]

    def to_dataframe(self):
        """The beads as a pandas DataFrame (pandas is needed only here)."""
        import pandas as pd

        return pd.DataFrame(self.to_records())
