"""The ``align`` command: a thin layer over the Python API (``align.pipeline``, ``align.corpus``).

Each command reads its files, calls one API function, writes with the
exporters and prints a summary.  Bad input ends with one line on stderr and
exit status 1; nothing is written.  Every option's default and help text come
from ``align.options``.
"""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import options, pipeline
from .errors import AlignError
from .review.session import read_alignment
from .export import ALL_FORMATS, FORMATS, Filters, export, output_stem
from .progress import BarProgress, Progress, silent
from .segment import pair_evidence, read_document, read_text
from .version import __version__

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Find the passages of a document that translate each other, pair their sentences, "
    "and export the pairs as TMX, TSV or JSONL. Works offline with the embedded "
    "multilingual-e5-small encoder.",
    epilog="Examples:\n\n"
    "align run page.txt --out out/\n\n"
    "align pair book.de.txt book.fr.txt --format tmx\n\n"
    "align check article.sq.txt article.en.txt --fail-on bad\n\n"
    "align corpus crawl/de crawl/fr --match --workers 2 --out corpus/\n\n"
    "align convert out/page.sq-en.jsonl --format moses,hf --min-score 0.5\n\n"
    "align review out/page.sq-en.jsonl",
)

# The options every command shares, defined once.
Out = Annotated[Path, typer.Option("--out", "-o", help=options.HELP["out"])]
Formats = Annotated[str, typer.Option("--format", "-f", help=options.HELP["formats"])]
EncoderSpec = Annotated[str, typer.Option("--encoder", "-e", help=options.HELP["encoder"])]
SrcLang = Annotated[Optional[str], typer.Option("--src-lang", "--src", help=options.HELP["src_lang"])]
TgtLang = Annotated[Optional[str], typer.Option("--tgt-lang", "--tgt", help=options.HELP["tgt_lang"])]
MaxBead = Annotated[int, typer.Option("--max-bead", min=1, max=8, help=options.HELP["max_bead"])]
Budget = Annotated[float, typer.Option("--budget", min=0.0, max=4.0, help=options.HELP["budget"])]
Presplit = Annotated[bool, typer.Option("--presplit", help=options.HELP["presplit"])]
MinScore = Annotated[float, typer.Option("--min-score", min=0.0, max=1.0, help=options.HELP["min_score"])]
DropIdentical = Annotated[bool, typer.Option("--drop-identical", help=options.HELP["drop_identical"])]
DropUntranslated = Annotated[bool, typer.Option("--drop-untranslated", help=options.HELP["drop_untranslated"])]
MaxLengthRatio = Annotated[Optional[float], typer.Option("--max-length-ratio", min=1.0, help=options.HELP["max_length_ratio"])]
Dedup = Annotated[bool, typer.Option("--dedup", help=options.HELP["dedup"])]
Encoding = Annotated[Optional[str], typer.Option("--encoding", help=options.HELP["encoding"])]
Anchors = Annotated[Optional[Path], typer.Option("--anchors", help=options.HELP["anchors"])]
Verbose = Annotated[int, typer.Option("--verbose", "-v", count=True, help=options.HELP["verbose"])]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help=options.HELP["quiet"])]
DEFAULT_FORMATS = ",".join(FORMATS)
# Exit statuses (README, "Guarantees"): 0 done, 1 bad input, 2 usage, 3 --fail-on, 4 documents failed, 130 interrupted.
EXIT_BAD_INPUT, EXIT_FAIL_ON, EXIT_SOME_FAILED, EXIT_INTERRUPTED = 1, 3, 4, 130


_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def _echo(text: str, err: bool = False) -> None:
    """Print text from documents with its control characters (escape sequences) made visible."""
    typer.echo(_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text), err=err)


def _fail(message: str, code: int = EXIT_BAD_INPUT):
    _echo(f"align: error: {' '.join(message.splitlines())}", err=True)
    raise typer.Exit(code)


def _choose(value: str, allowed, what: str) -> list[str]:
    chosen = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in allowed]
    if unknown or not chosen:
        _fail(f"unknown {what} {', '.join(unknown) or repr(value)}: choose from {', '.join(allowed)}")
    return list(dict.fromkeys(chosen))


def _setup(verbose: int, quiet: bool) -> Progress:
    """Logging for -v/-vv, and a progress bar when stderr is a terminal and not -q."""
    logger = logging.getLogger("align")
    logger.handlers.clear()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("align: %(message)s"))
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)])
    return BarProgress() if sys.stderr.isatty() and not quiet else silent


