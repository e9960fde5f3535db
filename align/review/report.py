"""The review report of ``align check``: one self-contained HTML page, JSON, a terminal summary.

The page needs no network: styles are inline, the similarity map is a PNG in
a data URI drawn by ``png`` below, and the other plots are inline SVG.
"""

from __future__ import annotations

import base64
import html
import json
import struct
import zlib
from pathlib import Path
from typing import Iterable

import numpy as np

from .. import options
from ..export import inside
from ..export.files import write_atomically
from .check import CheckReport, PairCheck

COLOURS = {"ok": "#2e7d32", "check": "#ef8f00", "bad": "#c62828"}
BACKGROUNDS = {"ok": "#ffffff", "check": "#fff4e0", "bad": "#fde7e7"}
# A perceptually ordered ramp (dark blue to yellow) for the similarity map.
_RAMP = np.array([[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]], dtype=float)
MAX_MAP = 1200  # sentences per side drawn in the map; longer documents are averaged down


def write_report(report: CheckReport, folder: Path, stem: str, formats: Iterable[str] = options.REPORT_FORMATS) -> list[Path]:
    """Write ``<stem>.<src>-<tgt>.check.<html|json>``; all or none appear."""
    writers = {"html": write_html, "json": write_json}
    a = report.alignment
    folder.mkdir(parents=True, exist_ok=True)
    return write_atomically({inside(folder, f"{stem}.{a.src_lang}-{a.tgt_lang}.check.{fmt}"): (writers[fmt], report) for fmt in formats})


def write_json(report: CheckReport, handle) -> None:
    json.dump(report.to_dict(), handle, ensure_ascii=False, indent=1)
    handle.write("\n")


def summary(report: CheckReport, top: int = 10) -> str:
    """What fits on one screen: counts and the worst pairs with their reasons."""
    counts = report.counts()
    a = report.alignment
    lines = [
        f"{a.src_lang}-{a.tgt_lang}: {len(report.pairs)} pairs checked: "
        f"{counts['bad']} bad, {counts['check']} to check, {counts['ok']} ok"
    ]
    doc = report.document
    if doc.get("chrf") is not None:
        lines.append(f"against the reference: chrF {doc['chrf']}, BLEU {doc['bleu']}")
    flagged = [p for p in report.ranked() if p.verdict != "ok"][:top]
    for p in flagged:
        src = _clip(p.pair.src_text or "-", 60)
        tgt = _clip(p.pair.tgt_text or "-", 60)
        lines.append(f"  {p.verdict.upper():5} #{p.index:<4} {src} | {tgt}")
        for flag in p.flags:
            lines.append(f"        {flag.severity}: {flag.reason}")
    hidden = sum(1 for p in report.pairs if p.verdict != "ok") - len(flagged)
    if hidden > 0:
        lines.append(f"  ... and {hidden} more in the report")
    return "\n".join(lines)


def write_html(report: CheckReport, handle) -> None:
    handle.write(render_html(report))


def render_html(report: CheckReport) -> str:
    a = report.alignment
    counts = report.counts()
    title = f"Translation check {a.src_lang} → {a.tgt_lang}"
    worst = [p for p in report.ranked() if p.verdict != "ok"]
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        "<p class='counts'>"
        + " ".join(f"<span class='badge {v}'>{counts[v]} {label}</span>" for v, label in (("bad", "bad"), ("check", "to check"), ("ok", "ok")))
        + f" <span class='muted'>{report.document['pairs']} pairs, {report.document['unmatched_src']} untranslated source, "
        f"{report.document['unmatched_tgt']} added target sentences; encoder {_e(a.encoder)}</span></p>",
    ]
    if report.document.get("chrf") is not None:
        parts.append(f"<p>Against the reference translation: chrF <b>{report.document['chrf']}</b>, BLEU <b>{report.document['bleu']}</b>.</p>")
    parts.append("<section class='plots'>")
    parts.append(f"<figure><figcaption>Pair similarity (z-score within this document)</figcaption>{_histogram(report)}</figure>")
    parts.append(f"<figure><figcaption>Sentence similarity map and the alignment path (rows: {_e(a.src_lang)}, columns: {_e(a.tgt_lang)})</figcaption>{_similarity_map(report)}</figure>")
    parts.append("</section>")
    parts.append("<h2 id='worst'>Worst first</h2>")
    if worst:
        parts.append("<ol class='worst'>")
        for p in worst:
            parts.append(
                f"<li class='{p.verdict}'><a href='#pair-{p.index}'>#{p.index}</a> <b>{p.verdict}</b>: "
                + "; ".join(_e(f.reason) for f in p.flags)
                + f"<br><span class='muted'>{_e(_clip(p.pair.tgt_text or p.pair.src_text, 140))}</span></li>"
            )
        parts.append("</ol>")
    else:
        parts.append("<p>Nothing flagged.</p>")
    parts.append("<h2>All pairs, side by side</h2>")
    parts.append(_table(report))
    parts.append(_HOW_TO_READ)
    parts.append("</body></html>")
    return "\n".join(parts)


