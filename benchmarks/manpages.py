"""Translated manual pages: technical prose, option lists and headings in many languages, by people.

Debian ships manual pages translated with po4a (``/usr/share/man/<lang>/``)
beside their English originals (``/usr/share/man/``).  po4a translates a page
unit by unit (a paragraph, a heading, an option's tag) and keeps the roff
structure, so a page whose translation has as many units as its original
pairs them in order.  That is the gold here, at two grains:

* a unit pair whose sides split into as many sentences pairs them 1-1 in order;
* any other unit pair is one bead (its sentences translate each other as a
  whole, but where inside it no one has said).

Strict F1 is counted on the first kind only (``known``): a bead that lies
wholly inside units of the second kind is neither right nor wrong, one that
reaches out of them is wrong.  Lax F1 counts every bead.  A page whose units
do not match one for one (the translation is out of date, or the markup
differs more than this reader sees) is left out, and so is one whose section
headings or units left in English sit where other units are (an out-of-date
translation whose count matches by chance, ``in_step``); the benchmark says
how many pages it used.  Units left in English by the translator are kept: a
reader of the translated page gets them too.

    python benchmarks/manpages.py [--langs de fr ...] [--sentences N] [--cache DIR]
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
import unicodedata
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from align import options  # noqa: E402
from align.embed import cached_encoder, load_encoder  # noqa: E402
from align.segment.sentences import split_sentences  # noqa: E402
from align.study.evaluate import score  # noqa: E402
from benchmarks.harness import DiskCachedEncoder, Document, machine, save_results  # noqa: E402
from benchmarks.peers import every_alignment  # noqa: E402

MAN = Path("/usr/share/man")
# Germanic, Romance, Slavic in two scripts, and three East Asian languages: the copies release was made on these
LANGS = ("de", "fr", "pt_BR", "ru", "uk", "ja", "ko", "zh_CN")
# every other language with a page that pairs, first measured after that release: held out
HELD_OUT = ("da", "es", "hr", "it", "nl", "pl", "pt", "ro", "sr", "sv", "tr")
MIN_UNITS = 20  # a page shorter than this (a NAME and SYNOPSIS) says little
# Whole pages, in the order of their paths, until a language has this many translated sentences: every peer
# embeds each run of up to four sentences, so the benchmark's time is mostly theirs.
SENTENCES = 600
# font requests whose arguments are running text, joined without spaces where the fonts alternate
_FONT = {"B", "I", "SM", "SB"}
_ALTERNATING = {"BR", "BI", "IB", "IR", "RB", "RI"}
_NOFILL = {"nf": True, "EX": True, "fi": False, "EE": False}
_ACCENTS = {":": "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", ",": "\u0327"}
_ESCAPES = [(re.compile(r"\\\(ss|\\\[ss\]"), "ß"),
            (re.compile(r"\\\(([:'`^~,])([A-Za-z])|\\\[([:'`^~,])([A-Za-z])\]"),
             lambda m: (m[2] or m[4]) + _ACCENTS[m[1] or m[3]]),
            (re.compile(r"\\[hvwoxlLDNZ]'[^']*'"), ""), (re.compile(r"\\f(\[[^\]]*\]|\(..|.)"), ""), (re.compile(r"\\\*(\[[^\]]*\]|\(..|.)"), ""),
            (re.compile(r"\\\(aq|\\\[aq\]"), "'"), (re.compile(r"\\\((lq|rq|dq)|\\\[(lq|rq|dq)\]"), '"'),
            (re.compile(r"\\\((em|en)|\\\[(em|en)\]"), "—"), (re.compile(r"\\\(bu|\\\[bu\]"), "•"),
            (re.compile(r"\\\(..|\\\[[^\]]*\]"), ""), (re.compile(r"\\[-]"), "-"), (re.compile(r"\\[&c%:]"), ""),
            (re.compile(r"\\[ ~0|^]"), " "), (re.compile(r"\\e"), r"\\"), (re.compile(r"\\s[-+]?\d"), "")]


def plain(text: str) -> str:
    """Roff text without its escapes: fonts dropped, special characters spelt out."""
    for pattern, repl in _ESCAPES:
        text = pattern.sub(repl, text)
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _arguments(rest: str) -> list[str]:
    return [a[1:-1] if a.startswith('"') else a for a in re.findall(r'"[^"]*"|(?:\\ |\S)+', rest)]


def units(roff: str) -> list[tuple[str, bool]]:
    """The page's units in order: headings, option tags, paragraphs and lines of no-fill blocks, each
    with whether it is a section heading."""
    out: list[tuple[str, bool]] = []
    current: list[str] = []
    nofill, tag_next = False, False

    def close(heading: bool = False):
        text = plain(" ".join(current))
        if any(map(str.isalnum, text)):  # not a bullet left on its own by a conditional
            out.append((text, heading))
        current.clear()

    for line in roff.splitlines():
        if line.startswith((".\\\"", "'\\\"", '.\\"')) or line.strip() in (".", "'"):
            continue
        if line.startswith((".", "'")):
            name, _, rest = line[1:].strip().partition(" ")
            if name in _FONT or name in _ALTERNATING:
                text = " ".join(_arguments(rest)) if name in _FONT else "".join(_arguments(rest))
                line = text  # running text, handled below
            else:
                close()
                if name in _NOFILL:
                    nofill = _NOFILL[name]
                elif name in ("SH", "SS"):
                    current.append(" ".join(_arguments(rest)))
                    close(heading=True)
                elif name in ("TP", "TQ"):
                    tag_next = True
                elif name == "IP":  # a tag that fits its indent, a bullet or a number, begins the paragraph
                    current.extend(_arguments(rest)[:1])
                continue
        current.append(line)
        if nofill or tag_next:
            close()
            tag_next = False
    close()
    return out


def _read(path: Path) -> str:
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return data.decode("utf-8", errors="replace")


def page_pairs(lang: str) -> list[tuple[str, list[str], list[str]]]:
    """(page, translated units, English units) for every page of ``lang`` whose units match one for one."""
    found, seen = [], set()
    for path in sorted((MAN / lang).glob("man*/*")):
        english = MAN / path.relative_to(MAN / lang)
        if not english.is_file():
            continue
        theirs, ours = units(_read(path)), units(_read(english))
        if len(theirs) == len(ours) >= MIN_UNITS and in_step(theirs, ours) and tuple(ours) not in seen:  # aliases once
            seen.add(tuple(ours))
            found.append((path.name.split(".")[0], [text for text, _ in theirs], [text for text, _ in ours]))
    return found


def in_step(theirs: list[tuple[str, bool]], ours: list[tuple[str, bool]]) -> bool:
    """Whether the units pair in order: the section headings stand at the same places, and no unit left
    in English stands where another English unit is.

    A translation out of date (an example replaced, a section added, another
    command's page) may have as many units as its original by chance; its
    headings and copied units then sit a few places off their originals
    (Hungarian *sg*, Italian *sources*, German *rarp*).
    """
    english = {text for text, _ in ours}
    return all(h == g and (a == b or a not in english) for (a, h), (b, g) in zip(theirs, ours))


def document(lang: str, page: str, theirs: list[str], ours: list[str]) -> Document:
    """The page as a gold document, translation as source, English as target (as ``catalogs.py`` reads them)."""
    src, tgt, gold = [], [], []
    short = lang.split("_")[0]
    for left, right in zip(theirs, ours):
        a, b = split_sentences(left, short), split_sentences(right, "en")
        i, j = len(src), len(tgt)
        src += a
        tgt += b
        if len(a) == len(b):
            gold += [((i + k,), (j + k,)) for k in range(len(a))]
        else:
            gold.append((tuple(range(i, i + len(a))), tuple(range(j, j + len(b)))))
    return Document(f"man-{lang}-{page}", src, tgt, gold)


def known(gold, test):
    """The gold's 1-1 beads, and the found beads that do not lie wholly inside one of its larger beads."""
    inside_s = {x for s, t in gold if (len(s), len(t)) != (1, 1) for x in s}
    inside_t = {y for s, t in gold if (len(s), len(t)) != (1, 1) for y in t}
    return ([(s, t) for s, t in gold if (len(s), len(t)) == (1, 1)],
            [(s, t) for s, t in test if not (set(s) <= inside_s and set(t) <= inside_t)])


def documents(langs=LANGS, sentences: int = SENTENCES) -> list[tuple[Document, str, str]]:
    """Per language, pages as gold documents until it has ``sentences`` translated sentences."""
    out = []
    for lang in langs:
        taken = 0
        for page, theirs, ours in page_pairs(lang):
            if taken >= sentences:
                break
            doc = document(lang, page, theirs, ours)
            out.append((doc, lang.split("_")[0], "en"))
            taken += len(doc.src)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--langs", nargs="*", default=list(LANGS + HELD_OUT))
    parser.add_argument("--sentences", type=int, default=SENTENCES, help="translated sentences per language")
    parser.add_argument("--cache", type=Path, help="embedding cache folder (development only)")
    args = parser.parse_args(argv)
    inner = DiskCachedEncoder(options.ENCODER, args.cache) if args.cache else load_encoder(options.ENCODER)
    rows = []
    print(f"{'lang':<6} {'pages':>5} {'sents':>6}  strict F1 (lax): align, Bertalign, Vecalign")
    for lang in args.langs:
        docs = documents([lang], args.sentences)
        if not docs:
            continue
        golds = [doc.gold for doc, _, _ in docs]
        tests = every_alignment(cached_encoder(inner), docs)
        row = {"lang": lang, "held_out": lang in HELD_OUT, "pages": len(docs),
               "sentences": sum(len(d.src) + len(d.tgt) for d, _, _ in docs)}
        for who, found in tests.items():
            strict = score(*zip(*[known(g, t) for g, t in zip(golds, found)])).strict_f1
            row[who] = {"strict_f1": round(strict, 4), "lax_f1": round(score(golds, found).lax_f1, 4)}
        rows.append(row)
        print(f"{lang:<6} {row['pages']:>5} {row['sentences']:>6}  " + "  ".join(
            f"{row[w]['strict_f1']:.3f} ({row[w]['lax_f1']:.3f})" for w in tests), flush=True)
        if args.cache:
            inner.save()
    print(f"saved {save_results('manpages', {'machine': machine(), 'languages': rows})}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