def _writable(out: Path) -> None:
    """Refuse an output folder that cannot be written before any work is done."""
    probe = out
    while not probe.exists():
        if probe.parent == probe:
            break
        probe = probe.parent
    if not probe.is_dir() or not os.access(probe, os.W_OK | os.X_OK):
        _fail(f"{out}: cannot write there")


def _guard(job):
    """Turn align's own errors and OS errors into one line and a non-zero exit."""
    try:
        return job()
    except AlignError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "))
    except MemoryError:
        _fail("out of memory: the input is too large for this machine")
    except KeyboardInterrupt:
        _fail("interrupted", EXIT_INTERRUPTED)


def _lines(first: int, last: int) -> str:
    return f"line {first + 1}" if first == last else f"lines {first + 1}-{last + 1}"


def _print_summary(alignment, written: list[Path], removed: dict[str, int] | None = None) -> None:
    s = alignment.summary()
    _echo(
        f"{s['src_lang']}-{s['tgt_lang']}: {s['src_sentences']} source and {s['tgt_sentences']} target sentences, "
        f"{s['pairs']} pairs, {s['unmatched_src']} unmatched source, {s['unmatched_tgt']} unmatched target, "
        f"mean score {s['mean_score']:.3f} ({s['encoder_calls']} encoder calls, encoder {s['encoder']})"
    )
    dropped = {k: v for k, v in (removed or {}).items() if v}
    if dropped:
        _echo("  left out of the corpus files: " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in dropped.items()))
    for path in written:
        _echo(f"  wrote {path}")


@app.command()
def run(
    file: Annotated[Path, typer.Argument(help="A document holding text in two or more languages.")],
    out: Out = options.OUT,
    format: Formats = DEFAULT_FORMATS,
    encoder: EncoderSpec = options.ENCODER,
    src_lang: SrcLang = None,
    tgt_lang: TgtLang = None,
    max_bead: MaxBead = options.MAX_BEAD,
    budget: Budget = options.BUDGET,
    encoding: Encoding = None,
    min_score: MinScore = options.MIN_SCORE,
    drop_identical: DropIdentical = False,
    drop_untranslated: DropUntranslated = False,
    max_length_ratio: MaxLengthRatio = None,
    dedup: Dedup = False,
    anchors: Anchors = None,
    verbose: Verbose = 0,
    quiet: Quiet = False,
):
    """Align the translated passages of one mixed document (the main job).

    Without --src-lang, the source is the language the page has less of (usually the quoted original).
    """
    formats = _choose(format, ALL_FORMATS, "format")
    _writable(out)
    progress = _setup(verbose, quiet)

    def job():
        text = read_text(file, encoding)
        reviewed = _reviewed(anchors) if anchors else None
        result = pipeline.run(text, encoder=encoder, src_lang=src_lang, tgt_lang=tgt_lang, max_bead=max_bead,
                              budget=budget, anchors=reviewed, progress=progress)
        langs = result.language_counts()
        _echo(f"{file}: {len(result.passages)} passages (" + ", ".join(f"{k} {v}" for k, v in sorted(langs.items())) + ")")
        for pp in result.parallel:
            a, b = pp.src_part(), pp.tgt_part()
            _echo(
                f"  parallel: {pp.src.lang} {_lines(a[0].line, a[-1].line)} <-> {pp.tgt.lang} {_lines(b[0].line, b[-1].line)} "
                f"({pp.matches} matching blocks)"
            )
        for lang, first, last in result.left_out():
            _echo(f"  left out: {lang} {_lines(first, last)} (no counterpart on the other side)")
        rules = Filters(min_score, drop_identical, drop_untranslated, max_length_ratio, dedup)
        for alignment in result.alignments:
            stem = output_stem(file.name, (alignment.src_lang, alignment.tgt_lang))
            _print_summary(alignment, *export(alignment, out, stem, formats, rules))

    _guard(job)


