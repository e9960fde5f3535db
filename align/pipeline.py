"""The jobs align does, as plain functions: the CLI and notebooks call these.

``run`` takes one mixed document: language passages, the parallel ones among
them, sentences, alignment.  ``pair`` takes two documents, one per language.
"""

from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

import numpy as np

from . import aligner
from .check import CheckReport, check_alignment
from .embed import CachedEncoder, Encoder, load_encoder
from .errors import AlignError
from .parallel import PassagePair, find_parallel
from .passages import Passage, find_passages
from .result import Alignment, Sentence
from .scoring import Side, words_of
from .sentences import split_sentences


@dataclass
class RunResult:
    """Everything ``run`` found in one document."""

    passages: list[Passage]
    parallel: list[PassagePair]
    alignments: list[Alignment] = field(default_factory=list)

    def passages_dataframe(self):
        """One row per passage: language, lines (1-based), size, langdetect confidence, parallel part."""
        import pandas as pd

        partner = {}
        for pp in self.parallel:
            partner[pp.src.index] = f"{pp.tgt.lang} #{pp.tgt.index}"
            partner[pp.tgt.index] = f"{pp.src.lang} #{pp.src.index}"
        return pd.DataFrame(
            [
                {
                    "passage": p.index,
                    "lang": p.lang,
                    "first_line": p.first_line + 1,
                    "last_line": p.last_line + 1,
                    "chars": p.chars,
                    "confidence": round(p.confidence, 3),
                    "translates": partner.get(p.index, ""),
                    "start": p.blocks[0].text[:60],
                }
                for p in self.passages
            ]
        ).set_index("passage")

    @property
    def alignment(self) -> Alignment:
        """The alignment of the main language pair (the one with the most pairs)."""
        return max(self.alignments, key=lambda a: (len(a.beads), a.src_lang, a.tgt_lang))


def run(
    text: str,
    *,
    encoder: Encoder | str = "e5",
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    max_bead: int = aligner.MAX_BEAD,
    budget: float = aligner.REFINE_BUDGET,
    progress: bool = False,
) -> RunResult:
    """Find the parallel passages of a mixed document and align their sentences."""
    passages = find_passages(text)
    langs = _amounts(passages)
    if len(langs) < 2:
        only = next(iter(langs), "unknown")
        raise AlignError(f"the document holds only one language ({only}): nothing to align")
    encoder = cached_encoder(encoder)
    with _progress(encoder, progress):
        parallel = find_parallel(passages, encoder)
        if not parallel:
            raise AlignError(
                "found passages in " + ", ".join(sorted(langs)) + " but none that translate each other"
            )
        result = RunResult(passages, parallel)
        groups: dict[tuple[str, str], list[tuple[list[Sentence], list[Sentence]]]] = {}
        for pp in parallel:
            a, b = pp.langs
            src, tgt = _direction(a, b, langs, src_lang, tgt_lang)
            left = _sentences(pp.src_part(), a)
            right = _sentences(pp.tgt_part(), b)
            groups.setdefault((src, tgt), []).append((left, right) if src == a else (right, left))
        for (src, tgt), parts in sorted(groups.items()):
            result.alignments.append(_align_parts(parts, src, tgt, encoder, max_bead, budget))
    if src_lang and not any(a.src_lang == src_lang for a in result.alignments):
        raise AlignError(f"no parallel passages in {src_lang}; found " + ", ".join(sorted(langs)))
    return result


def pair(
    src_text: str,
    tgt_text: str,
    *,
    encoder: Encoder | str = "e5",
    presplit: bool = False,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    max_bead: int = aligner.MAX_BEAD,
    budget: float = aligner.REFINE_BUDGET,
    progress: bool = False,
) -> Alignment:
    """Align two documents that translate each other.

    ``budget`` caps the real embeddings of multi-sentence blocks per input
    sentence (0: single sentences only, the fastest).
    """
    src_lang = src_lang or dominant_language(src_text)
    tgt_lang = tgt_lang or dominant_language(tgt_text)
    if src_lang == tgt_lang:
        raise AlignError(f"both documents are in the same language ({src_lang}): nothing to translate")
    left = _split_document(src_text, src_lang, presplit)
    right = _split_document(tgt_text, tgt_lang, presplit)
    encoder = cached_encoder(encoder)
    with _progress(encoder, progress):
        return _align_parts([(left, right)], src_lang, tgt_lang, encoder, max_bead, budget)


def check(
    src_text: str,
    tgt_text: str | None = None,
    *,
    ref_text: str | None = None,
    encoder: Encoder | str = "e5",
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    presplit: bool = False,
    max_bead: int = aligner.MAX_BEAD,
    progress: bool = False,
) -> CheckReport:
    """Align a source and its (machine) translation and flag the pairs to review.

    With one text, it is a mixed document as for ``run``.  With ``ref_text``, a
    human reference of the translation, each pair also gets chrF and BLEU
    against the reference sentences aligned to it.
    """
    encoder = cached_encoder(encoder)
    if tgt_text is None:
        alignment = run(src_text, encoder=encoder, src_lang=src_lang, tgt_lang=tgt_lang, max_bead=max_bead, progress=progress).alignment
    else:
        alignment = pair(src_text, tgt_text, encoder=encoder, presplit=presplit, src_lang=src_lang, tgt_lang=tgt_lang, max_bead=max_bead, progress=progress)
    references = None
    with _progress(encoder, progress):
        if ref_text is not None:
            references = _references(alignment, ref_text, encoder, presplit, max_bead)
        return check_alignment(alignment, encoder, references)


