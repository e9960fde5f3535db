"""Language tags: every code align writes is a valid BCP-47 tag.

A code goes into file names and into TMX ``xml:lang``, so it is checked
before it touches either: ``en``, ``zh-cn`` (langdetect's spelling) and
``english`` become ``en``, ``zh-CN`` and ``en``; anything else is refused.
"""

from __future__ import annotations

import re

from .errors import AlignError

_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
_NAME = re.compile(r"[^\W\d_]+(?:[ -][^\W\d_]+)*")


def language_tag(value: str) -> str:
    """The standard tag for a language code or an English (or native) language name."""
    import langcodes

    text = value.strip()
    if _TAG.fullmatch(text) and langcodes.tag_is_valid(text):
        return langcodes.standardize_tag(text)
    if _NAME.fullmatch(text):
        try:
            found = langcodes.find(text)
        except LookupError:
            found = None
        if found is not None and found.language:
            return found.to_tag()
    raise AlignError(f"unknown language {value!r}: give a code such as en, sq or zh-CN")