@app.command()
def pair(
    source: Annotated[Path, typer.Argument(help="The source document.")],
    target: Annotated[Path, typer.Argument(help="Its translation.")],
    out: Out = options.OUT,
    format: Formats = DEFAULT_FORMATS,
    encoder: EncoderSpec = options.ENCODER,
    presplit: Presplit = False,
    src_lang: SrcLang = None,
    tgt_lang: TgtLang = None,
    max_bead: MaxBead = options.MAX_BEAD,
    budget: Budget = options.BUDGET,
    encoding: Encoding = None,
    min_score: MinScore = options.MIN_SCORE,
    drop_identical: DropIdentical = False,
    drop_untranslated: DropUntranslated = False,
    max_length_ratio: MaxLengthRatio = None,
    dedup: Dedup = False,
    anchors: Anchors = None,
    verbose: Verbose = 0,
    quiet: Quiet = False,
):
    """Align two documents, one the translation of the other.

    Two subtitle files are also aligned by their cue times; two e-books are
    matched chapter by chapter first.
    """
    formats = _choose(format, ALL_FORMATS, "format")
    _writable(out)
    progress = _setup(verbose, quiet)

    def job():
        left, right = (read_document(path, encoding, unwrap=not presplit) for path in (source, target))
        reviewed = _reviewed(anchors) if anchors else None
        alignment = pipeline.pair(
            left.text, right.text, encoder=encoder, presplit=presplit, src_lang=src_lang, tgt_lang=tgt_lang,
            max_bead=max_bead, budget=budget, anchors=reviewed, **pair_evidence(left, right), progress=progress,
        )
        stem = output_stem(source.name, (alignment.src_lang, alignment.tgt_lang))
        rules = Filters(min_score, drop_identical, drop_untranslated, max_length_ratio, dedup)
        _print_summary(alignment, *export(alignment, out, stem, formats, rules))

    _guard(job)


def _reviewed(path: Path):
    """The pairs of a reviewed alignment, refused when no person has confirmed or changed any."""
    pairs = read_alignment(path)[0]
    if not any(p.review for p in pairs):
        raise AlignError(f"{path}: no pair in it was confirmed or changed in align review")
    return pairs


@app.command()
def review(
    source: Annotated[Path, typer.Argument(help="align's JSONL of an alignment (or a saved review), or a document to align first.")],
    target: Annotated[Optional[Path], typer.Argument(help="With a source document: its translation.")] = None,
    out: Out = options.OUT,
    save: Annotated[Optional[Path], typer.Option("--save", help="Where the reviewed alignment is saved (default: NAME.reviewed.jsonl beside the input, or in --out for documents).")] = None,
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port on 127.0.0.1 (0: any free one).")] = 0,
    browser: Annotated[bool, typer.Option("--browser/--no-browser", help="Open the page in the web browser.")] = True,
    checks: Annotated[bool, typer.Option("--checks/--no-checks", help="Run align check's signals to mark doubtful pairs (embeds every sentence once).")] = True,
    encoder: EncoderSpec = options.ENCODER,
    presplit: Presplit = False,
    src_lang: SrcLang = None,
    tgt_lang: TgtLang = None,
    max_bead: MaxBead = options.MAX_BEAD,
    budget: Budget = options.BUDGET,
    encoding: Encoding = None,
    verbose: Verbose = 0,
    quiet: Quiet = False,
):
    """Correct an alignment by hand in the browser, doubtful pairs first; save it, then convert or realign with it.

    Keys on the page: j/k next/previous doubtful pair, c confirm, m/M merge, s split, [ ] move a sentence, u unmatch, e edit, z/y undo/redo, w save, ? all keys.
    """
    import webbrowser

    from .embed import cached_encoder
    from .review.server import ReviewServer

    progress = _setup(verbose, quiet)

    def job():
        coder = encoder  # a spec: loaded only if the checks run
        path = _review_file(source, target, out, save)
        if path.exists() and path != source:  # a review of this input saved before: go on with it
            _echo(f"continuing the review saved in {path}")
            pairs, src, tgt = read_alignment(path)
        elif target is None and source.name.lower().endswith(".jsonl"):
            pairs, src, tgt = read_alignment(source)
        else:
            coder = cached_encoder(encoder)  # one model and cache for aligning and checking
            common = dict(encoder=coder, src_lang=src_lang, tgt_lang=tgt_lang, max_bead=max_bead, budget=budget,
                          progress=progress)
            if target is None:
                alignment = pipeline.run(read_text(source, encoding), **common).alignment
            else:
                left, right = (read_document(path, encoding, unwrap=not presplit) for path in (source, target))
                alignment = pipeline.pair(left.text, right.text, presplit=presplit, **pair_evidence(left, right), **common)
            pairs, src, tgt = list(alignment.pairs()), alignment.src_lang, alignment.tgt_lang
        return pipeline.open_review(pairs, src, tgt, encoder=coder, flags=checks, progress=progress), path

    session, path = _guard(job)
    server = _guard(lambda: ReviewServer(session, path, port))
    counts = session.counts()
    _echo(f"{session.src_lang}-{session.tgt_lang}: {counts['pairs']} pairs, {counts['doubtful']} doubtful; saving to {path}")
    _echo(f"review at {server.url}  (Ctrl+C to stop)")
    if browser:
        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl+C while closing changes nothing
    finally:
        server.close()
    if not server.saved:
        _echo("stopped with unsaved edits", err=True)


