"""Negation word lists against real translations: the gettext catalogs this machine has installed.

    python benchmarks/negation.py
    python benchmarks/negation.py --langs ro pt

`align check` flags a pair where one side negates and the other does not,
using a short list of negation words per language (``check.NEGATION``).  A
list is only as good as its cover: a language it misses gets no negation
signal at all, and a word it lacks reads as a lost negation.  Every program
on a Debian machine ships its interface messages translated (``catalogs.py``):
English messages beside human translations into dozens of languages.  For
each language with a list, over messages of four English words or more, the
report gives:

- recall: of the messages whose English negates, the share whose translation
  has a word of the language's list;
- precision: of the translations that have one, the share whose English
  negates too;
- one-sided: the share of all messages where exactly one side negates, which
  is what the check's other gates (lower similarity than usual, or the sides
  agreeing better without the word) must then sort out.

Interface text says "Could not" where a translation says "impossible", so
every language, English's list included, loses some recall here that prose
would not; the lists are compared with each other, on the same kind of text.
The figures depend on which packages the machine has installed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align.review.check import NEGATION, _negation_hits  # noqa: E402
from benchmarks.catalogs import messages  # noqa: E402
from benchmarks.harness import machine, save_results  # noqa: E402


def measure(lang: str) -> dict | None:
    catalogs, pairs = messages(lang)
    if not pairs:
        return None
    english = [bool(_negation_hits(e, "en", NEGATION["en"])) for e, _ in pairs]
    other = [bool(_negation_hits(t, lang, NEGATION[lang])) for _, t in pairs]
    both = sum(a and b for a, b in zip(english, other))
    return {"catalogs": catalogs, "pairs": len(pairs), "english_negates": sum(english),
            "recall": round(both / max(sum(english), 1), 3), "precision": round(both / max(sum(other), 1), 3),
            "one_sided": round(sum(a != b for a, b in zip(english, other)) / len(pairs), 3)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--langs", nargs="*", help="languages to measure (default: every list but English's)")
    args = parser.parse_args()
    langs = args.langs or sorted(set(NEGATION) - {"en"})
    unknown = [lang for lang in langs if lang not in NEGATION]
    if unknown:
        print(f"error: no negation list for {', '.join(unknown)}", file=sys.stderr)
        return 2
    results = {}
    print(f"{'lang':5} {'catalogs':>8} {'pairs':>7} {'en neg':>7} {'recall':>7} {'precision':>9} {'one-sided':>9}")
    for lang in langs:
        row = measure(lang)
        if row is None:
            print(f"{lang:5} no catalogs")
            continue
        results[lang] = row
        print(f"{lang:5} {row['catalogs']:8d} {row['pairs']:7d} {row['english_negates']:7d} {row['recall']:7.3f} "
              f"{row['precision']:9.3f} {row['one_sided']:9.3f}")
    path = save_results("negation", {"machine": machine(), "languages": results})
    print(f"saved {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
