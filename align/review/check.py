"""Point a reviewer at the translation pairs that look wrong.

Every signal is read against the document itself, so that it means the same
whatever the encoder or language pair:

* **similarity**: the cross-lingual cosine of the pair, as a robust z-score
  among the document's pairs (raw cosines differ from encoder to encoder),
  after taking out what length explains (short pairs score lower everywhere);
* **length**: the length ratio of the pair against the document's own ratio,
  as a Gale-Church z-score (long pairs may stray less than short ones);
* **numbers**: figures that differ across the pair, after reading ``600.000``,
  ``600,000`` and ``600 000`` as one number;
* **names**: words the document copies across its languages (names, acronyms,
  codes) that one side of this pair lacks, inflected forms included, and
  names it renders differently (``renderings``) where one side lacks its half;
* **untranslated**: a target in the source language, or a copy of the source;
* **omission / addition**: sentences with no counterpart at all;
* **split/join**: the translation cut a sentence in two, or glued two (1-2,
  2-1, ...), within one line.

Each flag has a severity: *check* (worth a look) or *bad* (very likely wrong).
A pair's verdict is its worst flag; pairs are ranked by verdict, then by how
far their similarity falls below the document's.
"""

from __future__ import annotations

import math
import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace

import numpy as np

from ..core.stats import robust_z
from ..model import Alignment, Pair
from ..options import UNTRANSLATED_MIN_WORDS, require
from ..segment.passages import written_in
from . import renderings as rendered

