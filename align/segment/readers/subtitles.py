"""Subtitles (SRT, WebVTT): the cues' text, joined into lines that end where sentences end.

Numbers and timecodes are not text; the times are kept beside the lines
(``Document.times``), so that two subtitle files of one film can be aligned
with their timing as evidence.
"""

from __future__ import annotations

import re

from ... import options
from ...core.structure import ends_sentence
from ...errors import AlignError
from . import Document
from .text import decoded

# Formatting that subtitle files embed: HTML-like tags (<i>, <font color=...>, WebVTT's <v Speaker>, <c.x>,
# timestamps <00:01.000>) and ASS override codes ({\an8}).  Other text in angle brackets is text.
_TAGS = re.compile(r"</?(?:i|b|u|s|font|c|v|ruby|rt|lang)(?:[.\s][^>]*)?>|<\d[\d:.]*>|\{\\[^}]*\}", re.IGNORECASE)
_VTT_TIME = re.compile(r"^((?:\d+:)?\d{2}:\d{2}\.\d{3})\s*-->\s*((?:\d+:)?\d{2}:\d{2}\.\d{3})")


def read(data: bytes, name: str, fmt: str) -> Document:
    """An SRT (``fmt`` "srt") or WebVTT ("vtt") file: its lines, each with the time its cues span."""
    lines = (srt_lines if fmt == "srt" else vtt_lines)(data, name)
    return Document("\n".join(text for text, _, _ in lines) + "\n", times=[(start, end) for _, start, end in lines])


def srt_lines(data: bytes, name: str) -> list[tuple[str, float, float]]:
    """The lines of an SRT file with the time (seconds) their cues span."""
    options.require("documents", "srt")
    import srt

    try:
        cues = [(c.content, c.start.total_seconds(), c.end.total_seconds()) for c in srt.parse(decoded(data, name))]
    except srt.SRTParseError as exc:
        raise AlignError(f"{name}: not a readable SRT file ({exc})") from None
    return _lines(cues)


def vtt_lines(data: bytes, name: str) -> list[tuple[str, float, float]]:
    """The lines of a WebVTT file with the time (seconds) their cues span."""
    text = decoded(data, name)
    cues, current, span = [], [], None
    for line in text.split("\n") + [""]:
        timing = _VTT_TIME.match(line.strip())
        if timing:
            current, span = [], (_vtt_seconds(timing.group(1)), _vtt_seconds(timing.group(2)))
        elif not line.strip():
            if span and current:
                cues.append(("\n".join(current), *span))
            span = None
        elif span:
            current.append(line)
    if not cues:
        raise AlignError(f"{name}: a WebVTT file without cues")
    return _lines(cues)


def _vtt_seconds(stamp: str) -> float:
    parts = [float(p) for p in stamp.split(":")]
    return sum(p * 60 ** k for k, p in enumerate(reversed(parts)))


_WORD = re.compile(r"\w+")
_OPENING = "\"'“”‘«»„‚¿¡([-–— "


def _lines(cues) -> list[tuple[str, float, float]]:
    """Cues joined into lines that end where a sentence (or a clause with a colon or semicolon) ends,
    a sentence may run over several cues; each line with the start of its first cue and the end of its last.

    A title, byline or dateline has no full stop, yet the next cue starts a new sentence.  Such a
    cue ends a line too where the next one opens with a capitalised word that the file also writes
    in lower case: a common word capitalised because a sentence starts there ("In", "Und", "By").
    Names and German nouns are capitalised everywhere, so a sentence that runs on into one stays
    whole; scripts without case keep their own full stops.
    """
    cues = [(" ".join(_TAGS.sub("", cue).split()), start, end) for cue, start, end in cues]
    cues = [cue for cue in cues if cue[0]]
    lower = {w for text, _, _ in cues for w in _WORD.findall(text) if w.islower()}
    lines, current, first = [], [], 0.0
    for k, (text, start, end) in enumerate(cues):
        if not current:
            first = start
        current.append(text)
        if ends_sentence(text) or (not text.endswith(",") and k + 1 < len(cues) and _opens_sentence(cues[k + 1][0], lower)):
            lines.append((" ".join(current), first, end))
            current = []
    if current:
        lines.append((" ".join(current), first, end))
    return lines


def _opens_sentence(text: str, lower: set[str]) -> bool:
    head = _WORD.match(text.lstrip(_OPENING))
    return bool(head) and head.group()[0].isupper() and head.group().lower() in lower
