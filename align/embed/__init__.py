"""Sentence encoders: one small protocol, one module per backend, a registry.

    from align.embed import load_encoder
    encoder = load_encoder("e5")              # embedded multilingual-e5-small
    encoder = load_encoder("st:LaBSE")        # any sentence-transformers model

Every encoder returns L2-normalised float32 rows, so a dot product is a cosine.
A new backend is one module with a class that has ``name`` and ``encode``, and
one entry in ``BACKENDS`` (a spec prefix and a factory).
"""

from __future__ import annotations

from typing import Callable

from .. import options
from ..errors import AlignError
from .base import CachedEncoder, Encoder


def _e5(rest: str) -> Encoder:
    from .e5 import E5Encoder

    return E5Encoder()


def _st(rest: str) -> Encoder:
    from .st import SentenceTransformerEncoder

    return SentenceTransformerEncoder(rest)


# spec prefix -> (factory taking what follows the prefix, whether a name must follow)
BACKENDS: dict[str, tuple[Callable[[str], Encoder], bool]] = {
    "e5": (_e5, False),
    "st:": (_st, True),
}


def load_encoder(spec: str = options.ENCODER) -> Encoder:
    """Build an encoder from a spec: ``e5`` or ``st:MODEL``."""
    for prefix, (factory, needs_name) in BACKENDS.items():
        if needs_name and spec.startswith(prefix) and len(spec) > len(prefix):
            return factory(spec[len(prefix):])
        if not needs_name and spec == prefix:
            return factory("")
    raise AlignError(f"unknown encoder {spec!r}: use 'e5' or 'st:MODEL' (a name or a local path)")


def cached_encoder(encoder: Encoder | str) -> CachedEncoder:
    """An encoder that embeds each text once, from a spec such as "e5" or an encoder object."""
    if isinstance(encoder, CachedEncoder):
        return encoder
    return CachedEncoder(load_encoder(encoder) if isinstance(encoder, str) else encoder)


__all__ = ["BACKENDS", "CachedEncoder", "Encoder", "cached_encoder", "load_encoder"]
