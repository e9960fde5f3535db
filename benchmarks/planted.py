"""Planted translation errors: does `align check` flag them, and does a span point at them?

    python benchmarks/planted.py

From the gold 1-1 pairs of Text+Berg (de-fr), the novel (hu-en, the first
1,500 sentence pairs) and the seed (sq-en), each read both ways (fr-de,
en-hu, en-sq too), a seeded sample of target sentences gets one error each:
a changed number, a swapped name, a swapped content word, negation added or
removed, a clause dropped, a clause added, a phrase left in the source
language.  Each document is then checked whole (as
`align check` does, one sentence a line) and, per language pair and error
type, the report gives the share of planted pairs flagged (`check` or worse),
the share whose flag carries a span that overlaps the planted words (for a
dropped clause: a source span of a similarity or length flag), and the
share of untouched gold pairs flagged.
"""

from __future__ import annotations

import random
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align import check  # noqa: E402
from align.embed import cached_encoder  # noqa: E402
from benchmarks.harness import DiskCachedEncoder, load_dataset, machine, save_results  # noqa: E402

RATE = 0.12  # share of gold 1-1 pairs that get an error
NOVEL_PAIRS = 1500
NEGATIONS = {"en": [(" is ", " is not "), (" was ", " was not "), (" are ", " are not "), (" can ", " cannot "),
                    (" not ", " "), ("n't ", " ")],
             "fr": [(" est ", " n'est pas "), (" a ", " n'a pas "), (" sont ", " ne sont pas "), (" ne ", " "), (" pas ", " ")]}
_NUMBER = re.compile(r"\d+")
_WORD = re.compile(r"\w+")


