"""Find the language passages of a document.

A web page mixes languages: an article, its translation, captions in a third
language, menus.  The document is cut into *blocks* (one line, or the part of
a line written in one script: a Persian caption running into an English
sentence becomes two blocks), langdetect judges each block, and a Viterbi pass
over the blocks gives every block a language.  The pass trusts long blocks and
lets short ones (titles, dates, bylines such as ``Nga: Samet Vata``), which
langdetect cannot judge, take the language of their context.  Consecutive
blocks in one language form a passage.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from ..core.structure import script_of

# Letters a block needs before langdetect's verdict counts in full.
TRUSTED_LETTERS = 60
# Letters a block needs to introduce a language to the document.
CONFIDENT_LETTERS = 30
# Cost (in nats) of changing language between two blocks.
SWITCH_COST = 2.0
# Blocks shorter than this in one script stay with their neighbours' script.
MIN_SCRIPT_RUN = 3


@dataclass(frozen=True)
class Block:
    """A line, or the part of a line written in one script."""

    line: int  # 0-based line number in the document
    start: int  # character offsets within the line
    end: int
    text: str
    script: str
    letters: int
    guesses: tuple[tuple[str, float], ...]  # langdetect's (language, probability)


@dataclass
class Passage:
    """A run of blocks in one language."""

    index: int
    lang: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def first_line(self) -> int:
        return self.blocks[0].line

    @property
    def last_line(self) -> int:
        return self.blocks[-1].line

    @property
    def chars(self) -> int:
        return sum(len(b.text) for b in self.blocks)

    @property
    def confidence(self) -> float:
        """Letter-weighted mean of langdetect's probability for the passage's language."""
        total = sum(b.letters for b in self.blocks)
        if not total:
            return 0.0
        return sum(b.letters * dict(b.guesses).get(self.lang, 0.0) for b in self.blocks) / total

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


def find_passages(text: str) -> list[Passage]:
    """Cut a document into language passages, in document order."""
    blocks = list(_blocks(text))
    if not blocks:
        return []
    langs = _label(blocks)
    passages: list[Passage] = []
    for block, lang in zip(blocks, langs):
        if not passages or passages[-1].lang != lang:
            passages.append(Passage(index=len(passages), lang=lang))
        passages[-1].blocks.append(block)
    return passages


def _blocks(text: str):
    for number, line in enumerate(text.split("\n")):
        for start, end in _script_runs(line):
            piece = line[start:end]
            stripped = piece.strip()
            if not stripped:
                continue
            offset = start + piece.index(stripped)
            letters = sum(1 for ch in stripped if ch.isalpha())
            yield Block(
                line=number,
                start=offset,
                end=offset + len(stripped),
                text=stripped,
                script=_dominant_script(stripped),
                letters=letters,
                guesses=detect(stripped) if letters else (),
            )


def _script_runs(line: str) -> list[tuple[int, int]]:
    """Character spans of a line, cut where the writing system changes."""
    runs: list[list] = []  # [script, start, end, letters]
    for i, ch in enumerate(line):
        script = script_of(ch)
        if script is None:
            continue
        if runs and runs[-1][0] == script:
            runs[-1][2] = i + 1
            runs[-1][3] += 1
        else:
            runs.append([script, i, i + 1, 1])
    # A stray letter or two of another script belongs to its surroundings.
    merged: list[list] = []
    for run in runs:
        if merged and (run[3] < MIN_SCRIPT_RUN or merged[-1][0] == run[0]):
            merged[-1][2] = run[2]
            merged[-1][3] += run[3]
        elif merged and merged[-1][3] < MIN_SCRIPT_RUN:
            merged[-1] = [run[0], merged[-1][1], run[2], merged[-1][3] + run[3]]
        else:
            merged.append(run)
    if len(merged) <= 1:
        return [(0, len(line))]
    cuts = [0] + [run[1] for run in merged[1:]] + [len(line)]
    return list(zip(cuts, cuts[1:]))


def _dominant_script(text: str) -> str:
    counts = Counter(s for s in map(script_of, text) if s)
    return counts.most_common(1)[0][0] if counts else ""


def detect(text: str) -> tuple[tuple[str, float], ...]:
    """langdetect's probabilities, the same on every run."""
    try:
        detector = _factory().create()
        detector.append(text)
        return tuple((g.lang, g.prob) for g in detector.get_probabilities())
    except LangDetectException:
        return ()


def written_in(text: str, lang: str, confidence: float = 0.9) -> bool:
    """Whether langdetect is sure that ``text`` is in ``lang`` (a BCP-47 tag; region and case ignored)."""
    base = lang.split("-")[0].lower()
    return any(code.split("-")[0].lower() == base and p >= confidence for code, p in detect(text))


@lru_cache(maxsize=1)
def _factory() -> DetectorFactory:
    """A private, seeded factory: langdetect's sampling is random otherwise."""
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)
    return factory


def _label(blocks: list[Block]) -> list[str]:
    """Give every block a language by Viterbi over blocks.

    The emission of a language is langdetect's log-probability scaled by how far
    the block can be trusted (its letter count), and a language can only be
    written in the script it is written in elsewhere in the document.
    """
    scripts: dict[str, Counter] = {}
    for b in blocks:
        if b.guesses and b.letters >= CONFIDENT_LETTERS:
            lang, prob = b.guesses[0]
            if prob >= 0.8:
                scripts.setdefault(lang, Counter())[b.script] += b.letters
    if not scripts:  # nothing long enough: trust the longest block
        longest = max(blocks, key=lambda b: b.letters)
        lang = longest.guesses[0][0] if longest.guesses else "und"
        return [lang] * len(blocks)
    langs = sorted(scripts)
    home = {lang: scripts[lang].most_common(1)[0][0] for lang in langs}

    def emission(b: Block) -> list[float]:
        probs = dict(b.guesses)
        trust = min(1.0, b.letters / TRUSTED_LETTERS)
        out = []
        for lang in langs:
            if b.letters and home[lang] != b.script:
                out.append(-50.0)
            else:
                out.append(trust * math.log(probs.get(lang, 0.0) + 0.01))
        return out

    score = emission(blocks[0])
    back: list[list[int]] = []
    for b in blocks[1:]:
        em = emission(b)
        best_prev = max(range(len(langs)), key=lambda k: score[k])
        row, new = [], []
        for k in range(len(langs)):
            stay = score[k]
            switch = score[best_prev] - SWITCH_COST
            if stay >= switch:
                row.append(k)
                new.append(stay + em[k])
            else:
                row.append(best_prev)
                new.append(switch + em[k])
        back.append(row)
        score = new
    k = max(range(len(langs)), key=lambda j: score[j])
    path = [k]
    for row in reversed(back):
        k = row[k]
        path.append(k)
    return [langs[k] for k in reversed(path)]