def _table(report: CheckReport) -> str:
    a = report.alignment
    has_ref = any(p.reference is not None for p in report.pairs)
    head = f"<tr><th>#</th><th>{_e(a.src_lang)}</th><th>{_e(a.tgt_lang)}</th>"
    head += "<th>reference</th>" if has_ref else ""
    head += "<th>similarity z</th><th>verdict and reasons</th></tr>"
    rows = [f"<table class='pairs'><thead>{head}</thead><tbody>"]
    for p in report.pairs:
        reasons = "".join(f"<div class='flag {f.severity}'>{_e(f.reason)}</div>" for f in p.flags)
        z = "" if p.similarity_z is None else f"{p.similarity_z:+.1f}"
        cells = [
            f"<td class='num'>{p.index}</td>",
            f"<td>{_marked(p.pair.src_text, p, 'src')}</td>",
            f"<td>{_marked(p.pair.tgt_text, p, 'tgt')}</td>",
        ]
        if has_ref:
            extra = "" if p.chrf is None else f"<div class='muted'>chrF {p.chrf:.1f}, BLEU {p.bleu:.1f}</div>"
            cells.append(f"<td>{_e(p.reference or '')}{extra}</td>")
        cells += [f"<td class='num'>{z}</td>", f"<td><b class='v {p.verdict}'>{p.verdict}</b>{reasons}</td>"]
        rows.append(f"<tr id='pair-{p.index}' class='{p.verdict}'>{''.join(cells)}</tr>")
    rows.append("</tbody></table>")
    return "\n".join(rows)


def _marked(text: str, p: PairCheck, side: str) -> str:
    """The text, escaped, with the flags' spans on this side wrapped in <mark> (coloured by severity)."""
    spans = sorted({(a, b, f.severity, f.signal) for f in p.flags for s, a, b in f.spans if s == side and 0 <= a < b <= len(text)})
    out, at = [], 0
    for a, b, severity, signal in spans:
        if a < at:
            continue  # overlapping spans: the first one shown is enough
        out.append(_e(text[at:a]))
        out.append(f"<mark class='{severity}' title='{_e(signal)}'>{_e(text[a:b])}</mark>")
        at = b
    out.append(_e(text[at:]))
    return "".join(out)


