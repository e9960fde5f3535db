"""Subtitle timing as evidence: cue times read, clocks fitted, pairs aligned by when they are said."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import numpy as np
import pytest

import align
from align.core.timing import fit_clock
from align.model import Sentence
from align.pipeline import timed
from align.segment import read_document

from .conftest import DATA, lines
from .documents import srt_file

SQ, EN, GOLD = (DATA / "sq-en" / f"seed-001.{ext}" for ext in ("sq", "en", "gold"))
RATE, OFFSET = 25 / 23.976, 2.5


def seed_timeline(jitter: float = 0.3, seed: int = 0):
    """Times for the seed's sentences from its gold beads: the target clock fast and late, with jitter."""
    src, tgt = lines(SQ), lines(EN)
    gold = [tuple(json.loads(side) for side in row.split(":")) for row in lines(GOLD)]
    rng = random.Random(seed)
    s_times, t_times, clock = [None] * len(src), [None] * len(tgt), 0.0
    for s, t in gold:
        slot = 1.0 + 0.06 * max(sum(len(src[i]) for i in s), sum(len(tgt[j]) for j in t))
        for ids, out, late in ((s, s_times, False), (t, t_times, True)):
            for k, i in enumerate(ids):
                a, b = clock + slot * k / len(ids), clock + slot * (k + 1) / len(ids)
                out[i] = (OFFSET + RATE * a + rng.gauss(0, jitter), OFFSET + RATE * b) if late else (a, b)
        clock += slot + 0.3
    return src, tgt, gold, s_times, t_times


def test_the_clock_between_two_files_is_found_from_the_pairs():
    src, tgt, gold, s_times, t_times = seed_timeline()
    pairs = [(s[0], t[0]) for s, t in gold if len(s) == 1 and len(t) == 1]
    rng = np.random.default_rng(0)
    random_pairs = (rng.integers(0, len(src), 500), rng.integers(0, len(tgt), 500))
    clock = fit_clock(np.array(s_times), np.array(t_times), pairs, random_pairs)
    assert abs(clock.rate - RATE) < 0.01 and abs(clock.offset - OFFSET) < 1.0 and clock.spread < 0.6
    assert clock.llr(np.array([100.0]), np.array([OFFSET + RATE * 100]))[0] > 2  # on time: evidence for
    assert clock.llr(np.array([100.0]), np.array([OFFSET + RATE * 160]))[0] < -2  # a minute off: against
    # times that have nothing to do with each other give no clock
    shuffled = list(t_times)
    random.Random(1).shuffle(shuffled)
    clock = fit_clock(np.array(s_times), np.array(shuffled), pairs, random_pairs)
    assert clock is None or clock.spread > 20


def test_sentences_of_a_line_share_its_time():
    sentences = [Sentence("Po.", 0), Sentence("Jo, kurrë nuk e kam parë.", 0), Sentence("Mirë.", 2)]
    got = timed(sentences, [(10.0, 12.8), (14.0, 15.0), (16.0, 17.0)])  # 3 and 25 characters on line 0
    assert got[0].time == pytest.approx((10.0, 10.3)) and got[1].time == pytest.approx((10.3, 12.8))
    assert got[2].time == (16.0, 17.0)
    assert timed(sentences, [(0.0, 1.0)]) == sentences  # timing for other lines: not used


def test_subtitle_lines_keep_their_cue_times(tmp_path):
    path = srt_file(tmp_path / "a.srt", ["Sipas z. Sojati,", "Shqipëria ka pak banorë.", "Mirë."],
                    [(1.0, 2.0), (2.5, 4.25), (3601.5, 3602.0)])
    assert align.read_text(path).split("\n")[:-1] == ["Sipas z. Sojati, Shqipëria ka pak banorë.", "Mirë."]
    assert read_document(path).times == [(1.0, 4.25), (3601.5, 3602.0)]
    vtt = tmp_path / "a.vtt"
    vtt.write_text("WEBVTT\n\n00:01.000 --> 00:02.000\nSipas z. Sojati,\n\n01:00:02.500 --> 01:00:04.250\nka pak.\n", encoding="utf-8")
    assert read_document(vtt).times == [(1.0, 3604.25)]
    assert read_document(SQ).times is None  # plain text has no times


@pytest.mark.slow
def test_two_subtitle_files_are_aligned_with_their_timing(encoder, tmp_path):
    src, tgt, gold, s_times, t_times = seed_timeline()
    alignment = align.pair("\n".join(src), "\n".join(tgt), presplit=True, encoder=encoder, times=(s_times, t_times))
    assert [(b.src, b.tgt) for b in alignment.beads] == [(tuple(s), tuple(t)) for s, t in gold]
    # from files: the command reads the cue times of both and uses them
    left = srt_file(tmp_path / "seed.sq.srt", src, s_times)
    right = srt_file(tmp_path / "seed.en.srt", tgt, t_times)
    done = subprocess.run([sys.executable, "-m", "align", "pair", str(left), str(right), "-v", "--format", "tsv",
                           "--out", str(tmp_path / "out")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "subtitle timing used as evidence" in done.stderr, done.stderr
    rows = [row.split("\t")[:2] for row in (tmp_path / "out" / "seed.sq-en.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    k = next(i for i, s in enumerate(src) if s.startswith("Sipas fjalës së Agron Sojatit"))
    assert [src[k], tgt[k - 1]] in rows  # a sentence line of its own on both sides: paired as in the gold