def _references(alignment: Alignment, ref_text: str, encoder: CachedEncoder, presplit: bool, max_bead: int) -> list[str | None]:
    """For each bead, the reference sentences aligned to its translation sentences."""
    ref = _split_document(ref_text, alignment.tgt_lang, presplit)
    if not ref:
        raise AlignError("the reference translation is empty")
    ref_alignment = _align_parts([(alignment.tgt, ref)], alignment.tgt_lang, alignment.tgt_lang, encoder, max_bead)
    partners: dict[int, list[int]] = {}
    for bead in ref_alignment.beads:
        for j in bead.src:
            partners[j] = list(bead.tgt)
    out = []
    for bead in alignment.beads:
        ids = sorted({r for j in bead.tgt for r in partners.get(j, [])})
        out.append(" ".join(ref[r].text for r in ids) if bead.tgt else None)
    return out


def dominant_language(text: str) -> str:
    """The language with the most text in a document."""
    counts = _amounts(find_passages(text))
    return counts.most_common(1)[0][0] if counts else "und"


def _amounts(passages: list[Passage]) -> Counter:
    """Characters of text per language."""
    counts: Counter = Counter()
    for p in passages:
        counts[p.lang] += p.chars
    return counts


def _direction(a, b, amounts, src_lang, tgt_lang) -> tuple[str, str]:
    """Source first: the language asked for, else the one the page has less of.

    A page in one language that quotes an original in another (the seed: an
    English site with an Albanian article) has less of the original.
    """
    if src_lang in (a, b):
        return (src_lang, b if src_lang == a else a)
    if tgt_lang in (a, b):
        return (b if tgt_lang == a else a, tgt_lang)
    return tuple(sorted((a, b), key=lambda lang: (amounts[lang], lang)))


def _sentences(blocks, lang: str) -> list[Sentence]:
    return [Sentence(s, b.line) for b in blocks for s in split_sentences(b.text, lang)]


def _split_document(text: str, lang: str, presplit: bool) -> list[Sentence]:
    out = []
    for number, line in enumerate(text.split("\n")):
        line = line.strip()
        if not line:
            continue
        if presplit:
            out.append(Sentence(line, number))
        else:
            out.extend(Sentence(s, number) for s in split_sentences(line, lang))
    return out


def _align_parts(parts, src_lang, tgt_lang, encoder: CachedEncoder, max_bead: int, budget: float = aligner.REFINE_BUDGET) -> Alignment:
    """Align each (source, target) part on its own and join the results."""
    all_src: list[Sentence] = []
    all_tgt: list[Sentence] = []
    beads: list[aligner.Bead] = []
    embeddings: tuple[list, list] = ([], [])
    for left, right in parts:
        src = _side(left, encoder)
        tgt = _side(right, encoder)
        embeddings[0].append(src.emb)
        embeddings[1].append(tgt.emb)

        def encode_blocks(blocks, left=left, right=right):
            texts = [
                " ".join(s.text for s in (left if side == "src" else right)[start:end])
                for side, start, end in blocks
            ]
            return encoder.encode(texts)

        for bead in aligner.align(src, tgt, max_bead=max_bead, encode_blocks=encode_blocks, budget=budget):
            beads.append(
                aligner.Bead(
                    tuple(i + len(all_src) for i in bead.src),
                    tuple(j + len(all_tgt) for j in bead.tgt),
                    bead.score,
                )
            )
        all_src += left
        all_tgt += right
    return Alignment(
        src_lang, tgt_lang, all_src, all_tgt, beads, encoder.name, encoder.calls,
        _stack(embeddings[0]), _stack(embeddings[1]),
    )


def _stack(parts: list[np.ndarray]) -> np.ndarray | None:
    parts = [p for p in parts if p.size]
    return np.vstack(parts).astype(np.float32) if parts else None


def _side(sentences: list[Sentence], encoder: CachedEncoder) -> Side:
    texts = [s.text for s in sentences]
    emb = encoder.encode(texts) if texts else np.zeros((0, 1), dtype=np.float32)
    lengths = np.array([max(len(t), 1) for t in texts], dtype=np.float64)
    return Side(emb, lengths, [words_of(t) for t in texts])


def cached_encoder(encoder: Encoder | str) -> CachedEncoder:
    """An encoder that embeds each text once, from a spec such as "e5" or an encoder object."""
    if isinstance(encoder, CachedEncoder):
        return encoder
    return CachedEncoder(load_encoder(encoder) if isinstance(encoder, str) else encoder)


@contextmanager
def _progress(encoder: CachedEncoder, show: bool) -> Iterator[None]:
    """A progress line on stderr while the encoder works (sentences embedded)."""
    if not show:
        yield
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("embedding"), BarColumn(), MofNCompleteColumn(), TextColumn("texts"),
        TimeElapsedColumn(), transient=True,
    ) as bar:
        task = bar.add_task("embed", total=None)
        previous = encoder.on_progress
        encoder.on_progress = lambda k: bar.advance(task, k)
        try:
            yield
        finally:
            encoder.on_progress = previous
