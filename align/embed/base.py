"""The encoder protocol, and the cache every stage embeds through."""

from __future__ import annotations

from typing import Protocol, Sequence, runtime_checkable

import numpy as np

from .. import options
from ..progress import Progress, silent

BATCH = 32


@runtime_checkable
class Encoder(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts as unit-length float32 rows of shape (len(texts), dim)."""


class CachedEncoder:
    """Wraps an encoder so that each distinct text is embedded once.

    ``calls`` counts the texts sent to the model, which is what the benchmarks
    report as encoder calls.  ``progress`` receives one stage per ``encode``
    call that has work to do, with its total.  A text longer than
    ``options.MAX_ENCODER_CHARS`` is embedded from its beginning (the encoder
    reads no more anyway, but tokenising a megabyte takes minutes); the text
    itself is never shortened.
    """

    def __init__(self, encoder: Encoder, progress: Progress = silent):
        self.encoder = encoder
        self.name = encoder.name
        self.calls = 0
        self.progress = progress
        self._cache: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str], label: str = "embedding") -> np.ndarray:
        # shortest first: a batch then holds texts of similar length, and the
        # encoder pads less (the embeddings do not depend on the batch)
        todo = sorted(dict.fromkeys(t for t in texts if t not in self._cache), key=len)
        if todo:
            with self.progress.stage(label, len(todo), unit="texts") as advance:
                for i in range(0, len(todo), BATCH):
                    batch = todo[i : i + BATCH]
                    clipped = [t[: options.MAX_ENCODER_CHARS] for t in batch]
                    for text, vector in zip(batch, self.encoder.encode(clipped)):
                        self._cache[text] = vector
                    self.calls += len(batch)
                    advance(len(batch))
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])
