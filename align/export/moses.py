"""Moses line-aligned text: ``NAME.SRC`` and ``NAME.TGT``, line k of one translating line k of the other.

The format every MT toolkit reads (Moses, fairseq, OpenNMT, Marian).  Only
beads with both sides are written; a newline or tab inside a text becomes a
space, so that the two files always have the same number of lines.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from ..model import Pair

_BREAKS = re.compile(r"[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")


def write_moses(pairs: Iterable[Pair], handle, side: int) -> None:
    for pair in pairs:
        if pair.matched:
            handle.write(one_line(pair.tgt_text if side else pair.src_text) + "\n")


def one_line(text: str) -> str:
    return _BREAKS.sub(" ", text).strip()


def read_moses(src: Path, tgt: Path) -> list[Pair]:
    left = src.read_text(encoding="utf-8").split("\n")
    right = tgt.read_text(encoding="utf-8").split("\n")
    if left[-1:] == [""] and right[-1:] == [""]:
        left, right = left[:-1], right[:-1]
    if len(left) != len(right):
        from ..errors import AlignError

        raise AlignError(f"{src} has {len(left)} lines but {tgt} has {len(right)}: not a Moses pair")
    return [Pair((k,), (k,), s, t, 1.0) for k, (s, t) in enumerate(zip(left, right))]