SIMILARITY_BAD = -4.0  # robust z-scores below which a pair's meaning likely differs
SIMILARITY_CHECK = -3.0
MIN_PAIRS_FOR_LENGTH_FIT = 8
LENGTH_CHECK = 3.5
VERDICTS = ("ok", "check", "bad")
# Words that make a clause negative, per language: when one side of a pair has
# some and the other none, a negation was added or lost.  Free translations
# move negation into other words, so this flags for a look ("check"), never "bad".
NEGATION = {
    "en": {"not", "n't", "no", "never", "nothing", "nobody", "none", "neither", "nor", "cannot", "without"},
    "fr": {"ne", "n'", "non", "jamais", "rien", "aucun", "aucune", "sans", "ni"},
    "de": {"nicht", "kein*", "nie", "niemals", "nichts", "niemand*", "nirgends", "nirgendwo", "ohne", "weder"},
    "hu": {"nem", "sem", "se", "ne", "soha*", "semmi*", "senki*", "sehol", "sehova", "nincs*", "nélkül", "anélkül"},
    "sq": {"nuk", "s'", "mos", "jo", "asnjë", "kurrë", "askush", "asgjë"},
    "es": {"no", "nunca", "nada", "nadie", "ningún", "ninguna", "ninguno", "sin", "ni", "jamás"},
    "it": {"non", "mai", "niente", "nulla", "nessun", "nessuno", "nessuna", "senza", "né"},
    "pt": {"não", "nunca", "nada", "ninguém", "nenhum", "nenhuma", "nenhuns", "nenhumas", "sem", "nem", "jamais"},
    "gl": {"non", "nunca", "nada", "ninguén", "ningún", "ningunha", "sen", "nin", "xamais"},
    "ca": {"no", "mai", "res", "ningú", "sense", "ni"},
    "ro": {"nu", "n-", "niciodată", "nimic", "nimeni", "nimănui", "niciun*", "nicio", "nici", "fără"},
    "nl": {"niet", "geen", "nooit", "niets", "niks", "niemand", "nergens", "zonder", "noch"},
    "sv": {"inte", "ej", "icke", "aldrig", "ingen", "inget", "inga", "ingenting", "utan", "varken"},
    "da": {"ikke", "aldrig", "ingen", "intet", "ingenting", "uden", "hverken"},
    "no": {"ikke", "ikkje", "aldri", "ingen", "inga", "intet", "ingenting", "uten", "utan", "verken"},
    "is": {"ekki", "aldrei", "enginn", "engin", "ekkert", "án"},
    "fi": {"ei", "en", "et", "emme", "ette", "eivät", "älä", "älkää", "ilman"},
    "et": {"ei", "ära", "mitte", "pole", "ilma"},
    "pl": {"nie", "nigdy", "nic", "niczego", "niczym", "nikt", "nikogo", "nikomu", "żaden", "żadn*", "bez", "ani"},
    "sl": {"ne", "ni", "nikoli", "nič", "nihče", "brez", "niti"},
    "hr": {"ne", "nije", "nisu", "nisam", "nisi", "nismo", "niste", "nema", "nemam", "nemaju", "neću", "neće", "nemoj*",
           "nikad", "nikada", "ništa", "nitko", "niko", "nikoga", "bez", "ni"},
    "sr": {"ne", "nije", "nisu", "nisam", "nema", "neće", "nikad", "nikada", "ništa", "niko", "nikoga", "bez", "ni",
           "не", "није", "нису", "нисам", "нема", "неће", "никад", "никада", "ништа", "нико", "никога", "без", "ни"},
    "ru": {"не", "нет", "ни", "никогда", "ничего", "ничто", "никто", "никого", "никому", "нигде", "никуда", "никак*",
           "нельзя", "без"},
    "uk": {"не", "ні", "немає", "нема", "ніколи", "нічого", "ніщо", "ніхто", "нікого", "ніде", "без"},
    "bg": {"не", "няма", "никога", "нищо", "никой", "никоя", "никое", "никакъв", "никаква", "никакво", "без", "нито"},
    "mk": {"не", "нема", "никогаш", "ништо", "никој", "без", "ниту"},
    "el": {"δεν", "δε", "μην", "μη", "όχι", "ποτέ", "τίποτα", "τίποτε", "κανείς", "κανένας", "καμία", "κανένα", "χωρίς", "ούτε"},
    "id": {"tidak", "tak", "bukan", "jangan", "belum", "tanpa", "tiada", "tidaklah", "bukanlah"},
    "ar": {"لا", "لم", "لن", "ليس", "ليست", "ليسوا", "أبدا", "أبداً", "بدون", "دون"},
    "he": {"לא", "אין", "אינו", "אינה", "אינם", "אף", "בלי", "ללא", "מעולם", "שום"},
}
# one list under the other codes a language goes by (Bokmål, Nynorsk; Bosnian; Malay)
NEGATION |= {"nb": NEGATION["no"], "nn": NEGATION["no"], "bs": NEGATION["hr"], "ms": NEGATION["id"]}
# Words that negate only with a partner later in the sentence: French "ne ... que" means "only".
NEGATION_PARTNERS = {
    "fr": ({"ne", "n'"}, {"pas", "plus", "jamais", "rien", "personne", "aucun", "aucune", "guère", "point", "nul", "nulle", "ni"}),
}
NEGATION_BELOW_Z = -1.0
NEGATION_GAIN = 0.02  # cosine gained by leaving a lone negation word out (0.005, 0.01, 0.02 tried on de-fr, hu-en, sq-en at once)
NAMES_ALONE_BELOW_Z = -1.0
SPELT_OUT = 24  # numbers translations often write in words (hours, small counts)
CLAUSE_GAIN = 0.0  # for a similarity flag, leaving the part out must raise the cosine
LOOK_ALIKE = 0.75  # difflib ratio: one or two letters changed in a name of six to eight
# a word, with "n't", an elided vowel's apostrophe or a clitic's hyphen kept (French n'est, Albanian s'ka, Romanian n-am)
_NEGATION_WORD = re.compile(r"\w+(?:['’]t\b|['’-](?=\w))?")
_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d+)*")
_THOUSANDS = re.compile(r"^\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+$")
_DECIMAL = re.compile(r"^\d+[.,]\d+$")
_WORD = re.compile(r"\w+")


Span = tuple[str, int, int]  # ("src" or "tgt", start, end): character offsets in the pair's text


@dataclass(frozen=True)
class Flag:
    signal: str
    severity: str  # "check" or "bad"
    reason: str
    spans: tuple[Span, ...] = ()  # where in the pair's texts the problem is, when the signal can tell