def _review_file(source: Path, target: Optional[Path], out: Path, save: Optional[Path]) -> Path:
    """Where a review is saved: --save, else beside the JSONL it opens, else in --out."""
    if save is not None:
        return save
    if target is None and source.name.lower().endswith(".jsonl"):
        if source.name.endswith(".reviewed.jsonl"):
            return source
        return source.with_name(source.name[: -len(".jsonl")] + ".reviewed.jsonl")
    return out / f"{source.name.split('.')[0]}.reviewed.jsonl"


@app.command()
def check(
    source: Annotated[Path, typer.Argument(help="The source document, or one mixed document holding both languages.")],
    target: Annotated[Optional[Path], typer.Argument(help="Its (machine) translation; leave out for a mixed document.")] = None,
    ref: Annotated[Optional[Path], typer.Option("--ref", help="A human reference translation: adds chrF and BLEU per pair and for the document (needs align[ref]).")] = None,
    out: Out = options.OUT,
    format: Annotated[str, typer.Option("--format", "-f", help=options.HELP["report_formats"])] = ",".join(options.REPORT_FORMATS),
    fail_on: Annotated[str, typer.Option("--fail-on", help=options.HELP["fail_on"])] = options.FAIL_ON[0],
    encoder: EncoderSpec = options.ENCODER,
    presplit: Presplit = False,
    src_lang: SrcLang = None,
    tgt_lang: TgtLang = None,
    max_bead: MaxBead = options.MAX_BEAD,
    budget: Budget = options.BUDGET,
    top: Annotated[int, typer.Option("--top", min=0, help=options.HELP["top"])] = options.TOP,
    encoding: Encoding = None,
    verbose: Verbose = 0,
    quiet: Quiet = False,
):
    """Check a translation: flag the pairs a reviewer should look at, worst first, with the reason."""
    from .review import summary, write_report

    chosen = _choose(format, options.REPORT_FORMATS, "report format")
    if fail_on not in options.FAIL_ON:
        _fail(f"--fail-on takes {', '.join(options.FAIL_ON)}, not {fail_on!r}")
    _writable(out)
    progress = _setup(verbose, quiet)

    def job():
        left = read_document(source, encoding, unwrap=not presplit)
        right = read_document(target, encoding, unwrap=not presplit) if target else None
        reference = read_text(ref, encoding, unwrap=not presplit) if ref else None
        report = pipeline.check(
            left.text, right.text if right else None, ref_text=reference, encoder=encoder, src_lang=src_lang,
            tgt_lang=tgt_lang, presplit=presplit, max_bead=max_bead, budget=budget,
            **(pair_evidence(left, right) if right else {}), progress=progress,
        )
        a = report.alignment
        written = write_report(report, out, output_stem(source.name, (a.src_lang, a.tgt_lang)), chosen)
        _echo(summary(report, top))
        for path in written:
            _echo(f"  wrote {path}")
        return report

    report = _guard(job)
    if fail_on != "never" and report.worst(fail_on):
        raise typer.Exit(EXIT_FAIL_ON)


@app.command()
def corpus(
    inputs: Annotated[list[Path], typer.Argument(help="A manifest (TSV: source, target; or JSONL), one folder of mixed documents, or two folders (source, target).")],
    out: Out = options.OUT,
    match: Annotated[bool, typer.Option("--match", help="Two folders whose file names do not correspond: pair the documents by content.")] = False,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help=options.HELP["workers"])] = options.WORKERS,
    engine: Annotated[str, typer.Option("--engine", help=options.HELP["engine"])] = options.ENGINES[0],
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: a local cluster of --workers processes).")] = None,
    root: Annotated[Optional[Path], typer.Option("--root", help="Refuse manifest entries outside this folder.")] = None,
    min_score: MinScore = options.MIN_SCORE,
    drop_identical: DropIdentical = False,
    drop_untranslated: DropUntranslated = False,
    max_length_ratio: MaxLengthRatio = None,
    format: Formats = DEFAULT_FORMATS,
    encoder: EncoderSpec = options.ENCODER,
    presplit: Presplit = False,
    src_lang: SrcLang = None,
    tgt_lang: TgtLang = None,
    max_bead: MaxBead = options.MAX_BEAD,
    budget: Budget = options.BUDGET,
    verbose: Verbose = 0,
    quiet: Quiet = False,
):
    """Align a whole collection of documents into one parallel corpus: resumable, in parallel, or on a Dask cluster."""
    from . import corpus as corpus_api

    formats = _choose(format, ALL_FORMATS, "format")
    if engine not in options.ENGINES:
        _fail(f"--engine takes {', '.join(options.ENGINES)}, not {engine!r}")
    _writable(out)
    progress = _setup(verbose, quiet)

    def job():
        if engine == "dask":
            options.require("dask")
        plan = corpus_api.tasks_from(inputs, match=match, encoder=encoder, root=root)
        settings = corpus_api.Options(encoder=encoder, src_lang=src_lang, tgt_lang=tgt_lang, presplit=presplit,
                                      max_bead=max_bead, budget=budget)
        _echo(f"{len(plan.tasks)} documents to align, {len(plan.unpaired)} left unpaired")
        stats = corpus_api.align_corpus(plan, out, settings, workers=workers, engine=engine, scheduler=scheduler,
                                        formats=formats, progress=progress,
                                        rules=Filters(min_score, drop_identical, drop_untranslated, max_length_ratio))
        for key, value in stats.items():
            if isinstance(value, dict):
                _echo(
                    f"{key}: {value['documents']} documents, {value['pairs']} pairs, {value['unmatched']} unmatched sentences, "
                    f"{value['duplicates_removed']} duplicate pairs removed, {value['below_min_score']} below --min-score"
                )
        for path in stats["files"]:
            _echo(f"  wrote {path}")
        if stats["failed"]:
            _fail(f"{stats['failed']} of {stats['documents']} documents failed: see documents.tsv", EXIT_SOME_FAILED)

    _guard(job)


