"""Bertalign and Vecalign on every dev-suite set, fed the same e5 embeddings as align.

    python benchmarks/peers.py [--sets textberg novel ...] [--cache DIR] [--documents]

The data sets' READMEs give the peers' figures for Text+Berg and the novel
only, so the stress sets had no peer to beat.  Both methods are written again
here from their papers and documented defaults (no code of theirs), checked
against the READMEs' figures on those two sets, and run on every set:

* Bertalign (Liu & Zhu 2022), max_align 5: a first pass keeps the 1-1 beads
  whose target is among a source sentence's 3 nearest (cosine), found by DP in
  a wide diagonal window; a second pass searches 5 sentences around them for
  beads of up to 5 sentences in all, each scored by its cosine less the mean
  cosine of the sentences beside it (the margin), times a length penalty
  log2(1 + shorter/longer) in UTF-8 bytes; skipping a sentence scores -0.1.
* Vecalign (Thompson & Koehn 2019), overlaps 4: a bead costs
  2·x·y·(1 - cos) / (norm_x + norm_y), where a vector's norm is its mean
  cosine distance to 100 random vectors of the other side; skipping costs the
  20th percentile of random 1-1 costs; beads of up to 4 sentences in all,
  searched 5 sentences around a coarse 1-1 path (Vecalign finds that path by
  recursive downsampling, here by a banded 1-1 DP: both approximate the full
  search).

Blocks of consecutive sentences are embedded as their joined text (one
encoder call each, about 4 a sentence), as both tools do.

A set's figure can hide its documents: ``--documents`` also aligns each
document with align and reports every aligner's strict F1 document by document
(``results/peers-documents.json``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align import options  # noqa: E402
from align.embed import cached_encoder, load_encoder  # noqa: E402
from align.study.evaluate import score  # noqa: E402
from benchmarks.devsuite import DEFAULT_SETS, build_sets, run_set  # noqa: E402
from benchmarks.harness import RESULTS, DiskCachedEncoder, machine, save_results  # noqa: E402

LAYERS = 4  # blocks of 1 to 4 sentences, as both tools embed by default


def blocks(encoder, sentences: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors and UTF-8 lengths of every block of 1..LAYERS sentences, indexed [size - 1, last sentence]."""
    n = len(sentences)
    lengths = np.zeros((LAYERS, n))
    texts = {(k, i): " ".join(sentences[i - k + 1: i + 1]) for k in range(1, LAYERS + 1) for i in range(k - 1, n)}
    keys = list(texts)
    encoded = encoder.encode([texts[key] for key in keys]) if keys else np.zeros((0, 1))
    encoded = encoded / np.linalg.norm(encoded, axis=1, keepdims=True)
    vectors = np.zeros((LAYERS, n, encoded.shape[1]), dtype=np.float32)
    for (k, i), v in zip(keys, encoded):
        vectors[k - 1, i] = v
        lengths[k - 1, i] = len(texts[k, i].encode("utf-8"))
    return vectors, lengths


def banded_dp(lo, hi, types, value, skip: float) -> list[tuple[list[int], list[int]]]:
    """The best-valued monotone path from (0, 0) to (n, m) through rows i = 0..n, columns lo[i]..hi[i].

    ``value(a, b, i, js)``: the values of beads of a source and b target sentences ending after
    source sentence i and target sentences js; a skipped sentence is worth ``skip``.
    """
    n = len(lo) - 1
    best, back = [], []
    insertion = types.index((0, 1))
    for i in range(n + 1):
        js = np.arange(lo[i], hi[i] + 1)
        val = np.full(len(js), -np.inf)
        arg = np.full(len(js), -1)
        if i == 0:
            val[js == 0] = 0.0
        for t, (a, b) in enumerate(types):
            if a == 0 or i - a < 0:
                continue
            prev_j = js - b
            ok = (prev_j >= lo[i - a]) & (prev_j <= hi[i - a])
            if not ok.any():
                continue
            cand = np.full(len(js), -np.inf)
            cand[ok] = best[i - a][prev_j[ok] - lo[i - a]] + (skip if b == 0 else value(a, b, i, js[ok]))
            better = cand > val
            val[better], arg[better] = cand[better], t
        for k in range(1, len(js)):
            if val[k - 1] + skip > val[k]:
                val[k], arg[k] = val[k - 1] + skip, insertion
        best.append(val)
        back.append(arg)
    beads, i, j = [], n, hi[n]
    while i or j:
        a, b = types[back[i][j - lo[i]]]
        beads.append((list(range(i - a, i)), list(range(j - b, j))))
        i, j = i - a, j - b
    return beads[::-1]