@dataclass
class PairCheck:
    index: int  # position of the bead in the alignment
    pair: Pair
    similarity: float | None = None
    similarity_z: float | None = None
    length_z: float | None = None
    chrf: float | None = None
    bleu: float | None = None
    reference: str | None = None
    flags: list[Flag] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        return max((f.severity for f in self.flags), key=VERDICTS.index, default="ok")

    @property
    def risk(self) -> tuple:
        """Sort key, worst first: verdict, then number of flags, then low similarity."""
        z = self.similarity_z if self.similarity_z is not None else 0.0
        return (-VERDICTS.index(self.verdict), -len(self.flags), z, self.index)

    def to_dict(self) -> dict:
        return {
            "index": self.index,
            **self.pair.to_dict(),
            "similarity": _round(self.similarity),
            "similarity_z": _round(self.similarity_z, 2),
            "length_z": _round(self.length_z, 2),
            "chrf": _round(self.chrf, 1),
            "bleu": _round(self.bleu, 1),
            "reference": self.reference,
            "verdict": self.verdict,
            "flags": [asdict(f) for f in self.flags],
        }


@dataclass
class CheckReport:
    alignment: Alignment
    pairs: list[PairCheck]
    similarity_matrix: np.ndarray  # sentence x sentence cosine, for the heat map
    document: dict

    def ranked(self) -> list[PairCheck]:
        return sorted(self.pairs, key=lambda p: p.risk)

    def counts(self) -> dict:
        c = Counter(p.verdict for p in self.pairs)
        return {v: c.get(v, 0) for v in VERDICTS}

    def to_dict(self) -> dict:
        return {
            "src_lang": self.alignment.src_lang,
            "tgt_lang": self.alignment.tgt_lang,
            "document": self.document,
            "counts": self.counts(),
            "pairs": [p.to_dict() for p in self.pairs],
        }

    def to_dataframe(self):
        require("study")
        import pandas as pd

        rows = []
        for p in self.pairs:
            row = p.to_dict()
            row["reasons"] = "; ".join(f["reason"] for f in row.pop("flags"))
            rows.append(row)
        return pd.DataFrame(rows)

    def worst(self, verdict: str) -> bool:
        """True if some pair is at least as bad as ``verdict``."""
        level = VERDICTS.index(verdict)
        return any(VERDICTS.index(p.verdict) >= level for p in self.pairs)


def check_alignment(alignment: Alignment, encoder, references: list[str | None] | None = None) -> CheckReport:
    """Score every bead of an alignment; ``references`` holds one reference text per bead."""
    pairs = [PairCheck(k, p) for k, p in enumerate(alignment.pairs())]
    matched = [p for p in pairs if p.pair.matched]
    if matched:
        sims = np.array([_similarity(alignment, p, encoder) for p in matched])
        z = _similarity_z(sims, [p.pair for p in matched])
        length_z = _length_z([p.pair for p in matched])
        for p, s, zs, zl in zip(matched, sims, z, length_z):
            p.similarity, p.similarity_z, p.length_z = float(s), float(zs), float(zl)
    shared = _shared_words(alignment)
    learned = rendered.learn([(p.pair.sentences("src"), p.pair.sentences("tgt")) for p in matched])
    target_df = Counter(w for sentence in alignment.tgt for w in {w.lower() for w in _WORD.findall(sentence.text)})
    for p in pairs:
        p.flags = _flags(p, alignment, shared, target_df, learned)
    _weigh_negations(pairs, alignment, encoder)
    _locate_meaning(pairs, encoder)
    if references is not None:
        _score_references(pairs, references)
    if alignment.src_embeddings is not None and alignment.tgt_embeddings is not None:
        matrix = alignment.similarity()
    else:
        matrix = np.zeros((len(alignment.src), len(alignment.tgt)))
    document = {
        "pairs": len(matched),
        "unmatched_src": sum(1 for p in pairs if p.pair.src and not p.pair.tgt),
        "unmatched_tgt": sum(1 for p in pairs if p.pair.tgt and not p.pair.src),
        "median_similarity": _round(float(np.median([p.similarity for p in matched]))) if matched else None,
    }
    if references is not None:
        document.update(_corpus_reference_scores(pairs))
    return CheckReport(alignment, pairs, matrix, document)


def _similarity(alignment: Alignment, p: PairCheck, encoder) -> float:
    """The pair's cosine, with the real embedding of a multi-sentence side's joined text averaged in."""
    bead = alignment.beads[p.index]
    joined = [encoder.encode([text])[0] if len(ids) > 1 else None
              for ids, text in ((bead.src, p.pair.src_text), (bead.tgt, p.pair.tgt_text))]
    return alignment.pair_similarity(bead, *joined)