@app.command()
def convert(
    inputs: Annotated[list[Path], typer.Argument(help="Files written by align (or by others in these formats): .tmx, .tsv, .jsonl, Hugging Face .jsonl.")],
    out: Out = options.OUT,
    format: Formats = DEFAULT_FORMATS,
    src_lang: SrcLang = None,
    tgt_lang: TgtLang = None,
    min_score: MinScore = options.MIN_SCORE,
    drop_identical: DropIdentical = False,
    drop_untranslated: DropUntranslated = False,
    max_length_ratio: MaxLengthRatio = None,
    dedup: Dedup = False,
    verbose: Verbose = 0,
    quiet: Quiet = False,
):
    """Turn align's outputs into other formats (JSONL to TMX, TSV to Moses, ...), optionally cleaned."""
    from .export import apply, read_pairs, write_pairs

    formats = _choose(format, ALL_FORMATS, "format")
    _writable(out)
    _setup(verbose, quiet)

    def job():
        rules = Filters(min_score, drop_identical, drop_untranslated, max_length_ratio, dedup)
        for path in inputs:
            pairs, src, tgt = read_pairs(path, src_lang, tgt_lang)
            kept, removed = apply(pairs, rules, src, tgt)
            stem = path.name.split(".")[0]
            written = write_pairs(kept, src, tgt, out, stem, formats, every=pairs)
            _echo(f"{path}: {len(pairs)} pairs ({src}-{tgt})")
            dropped = {k: v for k, v in removed.items() if v}
            if dropped:
                _echo("  left out: " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in dropped.items()))
            for name in written:
                _echo(f"  wrote {name}")

    _guard(job)


@app.command()
def segment(
    file: Annotated[Path, typer.Argument(help="A document to cut into language passages.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    encoder: EncoderSpec = options.ENCODER,
    encoding: Encoding = None,
    verbose: Verbose = 0,
    quiet: Quiet = False,
):
    """Show the language passages of a document and which of them translate each other."""
    progress = _setup(verbose, quiet)

    def job():
        data = pipeline.segment(read_text(file, encoding), encoder=encoder, progress=progress).to_dict()
        if as_json:
            _echo(json.dumps(data, ensure_ascii=False, indent=2))
            return
        _echo(f"{'#':>3} {'lang':<5} {'lines':>11} {'chars':>7} {'conf':>5}  start")
        for p in data["passages"]:
            lines = f"{p['first_line']}-{p['last_line']}"
            _echo(f"{p['index']:>3} {p['lang']:<5} {lines:>11} {p['chars']:>7} {p['confidence']:>5.2f}  {p['start']}")
        if not data["parallel"]:
            _echo("no passages translate each other")
        for pp in data["parallel"]:
            _echo(
                f"parallel: #{pp['src']} {pp['src_lang']} lines {pp['src_lines'][0]}-{pp['src_lines'][1]} <-> "
                f"#{pp['tgt']} {pp['tgt_lang']} lines {pp['tgt_lines'][0]}-{pp['tgt_lines'][1]} "
                f"({pp['matches']} matching blocks, similarity {pp['similarity']:.3f})"
            )

    _guard(job)


def _version(value: bool):
    if value:
        typer.echo(f"align {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
):
    """align: translation alignment for parallel corpora, translation memories and MT review."""


if __name__ == "__main__":  # pragma: no cover
    app()
