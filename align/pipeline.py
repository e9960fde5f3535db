"""The jobs align does, as plain functions: the CLI and notebooks call these.

``segment`` finds the language passages of a document and which translate
each other; ``run`` aligns their sentences; ``pair`` aligns two documents,
one per language; ``check`` adds the quality signals of ``align check``.
Each takes an encoder (a spec such as ``"e5"`` or an encoder object; pass one
``CachedEncoder`` to several calls to embed each text once) and a
``progress`` that receives the long stages (``align.progress``).
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import asdict, dataclass, field, replace

import numpy as np

from . import options
from .core import Bead, Side, align, block_vector
from .core.chapters import match as chapters_match, parts as chapter_parts
from .embed import CachedEncoder, Encoder, cached_encoder
from .errors import AlignError
from .languages import language_tag
from .model import Alignment, Pair, Sentence, side_of
from .progress import Progress, silent
from .review.check import CheckReport, check_alignment
from .review.realign import with_anchors
from .review.session import Review
from .segment import Passage, PassagePair, find_parallel, find_passages, readable, split_sentences

log = logging.getLogger(__name__)


@dataclass
class Segmentation:
    """The language passages of a document and the pairs of them that translate each other."""

    passages: list[Passage]
    parallel: list[PassagePair]

    def language_counts(self) -> Counter:
        """Passages per language."""
        return Counter(p.lang for p in self.passages)

    def to_dict(self) -> dict:
        """Passages and parallel pairs with 1-based line numbers (``align segment --json``)."""
        return {
            "passages": [
                {
                    "index": p.index,
                    "lang": p.lang,
                    "first_line": p.first_line + 1,
                    "last_line": p.last_line + 1,
                    "chars": p.chars,
                    "blocks": len(p.blocks),
                    "confidence": round(p.confidence, 3),
                    "start": p.blocks[0].text[:60],
                }
                for p in self.passages
            ],
            "parallel": [
                {
                    "src": pp.src.index,
                    "src_lang": pp.src.lang,
                    "src_lines": [pp.src_part()[0].line + 1, pp.src_part()[-1].line + 1],
                    "tgt": pp.tgt.index,
                    "tgt_lang": pp.tgt.lang,
                    "tgt_lines": [pp.tgt_part()[0].line + 1, pp.tgt_part()[-1].line + 1],
                    "matches": pp.matches,
                    "similarity": round(pp.similarity, 3),
                }
                for pp in self.parallel
            ],
        }

    def left_out(self) -> list[tuple[str, int, int]]:
        """Runs of lines (language, first, last; 0-based) of parallel passages that no pair covers.

        They sit at the edge of one side only, with nothing on the other side
        to translate them (a summary, a caption, "In Albanian:"), so they are
        not aligned; this lists them so that nothing disappears unsaid.
        """
        covered: dict[int, set[int]] = {}
        passages = {}
        for pp in self.parallel:
            for passage, (start, end) in ((pp.src, pp.src_blocks), (pp.tgt, pp.tgt_blocks)):
                covered.setdefault(passage.index, set()).update(range(start, end))
                passages[passage.index] = passage
        runs = []
        for index, passage in sorted(passages.items()):
            lines = [b.line for k, b in enumerate(passage.blocks) if k not in covered[index]]
            for line in lines:
                if runs and runs[-1][0] == passage.lang and runs[-1][2] in (line, line - 1, line - 2):
                    runs[-1] = (passage.lang, runs[-1][1], line)
                else:
                    runs.append((passage.lang, line, line))
        return runs

    def passages_dataframe(self):
        """One row per passage: language, lines (1-based), size, langdetect confidence, parallel part."""
        options.require("study")
        import pandas as pd

        partner = {}
        for pp in self.parallel:
            partner[pp.src.index] = f"{pp.tgt.lang} #{pp.tgt.index}"
            partner[pp.tgt.index] = f"{pp.src.lang} #{pp.src.index}"
        rows = self.to_dict()["passages"]
        for row in rows:
            row["translates"] = partner.get(row["index"], "")
        return pd.DataFrame(rows).rename(columns={"index": "passage"}).set_index("passage")


@dataclass
class RunResult(Segmentation):
    """Everything ``run`` found in one document; ``alignments`` has one entry per language pair."""

    alignments: list[Alignment] = field(default_factory=list)

    @property
    def alignment(self) -> Alignment:
        """The alignment of the main language pair (the one with the most pairs)."""
        return max(self.alignments, key=lambda a: (len(a.beads), a.src_lang, a.tgt_lang))


def segment(text: str, *, encoder: Encoder | str = options.ENCODER, progress: Progress = silent) -> Segmentation:
    """Find the language passages of a document and the ones that translate each other.

    Lines are repaired first: soft hyphens removed, Hebrew in visual order put back (``segment.repair``).
    """
    passages = find_passages("\n".join(_readable(text.split("\n"))))
    langs = _amounts(passages)
    log.info("%d passages: %s", len(passages), ", ".join(f"{k} {v} chars" for k, v in langs.most_common()))
    if len(langs) < 2:
        return Segmentation(passages, [])
    parallel = find_parallel(passages, _with_progress(encoder, progress))
    for pp in parallel:
        a, b = pp.src_part(), pp.tgt_part()
        log.info("parallel: %s lines %d-%d <-> %s lines %d-%d (%d matching blocks)", pp.src.lang, a[0].line + 1,
                 a[-1].line + 1, pp.tgt.lang, b[0].line + 1, b[-1].line + 1, pp.matches)
    return Segmentation(passages, parallel)


def run(
    text: str,
    *,
    encoder: Encoder | str = options.ENCODER,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    max_bead: int = options.MAX_BEAD,
    budget: float = options.BUDGET,
    anchors: list[Pair] | None = None,
    progress: Progress = silent,
) -> RunResult:
    """Find the parallel passages of a mixed document and align their sentences.

    ``anchors``: a reviewed alignment of the main language pair (``align
    review``), whose confirmed and changed pairs are kept as they are.
    """
    src_lang, tgt_lang = _tags(src_lang, tgt_lang)
    encoder = _with_progress(encoder, progress)
    found = segment(text, encoder=encoder, progress=progress)
    langs = _amounts(found.passages)
    if len(langs) < 2:
        only = next(iter(langs), "unknown")
        raise AlignError(f"the document holds only one language ({only}): nothing to align")
    if not found.parallel:
        raise AlignError("found passages in " + ", ".join(sorted(langs)) + " but none that translate each other")
    result = RunResult(found.passages, found.parallel)
    groups: dict[tuple[str, str], list[tuple[list[Sentence], list[Sentence]]]] = {}
    amounts = Counter({language_tag(k): v for k, v in langs.items()})
    for pp in found.parallel:
        a, b = (language_tag(lang) for lang in pp.langs)
        src, tgt = _direction(a, b, amounts, src_lang, tgt_lang)
        left = _sentences(pp.src_part(), a)
        right = _sentences(pp.tgt_part(), b)
        groups.setdefault((src, tgt), []).append((left, right) if src == a else (right, left))
    for (src, tgt), parts in sorted(groups.items()):
        log.info("source %s, target %s", src, tgt)
        result.alignments.append(_align_parts(parts, src, tgt, encoder, max_bead, budget, progress))
    if src_lang and not any(a.src_lang == src_lang for a in result.alignments):
        raise AlignError(f"no parallel passages in {src_lang}; found " + ", ".join(sorted(langs)))
    if anchors:
        main = result.alignments.index(result.alignment)
        result.alignments[main] = _anchored(result.alignment, anchors, encoder, max_bead, budget)
    return result


def pair(
    src_text: str,
    tgt_text: str,
    *,
    encoder: Encoder | str = options.ENCODER,
    presplit: bool = False,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    max_bead: int = options.MAX_BEAD,
    budget: float = options.BUDGET,
    anchors: list[Pair] | None = None,
    times: tuple[list, list] | None = None,
    chapters: tuple[list, list] | None = None,
    progress: Progress = silent,
) -> Alignment:
    """Align two documents that translate each other.

    ``budget`` caps the real embeddings of multi-sentence blocks per input
    sentence (0: single sentences only, the fastest).  ``anchors``: a reviewed
    alignment of the same documents (``align review``); the pairs a person
    confirmed or changed are kept and only the text between them is aligned.
    ``times``: for two subtitle files, the (start, end) seconds of each line
    of each document (``segment.pair_evidence``); the timing then counts as
    evidence.  ``chapters``: for two books, the chapter of each line of each
    document (``segment.pair_evidence``); chapters are matched first and
    aligned one pair at a time, so a chapter one edition lacks stays unmatched.
    """
    src_lang, tgt_lang = _tags(src_lang, tgt_lang)
    src_lang = src_lang or _detected(src_text, "source")
    tgt_lang = tgt_lang or _detected(tgt_text, "target")
    log.info("languages: source %s, target %s", src_lang, tgt_lang)
    if src_lang == tgt_lang:
        raise AlignError(f"both documents are in the same language ({src_lang}): nothing to translate")
    left = split_document(src_text, src_lang, presplit)
    right = split_document(tgt_text, tgt_lang, presplit)
    if times is not None and times[0] and times[1]:
        left, right = timed(left, times[0]), timed(right, times[1])
        log.info("subtitle timing used as evidence")
    encoder = _with_progress(encoder, progress)
    parts = [(left, right)]
    if chapters is not None and chapters[0] and chapters[1]:
        parts = _chapter_parts(left, right, chapters, encoder)
    alignment = _align_parts(parts, src_lang, tgt_lang, encoder, max_bead, budget, progress)
    return _anchored(alignment, anchors, encoder, max_bead, budget) if anchors else alignment


def _chapter_parts(left: list[Sentence], right: list[Sentence], chapters: tuple[list, list],
                   encoder: CachedEncoder) -> list[tuple[list[Sentence], list[Sentence]]]:
    """Match the chapters of two books (``core.chapters``) and cut their sentences into the parts to align."""
    if any(sentences and max(s.line for s in sentences) >= len(lines) for sentences, lines in zip((left, right), chapters)):
        log.warning("the chapters do not match the text's lines: the books are aligned whole")
        return [(left, right)]
    grouped, vectors = [], []
    for sentences, lines in zip((left, right), chapters):
        side = _side(sentences, encoder)  # the whole book at once; aligning its parts finds these in the cache
        groups: dict[int, list[int]] = {}
        for k, s in enumerate(sentences):
            groups.setdefault(lines[s.line], []).append(k)
        grouped.append([[sentences[k] for k in ids] for ids in groups.values()])
        vectors.append(np.array([block_vector(side.emb[ids], side.lengths[ids]) for ids in groups.values()]))
    found = chapters_match(*vectors)
    log.info("chapters: %d and %d, %d matched in order", len(grouped[0]), len(grouped[1]), len(found))
    return [([s for k in rows for s in grouped[0][k]], [s for k in cols for s in grouped[1][k]])
            for rows, cols in chapter_parts(found, len(grouped[0]), len(grouped[1]))]


def _anchored(alignment: Alignment, anchors: list[Pair], encoder: CachedEncoder, max_bead: int, budget: float) -> Alignment:
    return with_anchors(alignment, anchors, lambda texts: encoder.encode(texts, "embedding blocks"), max_bead, budget)


def open_review(pairs: list[Pair], src_lang: str, tgt_lang: str, *, encoder: Encoder | str = options.ENCODER,
                flags: bool = True, progress: Progress = silent) -> Review:
    """A ``Review`` of an alignment's pairs, with ``align check``'s flags on the pairs it doubts."""
    review = Review.from_pairs(pairs, language_tag(src_lang), language_tag(tgt_lang))
    if flags:
        encoder = _with_progress(encoder, progress)
        alignment = review.alignment()
        alignment.src_embeddings, alignment.tgt_embeddings = (
            encoder.encode([s.text for s in sentences], "embedding sentences") if sentences else None
            for sentences in (alignment.src, alignment.tgt)
        )
        with progress.stage("checking pairs"):
            report = check_alignment(alignment, encoder)
        review.flags = {(b.src, b.tgt): [asdict(f) for f in p.flags] for b, p in zip(review.beads, report.pairs) if p.flags}
        log.info("%d pairs flagged by the checks, %d doubtful in all", len(review.flags), review.counts()["doubtful"])
    return review


def check(
    src_text: str,
    tgt_text: str | None = None,
    *,
    ref_text: str | None = None,
    encoder: Encoder | str = options.ENCODER,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    presplit: bool = False,
    max_bead: int = options.MAX_BEAD,
    budget: float = options.BUDGET,
    times: tuple[list, list] | None = None,
    chapters: tuple[list, list] | None = None,
    progress: Progress = silent,
) -> CheckReport:
    """Align a source and its (machine) translation and flag the pairs to review.

    With one text, it is a mixed document as for ``run``.  With ``ref_text``, a
    human reference of the translation, each pair also gets chrF and BLEU
    against the reference sentences aligned to it.
    """
    if ref_text is not None:
        options.require("ref")
    encoder = _with_progress(encoder, progress)
    common = dict(encoder=encoder, src_lang=src_lang, tgt_lang=tgt_lang, max_bead=max_bead, budget=budget, progress=progress)
    if tgt_text is None:
        alignment = run(src_text, **common).alignment
    else:
        alignment = pair(src_text, tgt_text, presplit=presplit, times=times, chapters=chapters, **common)
    references = None
    if ref_text is not None:
        references = _references(alignment, ref_text, encoder, presplit, max_bead, budget, progress)
    with progress.stage("checking pairs"):
        return check_alignment(alignment, encoder, references)


def _references(alignment: Alignment, ref_text: str, encoder: CachedEncoder, presplit: bool, max_bead: int,
                budget: float, progress: Progress) -> list[str | None]:
    """For each bead, the reference sentences aligned to its translation sentences."""
    ref = split_document(ref_text, alignment.tgt_lang, presplit)
    if not ref:
        raise AlignError("the reference translation is empty")
    ref_alignment = _align_parts([(alignment.tgt, ref)], alignment.tgt_lang, alignment.tgt_lang, encoder, max_bead, budget, progress)
    partners: dict[int, list[int]] = {}
    for bead in ref_alignment.beads:
        for j in bead.src:
            partners[j] = list(bead.tgt)
    out = []
    for bead in alignment.beads:
        ids = sorted({r for j in bead.tgt for r in partners.get(j, [])})
        out.append(" ".join(ref[r].text for r in ids) if bead.tgt else None)
    return out


def _tags(*codes: str | None) -> tuple[str | None, ...]:
    return tuple(language_tag(code) if code else None for code in codes)


def _detected(text: str, side: str) -> str:
    lang = dominant_language(text)
    if lang == "und":
        raise AlignError(f"the {side} document has no text in any language (only digits or punctuation?)")
    return language_tag(lang)


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
    return [Sentence(s, b.line, paragraph=b.line) for b in blocks for s in split_sentences(b.text, lang)]


def _readable(lines: list[str]) -> list[str]:
    """The lines as a reader reads them (``segment.repair``): no soft hyphens, Hebrew in reading order."""
    out = readable(lines)
    changed = sum(a != b for a, b in zip(lines, out))
    if changed:
        log.info("%d lines repaired (soft hyphens removed, Hebrew in visual order put back in reading order)", changed)
    return out


def split_document(text: str, lang: str, presplit: bool = False) -> list[Sentence]:
    """The sentences of a document, each with its line and paragraph.

    A line is a paragraph (readers write one a line); with ``presplit`` (one
    sentence a line) blank lines separate paragraphs.  Lines are repaired
    first: soft hyphens removed, Hebrew in visual order put back (``segment.repair``).
    """
    out = []
    paragraph, blank = 0, False
    for number, line in enumerate(_readable([line.strip() for line in text.split("\n")])):
        if not line:
            blank = True
            continue
        if presplit:
            paragraph += blank
            out.append(Sentence(line, number, paragraph=paragraph))
        else:
            out.extend(Sentence(s, number, paragraph=number) for s in split_sentences(line, lang))
        blank = False
    return out


def timed(sentences: list[Sentence], line_times: list[tuple[float, float]]) -> list[Sentence]:
    """Sentences with times: a line's span shared among its sentences by their length."""
    if sentences and max(s.line for s in sentences) >= len(line_times):
        log.warning("the subtitle timing does not match the text's lines: not used")
        return sentences
    out = []
    by_line: dict[int, list[Sentence]] = {}
    for s in sentences:
        by_line.setdefault(s.line, []).append(s)
    for line, group in by_line.items():
        start, end = line_times[line]
        total = sum(len(s.text) for s in group) or 1
        at = start
        for s in group:
            step = (end - start) * len(s.text) / total
            out.append(replace(s, time=(at, at + step)))
            at += step
    return out


