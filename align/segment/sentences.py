"""Split paragraphs into sentences.

A period ends a sentence only when what follows can start one (a capital, a
digit, an opening quote, or a letter of a script without case) and what
precedes it is not an abbreviation of the language (``z.``, ``znj.``, ``Mr.``,
``U.S.``), an initial (``John F. Kennedy``) or, in languages that write
ordinals with a period, a day or rank (``am 3. Mai``).  Numbers such as
``600.000`` or ``3.5`` never qualify because no space follows their period.
The abbreviation lists live in ``align/abbreviations/<lang>.txt``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

_OPENERS = "\"'“‘«„‚(["
_CLOSERS = "\"'”’»)]"
# Terminal punctuation, then closing quotes or brackets, then a space.
_CANDIDATE = re.compile(rf"[.!?…]+[{re.escape(_CLOSERS)}]*(?=\s+(\S+))")
# Scripts that do not put a space after the full stop.
_CJK_STOP = re.compile(r"[。！？]+[」』）”]*")
_LETTER_DOT = re.compile(r"^\w\.")
_ACRONYM = re.compile(r"^(?:\w{1,3}\.)+\w{1,3}$")
# Languages that write ordinal numbers with a period ("am 3. Mai").
_ORDINAL_DOT = frozenset(
    "de da nb no fi cs sk sl hr sr bs hu pl et lv lt tr is".split()
)


@lru_cache(maxsize=None)
def abbreviations(lang: str | None) -> tuple[frozenset[str], frozenset[str]]:
    """Return (always-abbreviations, before-number abbreviations), lower-cased."""
    always: set[str] = set()
    numeric: set[str] = set()
    folder = resources.files(__package__) / "abbreviations"
    for name in ("_all", lang or ""):
        path = folder / f"{name}.txt"
        if not name or not path.is_file():
            continue
        target = always
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line == "[before-number]":
                target = numeric
                continue
            target.add(line.lower())
    return frozenset(always), frozenset(numeric)


def split_sentences(paragraph: str, lang: str | None = None) -> list[str]:
    """Split one paragraph (no newlines expected) into stripped sentences."""
    text = " ".join(paragraph.split())
    if not text:
        return []
    cuts = [m.end() for m in _CJK_STOP.finditer(text)]
    for m in _CANDIDATE.finditer(text):
        if _ends_sentence(text, m.start(), m.group(0), m.group(1), lang):
            cuts.append(m.end())
    pieces, start = [], 0
    for cut in sorted(set(cuts)):
        piece = text[start:cut].strip()
        if piece:
            pieces.append(piece)
        start = cut
    tail = text[start:].strip()
    if tail:
        pieces.append(tail)
    return pieces


def _ends_sentence(text: str, at: int, punct: str, following: str, lang: str | None) -> bool:
    first = following.lstrip(_OPENERS)[:1] or following[:1]
    if not _can_start(first):
        return False
    if "." not in punct[:1]:
        return True  # ! ? … before a capital
    word = text[:at].rsplit(" ", 1)[-1].lstrip(_OPENERS)
    if not word:
        return True
    if word[-1] in _CLOSERS:
        return True  # “Give Peace a Chance”. Next
    always, numeric = abbreviations(lang)
    low = word.lower()
    if low in always or (low in numeric and first.isdigit()):
        return False
    if len(word) == 1 and word.isupper():
        return False  # an initial
    if len(word) == 1 and word.isalpha() and _LETTER_DOT.match(following):
        return False  # the first letter of "z. B.", "d. h.", "т. е.", "i. e."
    if _ACRONYM.match(word):
        return False  # U.S, p.sh, z.B
    if lang in _ORDINAL_DOT and word.isdigit() and len(word) <= 2:
        return False
    return True


def _can_start(ch: str) -> bool:
    if not ch:
        return False
    if ch.isdigit() or ch in _OPENERS or ch in "–—-•":
        return True
    if ch.isalpha():
        return ch.isupper() or not ch.islower()  # capitals, or scripts without case
    return False
