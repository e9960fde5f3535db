"""Bytes of a text-based format (HTML, subtitles) to a string, with the plain-text decoder's rules."""

from __future__ import annotations


def decoded(data: bytes, name: str) -> str:
    from ..read import decode

    return decode(data, name)
