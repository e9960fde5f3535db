"""The ``align`` command: a thin layer over ``align.pipeline``.

Bad input ends with one line on stderr and exit status 1; nothing is written.
"""

from __future__ import annotations

import json
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

import typer

from . import __version__, pipeline
from .errors import AlignError
from .export import FORMATS, write_outputs
from .read import read_text

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
    "align corpus crawl/de crawl/fr --match --workers 2 --out corpus/",
)

ENCODER_HELP = "Sentence encoder: 'e5' (embedded multilingual-e5-small, offline) or 'st:MODEL' (a sentence-transformers name or local folder)."
FORMAT_HELP = "Comma-separated output formats: " + ", ".join(FORMATS) + "."
MAX_BEAD_HELP = "Largest number of sentences one side of a pair may hold (1-1 up to 1-N, N-1, ...)."


def _fail(message: str, code: int = 1):
    typer.echo(f"align: error: {message}", err=True)
    raise typer.Exit(code)


def _formats(value: str) -> list[str]:
    chosen = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        _fail(f"unknown format {', '.join(unknown) or repr(value)}: choose from {', '.join(FORMATS)}")
    return list(dict.fromkeys(chosen))


def _progress() -> bool:
    return sys.stderr.isatty()


def _guard(job):
    """Turn align's own errors and OS errors into one line and a non-zero exit."""
    try:
        return job()
    except AlignError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "))
    except KeyboardInterrupt:
        _fail("interrupted", 130)


def _lines(first: int, last: int) -> str:
    return f"line {first + 1}" if first == last else f"lines {first + 1}-{last + 1}"


def _print_summary(alignment, written: list[Path]) -> None:
    s = alignment.summary()
    typer.echo(
        f"{s['src_lang']}-{s['tgt_lang']}: {s['src_sentences']} source and {s['tgt_sentences']} target sentences, "
        f"{s['pairs']} pairs, {s['unmatched_src']} unmatched source, {s['unmatched_tgt']} unmatched target, "
        f"mean score {s['mean_score']:.3f} ({s['encoder_calls']} encoder calls, encoder {s['encoder']})"
    )
    for path in written:
        typer.echo(f"  wrote {path}")