def _align_parts(parts, src_lang, tgt_lang, encoder: CachedEncoder, max_bead: int, budget: float,
                 progress: Progress) -> Alignment:
    """Align each (source, target) part on its own and join the results."""
    all_src: list[Sentence] = []
    all_tgt: list[Sentence] = []
    beads = []
    embeddings: tuple[list, list] = ([], [])
    for left, right in parts:
        src = _side(left, encoder)
        tgt = _side(right, encoder)
        embeddings[0].append(src.emb)
        embeddings[1].append(tgt.emb)
        with progress.stage("aligning"):
            found = align(src, tgt, max_bead=max_bead, embed=lambda texts: encoder.encode(texts, "embedding blocks"), budget=budget)
        for bead in found:
            beads.append(Bead(
                tuple(i + len(all_src) for i in bead.src),
                tuple(j + len(all_tgt) for j in bead.tgt),
                bead.score,
            ))
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
    emb = encoder.encode(texts, "embedding sentences") if texts else np.zeros((0, 1), dtype=np.float32)
    return side_of(sentences, emb)


def _with_progress(encoder: Encoder | str, progress: Progress) -> CachedEncoder:
    """A cached encoder that reports to ``progress`` (unless it already reports somewhere)."""
    encoder = cached_encoder(encoder)
    if progress is not silent:
        encoder.progress = progress
    return encoder
