"""Stress sets with a known truth, derived from the gold of real document pairs.

Each builder takes real gold documents (``harness.Document``) and returns new
ones whose gold follows from the edit, so the sentences stay real text in a
real language pair and only the layout is made hard:

* ``short_lines``: only the short 1-1 pairs (headings, captions, dialogue),
  one after another, where similarity is noisy and merging is tempting;
* ``paragraph_edits``: a paragraph of the translation dropped, and one of
  unrelated text inserted elsewhere;
* ``moved_paragraph``: a paragraph of the translation moved further on
  (its gold beads cross, which no monotone aligner can reproduce);
* ``far_passage``: a passage of 20 sentences moved 105 sentences on, as a
  section that the two versions of a document place differently;
* ``resplit``: runs of sentences split differently on the two sides
  (1-2, 2-1, 1-3, 3-1 beads, and 2-3 and 3-2 beads that share no boundary:
  one side breaks inside a sentence);
* ``big_beads``: one sentence against six, and five against one;
* ``magazine``: prose interrupted by short lines as a magazine page is: a
  heading, a title and its subtitle one after the other, and captions that
  only one side carries, between and inside paragraphs;
* ``broken``: sentences cut in two mid-sentence, as OCR line breaks and
  hyphenation leave them, independently on each side (1-2, 2-1 and 2-2
  beads whose pieces translate each other only roughly);
* ``lists``: every sentence written as a list item is (bullet points,
  interface messages, notes): no full stop, a lower-case start, on both
  sides; on the surface each line looks like the second piece of a broken
  sentence, and every gold bead is still 1-1.

More builders are probes, not part of the dev suite (``PROBES``):

* ``unrelated_lines``: every tenth bead, a line on each side at the same place
  that does not translate the other (two captions of different photos): gold
  leaves both unmatched.  No real gold set we have does this (Text+Berg once
  in 1,000 beads, the novel never), where a translation too loose to look
  like one sits between two good beads is more common; the probe measures
  what the aligner's choice for the second costs in the first;
* ``passages``: up to 400 consecutive gold beads of a real document, every
  bead type, as they are: what the next two change;
* ``partial_translation``: the passages with a quarter of their beads left
  out of one side or the other, in runs of 3 to 12 beads, as a translation
  that skips paragraphs, or a source that lacks the ones a translator added;
* ``repeated_lines``: the passages with, after every twelfth bead, a copy of
  one of three of their own short pairs, as boilerplate (*Advertisement*,
  *Read also:*) or the *Yes.* and *No.* of dialogue repeat.

Everything is seeded, so a set is the same on every run.
"""

from __future__ import annotations

import random
import re

from benchmarks.harness import Document

SHORT = 60  # characters: a line at most this long on both sides is "short"
SLICE = 200  # gold beads per derived document


def _one_to_one(doc: Document) -> list[tuple[str, str]]:
    return [(doc.src[s[0]], doc.tgt[t[0]]) for s, t in doc.gold if len(s) == 1 and len(t) == 1]


def _build(name: str, beads: list[tuple[list[str], list[str]]]) -> Document:
    """A document from beads of texts ([] marks an empty side), in order."""
    src, tgt, gold = [], [], []
    for left, right in beads:
        gold.append((tuple(range(len(src), len(src) + len(left))), tuple(range(len(tgt), len(tgt) + len(right)))))
        src += left
        tgt += right
    return Document(name, src, tgt, gold)


def _slices(docs: list[Document], count: int, rng: random.Random) -> list[list[tuple[str, str]]]:
    """``count`` runs of SLICE consecutive 1-1 pairs, from the longest documents first."""
    pools = sorted((_one_to_one(d) for d in docs), key=len, reverse=True)
    out = []
    for k in range(count):
        pool = pools[k % len(pools)]
        if len(pool) <= SLICE:
            out.append(pool)
            continue
        start = rng.randrange(0, len(pool) - SLICE)
        out.append(pool[start : start + SLICE])
    return out