def _histogram(report: CheckReport, width: int = 420, height: int = 200) -> str:
    """Stacked histogram of similarity z-scores, one colour per verdict."""
    scored = [p for p in report.pairs if p.similarity_z is not None]
    if not scored:
        return "<p class='muted'>no pairs</p>"
    z = np.array([p.similarity_z for p in scored])
    lo, hi = min(-5.0, float(z.min())), max(3.0, float(z.max()))
    edges = np.linspace(lo, hi, 25)
    counts = {v: np.histogram([p.similarity_z for p in scored if p.verdict == v], bins=edges)[0] for v in COLOURS}
    total = sum(counts.values())
    top = max(1, int(total.max()))
    pad, plot_w, plot_h = 30, width - 40, height - 45
    bar = plot_w / (len(edges) - 1)
    shapes = []
    for k in range(len(edges) - 1):
        base = 0
        for v in ("ok", "check", "bad"):
            c = int(counts[v][k])
            if not c:
                continue
            h = plot_h * c / top
            y = 10 + plot_h * (1 - (base + c) / top)
            shapes.append(f"<rect x='{pad + k * bar:.1f}' y='{y:.1f}' width='{bar - 1:.1f}' height='{h:.1f}' fill='{COLOURS[v]}'><title>{c} {v}</title></rect>")
            base += c
    ticks = []
    for t in range(int(np.ceil(lo)), int(np.floor(hi)) + 1):
        x = pad + plot_w * (t - lo) / (hi - lo)
        ticks.append(f"<text x='{x:.1f}' y='{height - 18}' class='tick'>{t}</text>")
    for limit in (-3.0, -4.0):
        x = pad + plot_w * (limit - lo) / (hi - lo)
        ticks.append(f"<line x1='{x:.1f}' x2='{x:.1f}' y1='10' y2='{10 + plot_h}' class='limit'/>")
    axis = f"<line x1='{pad}' x2='{pad + plot_w}' y1='{10 + plot_h}' y2='{10 + plot_h}' stroke='#444'/>"
    label = f"<text x='{pad}' y='{height - 3}' class='tick'>similarity z (dashed: check and bad limits); bar height: pairs, max {top}</text>"
    return f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' viewBox='0 0 {width} {height}'>{''.join(shapes)}{axis}{''.join(ticks)}{label}</svg>"


def _similarity_map(report: CheckReport, size: int = 420) -> str:
    matrix = report.similarity_matrix
    n, m = matrix.shape
    if n == 0 or m == 0:
        return "<p class='muted'>no sentences</p>"
    step = max(1, int(np.ceil(max(n, m) / MAX_MAP)))
    small = _downsample(matrix, step)
    image = base64.b64encode(png(_colour(small))).decode("ascii")
    scale = size / max(n, m)
    w, h = m * scale, n * scale
    beads = []
    for p in report.pairs:
        i0 = min(p.pair.src) if p.pair.src else None
        j0 = min(p.pair.tgt) if p.pair.tgt else None
        colour = COLOURS[p.verdict]
        if i0 is not None and j0 is not None:
            beads.append(
                f"<rect x='{j0}' y='{i0}' width='{len(p.pair.tgt)}' height='{len(p.pair.src)}' fill='none' stroke='{colour}' "
                f"stroke-width='{max(0.4, 1.5 / scale):.2f}'><title>#{p.index} {p.verdict}</title></rect>"
            )
        else:  # an unmatched sentence: a mark on the edge of its side
            if i0 is not None:
                beads.append(f"<rect x='{-1.2:.1f}' y='{i0}' width='1' height='1' fill='{colour}'><title>#{p.index} untranslated</title></rect>")
            else:
                beads.append(f"<rect x='{j0}' y='{-1.2:.1f}' width='1' height='1' fill='{colour}'><title>#{p.index} added</title></rect>")
    overlay = (
        f"<svg xmlns='http://www.w3.org/2000/svg' class='overlay' width='{w:.0f}' height='{h:.0f}' "
        f"viewBox='-1.5 -1.5 {m + 1.5} {n + 1.5}' preserveAspectRatio='none'>{''.join(beads)}</svg>"
    )
    return (
        f"<div class='map' style='width:{w:.0f}px;height:{h:.0f}px'>"
        f"<img alt='similarity of every source sentence to every target sentence' src='data:image/png;base64,{image}' "
        f"style='width:{w:.0f}px;height:{h:.0f}px'>{overlay}</div>"
        "<p class='muted'>Bright cells: similar sentences. Boxes: the pairs align chose, coloured by verdict; marks on the edges: sentences without a counterpart.</p>"
    )