def plant(kind: str, src: str, tgt: str, others: list[str], lang: str, rng: random.Random):
    """The target with one error of this kind and the (start, end) of the planted words, or None."""
    if kind == "number":
        found = list(_NUMBER.finditer(tgt))
        if not found:
            return None
        m = rng.choice(found)
        new = str(int(m.group()) + rng.choice((1, 2, 3, 7, 10)))
        return tgt[: m.start()] + new + tgt[m.end():], (m.start(), m.start() + len(new))
    if kind in ("name", "word"):
        if kind == "name":
            mine = [m for m in _WORD.finditer(tgt) if m.start() > 0 and m.group()[:1].isupper() and len(m.group()) > 3]
            pool = sorted({w for o in others for w in _WORD.findall(o)[1:] if w[:1].isupper() and len(w) > 3})
        else:
            mine = [m for m in _WORD.finditer(tgt) if m.group().islower() and len(m.group()) >= 6]
            pool = sorted({w for o in others for w in _WORD.findall(o) if w.islower() and len(w) >= 6})
        if not mine or not pool:
            return None
        m = rng.choice(mine)
        new = rng.choice([w for w in pool if w.lower() not in tgt.lower() and w.lower() not in src.lower()] or pool)
        return tgt[: m.start()] + new + tgt[m.end():], (m.start(), m.start() + len(new))
    if kind == "negation":
        options = [(a, b) for a, b in NEGATIONS.get(lang, []) if a in f" {tgt} "]
        if not options:
            return None
        a, b = rng.choice(options)
        padded = f" {tgt} "
        at = padded.index(a)
        changed = (padded[:at] + b + padded[at + len(a):]).strip()
        return changed, (max(at - 1, 0), max(at - 1, 0) + max(len(b.strip()), 1) + 1)
    if kind == "drop":
        commas = [m.start() for m in re.finditer(",", tgt)]
        if len(commas) < 1 or len(tgt.split()) < 12:
            return None
        start = commas[0]
        end = commas[1] if len(commas) > 1 else len(tgt.rstrip(".!?"))
        if end - start < 12:
            return None
        return tgt[:start] + tgt[end:], (max(start - 1, 0), min(start + 1, len(tgt) - (end - start)))
    if kind == "add":
        donors = [o for o in others if len(o.split()) >= 8]
        if not donors or len(tgt) < 10:
            return None
        words = rng.choice(donors).rstrip(".!?").split()
        clause = ", " + " ".join(words[len(words) // 2:])
        cut = len(tgt.rstrip(".!?… "))
        return tgt[:cut] + clause + tgt[cut:], (cut, cut + len(clause))
    if kind == "source":
        words = src.split()
        if len(words) < 6 or len(tgt.split()) < 6:
            return None
        phrase = " ".join(words[-4:]).rstrip(".!?")
        kept = tgt.split()[:-4]
        head = " ".join(kept)
        return head + " " + phrase + ".", (len(head) + 1, len(head) + 1 + len(phrase))
    raise ValueError(kind)


KINDS = ("number", "name", "word", "negation", "drop", "add", "source")


def is_located(kind: str, flags, start: int, end: int) -> bool:
    """A span overlaps the planted words; for a dropped clause, whose words are only in the source and
    which the benchmark cannot map there, a source span of a meaning flag (similarity, length) counts."""
    if kind == "drop" and any(f.signal in ("similarity", "length") and side == "src" for f in flags for side, _, _ in f.spans):
        return True
    return any(side == "tgt" and a < end and start < b for f in flags for side, a, b in f.spans)


def documents():
    """Every document both ways: errors planted in the French, English and German, Hungarian, Albanian."""
    for name, limit in (("textberg", None), ("novel", NOVEL_PAIRS), ("albanian", None)):
        docs, src_lang, tgt_lang = load_dataset(name)
        for doc in (d.head(limit) for d in docs):
            yield f"{src_lang}-{tgt_lang}", doc.name, doc.src, doc.tgt, doc.gold, src_lang, tgt_lang
            gold = [(t, s) for s, t in doc.gold]
            yield f"{tgt_lang}-{src_lang}", doc.name, doc.tgt, doc.src, gold, tgt_lang, src_lang


def main() -> int:
    encoder = cached_encoder(DiskCachedEncoder("e5", Path(sys.argv[1])) if len(sys.argv) > 1 else "e5")
    stats = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))  # pair -> kind -> [planted, flagged, located]
    clean = defaultdict(lambda: [0, 0, 0])  # pair -> [untouched, flagged check+, flagged bad]
    false_signals = defaultdict(lambda: defaultdict(int))  # pair -> signal -> untouched pairs it flagged
    for langs, name, src, tgt, gold, src_lang, tgt_lang in documents():
        rng = random.Random(f"planted-{langs}-{name}")
        tgt = list(tgt)
        planted = {}
        for s, t in gold:
            if len(s) == 1 and len(t) == 1 and rng.random() < RATE:
                kind = rng.choice(KINDS)
                done = plant(kind, src[s[0]], tgt[t[0]], [x for x in tgt if x != tgt[t[0]]], tgt_lang, rng)
                if done:
                    tgt[t[0]], planted[t[0]] = done[0], (kind, done[1])
        report = check("\n".join(src), "\n".join(tgt), encoder=encoder, presplit=True, src_lang=src_lang, tgt_lang=tgt_lang)
        gold_pairs = {(tuple(s), tuple(t)) for s, t in gold if len(s) == 1 and len(t) == 1}
        for p in report.pairs:
            bead = (p.pair.src, p.pair.tgt)
            if len(p.pair.tgt) == 1 and p.pair.tgt[0] in planted:
                kind, (start, end) = planted[p.pair.tgt[0]]
                row = stats[langs][kind]
                row[0] += 1
                if p.verdict != "ok":
                    row[1] += 1
                    if is_located(kind, p.flags, start, end):
                        row[2] += 1
            elif bead in gold_pairs:
                clean[langs][0] += 1
                clean[langs][1] += p.verdict != "ok"
                clean[langs][2] += p.verdict == "bad"
                for signal in {f.signal for f in p.flags}:
                    false_signals[langs][signal] += 1
    rows = []
    print(f"{'pair':<6} {'error':<9} {'planted':>7} {'flagged':>8} {'located':>8}")
    for langs, kinds in sorted(stats.items()):
        for kind in KINDS:
            planted, flagged, located = kinds[kind]
            if planted:
                rows.append({"pair": langs, "error": kind, "planted": planted, "flagged": round(flagged / planted, 3), "located": round(located / planted, 3)})
                print(f"{langs:<6} {kind:<9} {planted:>7} {flagged / planted:>8.2f} {located / planted:>8.2f}")
        total = [sum(kinds[k][i] for k in KINDS) for i in range(3)]
        untouched, flagged, bad = clean[langs]
        print(f"{langs:<6} {'all':<9} {total[0]:>7} {total[1] / total[0]:>8.2f} {total[2] / total[0]:>8.2f}   untouched pairs flagged {flagged / untouched:.3f} (bad {bad / untouched:.3f}) of {untouched}")
        signals = dict(sorted(false_signals[langs].items(), key=lambda kv: -kv[1]))
        print(f"{'':<6} untouched pairs flagged by: " + ", ".join(f"{k} {v}" for k, v in signals.items()))
        rows.append({"pair": langs, "error": "all", "planted": total[0], "flagged": round(total[1] / total[0], 3),
                     "located": round(total[2] / total[0], 3), "untouched": untouched,
                     "untouched_flagged": round(flagged / untouched, 3), "untouched_bad": round(bad / untouched, 3),
                     "untouched_flagged_by": signals})
    if len(sys.argv) == 1:
        print(f"saved {save_results('planted', {'machine': machine(), 'rows': rows})}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