def short_lines(docs: list[Document], tag: str, count: int = 2) -> list[Document]:
    pairs = [p for d in docs for p in _one_to_one(d) if len(p[0]) <= SHORT and len(p[1]) <= SHORT]
    size = min(150, max(len(pairs) // count, 1))
    return [_build(f"{tag}-short-{k}", [([s], [t]) for s, t in pairs[k * size : (k + 1) * size]])
            for k in range(count) if pairs[k * size : (k + 1) * size]]


def paragraph_edits(docs: list[Document], tag: str, count: int = 2, size: int = 6) -> list[Document]:
    rng = random.Random(f"edits-{tag}")
    out = []
    for k, pairs in enumerate(_slices(docs, count, rng)):
        others = _slices(docs, count + 1, random.Random(f"others-{tag}-{k}"))[-1]
        drop = rng.randrange(20, len(pairs) // 2 - size)
        insert = rng.randrange(len(pairs) // 2, len(pairs) - 20)
        beads = []
        for i, (s, t) in enumerate(pairs):
            if i == insert:  # unrelated text in the translation: 0-1 beads
                beads += [([], [other]) for _, other in others[:size]]
            # a dropped paragraph of the translation leaves its source unmatched: 1-0 beads
            beads.append(([s], [] if drop <= i < drop + size else [t]))
        out.append(_build(f"{tag}-edits-{k}", beads))
    return out


def moved_paragraph(docs: list[Document], tag: str, count: int = 2, size: int = 5, shift: int = 40,
                    first: int = 20) -> list[Document]:
    rng = random.Random(f"moved-{tag}")
    out = []
    for k, pairs in enumerate(_slices(docs, count, rng)):
        start = rng.randrange(first, len(pairs) - size - shift - 1)
        src = [s for s, _ in pairs]
        order = list(range(len(pairs)))
        block = order[start : start + size]
        rest = order[:start] + order[start + size :]
        at = start + shift
        order = rest[:at] + block + rest[at:]
        tgt = [pairs[i][1] for i in order]
        where = {i: pos for pos, i in enumerate(order)}
        gold = [((i,), (where[i],)) for i in range(len(pairs))]
        out.append(Document(f"{tag}-moved-{k}", src, tgt, gold))
    return out


def far_passage(docs: list[Document], tag: str, count: int = 2) -> list[Document]:
    """A passage of 20 sentences moved 105 sentences on: farther than a moved paragraph is looked for nearby."""
    return moved_paragraph(docs, f"{tag}-far", count, size=20, shift=105, first=0)


def resplit(docs: list[Document], tag: str, count: int = 2, rate: float = 0.15) -> list[Document]:
    rng = random.Random(f"resplit-{tag}")
    out = []
    for k, pairs in enumerate(_slices(docs, count, rng)):
        beads, i = [], 0
        while i < len(pairs):
            g = rng.choice((2, 3))
            if rng.random() < rate and i + g <= len(pairs):
                ks, kt = rng.sample(range(1, g + 1), 2)
                beads += _regroup(pairs[i : i + g], ks, kt, rng)
                i += g
            else:
                beads.append(([pairs[i][0]], [pairs[i][1]]))
                i += 1
        out.append(_build(f"{tag}-resplit-{k}", beads))
    return out


def big_beads(docs: list[Document], tag: str, count: int = 2) -> list[Document]:
    rng = random.Random(f"big-{tag}")
    out = []
    for k, pairs in enumerate(_slices(docs, count, rng)):
        beads, i = [], 0
        spots = {30: (1, 6), 90: (5, 1), 150: (1, 6)}
        while i < len(pairs):
            if i in spots and i + 6 <= len(pairs):
                a, b = spots[i]
                n = max(a, b)
                group = pairs[i : i + n]
                left = [" ".join(s for s, _ in group)] if a == 1 else [s for s, _ in group]
                right = [" ".join(t for _, t in group)] if b == 1 else [t for _, t in group]
                beads.append((left, right))
                i += n
            else:
                beads.append(([pairs[i][0]], [pairs[i][1]]))
                i += 1
        out.append(_build(f"{tag}-big-{k}", beads))
    return out


def magazine(docs: list[Document], tag: str, count: int = 2, every: int = 7) -> list[Document]:
    rng = random.Random(f"magazine-{tag}")
    short = [p for d in docs for p in _one_to_one(d) if len(p[0]) <= SHORT and len(p[1]) <= SHORT]
    out = []
    for k, pairs in enumerate(_slices(docs, count, rng)):
        beads = []
        for i, (s, t) in enumerate(pairs):
            if i and i % every == 0:
                kind = rng.random()
                lines = rng.sample(short, 2)
                if kind < 0.4:  # a heading
                    beads.append(([lines[0][0]], [lines[0][1]]))
                elif kind < 0.7:  # a title and its subtitle (or byline)
                    beads += [([a], [b]) for a, b in lines]
                elif kind < 0.85:  # a caption in the source only
                    beads.append(([lines[0][0]], []))
                else:  # a caption in the translation only
                    beads.append(([], [lines[0][1]]))
            beads.append(([s], [t]))
        out.append(_build(f"{tag}-magazine-{k}", beads))
    return out


def broken(docs: list[Document], tag: str, count: int = 2, rate: float = 0.2) -> list[Document]:
    rng = random.Random(f"broken-{tag}")

    def cut(sentence: str) -> list[str]:
        words = sentence.split(" ")
        if len(words) < 8 or rng.random() >= rate:
            return [sentence]
        at = rng.randrange(3, len(words) - 2)
        return [" ".join(words[:at]), " ".join(words[at:])]

    return [_build(f"{tag}-broken-{k}", [(cut(s), cut(t)) for s, t in pairs])
            for k, pairs in enumerate(_slices(docs, count, rng))]


def lists(docs: list[Document], tag: str, count: int = 2) -> list[Document]:
    rng = random.Random(f"lists-{tag}")

    def item(sentence: str, lower: set[str]) -> str:
        bare = re.sub(r"\s*[.!?:;]\s*$", "", sentence.strip())
        if len(bare) < 2:
            return sentence
        first = bare.split(" ", 1)[0]
        # a name keeps its capital; a word the text also writes in lower case loses it
        return first.lower() + bare[len(first):] if first.lower() in lower else bare

    out = []
    for k, pairs in enumerate(_slices(docs, count, rng)):
        lower = [{w for text in side for w in text.split(" ")[1:] if w.islower()} for side in zip(*pairs)]
        out.append(_build(f"{tag}-lists-{k}", [([item(s, lower[0])], [item(t, lower[1])]) for s, t in pairs]))
    return out


def _regroup(group: list[tuple[str, str]], ks: int, kt: int, rng: random.Random) -> list[tuple[list[str], list[str]]]:
    """The beads of a run of 1-1 pairs rejoined into ``ks`` source and ``kt`` target pieces at random cuts.

    Where both sides would break between the same two sentences, the bead
    would really be two smaller ones (a "3-2" of three sentences against two
    lines is a 1-1 and a 2-1), so the side with fewer pieces breaks in the
    middle of the next sentence instead, as OCR'd text broken differently on
    the two sides does; a one-word sentence cannot be broken, and the bead is
    split there.
    """
    sides = [[s for s, _ in group], [t for _, t in group]]
    cuts = [sorted(rng.sample(range(1, len(group)), parts - 1)) for parts in (ks, kt)]
    shared = set(cuts[0]) & set(cuts[1])
    fewer = 1 if kt < ks else 0
    splits = sorted(c for c in shared if len(sides[fewer][c].split(" ")) < 2)
    inside = shared - set(splits)
    pieces = []  # per side: (index of the first sentence, text) of each piece
    for k, (side, side_cuts) in enumerate(zip(sides, cuts)):
        moved = inside if k == fewer else set()
        bounds = [0] + side_cuts + [len(group)]
        out = []
        for a, b in zip(bounds, bounds[1:]):
            texts = side[a:b]
            if a in moved:  # the first half of sentence a went to the piece before
                texts = [_half(side[a], 1)] + texts[1:]
            if b in moved:
                texts = texts + [_half(side[b], 0)]
            out.append((a, " ".join(texts)))
        pieces.append(out)
    edges = [0] + splits + [len(group)]
    return [tuple([text for start, text in side if a <= start < b] for side in pieces) for a, b in zip(edges, edges[1:])]


def _half(sentence: str, which: int) -> str:
    """The first (0) or second (1) half of a sentence's words."""
    words = sentence.split(" ")
    return " ".join(words[len(words) // 2 :] if which else words[: len(words) // 2])


def unrelated_lines(docs: list[Document], tag: str, count: int = 2, every: int = 10) -> list[Document]:
    rng = random.Random(f"unrelated-{tag}")
    pool = [p for d in docs for p in _one_to_one(d)]
    out = []
    for k, pairs in enumerate(_slices(docs, count, rng)):
        beads = []
        for i, (s, t) in enumerate(pairs):
            if i and i % every == 0:
                (a, _), (_, b) = rng.sample(pool, 2)
                beads += [([a], []), ([], [b])]
            beads.append(([s], [t]))
        out.append(_build(f"{tag}-unrelated-{k}", beads))
    return out


def passages(docs: list[Document], tag: str, count: int = 2) -> list[Document]:
    """Up to 400 consecutive gold beads of each of the ``count`` longest documents, as they are."""
    return [_build(f"{tag}-passage-{k}", beads) for k, beads in enumerate(_passages(docs, tag, count))]


def _passages(docs: list[Document], tag: str, count: int) -> list[list[tuple[list[str], list[str]]]]:
    """The beads (as texts, every bead type) that ``passages``, ``partial_translation`` and ``repeated_lines`` start from."""
    rng = random.Random(f"passages-{tag}")
    out = []
    for doc in sorted(docs, key=lambda d: len(d.gold), reverse=True)[:count]:
        start = rng.randrange(0, max(1, len(doc.gold) - 2 * SLICE))
        out.append([([doc.src[x] for x in s], [doc.tgt[y] for y in t]) for s, t in doc.gold[start : start + 2 * SLICE]])
    return out


def _runs(n: int, share: float, rng: random.Random):
    """Runs of 3 to 12 of ``n`` beads, apart from each other and from both ends, until they hold ``share`` of them."""
    taken: set[int] = set()
    while len(taken) < share * n:
        size = rng.randint(3, 12)
        first = rng.randrange(1, n - size - 1)
        if taken & set(range(first - 1, first + size + 1)):
            continue
        taken.update(range(first, first + size))
        yield range(first, first + size)


def partial_translation(docs: list[Document], tag: str, count: int = 2, share: float = 0.25) -> list[Document]:
    """The passages with runs of 3 to 12 beads left out of one side or the other, a quarter of their beads."""
    rng = random.Random(f"gaps-{tag}")
    out = []
    for k, beads in enumerate(_passages(docs, tag, count)):
        for run in _runs(len(beads), share, rng):
            side = rng.randrange(2)
            for i in run:
                beads[i] = ([], beads[i][1]) if side == 0 else (beads[i][0], [])
        one_sided = []  # a sentence with no counterpart is a bead of its own
        for left, right in beads:
            if left and right:
                one_sided.append((left, right))
            else:
                one_sided += [([x], []) for x in left] + [([], [y]) for y in right]
        out.append(_build(f"{tag}-gaps-{k}", one_sided))
    return out


def untranslated(docs: list[Document], tag: str, count: int = 2, share: float = 0.3) -> list[Document]:
    """The passages with runs of 3 to 12 beads left in the target's language on the source side, a share of
    their beads: a translation that leaves paragraphs untranslated (a manual's newest sections, code
    examples), each copied sentence paired with its original."""
    rng = random.Random(f"untranslated-{tag}")
    out = []
    for k, beads in enumerate(_passages(docs, tag, count)):
        copied = {i for run in _runs(len(beads), share, rng) for i in run}
        left_as_is = []
        for i, (left, right) in enumerate(beads):
            left_as_is += [([y], [y]) for y in right] if i in copied else [(left, right)]
        out.append(_build(f"{tag}-untranslated-{k}", left_as_is))
    return out


def repeated_lines(docs: list[Document], tag: str, count: int = 2, every: int = 12) -> list[Document]:
    """The passages with, after every ``every`` beads, a copy of one of three of their short 1-1 pairs."""
    rng = random.Random(f"repeats-{tag}")
    out = []
    for k, beads in enumerate(_passages(docs, tag, count)):
        short = [(s, t) for s, t in beads if len(s) == len(t) == 1 and max(len(s[0]), len(t[0])) <= SHORT and s != t]
        lines = rng.sample(short, 3)
        repeated = []
        for i, bead in enumerate(beads):
            repeated.append(bead)
            if i % every == every - 1:
                repeated.append(rng.choice(lines))
        out.append(_build(f"{tag}-repeats-{k}", repeated))
    return out


BUILDERS = {"short": short_lines, "edits": paragraph_edits, "moved": moved_paragraph, "far": far_passage, "resplit": resplit,
            "big": big_beads, "magazine": magazine, "broken": broken, "lists": lists}
PROBES = {"unrelated": unrelated_lines, "passages": passages, "gaps": partial_translation, "repeats": repeated_lines,
          "untranslated": untranslated}
