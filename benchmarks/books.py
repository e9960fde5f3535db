"""Two editions of a book, each missing a chapter the other has: matched chapter by chapter or aligned whole?

    python benchmarks/books.py

The seven Text+Berg articles (de-fr) become seven chapters of two EPUB
files, a gold sentence a paragraph; the German book lacks chapter 5 and the
French one chapter 3, whose sentences the gold leaves unmatched.  Both books
are aligned with ``align pair`` once with their chapters matched first
(``segment.pair_evidence``) and once as one text.
"""

from __future__ import annotations

import logging
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align import pair  # noqa: E402
from align.embed import cached_encoder  # noqa: E402
from align.segment import pair_evidence, read_document  # noqa: E402
from align.study.evaluate import score  # noqa: E402
from benchmarks.harness import load_dataset, machine, save_results  # noqa: E402
from tests.documents import epub_file  # noqa: E402


def editions(docs, missing: tuple[int, int]):
    """Chapters of both books and the gold beads of the whole book, sentence ids counted over the kept chapters."""
    chapters = ([], [])
    gold, offset = [], [0, 0]
    for k, doc in enumerate(docs):
        keep = [k != missing[0], k != missing[1]]
        for side, sentences in enumerate((doc.src, doc.tgt)):
            if keep[side]:
                chapters[side].append((f"{k + 1}", sentences))
        for s, t in doc.gold:
            s = tuple(offset[0] + i for i in s) if keep[0] else ()
            t = tuple(offset[1] + j for j in t) if keep[1] else ()
            gold += [((i,), ()) for i in s] + [((), (j,)) for j in t] if not (s and t) else [(s, t)]
        offset[0] += len(doc.src) if keep[0] else 0
        offset[1] += len(doc.tgt) if keep[1] else 0
    return chapters, gold


def main() -> int:
    docs, src_lang, tgt_lang = load_dataset("textberg")
    chapters, gold = editions(docs, missing=(4, 2))
    folder = Path(tempfile.mkdtemp(prefix="align-books-"))
    # each chapter's first line is its heading, which the gold does not have: keep sentences only
    books = [epub_file(folder / f"book.{lang}.epub", [("", sentences) for _, sentences in side])
             for lang, side in zip((src_lang, tgt_lang), chapters)]
    left, right = (read_document(b) for b in books)
    rows = []
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    logging.getLogger("align.pipeline").setLevel(logging.INFO)  # says how the chapters were matched
    for mode, found in (("chapters matched", pair_evidence(left, right)["chapters"]), ("whole book", None)):
        start = time.perf_counter()
        encoder = cached_encoder("e5")  # each mode embeds the books itself
        alignment = pair(left.text, right.text, encoder=encoder, presplit=True, src_lang=src_lang, tgt_lang=tgt_lang, chapters=found)
        result = score([gold], [[(b.src, b.tgt) for b in alignment.beads]]).as_dict()
        result.update(mode=mode, seconds=round(time.perf_counter() - start, 1))
        rows.append(result)
        print(f"{mode:<17} strict F1 {result['strict_f1']:.3f}  lax F1 {result['lax_f1']:.3f}  {result['seconds']:.1f} s")
    print(f"saved {save_results('books', {'machine': machine(), 'runs': rows})}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