def diagonal_band(n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Bertalign's first-pass window: max(250, 6 % of the longer side) around the diagonal."""
    width = max(250, int(max(n, m) * 0.06))
    centre = (np.arange(n + 1) * m / max(n, 1)).astype(int)
    return np.clip(centre - width, 0, m), np.clip(centre + width, 0, m)


def types_up_to(total: int) -> list[tuple[int, int]]:
    return [(0, 1), (1, 0)] + [(a, b) for a in range(1, total) for b in range(1, total) if a + b <= total]


def bertalign(src, tgt, src_len, tgt_len, window: int = 5, top_k: int = 3, skip: float = -0.1):
    n, m = src.shape[1], tgt.shape[1]
    if not n or not m:
        return [([i], []) for i in range(n)] + [([], [j]) for j in range(m)]
    sim = src[0] @ tgt[0].T
    top = np.argsort(-sim, axis=1)[:, :top_k]
    nearest = np.zeros((n, m), dtype=bool)
    nearest[np.arange(n)[:, None], top] = True
    lo, hi = diagonal_band(n, m)
    # a 1-1 bead outside the top k is worth a hair below nothing, so that ties go to skipping, as in Bertalign
    first = banded_dp(lo, hi, [(0, 1), (1, 0), (1, 1)],
                      lambda a, b, i, js: np.where(nearest[i - 1, js - 1], sim[i - 1, js - 1], -1e-9), 0.0)
    anchors = [(s[-1] + 1, t[-1] + 1) for s, t in first if len(s) == 1 and len(t) == 1]
    if not anchors or anchors[-1][0] != n:
        if anchors and anchors[-1][1] == m:
            anchors.pop()
        anchors.append((n, m))
    elif anchors[-1][1] != m:
        anchors[-1] = (n, m)
    lo2, hi2 = [0] * (n + 1), [0] * (n + 1)
    prev_i, prev_j = 0, 0
    for i_end, j_end in anchors:
        for i in range(prev_i + 1, i_end + 1):
            lo2[i], hi2[i] = max(0, prev_j - window), min(m, j_end + window)
        prev_i, prev_j = i_end, j_end
    lo2[0], hi2[0] = lo2[1], hi2[1]
    ratio = src_len[0].sum() / max(tgt_len[0].sum(), 1)

    def value(a, b, i, js):
        sv, tv = src[a - 1, i - 1], tgt[b - 1, js - 1]
        cos = tv @ sv
        cos = cos - (_beside(sv, tgt[0], js - b, js + 1) + _beside(tv, src[0], i - a, i + 1)) / 2
        s_len, t_len = src_len[a - 1, i - 1], tgt_len[b - 1, js - 1] * ratio
        return cos * np.log2(1 + np.minimum(s_len, t_len) / np.maximum(s_len, t_len))

    return banded_dp(np.array(lo2), np.array(hi2), types_up_to(5), value, skip)


def _beside(blocks, singles, left, right):
    """Mean cosine of each block with the sentence before it (1-based ``left``) and after it (``right``).

    ``blocks`` is one vector against many neighbour positions, or many vectors against one; a block
    at either end of the document has one neighbour only.
    """
    size = len(singles)
    left, right = np.atleast_1d(left), np.atleast_1d(right)
    has_left, has_right = left > 0, right <= size
    lsim = np.where(has_left, np.sum(blocks * singles[np.clip(left - 1, 0, size - 1)], axis=-1), 0.0)
    rsim = np.where(has_right, np.sum(blocks * singles[np.clip(right - 1, 0, size - 1)], axis=-1), 0.0)
    return np.where(has_left & has_right, (lsim + rsim) / 2, lsim + rsim)


def vecalign(src, tgt, window: int = 5, samples: int = 100, del_percentile: float = 0.2):
    n, m = src.shape[1], tgt.shape[1]
    if not n or not m:
        return [([i], []) for i in range(n)] + [([], [j]) for j in range(m)]
    rng = np.random.default_rng(0)

    def norms(own, other, size):
        pick = np.concatenate([other[k, rng.integers(k, size, samples // LAYERS)] for k in range(LAYERS) if k < size])
        return 1.0 - (own @ pick.T).mean(axis=2)

    src_norm, tgt_norm = norms(src, tgt, m), norms(tgt, src, n)
    x, y = rng.integers(0, n, 20_000), rng.integers(0, m, 20_000)
    random_costs = 2 * (1 - np.einsum("kd,kd->k", src[0, x], tgt[0, y])) / (src_norm[0, x] + tgt_norm[0, y])
    penalty = float(np.quantile(random_costs, del_percentile))

    def value(a, b, i, js):
        cos = tgt[b - 1, js - 1] @ src[a - 1, i - 1]
        return -2 * a * b * (1 - cos) / (src_norm[a - 1, i - 1] + tgt_norm[b - 1, js - 1] + 1e-6)

    lo, hi = diagonal_band(n, m)
    coarse = banded_dp(lo, hi, [(0, 1), (1, 0), (1, 1)], value, -penalty)
    low, high = np.full(n + 1, m), np.zeros(n + 1, dtype=int)
    i = j = 0
    low[0] = high[0] = 0
    for s, t in coarse:
        i, j = i + len(s), j + len(t)
        low[i], high[i] = min(low[i], j), max(high[i], j)
    lo2, hi2 = np.maximum(low - window, 0), np.minimum(high + window, m)
    lo2, hi2 = np.minimum.accumulate(lo2[::-1])[::-1], np.maximum.accumulate(hi2)
    return banded_dp(lo2, hi2, types_up_to(4), value, -penalty)


def _earlier(name: str, key: str) -> list[dict]:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))[key] if path.exists() else []


PEERS = {"Bertalign": lambda s, t: bertalign(s[0], t[0], s[1], t[1]), "Vecalign": lambda s, t: vecalign(s[0], t[0])}


def peer_alignments(encoder, docs) -> dict[str, list]:
    """Each peer's beads for each document, its blocks embedded once for both peers."""
    found = {peer: [] for peer in PEERS}
    for doc in docs:
        s, t = blocks(encoder, doc.src), blocks(encoder, doc.tgt)
        for peer, run in PEERS.items():
            found[peer].append(run(s, t))
    return found


def every_alignment(encoder, docs) -> dict[str, list]:
    """align's beads for each (document, source language, target language), as the dev suite finds them,
    and each peer's; ``encoder`` is a ``CachedEncoder``, shared by all three."""
    return {"align": run_set(docs, encoder, options.BUDGET, options.MAX_BEAD)[1],
            **peer_alignments(encoder, [doc for doc, _, _ in docs])}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="*", default=DEFAULT_SETS)
    parser.add_argument("--cache", type=Path, help="embedding cache folder")
    parser.add_argument("--documents", action="store_true", help="also align each document with align; strict F1 per document")
    args = parser.parse_args(argv)
    encoder = DiskCachedEncoder(options.ENCODER, args.cache) if args.cache else load_encoder(options.ENCODER)
    rows, per_document = [], []
    for name, docs in build_sets(args.sets).items():
        golds, tests = [doc.gold for doc, _, _ in docs], peer_alignments(encoder, [doc for doc, _, _ in docs])
        if args.documents:  # align's own beads, as the dev suite finds them
            tests = {"align": run_set(docs, cached_encoder(encoder), options.BUDGET, options.MAX_BEAD)[1], **tests}
            for k, (doc, _, _) in enumerate(docs):
                f1 = {who: score([doc.gold], [found[k]]).as_dict()["strict_f1"] for who, found in tests.items()}
                per_document.append({"set": name, "document": doc.name, **f1})
                print(f"{name:<10} {doc.name:<14} " + "  ".join(f"{who} {v:.3f}" for who, v in f1.items()), flush=True)
        if args.cache:
            encoder.save()
        for peer in PEERS:
            result = score(golds, tests[peer]).as_dict()
            rows.append({"set": name, "peer": peer, **result})
            print(f"{name:<10} {peer:<10} strict F1 {result['strict_f1']:.3f}  lax F1 {result['lax_f1']:.3f}", flush=True)
    done = {row["set"] for row in rows}  # a run of some sets keeps the others' rows from earlier runs
    kept = [row for row in _earlier("peers", "runs") if row["set"] not in done]
    print(f"saved {save_results('peers', {'machine': machine(), 'runs': kept + rows})}")
    if args.documents:
        kept = [row for row in _earlier("peers-documents", "documents") if row["set"] not in done]
        print(f"saved {save_results('peers-documents', {'machine': machine(), 'documents': kept + per_document})}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
