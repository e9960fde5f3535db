"""One-line plots for notebooks (matplotlib is needed only here: ``pip install 'align[study]'``).

    from align.study import plot
    plot.languages(result)                 # the document's lines, coloured by language
    plot.similarity(result.alignment)      # similarity map with the alignment path
    plot.scores(result.alignment)          # bead scores and pair similarities
    plot.signals(report)                   # length against similarity, by verdict
    plot.calibration(gold, scored)         # are the bead scores right as often as they say?

Each function draws on ``ax`` (or a new figure) and returns the axes.
"""

from __future__ import annotations

import numpy as np

from ..model import Alignment
from ..options import require
from ..review.check import CheckReport
from ..review.report import COLOURS
from .evaluate import expected_error, reliability

_LANG_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]


def _axes(ax, size):
    if ax is not None:
        return ax
    require("study", "matplotlib")
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=size)
    return ax


def languages(result, ax=None):
    """Every block of the document as a bar at its line, coloured by language; parallel parts shaded."""
    from matplotlib.patches import Patch

    ax = _axes(ax, (10, 2.6))
    langs = sorted({p.lang for p in result.passages})
    colour = {lang: _LANG_COLOURS[k % len(_LANG_COLOURS)] for k, lang in enumerate(langs)}
    for p in result.passages:
        for b in p.blocks:
            ax.bar(b.line, np.log10(len(b.text) + 1), width=1.0, color=colour[p.lang], linewidth=0)
    for pp in result.parallel:
        for part in (pp.src_part(), pp.tgt_part()):
            ax.axvspan(part[0].line - 0.5, part[-1].line + 0.5, color="#ffd54f", alpha=0.3, lw=0)
    handles = [Patch(color=colour[lang], label=lang) for lang in langs]
    handles.append(Patch(color="#ffd54f", alpha=0.3, label="parts that translate each other"))
    ax.set_xlabel("line of the document")
    ax.set_ylabel("log10 characters")
    ax.set_title("Language passages")
    ax.legend(handles=handles, loc="upper right", ncol=len(handles), fontsize="small", frameon=False)
    ax.set_ylim(0, ax.get_ylim()[1] * 1.25)
    return ax


def similarity(alignment: Alignment, ax=None, report: CheckReport | None = None):
    """Sentence-by-sentence similarity with the chosen beads drawn as boxes."""
    from matplotlib.patches import Rectangle

    ax = _axes(ax, (7, 6.5))
    matrix = alignment.similarity()
    image = ax.imshow(matrix, cmap="viridis", aspect="auto", interpolation="nearest", vmin=np.percentile(matrix, 1))
    verdicts = {p.index: p.verdict for p in report.pairs} if report else {}
    for k, bead in enumerate(alignment.beads):
        colour = COLOURS[verdicts.get(k, "ok")] if report else "#ff5252"
        if bead.src and bead.tgt:
            ax.add_patch(Rectangle((bead.tgt[0] - 0.5, bead.src[0] - 0.5), len(bead.tgt), len(bead.src), fill=False, edgecolor=colour, lw=1.2))
        elif bead.src:
            ax.plot([-0.5], [bead.src[0]], marker=">", color=colour, ms=5, clip_on=False)
        else:
            ax.plot([bead.tgt[0]], [-0.5], marker="v", color=colour, ms=5, clip_on=False)
    ax.set_xlabel(f"{alignment.tgt_lang} sentence")
    ax.set_ylabel(f"{alignment.src_lang} sentence")
    ax.set_title("Similarity map and alignment path")
    ax.figure.colorbar(image, ax=ax, label="cosine")
    return ax


def scores(alignment: Alignment, axes=None):
    """Two histograms: bead scores (how sure the alignment is) and pair similarities."""
    if axes is None:
        require("study", "matplotlib")
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, 2, figsize=(10, 3.2))
    left, right = axes
    paired = [b for b in alignment.beads if b.src and b.tgt]
    single = [b for b in alignment.beads if not (b.src and b.tgt)]
    bins = np.linspace(0, 1, 21)
    left.hist([[b.score for b in paired], [b.score for b in single]], bins=bins, stacked=True,
              color=["#1f77b4", "#ff7f0e"], label=[f"pairs ({len(paired)})", f"unmatched ({len(single)})"])
    left.set_xlabel("bead score: probability that the bead is right")
    left.set_ylabel("beads")
    left.legend(frameon=False, fontsize="small")
    left.set_title("Alignment confidence")
    sims = [alignment.pair_similarity(b) for b in paired]
    right.hist(sims, bins=20, color="#1f77b4")
    right.set_xlabel("cosine of the paired texts")
    right.set_ylabel("pairs")
    right.set_title("Pair similarity")
    return axes


def calibration(gold, scored, ax=None):
    """Reliability diagram: each bin's share of right beads against its mean score, and the diagonal
    where the two agree (``evaluate.reliability``; ``scored[k]`` holds document k's (src, tgt, score))."""
    ax = _axes(ax, (4.5, 4.5))
    rows = reliability(gold, scored)
    ax.plot([0, 1], [0, 1], color="#999", linewidth=1, label="calibrated")
    mean, right, beads = (np.array(v) for v in zip(*rows))
    ax.plot(mean, right, "-", color="#1f77b4", linewidth=1)
    ax.scatter(mean, right, s=12 + 4 * np.sqrt(beads), color="#1f77b4", zorder=3, label="align (area: beads)")
    for x, y, k in rows:
        ax.annotate(str(k), (x, y), textcoords="offset points", xytext=(6, -12), fontsize="small", color="#555")
    ax.set_xlim(0, 1.05)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("bead score (mean of the bin)")
    ax.set_ylabel("share of the bin's beads that the gold has")
    ax.set_title(f"Calibration of the scores (error {expected_error(rows):.3f})")
    ax.legend(frameon=False, fontsize="small", loc="lower right")
    return ax


def signals(report: CheckReport, ax=None):
    """Length against similarity for every pair, coloured by verdict."""
    ax = _axes(ax, (6.5, 4.5))
    for verdict in ("ok", "check", "bad"):
        points = [p for p in report.pairs if p.verdict == verdict and p.similarity_z is not None]
        ax.scatter([p.length_z for p in points], [p.similarity_z for p in points], s=22, color=COLOURS[verdict], label=f"{verdict} ({len(points)})", alpha=0.85)
    ax.axhline(-3, color=COLOURS["check"], ls="--", lw=0.8)
    ax.axhline(-4, color=COLOURS["bad"], ls="--", lw=0.8)
    ax.set_xlabel("length ratio z (this document's ratio = 0)")
    ax.set_ylabel("similarity z (given the pair's length)")
    ax.set_title("Quality signals per pair")
    ax.legend(frameon=False, fontsize="small")
    return ax