def _weigh_negations(pairs: list[PairCheck], alignment: Alignment, encoder) -> None:
    """A negation on one side only, in a pair as similar as usual: flag it if the sides agree better without it.

    Sentence embeddings barely see "not", but they see it a little: where
    leaving the negation word out brings the pair's cosine up by
    ``NEGATION_GAIN`` or more, the word is likely added (or its partner lost).
    Only pairs with a lone negation pay: two encoder calls each.
    """
    todo = []
    for p in pairs:
        if not p.pair.matched or any(f.signal == "negation" for f in p.flags):
            continue
        flag = _negation(p.pair.src_text, p.pair.tgt_text, alignment.src_lang, alignment.tgt_lang)
        if flag is not None:
            todo.append((p, flag))
    if not todo:
        return
    cases = []
    for p, flag in todo:
        side = flag.spans[0][0]
        kept = p.pair.src_text if side == "src" else p.pair.tgt_text
        for _, a, b in sorted(flag.spans, reverse=True):
            kept = kept[:a] + kept[b:]
        cases.append((p.pair, side, " ".join(kept.split())))
    for (p, flag), gain in zip(todo, _gains_without(cases, encoder)):
        if gain >= NEGATION_GAIN:
            p.flags.append(replace(flag, reason=f"{flag.reason}; the two sides agree better without it"))


def _locate_meaning(pairs: list[PairCheck], encoder) -> None:
    """Point a similarity or length flag at the part that explains it.

    For each pair so flagged, each part of a side (its clauses, cut at commas,
    semicolons, colons, brackets and dashes; a one-clause text, overlapping
    runs of a third of its words) is left out in turn; the part whose removal
    raises the pair's cosine most is what one side says and the other does
    not.  A similarity flag looks on both sides and needs a rise; a length
    flag knows the side that holds too much (the translation if it is longer,
    the source if shorter) and takes that side's best part, as some part of
    it must be the surplus.  Only flagged pairs pay for this: a few encoder
    calls each.
    """
    todo = [(p, f) for p in pairs for f in p.flags if f.signal in ("similarity", "length") and not f.spans]
    if not todo:
        return
    flagged = {id(p): p for p, _ in todo}
    cases, owners = [], []
    for key, p in flagged.items():
        for side, text in (("src", p.pair.src_text), ("tgt", p.pair.tgt_text)):
            for a, b in _parts(text):
                cases.append((p.pair, side, (text[:a] + text[b:]).strip()))
                owners.append((key, side, a, b))
    found: dict[int, list[tuple[float, str, int, int]]] = {key: [] for key in flagged}
    for (key, side, a, b), gain in zip(owners, _gains_without(cases, encoder)):
        found[key].append((gain, side, a, b))
    for p, flag in todo:
        if flag.signal == "length":
            sides, floor = ("tgt",) if p.length_z > 0 else ("src",), -math.inf
        else:
            sides, floor = ("src", "tgt"), CLAUSE_GAIN
        candidates = [c for c in found[id(p)] if c[1] in sides and c[0] > floor]
        if not candidates:
            continue
        _, side, a, b = max(candidates, key=lambda c: c[0])
        what = "the translation adds" if side == "tgt" else "the translation leaves out"
        p.flags[p.flags.index(flag)] = replace(flag, reason=f"{flag.reason}; {what} this part", spans=((side, a, b),))


def _gains_without(cases: list[tuple[Pair, str, str]], encoder) -> list[float]:
    """For each (pair, side, that side's text with a part left out): how much the pair's cosine rises without it."""
    if not cases:
        return []
    whole = encoder.encode([t for pair, _, _ in cases for t in (pair.src_text, pair.tgt_text)])
    cut = encoder.encode([text for _, _, text in cases])
    gains = []
    for k, (_, side, _) in enumerate(cases):
        src, tgt = whole[2 * k], whole[2 * k + 1]
        gains.append(float((tgt if side == "src" else src) @ cut[k]) - float(src @ tgt))
    return gains


_CLAUSE = re.compile(r"[^,;:()\[\]—–]+[,;:()\[\]—–]*")