@app.command()
def run(
    file: Path = typer.Argument(..., help="A document holding text in two or more languages."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Folder for the output files."),
    format: str = typer.Option(",".join(FORMATS), "--format", "-f", help=FORMAT_HELP),
    encoder: str = typer.Option("e5", "--encoder", "-e", help=ENCODER_HELP),
    src: Optional[str] = typer.Option(None, "--src", help="Source language code (default: the language the page has less of, usually the quoted original)."),
    tgt: Optional[str] = typer.Option(None, "--tgt", help="Target language code."),
    max_bead: int = typer.Option(4, "--max-bead", min=1, max=8, help=MAX_BEAD_HELP),
):
    """Align the translated passages of one mixed document (the main job)."""
    formats = _formats(format)

    def job():
        text = read_text(file)
        result = pipeline.run(text, encoder=encoder, src_lang=src, tgt_lang=tgt, max_bead=max_bead, progress=_progress())
        langs = {}
        for p in result.passages:
            langs[p.lang] = langs.get(p.lang, 0) + 1
        typer.echo(f"{file}: {len(result.passages)} passages (" + ", ".join(f"{k} {v}" for k, v in sorted(langs.items())) + ")")
        for pp in result.parallel:
            a, b = pp.src_part(), pp.tgt_part()
            typer.echo(
                f"  parallel: {pp.src.lang} {_lines(a[0].line, a[-1].line)} <-> {pp.tgt.lang} {_lines(b[0].line, b[-1].line)} "
                f"({pp.matches} matching blocks)"
            )
        for alignment in result.alignments:
            _print_summary(alignment, write_outputs(alignment, out, file.stem, formats))

    _guard(job)


@app.command()
def pair(
    source: Path = typer.Argument(..., help="The source document."),
    target: Path = typer.Argument(..., help="Its translation."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Folder for the output files."),
    format: str = typer.Option(",".join(FORMATS), "--format", "-f", help=FORMAT_HELP),
    encoder: str = typer.Option("e5", "--encoder", "-e", help=ENCODER_HELP),
    presplit: bool = typer.Option(False, "--presplit", help="The files hold one sentence a line: do not split them."),
    src_lang: Optional[str] = typer.Option(None, "--src-lang", help="Source language code (default: detected)."),
    tgt_lang: Optional[str] = typer.Option(None, "--tgt-lang", help="Target language code (default: detected)."),
    max_bead: int = typer.Option(4, "--max-bead", min=1, max=8, help=MAX_BEAD_HELP),
):
    """Align two documents, one the translation of the other."""
    formats = _formats(format)

    def job():
        left, right = read_text(source), read_text(target)
        alignment = pipeline.pair(
            left, right, encoder=encoder, presplit=presplit, src_lang=src_lang, tgt_lang=tgt_lang,
            max_bead=max_bead, progress=_progress(),
        )
        _print_summary(alignment, write_outputs(alignment, out, source.stem, formats))

    _guard(job)


CHECK_FORMATS = ("html", "json")


@app.command()
def check(
    source: Path = typer.Argument(..., help="The source document, or one mixed document holding both languages."),
    target: Optional[Path] = typer.Argument(None, help="Its (machine) translation; leave out for a mixed document."),
    ref: Optional[Path] = typer.Option(None, "--ref", help="A human reference translation: adds chrF and BLEU per pair and for the document."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Folder for the report files."),
    format: str = typer.Option(",".join(CHECK_FORMATS), "--format", "-f", help="Comma-separated report formats: html, json."),
    fail_on: str = typer.Option("never", "--fail-on", help="Exit with status 3 when a pair is this bad or worse: never, check, bad."),
    encoder: str = typer.Option("e5", "--encoder", "-e", help=ENCODER_HELP),
    presplit: bool = typer.Option(False, "--presplit", help="The files hold one sentence a line."),
    src: Optional[str] = typer.Option(None, "--src", help="Source language code (default: detected)."),
    tgt: Optional[str] = typer.Option(None, "--tgt", help="Target language code (default: detected)."),
    top: int = typer.Option(10, "--top", min=0, help="Flagged pairs to list in the terminal summary."),
):
    """Check a translation: flag the pairs a reviewer should look at, worst first, with the reason."""
    from .export import write_atomically
    from .report import summary, write_html, write_json

    chosen = [f.strip().lower() for f in format.split(",") if f.strip()]
    if not chosen or any(f not in CHECK_FORMATS for f in chosen):
        _fail(f"unknown report format {format!r}: choose from {', '.join(CHECK_FORMATS)}")
    if fail_on not in ("never", "check", "bad"):
        _fail(f"--fail-on takes never, check or bad, not {fail_on!r}")

    def job():
        left = read_text(source)
        right = read_text(target) if target else None
        reference = read_text(ref) if ref else None
        report = pipeline.check(
            left, right, ref_text=reference, encoder=encoder, src_lang=src, tgt_lang=tgt,
            presplit=presplit, progress=_progress(),
        )
        a = report.alignment
        base = out / f"{source.stem}.{a.src_lang}-{a.tgt_lang}.check"
        writers = {"html": write_html, "json": write_json}
        out.mkdir(parents=True, exist_ok=True)
        written = write_atomically({base.with_name(f"{base.name}.{fmt}"): (writers[fmt], report) for fmt in chosen})
        typer.echo(summary(report, top))
        for path in written:
            typer.echo(f"  wrote {path}")
        return report

    report = _guard(job)
    if fail_on != "never" and report.worst(fail_on):
        raise typer.Exit(3)


@app.command()
def corpus(
    inputs: list[Path] = typer.Argument(..., help="A manifest (TSV: source, target; or JSONL), one folder of mixed documents, or two folders (source, target)."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Folder for the corpus; rerunning the same command resumes there."),
    match: bool = typer.Option(False, "--match", help="Two folders whose file names do not correspond: pair the documents by content."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Documents aligned at once, each in its own process with its own encoder."),
    engine: str = typer.Option("local", "--engine", help="local (this machine) or dask (a Dask cluster; see --scheduler)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: a local cluster of --workers processes)."),
    min_score: float = typer.Option(0.0, "--min-score", min=0.0, max=1.0, help="Leave out of TMX and TSV the pairs scored below this."),
    format: str = typer.Option(",".join(FORMATS), "--format", "-f", help=FORMAT_HELP),
    encoder: str = typer.Option("e5", "--encoder", "-e", help=ENCODER_HELP),
    presplit: bool = typer.Option(False, "--presplit", help="The files hold one sentence a line."),
    src: Optional[str] = typer.Option(None, "--src", help="Source language code (default: detected per document)."),
    tgt: Optional[str] = typer.Option(None, "--tgt", help="Target language code."),
):
    """Align a whole collection of documents into one parallel corpus: resumable, in parallel, or on a Dask cluster."""
    from . import corpus as corpus_mod

    formats = _formats(format)

    def job():
        plan = corpus_mod.tasks_from(inputs, match=match, encoder=encoder)
        options = corpus_mod.Options(encoder=encoder, src_lang=src, tgt_lang=tgt, presplit=presplit)
        typer.echo(f"{len(plan.tasks)} documents to align, {len(plan.unpaired)} left unpaired")
        with _corpus_progress(len(plan.tasks)) as tick:
            stats = corpus_mod.align_corpus(
                plan, out, options, workers=workers, engine=engine, scheduler=scheduler,
                min_score=min_score, formats=formats, progress=tick,
            )
        for key, value in stats.items():
            if isinstance(value, dict):
                typer.echo(
                    f"{key}: {value['documents']} documents, {value['pairs']} pairs, {value['unmatched']} unmatched sentences, "
                    f"{value['duplicates_removed']} duplicate pairs removed, {value['below_min_score']} below --min-score"
                )
        if stats["failed"]:
            typer.echo(f"{stats['failed']} documents failed: see documents.tsv")
        for path in stats["files"]:
            typer.echo(f"  wrote {path}")

    _guard(job)


@contextmanager
def _corpus_progress(total: int):
    """Yield a callback that draws a bar with documents per second and time left (on a terminal)."""
    if not _progress():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("documents"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
                  TextColumn("{task.fields[rate]}"), TimeRemainingColumn()) as progress:
        task = progress.add_task("docs", total=total, rate="")
        first: list = []  # (time, documents done) when the first tick came

        def tick(done: int, _total: int):
            now = time.perf_counter()
            first[:] = first or [now, done]
            elapsed = now - first[0]
            rate = (done - first[1]) / elapsed if elapsed > 0 else 0.0
            progress.update(task, completed=done, rate=f"{rate:.2f} docs/s")

        yield tick


@app.command()
def segment(
    file: Path = typer.Argument(..., help="A document to cut into language passages."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    encoder: str = typer.Option("e5", "--encoder", "-e", help=ENCODER_HELP),
):
    """Show the language passages of a document and which of them translate each other."""

    def job():
        from .parallel import find_parallel
        from .passages import find_passages

        passages = find_passages(read_text(file))
        parallel = find_parallel(passages, pipeline.cached_encoder(encoder)) if len({p.lang for p in passages}) > 1 else []
        data = {
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
                for p in passages
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
                for pp in parallel
            ],
        }
        if as_json:
            typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
            return
        typer.echo(f"{'#':>3} {'lang':<5} {'lines':>11} {'chars':>7} {'conf':>5}  start")
        for p in data["passages"]:
            lines = f"{p['first_line']}-{p['last_line']}"
            typer.echo(f"{p['index']:>3} {p['lang']:<5} {lines:>11} {p['chars']:>7} {p['confidence']:>5.2f}  {p['start']}")
        if not data["parallel"]:
            typer.echo("no passages translate each other")
        for pp in data["parallel"]:
            typer.echo(
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
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
):
    """align: translation alignment for parallel corpora, translation memories and MT review."""


if __name__ == "__main__":  # pragma: no cover
    app()