def _downsample(matrix: np.ndarray, step: int) -> np.ndarray:
    if step == 1:
        return matrix
    n, m = matrix.shape
    rows, cols = -(-n // step), -(-m // step)
    padded = np.full((rows * step, cols * step), np.nan)
    padded[:n, :m] = matrix
    return np.nanmean(padded.reshape(rows, step, cols, step), axis=(1, 3))


def _colour(values: np.ndarray) -> np.ndarray:
    lo, hi = np.nanpercentile(values, 1), np.nanpercentile(values, 99.9)
    t = np.clip((values - lo) / max(hi - lo, 1e-9), 0, 1) * (len(_RAMP) - 1)
    k = np.minimum(t.astype(int), len(_RAMP) - 2)
    frac = (t - k)[..., None]
    return (_RAMP[k] * (1 - frac) + _RAMP[k + 1] * frac).astype(np.uint8)


def png(rgb: np.ndarray) -> bytes:
    """Encode an (h, w, 3) uint8 array as a PNG file."""
    h, w, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[y].tobytes() for y in range(h))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:1.5em auto;max-width:1200px;color:#222;padding:0 1em}
h1{font-size:1.5em;margin-bottom:.2em} h2{font-size:1.2em;margin-top:1.6em}
.badge{display:inline-block;padding:.15em .6em;border-radius:1em;color:#fff;font-weight:600}
.badge.ok{background:#2e7d32}.badge.check{background:#ef8f00}.badge.bad{background:#c62828}
.muted{color:#666;font-size:.9em}
.plots{display:flex;flex-wrap:wrap;gap:2em;align-items:flex-start}
figure{margin:0} figcaption{font-weight:600;margin-bottom:.4em}
.map{position:relative} .map img{image-rendering:pixelated;display:block}
.map .overlay{position:absolute;left:0;top:0}
.tick{font-size:10px;fill:#444} .limit{stroke:#c62828;stroke-dasharray:3 3}
ol.worst li{margin:.3em 0} ol.worst li.bad b{color:#c62828} ol.worst li.check b{color:#ef8f00}
table.pairs{border-collapse:collapse;width:100%;font-size:.92em}
table.pairs th,table.pairs td{border-bottom:1px solid #ddd;padding:.35em .5em;vertical-align:top;text-align:left}
table.pairs tr.check{background:#fff4e0} table.pairs tr.bad{background:#fde7e7}
td.num{text-align:right;white-space:nowrap;color:#555}
b.v.ok{color:#2e7d32} b.v.check{color:#ef8f00} b.v.bad{color:#c62828}
.flag{font-size:.88em;margin-top:.2em} .flag.bad{color:#a01010} .flag.check{color:#8a5200}
mark.bad{background:#f8b4b4;border-bottom:2px solid #c62828} mark.check{background:#ffe0a3;border-bottom:2px solid #ef8f00}
dt{font-weight:600;margin-top:.5em}
"""

_HOW_TO_READ = """
<h2>How to read this report</h2>
<p>align paired every source sentence with its translation and read each pair against the rest of
this document. A pair is <b>bad</b> when something is very likely wrong, <b>to check</b> when it is worth
a look, <b>ok</b> otherwise. The signals:</p>
<dl>
<dt>similarity</dt><dd>how close the meanings are in a multilingual sentence embedding, as a z-score among
this document's pairs of the same length: below −3 is flagged for checking, below −4 as bad. Embeddings
miss a wrong word in a long sentence, so an ok pair is not a proof of a good translation.</dd>
<dt>length</dt><dd>the length ratio of the pair against this document's usual ratio (Gale–Church z-score).</dd>
<dt>numbers</dt><dd>figures present on one side and not the other; 600.000, 600,000 and 600 000 count as one number.</dd>
<dt>names</dt><dd>names, acronyms and codes that the document writes in both languages elsewhere but that
one side of this pair lacks (an inflected form, Sojatit for Sojati, counts as present).</dd>
<dt>untranslated</dt><dd>the translation is the source unchanged, or is written in the source language.</dd>
<dt>omission / addition</dt><dd>a sentence with no counterpart on the other side.</dd>
<dt>split / join</dt><dd>the translation cut a sentence in two or glued two together on one line.</dd>
</dl>
"""
