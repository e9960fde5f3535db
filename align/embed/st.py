"""Any sentence-transformers model, by hub name or local folder (the ``align[st]`` extra)."""

from __future__ import annotations

import logging
import os
from typing import Sequence

import numpy as np

from .. import options
from ..errors import AlignError

BATCH = 32


class SentenceTransformerEncoder:
    def __init__(self, model: str, device: str | None = None):
        options.require("st")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        from sentence_transformers import SentenceTransformer

        self.name = f"st:{model}"
        try:
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # keep stderr for align's own messages
        except ImportError:  # pragma: no cover - transformers comes with sentence-transformers
            pass
        # for a name it cannot find, the library logs a warning before it raises: the error below says it once
        library_log = logging.getLogger("sentence_transformers")
        level = library_log.level
        library_log.setLevel(logging.ERROR)
        try:
            self._model = SentenceTransformer(model, device=device or "cpu")
        except Exception as exc:  # the library raises many types for a bad name
            raise AlignError(f"cannot load sentence-transformers model {model!r}: {_first_line(exc)}") from None
        finally:
            library_log.setLevel(level)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self._model.encode(
            list(texts), batch_size=BATCH, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
