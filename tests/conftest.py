"""Shared fixtures: the seed document and one encoder for the whole session.

Embedding is the slow part of every test that aligns real text, so the session
shares one cached e5 encoder: a text is embedded once, whichever test asks.
"""

from pathlib import Path

import pytest
from hypothesis import settings

import align
from align.embed import CachedEncoder
from align.embed.e5 import E5Encoder

# Hypothesis draws the same examples on every run, so CI passes or fails the same
# way each time; a test that wants more variety sets ``max_examples``.
settings.register_profile("align", derandomize=True)
settings.load_profile("align")

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "001_0715eb0a661bce2d.txt"
DATA = ROOT / "data"


@pytest.fixture(scope="session")
def encoder():
    return CachedEncoder(E5Encoder())


@pytest.fixture(scope="session")
def seed_text():
    return align.read_text(SEED)


@pytest.fixture(scope="session")
def seed_run(seed_text, encoder):
    return align.run(seed_text, encoder=encoder)


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").rstrip("\n").split("\n")
