"""Names a document writes differently in its two languages, learned from its own pairs.

The names signal compares names written the same on both sides (*Winston*,
*NATO*). Many are not: *Oldspeak* is *óbeszél*, the *Balkans* *Ballkani*, and
between scripts (*Winston*, *Уинстон*) none is. A translator renders a name
the same way throughout, so the document's own pairs teach its renderings:
a word capitalised inside the translation's sentences and a source word
that keep company in most of the pairs where either occurs. Words are
compared by their first letters, accents folded, which covers inflection
(*óbeszélre*, *óbeszélnek*) without a stemmer for each language.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

# Chosen on planted errors in six directions at once (de-fr, hu-en, sq-en and back; README, "renderings"):
PREFIX = 5  # letters that identify a word across its inflected forms (6 the same; 4 and 7 find fewer names)
MIN_PAIRS = 3  # pairs a rendering must be seen in (2 the same, 4 finds one planted error fewer)
MIN_DICE = 0.8  # share of the two words' pairs that hold both (0.7, 0.75 flag more untouched pairs, 0.9 finds 2 names fewer)
# A translation that capitalises this share of the words inside its sentences or more capitalises
# its nouns (German 0.36; French 0.06, English 0.05 to 0.16 with a news article's names): a capital
# there marks no name, and *Route*, *Nacht*, *Augenblick* would be learned as names.
NOUN_CAPITALS = 0.25
_LETTERS = re.compile(r"[^\W\d_]{4,}")


@dataclass(frozen=True, order=True)
class Rendering:
    """A source word and the capitalised target word that translates it, by key (see ``key``), with
    the target word's forms seen beside the source word (*Schnee* is not *Schneeloch*)."""

    src: str
    tgt: str
    forms: frozenset[str] = field(default=frozenset(), compare=False)

    def written(self, word: str) -> bool:
        """``word`` is one of the target forms, or one with an ending of up to three letters."""
        return any(word.startswith(f) and len(word) - len(f) <= 3 for f in self.forms)


def folded(word: str) -> str:
    """Without accents: names lose or gain them between languages (André, Andre)."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def key(word: str) -> str:
    """The first letters of a word in lower case without accents: one key for its inflected forms."""
    return folded(word.lower())[:PREFIX]


def keys(sentences: list[str]) -> set[str]:
    """Every word's key (words of four letters or more)."""
    return {key(w) for s in sentences for w in _LETTERS.findall(s)}


def capitalised_forms(sentences: list[str]) -> dict[str, set[str]]:
    """Key -> words, for the capitalised words inside the sentences (a sentence's first word is
    capitalised in any language, so it does not count)."""
    found: dict[str, set[str]] = {}
    for s in sentences:
        for w in _LETTERS.findall(s)[1:]:
            if w[0].isupper():
                found.setdefault(key(w), set()).add(w)
    return found


def learn(pairs: list[tuple[list[str], list[str]]]) -> list[Rendering]:
    """The renderings of a document's aligned pairs (source sentences, target sentences).

    A source key and a capitalised target key are a rendering when they share
    at least ``MIN_PAIRS`` pairs, their Dice coefficient is ``MIN_DICE`` or
    more, each is the other's best partner, and neither key starts the other
    (*Ried*, *Rieder*: names written the same are the names signal's own).
    None where the translation capitalises its nouns.
    """
    inner = [w[0].isupper() for _, tgt in pairs for s in tgt for w in _LETTERS.findall(s)[1:]]
    if not inner or sum(inner) >= NOUN_CAPITALS * len(inner):
        return []
    read = [(keys(src), keys(tgt), capitalised_forms(tgt)) for src, tgt in pairs]
    src_count, tgt_count, both = Counter(), Counter(), Counter()
    for s, t, names in read:
        src_count.update(s)
        tgt_count.update(t)
        both.update((a, b) for a in s for b in names)
    best_src: dict[str, tuple[float, str]] = {}
    best_tgt: dict[str, tuple[float, str]] = {}
    for (a, b), n in both.items():
        if n < MIN_PAIRS:
            continue
        dice = 2 * n / (src_count[a] + tgt_count[b])
        best_src[a] = max(best_src.get(a, (0.0, "")), (dice, b))
        best_tgt[b] = max(best_tgt.get(b, (0.0, "")), (dice, a))
    chosen = {a: b for a, (dice, b) in best_src.items()
              if dice >= MIN_DICE and best_tgt[b][1] == a and not (a.startswith(b) or b.startswith(a))}
    forms = {a: set() for a in chosen}
    for s, _, names in read:
        for a in s & chosen.keys():
            forms[a] |= names.get(chosen[a], set())
    return sorted(Rendering(a, b, frozenset(forms[a])) for a, b in chosen.items())
