"""Subtitles (SRT, WebVTT): the text of each cue on a line of its own; numbers and timecodes are not text."""

from __future__ import annotations

import re

from ... import options
from ...errors import AlignError
from .text import decoded

# Formatting that subtitle files embed: HTML-like tags (<i>, <font color=...>, WebVTT's <v Speaker>, <c.x>,
# timestamps <00:01.000>) and ASS override codes ({\an8}).  Other text in angle brackets is text.
_TAGS = re.compile(r"</?(?:i|b|u|s|font|c|v|ruby|rt|lang)(?:[.\s][^>]*)?>|<\d[\d:.]*>|\{\\[^}]*\}", re.IGNORECASE)
_VTT_TIME = re.compile(r"^(?:\d+:)?\d{2}:\d{2}\.\d{3}\s*-->")


def read_srt(data: bytes, name: str) -> str:
    options.require("documents", "srt")
    import srt

    try:
        cues = list(srt.parse(decoded(data, name)))
    except srt.SRTParseError as exc:
        raise AlignError(f"{name}: not a readable SRT file ({exc})") from None
    return _lines(cue.content for cue in cues)


def read_vtt(data: bytes, name: str) -> str:
    text = decoded(data, name)
    cues, current, in_cue = [], [], False
    for line in text.split("\n"):
        if _VTT_TIME.match(line.strip()):
            in_cue, current = True, []
        elif not line.strip():
            if in_cue and current:
                cues.append("\n".join(current))
            in_cue = False
        elif in_cue:
            current.append(line)
    if in_cue and current:
        cues.append("\n".join(current))
    if not cues:
        raise AlignError(f"{name}: a WebVTT file without cues")
    return _lines(cues)


# A cue that ends a sentence, or a clause with a colon or semicolon, ends a line; other cues run on.
_ENDS_SENTENCE = re.compile(r"[.!?…。！？:;][\"'”’»)\]]*$")


def _lines(cues) -> str:
    """Cues joined into lines that end where a sentence ends: a sentence may run over several cues."""
    lines, current = [], []
    for cue in cues:
        text = " ".join(_TAGS.sub("", cue).split())
        if not text:
            continue
        current.append(text)
        if _ENDS_SENTENCE.search(text):
            lines.append(" ".join(current))
            current = []
    if current:
        lines.append(" ".join(current))
    return "\n".join(lines) + "\n"
