"""Human translations in many languages that every Debian machine has: the programs' gettext catalogs.

Each program ships its interface messages translated
(``/usr/share/locale/<lang>/LC_MESSAGES/*.mo``): English beside a translation
into dozens of languages, by people.  The dev suite's gold sets cover three
language pairs; these cover scripts and languages it does not (Arabic,
Hebrew, Greek, Cyrillic, Thai, Chinese, Japanese, Korean, Hindi...).  The
messages are short interface lines (headings, errors, option help) in the
order of their English key, so neighbours are often alike ("Cannot open
file", "Cannot open directory"): a hard case of short lines.

What a machine has depends on its installed packages; every benchmark that
reads them says how many messages it used.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

from benchmarks.harness import Document

LOCALE = Path("/usr/share/locale")
MIN_WORDS = 4  # English words a message needs: shorter ones are labels ("Open", "Save as")
# printf and brace placeholders, mnemonic underscores and ampersands, markup, escaped newlines
_MARKUP = re.compile(r"%[-+ #0-9.*]*[a-zA-Z]|\{[^}]*\}|&|_(?=\w)|<[^>]+>|\\n")


def messages(lang: str) -> tuple[int, list[tuple[str, str]]]:
    """(catalogs read, [(English, translation)]): one pair per English message, each on one line."""
    found: dict[str, str] = {}
    catalogs = 0
    for path in sorted((LOCALE / lang / "LC_MESSAGES").glob("*.mo")):
        try:
            with path.open("rb") as f:
                catalog = gettext.GNUTranslations(f)._catalog
        except (OSError, ValueError, UnicodeDecodeError):
            continue  # a catalog in an old charset or a broken file: not what is measured
        catalogs += 1
        for key, text in catalog.items():
            if isinstance(key, tuple):  # plural forms: the singular only
                if key[1] != 0:
                    continue
                key = key[0]
            english = " ".join(_MARKUP.sub(" ", key.split("\x04")[-1]).split())  # drop a message context
            text = " ".join(_MARKUP.sub(" ", text).split())
            if key and text and len(english.split()) >= MIN_WORDS and english != text:
                found.setdefault(english, text)
    return catalogs, list(found.items())


def document(lang: str) -> Document | None:
    """All of a language's messages as one gold 1-1 document, translation as source, English as target."""
    _, pairs = messages(lang)
    if not pairs:
        return None
    return Document(f"catalog-{lang}", [t for _, t in pairs], [e for e, _ in pairs],
                    [((k,), (k,)) for k in range(len(pairs))])


# scripts and families the dev suite lacks, and two it has in other languages (pt, ro)
LANGUAGES = ("ar", "el", "fi", "he", "hi", "ja", "ko", "pt", "ro", "ru", "th", "tr", "vi", "zh_CN")


def edited_documents(langs=LANGUAGES) -> list[tuple[Document, str, str]]:
    """Per language, a run of its messages with a paragraph dropped and one inserted (``stress.paragraph_edits``)."""
    from benchmarks.stress import paragraph_edits

    out = []
    for lang in langs:
        base = document(lang)
        if base is not None:
            out += [(doc, lang.split("_")[0], "en") for doc in paragraph_edits([base], f"catalog-{lang}", count=1)]
    return out
