"""Stages report their totals; the cache embeds each text once and counts what it sent."""

import logging
from contextlib import contextmanager

import numpy as np
import pytest

from align.embed import BACKENDS, CachedEncoder, cached_encoder, load_encoder
from align.errors import AlignError
from align.progress import LogProgress


class HashEncoder:
    """A deterministic bag-of-characters encoder: enough to test the cache and progress."""

    name = "hash"

    def __init__(self):
        self.seen = []

    def encode(self, texts):
        self.seen.extend(texts)
        out = np.zeros((len(texts), 16), dtype=np.float32)
        for k, t in enumerate(texts):
            for ch in t:
                out[k, ord(ch) % 16] += 1
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


class Recorder:
    """Keeps [label, total, units advanced] for every stage."""

    def __init__(self):
        self.stages = []

    @contextmanager
    def stage(self, label, total=None, unit="items"):
        record = [label, total, 0]
        self.stages.append(record)
        yield lambda k: record.__setitem__(2, record[2] + k)


def test_cache_embeds_each_text_once_and_counts_calls():
    inner = HashEncoder()
    enc = CachedEncoder(inner)
    first = enc.encode(["a", "b", "a"])
    second = enc.encode(["b", "c"])
    assert inner.seen == ["a", "b", "c"] and enc.calls == 3
    assert np.array_equal(first[1], second[0])
    assert enc.encode([]).shape[0] == 0


def test_progress_gets_a_stage_with_its_total_per_call_with_work():
    progress = Recorder()
    enc = CachedEncoder(HashEncoder(), progress)
    enc.encode([f"text {k}" for k in range(70)], "embedding sentences")
    enc.encode(["text 1"])  # cached: no stage
    assert progress.stages == [["embedding sentences", 70, 70]]


def test_stages_are_logged_at_info(caplog):
    with caplog.at_level(logging.INFO, logger="align"):
        with LogProgress().stage("aligning", 3, unit="documents") as advance:
            advance(3)
    assert "aligning: 3 documents in" in caplog.text


def test_cached_encoder_wraps_objects_once():
    enc = cached_encoder(HashEncoder())
    assert cached_encoder(enc) is enc and enc.name == "hash"


def test_encoder_specs_are_checked():
    assert set(BACKENDS) == {"e5", "st:"}
    for spec in ("word2vec", "st:", "E5"):
        with pytest.raises(AlignError, match="unknown encoder"):
            load_encoder(spec)
