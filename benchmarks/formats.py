"""Do documents in other formats give the same pairs as the same text in plain files?

    python benchmarks/formats.py

For the seed article (sq-en) and a Text+Berg document (de-fr): the source
side as a Word file and the target side as a web page (navigation, scripts
and footer around the article); both sides as subtitles whose cues cut
sentences in two; both as PDFs whose paragraphs are hard-wrapped at 70
characters, long words hyphenated, one paragraph straight after another,
40 lines a page under the title as running head and over the page number;
both as plain text wrapped the same way with a blank line between
paragraphs, as Project Gutenberg's books are; both as plain text whose
long words carry soft hyphens (hyphenation hints, as web pages do).  Each
pair of documents is aligned with ``align pair`` and its pairs compared with
those of the plain text.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align import pair  # noqa: E402
from align.embed import cached_encoder  # noqa: E402
from align.segment.read import read_text  # noqa: E402
from benchmarks.harness import load_dataset, machine, save_results  # noqa: E402
from tests.documents import docx_file, hard_wrapped, hinted, html_file, pdf_file, srt_file  # noqa: E402


def cues(sentences: list[str]) -> list[str]:
    """Each sentence of more than six words cut in two cues, as subtitles do."""
    out = []
    for s in sentences:
        words = s.split()
        out += [" ".join(words[: len(words) // 2]), " ".join(words[len(words) // 2 :])] if len(words) > 6 else [s]
    return out


PAGE = 40  # lines a PDF page, below its running head (the document's title) and above its number


def wrapped(paragraphs: list[str], blank: bool) -> list[str]:
    """The paragraphs hard-wrapped, with a blank line between them or none."""
    out = []
    for paragraph in paragraphs:
        out += hard_wrapped(paragraph) + ([""] if blank else [])
    return out


def pairs_of(alignment) -> set[tuple[str, str]]:
    return {(p.src_text, p.tgt_text) for p in alignment.pairs()}


def _written(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main() -> int:
    encoder = cached_encoder("e5")
    folder = Path(tempfile.mkdtemp(prefix="align-formats-"))
    rows = []
    cases = [("seed", *load_dataset("albanian")), ("textberg-003", *load_dataset("textberg"))]
    for name, docs, src_lang, tgt_lang in cases:
        doc = docs[0] if name == "seed" else next(d for d in docs if d.name == "003")
        plain = pair("\n".join(doc.src), "\n".join(doc.tgt), encoder=encoder, src_lang=src_lang, tgt_lang=tgt_lang)
        reference = pairs_of(plain)
        variants = {
            "docx-html": (docx_file(folder / f"{name}.docx", doc.src[0], doc.src[1:]), html_file(folder / f"{name}.html", doc.tgt[0], doc.tgt[1:])),
            "srt-srt": (srt_file(folder / f"{name}.{src_lang}.srt", cues(doc.src)), srt_file(folder / f"{name}.{tgt_lang}.srt", cues(doc.tgt))),
            "pdf-pdf": tuple(pdf_file(folder / f"{name}.{lang}.pdf", wrapped(side, blank=False), per_page=PAGE, header=side[0])
                             for lang, side in ((src_lang, doc.src), (tgt_lang, doc.tgt))),
            "wrapped-text": tuple(_written(folder / f"{name}.{lang}.txt", wrapped(side, blank=True))
                                  for lang, side in ((src_lang, doc.src), (tgt_lang, doc.tgt))),
            "soft-hyphens": tuple(_written(folder / f"{name}.{lang}.hinted.txt", [hinted(line) for line in side])
                                  for lang, side in ((src_lang, doc.src), (tgt_lang, doc.tgt))),
        }
        for variant, (left, right) in variants.items():
            found = pairs_of(pair(read_text(left), read_text(right), encoder=encoder, src_lang=src_lang, tgt_lang=tgt_lang))
            same = len(found & reference)
            rows.append({"document": name, "formats": variant, "plain_pairs": len(reference), "pairs": len(found),
                         "identical": same, "share_identical": round(same / max(len(reference), 1), 4)})
            print(f"{name:<14} {variant:<10} {same}/{len(reference)} pairs identical to plain text ({len(found)} pairs)")
    print(f"saved {save_results('formats', {'machine': machine(), 'runs': rows})}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