def _clauses(text: str) -> list[tuple[int, int]]:
    """Offsets of the clauses of a text that have two words or more."""
    return [(m.start(), m.end()) for m in _CLAUSE.finditer(text) if len(m.group().split()) >= 2]


def _parts(text: str) -> list[tuple[int, int]]:
    """Offsets of the parts of a text that could be left out: its clauses, or for a text of one clause
    (no commas to cut at), overlapping runs of about a third of its words; none under four words."""
    clauses = _clauses(text)
    if len(clauses) >= 2:
        return clauses
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    n = len(words)
    if n < 4:
        return []
    size = max(2, math.ceil(n / 3))
    starts = sorted(set(range(0, n - size + 1, max(1, size // 2))) | {n - size})
    return [(words[i][0], words[i + size - 1][1]) for i in starts]


# -- signals -----------------------------------------------------------------


def _flags(p: PairCheck, alignment: Alignment, shared: set[str], target_df: Counter | None = None,
           renderings: Sequence[rendered.Rendering] = ()) -> list[Flag]:
    pair = p.pair
    src, tgt = pair.src_text, pair.tgt_text
    flags: list[Flag] = []
    if not pair.tgt:
        words = len(_WORD.findall(src))
        flags.append(Flag("omission", "bad" if words >= 3 else "check", "no translation: this source text has no counterpart",
                          (("src", 0, len(src)),)))
        return flags
    if not pair.src:
        words = len(_WORD.findall(tgt))
        flags.append(Flag("addition", "bad" if words >= 3 else "check", "added: this target text translates nothing in the source",
                          (("tgt", 0, len(tgt)),)))
        return flags
    untranslated = _untranslated(pair, alignment)
    if untranslated:
        flags.append(Flag("untranslated", "bad", untranslated, (("tgt", 0, len(tgt)),)))
    else:
        copied = _copied_phrase(src, tgt, target_df or Counter())
        if copied:
            flags.append(Flag("untranslated", "check", f"left in the source language: {tgt[copied[0]:copied[1]]!r}",
                              (("tgt", *copied),)))
    if p.similarity_z is not None and p.similarity_z <= SIMILARITY_CHECK:
        severity = "bad" if p.similarity_z <= SIMILARITY_BAD else "check"
        flags.append(Flag("similarity", severity, f"meaning seems to differ: similarity {p.similarity:.3f} is {-p.similarity_z:.1f} spreads below this document's pairs of that length"))
    if p.length_z is not None and abs(p.length_z) >= LENGTH_CHECK:
        side = "longer" if p.length_z > 0 else "shorter"
        flags.append(Flag("length", "check", f"the translation is much {side} than usual in this document (z {p.length_z:+.1f})"))
    missing_src, missing_tgt = _number_mismatch(src, tgt)
    if missing_src or missing_tgt:
        spans = _number_spans("src", src, missing_src) + _number_spans("tgt", tgt, missing_tgt)
        flags.append(Flag("numbers", "bad", f"numbers differ: source has {', '.join(missing_src) or 'none'}, translation has {', '.join(missing_tgt) or 'none'}", spans))
    lost = _missing_names(src, tgt, shared)
    found = _missing_names(tgt, src, shared)
    garbled = {name: _look_alike(name, tgt) for name in lost}
    garbled = {k: v for k, v in garbled.items() if v}
    lost_rendered, found_rendered = _missing_renderings(pair, renderings)
    lost, found = lost + lost_rendered, found + found_rendered
    if lost and not found and not garbled and (p.similarity_z is None or p.similarity_z >= NAMES_ALONE_BELOW_Z):
        lost = []  # a name the translation only leaves out, in a pair as similar as usual: a pronoun, most likely
    if lost or found:
        parts = []
        if lost:
            parts.append("missing in the translation: " + ", ".join(lost))
        if found:
            parts.append("not in the source: " + ", ".join(found))
        if garbled:
            parts.append("written " + ", ".join(f"{m.group()} for {name}" for name, m in garbled.items()))
        instead = _stand_ins(tgt, src) if lost and not garbled else []
        if instead:
            parts.append("in its place: " + ", ".join(m.group() for m in instead))
        spans = (_name_spans("src", src, lost) + _name_spans("tgt", tgt, found)
                 + tuple(("tgt", m.start(), m.end()) for m in [*garbled.values(), *instead]))
        flags.append(Flag("names", "check", "names or codes differ: " + "; ".join(parts), spans))
    # a faithful translation often moves negation into other words: a lone
    # negation word counts only where the pair is also less similar than usual
    negation = _negation(src, tgt, alignment.src_lang, alignment.tgt_lang)
    if negation and p.similarity_z is not None and p.similarity_z < NEGATION_BELOW_Z:
        flags.append(negation)
    if _split_within_a_line(pair, alignment):
        flags.append(Flag("split", "check", f"the translation {'splits' if len(pair.tgt) > len(pair.src) else 'joins'} sentences ({pair.kind})"))
    return flags


def _negation_hits(text: str, lang: str, words: set[str]) -> list[re.Match]:
    found = list(_NEGATION_WORD.finditer(text))
    needy, partners = NEGATION_PARTNERS.get(lang.split("-")[0], (set(), set()))
    hits = []
    for k, m in enumerate(found):
        word = m.group().lower().replace("’", "'")
        if word in needy and not any(w.group().lower() in partners for w in found[k + 1:]):
            continue
        if _negates(m.group(), words):
            hits.append(m)
    return hits


def _negates(word: str, words: set[str]) -> bool:
    """``words`` holds whole words, and stems ending in ``*`` (Hungarian ``semmi*``: semmit, semmire)."""
    word = word.lower().replace("’", "'")
    if word in words or (word.endswith("n't") and "n't" in words) or (word.endswith("-") and word[:-1] in words):
        return True
    return any(w.endswith("*") and word.startswith(w[:-1]) for w in words)


def _number_spans(side: str, text: str, missing: list[str]) -> tuple[Span, ...]:
    wanted = set(missing)
    return tuple((side, m.start(), m.end()) for m in _NUMBER.finditer(text) if normalise_number(m.group()) in wanted)


def _name_spans(side: str, text: str, names: list[str]) -> tuple[Span, ...]:
    return tuple((side, m.start(), m.end()) for m in _WORD.finditer(text) if any(_same_name(m.group(), n) for n in names))


def _negation(src: str, tgt: str, src_lang: str, tgt_lang: str) -> Flag | None:
    """One side negates and the other does not: a negation added or lost in translation."""
    words_s, words_t = NEGATION.get(src_lang.split("-")[0]), NEGATION.get(tgt_lang.split("-")[0])
    if not words_s or not words_t:
        return None
    hits_s = _negation_hits(src, src_lang, words_s)
    hits_t = _negation_hits(tgt, tgt_lang, words_t)
    if bool(hits_s) == bool(hits_t):
        return None
    side, hits = ("src", hits_s) if hits_s else ("tgt", hits_t)
    where = "source" if side == "src" else "translation"
    return Flag("negation", "check", f"only the {where} negates ({', '.join(m.group() for m in hits)})",
                tuple((side, m.start(), m.end()) for m in hits))


def _split_within_a_line(pair: Pair, alignment: Alignment) -> bool:
    """Several sentences on one line of one side against one on the other.

    Sentences that sit on different lines are a matter of layout (a dateline
    on two lines), not a translation that cut or glued sentences.
    """
    for ids, sentences in ((pair.src, alignment.src), (pair.tgt, alignment.tgt)):
        if len(ids) > 1 and len({sentences[i].line for i in ids}) == 1:
            return True
    return False


def normalise_number(token: str) -> str:
    """``600.000``, ``600,000`` and ``600 000`` -> ``600000``; ``3,5`` -> ``3.5``."""
    if _THOUSANDS.match(token):
        return re.sub(r"\D", "", token)
    if _DECIMAL.match(token):
        return token.replace(",", ".")
    return re.sub(r"\D", "", token)


def numbers(text: str) -> Counter:
    return Counter(normalise_number(t) for t in _NUMBER.findall(text))


def _number_mismatch(src: str, tgt: str) -> tuple[list[str], list[str]]:
    """Numbers on one side only, forgiving two ways of writing the same figures.

    A time written ``4.45`` on one side and ``4 h 45`` on the other has the
    same digits in the same order; a small number (up to ``SPELT_OUT``) on a
    side facing one with no digits at all was most likely written in words
    (*sechs Uhr*, *6 heures*).
    """
    a, b = numbers(src), numbers(tgt)
    only_a, only_b = sorted((a - b).elements()), sorted((b - a).elements())
    if _digits(only_a, src) == _digits(only_b, tgt):
        return [], []
    for mine, other in ((only_a, b), (only_b, a)):
        if not other and all(float(n) <= SPELT_OUT for n in mine):
            mine.clear()
    return only_a, only_b


def _digits(missing: list[str], text: str) -> str:
    """The digits of the missing numbers in the order the text has them."""
    wanted = Counter(missing)
    out = []
    for token in _NUMBER.findall(text):
        n = normalise_number(token)
        if wanted[n]:
            wanted[n] -= 1
            out.append(re.sub(r"\D", "", n))
    return "".join(out)


def _shared_words(alignment: Alignment) -> set[str]:
    """Capitalised words, acronyms and codes that the document writes on both sides."""

    def vocab(sentences):
        # a sentence's first word is capitalised in any language (Hungarian "Most", English "Most"):
        # it counts only if the document also writes it capitalised inside a sentence
        return {w for s in sentences for w in _WORD.findall(s.text)[1:] if len(w) >= 3 and (w[0].isupper() or any(c.isdigit() for c in w))}

    return vocab(alignment.src) & vocab(alignment.tgt)


def _missing_names(text: str, other: str, shared: set[str]) -> list[str]:
    """Shared words (or inflected forms of them) in ``text`` that ``other`` lacks."""
    words = set(_WORD.findall(text))
    others = set(_WORD.findall(other))
    missing = []
    for name in sorted(shared):
        if not any(_same_name(w, name) for w in words):
            continue
        if not any(_same_name(w, name) for w in others):
            missing.append(name)
    return missing


def _missing_renderings(pair: Pair, renderings: Sequence[rendered.Rendering]) -> tuple[list[str], list[str]]:
    """Capitalised source words whose learned rendering the translation lacks, and target words
    written as a rendering whose source word the source lacks (in no form written the same
    either), as written in the pair.  A lower-case source word may be a common noun the
    translator varied."""
    src, tgt = pair.sentences("src"), pair.sentences("tgt")
    src_keys, tgt_keys = rendered.keys(src), rendered.keys(tgt)
    src_names = {rendered.key(w): w for s in src for w in _WORD.findall(s) if w[:1].isupper()}
    tgt_names = rendered.capitalised_forms(tgt)
    lost = sorted({src_names[r.src] for r in renderings if r.src in src_names and r.tgt not in tgt_keys})
    found = sorted({w for r in renderings if r.src not in src_keys and not any(k.startswith(r.tgt) for k in src_keys)
                    for w in tgt_names.get(r.tgt, ()) if r.written(w)})
    return lost, found


def _stand_ins(text: str, other: str) -> list[re.Match]:
    """Capitalised words inside ``text`` that ``other`` has in no form: what stands where a lost name was.

    Only one or two such words count; more are a sentence full of names, where
    none can be singled out.
    """
    others = [w for w in _WORD.findall(other) if len(w) >= 3]
    found = [m for m in list(_WORD.finditer(text))[1:] if m.group()[:1].isupper() and len(m.group()) >= 3
             and not any(_same_name(w, m.group()) or _same_name(m.group(), w) for w in others)]
    return found if len(found) <= 2 else []


def _look_alike(name: str, text: str) -> re.Match | None:
    """A capitalised word of ``text`` spelt almost like ``name`` (Soyati for Sojati): a garbled name."""
    for m in _WORD.finditer(text):
        word = m.group()
        if word[:1].isupper() and word != name and len(word) >= 4 and \
                difflib.SequenceMatcher(None, word.lower(), name.lower()).ratio() >= LOOK_ALIKE:
            return m
    return None


def _same_name(word: str, name: str) -> bool:
    """``Sojatit`` is an inflected ``Sojati``, ``Winstonéval`` a Hungarian case of ``Winston``,
    ``Riedgletscher`` a German compound on ``Ried``, ``Andres`` a genitive of ``André``;
    ``NATO-s`` arrives here as ``NATO``."""
    if word == name:
        return True
    word, name = rendered.folded(word), rendered.folded(name)
    if len(name) < 4 or not word.startswith(name):
        return False
    rest = word[len(name):]
    return len(rest) <= 3 or rest.isalpha() and rest.islower()


def _untranslated(pair: Pair, alignment: Alignment) -> str | None:
    src = " ".join(pair.src_text.split()).casefold()
    tgt = " ".join(pair.tgt_text.split()).casefold()
    words = len(_WORD.findall(tgt))
    if words < UNTRANSLATED_MIN_WORDS:
        return None
    if src == tgt:
        return "copied: the translation is the source text unchanged"
    if alignment.src_lang != alignment.tgt_lang and written_in(pair.tgt_text, alignment.src_lang):
        return f"untranslated: the translation is written in {alignment.src_lang}"
    return None


def _copied_phrase(src: str, tgt: str, target_df: Counter) -> tuple[int, int] | None:
    """Offsets of a run of source words in the translation that the target text does not otherwise use.

    Two or more consecutive words copied from the source, at least two of
    them lower-case words of three letters or more that no other target
    sentence uses, are a phrase left untranslated; names (capitalised),
    numbers and the target language's own words (used elsewhere in the
    document) do not count.
    """
    source = {w.lower() for w in _WORD.findall(src)}
    run: list[re.Match] = []
    for m in list(_WORD.finditer(tgt)) + [None]:
        if m is not None and m.group().lower() in source:
            run.append(m)
            continue
        foreign = [w for w in run if w.group().isalpha() and w.group().islower() and len(w.group()) >= 3
                   and target_df[w.group().lower()] <= 1]
        if len(run) >= 2 and len(foreign) >= 2:
            return foreign[0].start(), foreign[-1].end()
        run = []
    return None


def _similarity_z(sims: np.ndarray, pairs: list[Pair]) -> np.ndarray:
    """How far each similarity falls below what pairs of its length reach here."""
    if len(pairs) < MIN_PAIRS_FOR_LENGTH_FIT:
        return robust_z(sims)
    length = np.log([max(min(len(p.src_text), len(p.tgt_text)), 1) for p in pairs])
    design = np.stack([np.ones_like(length), length], axis=1)
    coef = np.linalg.lstsq(design, sims, rcond=None)[0]
    return robust_z(sims - design @ coef)


def _length_z(pairs: list[Pair]) -> np.ndarray:
    """Gale-Church: the log length ratio, scaled by the square root of the length."""
    src = np.array([max(len(p.src_text), 1) for p in pairs], dtype=float)
    tgt = np.array([max(len(p.tgt_text), 1) for p in pairs], dtype=float)
    ratio = np.log(tgt / src)
    scaled = (ratio - np.median(ratio)) * np.sqrt((src + tgt) / 2)
    return robust_z(scaled) if len(pairs) > 2 else np.zeros(len(pairs))


# -- reference translation ------------------------------------------------------


def _score_references(pairs: list[PairCheck], references: list[str | None]) -> None:
    from sacrebleu.metrics import BLEU, CHRF

    chrf, bleu = CHRF(), BLEU(effective_order=True)
    scored = []
    for p, ref in zip(pairs, references):
        p.reference = ref
        if ref is None or not p.pair.tgt:
            continue
        p.chrf = chrf.sentence_score(p.pair.tgt_text, [ref]).score
        p.bleu = bleu.sentence_score(p.pair.tgt_text, [ref]).score
        scored.append(p)
    if len(scored) > 2:
        z = robust_z(np.array([p.chrf for p in scored]))
        for p, zc in zip(scored, z):
            if zc <= SIMILARITY_CHECK:
                p.flags.append(Flag("reference", "check", f"far from the reference translation (chrF {p.chrf:.1f})"))


def _corpus_reference_scores(pairs: list[PairCheck]) -> dict:
    from sacrebleu.metrics import BLEU, CHRF

    hyps = [p.pair.tgt_text for p in pairs if p.reference is not None and p.pair.tgt]
    refs = [p.reference for p in pairs if p.reference is not None and p.pair.tgt]
    if not hyps:
        return {"chrf": None, "bleu": None}
    return {
        "chrf": round(CHRF().corpus_score(hyps, [refs]).score, 2),
        "bleu": round(BLEU().corpus_score(hyps, [refs]).score, 2),
    }


def _round(value, digits: int = 4):
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else round(float(value), digits)
