"""The align command as a user runs it: real processes, real files."""

import json
import os
import subprocess
import sys

import pytest

from .conftest import DATA, ROOT, SEED


def align(*args, cwd=None):
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    return subprocess.run(
        [sys.executable, "-m", "align", *map(str, args)],
        capture_output=True, text=True, cwd=cwd, env=env, timeout=600,
    )


def _one_line_error(done, fragment):
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("align: error:"), done.stderr
    assert fragment in lines[0]


def test_help_explains_the_commands():
    done = align("--help")
    assert done.returncode == 0
    for command in ("run", "pair", "segment"):
        assert command in done.stdout
    assert "--presplit" in align("pair", "--help").stdout


@pytest.mark.slow
def test_run_writes_three_formats_and_a_summary(tmp_path):
    done = align("run", SEED, "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [f"001_0715eb0a661bce2d.sq-en.{ext}" for ext in ("jsonl", "tmx", "tsv")]
    # data/sq-en/seed-001.gold: 75 beads, 74 pairs and the Albanian sentence about China the MT left out
    assert "passages" in done.stdout and "74 pairs" in done.stdout and "1 unmatched source" in done.stdout
    records = [json.loads(l) for l in (tmp_path / names[0]).read_text(encoding="utf-8").splitlines()]
    assert len(records) == 75 and set(records[0]) == {"src", "tgt", "src_text", "tgt_text", "score", "src_lang", "tgt_lang"}


@pytest.mark.slow
def test_pair_presplit_with_one_format(tmp_path):
    done = align("pair", DATA / "sq-en" / "seed-001.sq", DATA / "sq-en" / "seed-001.en", "--presplit", "--format", "tsv", "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    (tsv,) = tmp_path.iterdir()
    assert tsv.name == "seed-001.sq-en.tsv"
    assert len(tsv.read_text(encoding="utf-8").splitlines()) == 1 + 75  # header and the 75 gold beads


@pytest.mark.slow
def test_segment_json_lists_passages_and_parallel_pairs():
    done = align("segment", SEED, "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    langs = {p["lang"] for p in data["passages"]}
    assert {"sq", "en", "fa"} <= langs
    main = max(data["parallel"], key=lambda p: p["matches"])
    assert {main["src_lang"], main["tgt_lang"]} == {"sq", "en"}


@pytest.fixture
def bad_inputs(tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "empty.txt").write_text("\n\n", encoding="utf-8")
    (folder / "binary.bin").write_bytes(bytes(range(256)) * 8)
    (folder / "english.txt").write_text((ROOT / "seeds" / "003_93113f662788c51e.txt").read_text(encoding="utf-8"), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["run", "{in}/missing.txt"], "no such file"),
        (["run", "{in}"], "is a folder"),
        (["run", "{in}/empty.txt"], "empty"),
        (["run", "{in}/binary.bin"], "binary"),
        (["run", "{in}/english.txt"], "only one language"),
        (["pair", "{in}/english.txt", "{in}/english.txt"], "same language"),
        (["run", str(SEED), "--format", "docx"], "unknown format"),
        (["run", str(SEED), "--encoder", "word2vec"], "unknown encoder"),
        (["pair", "{in}/english.txt", str(DATA / "sq-en" / "seed-001.sq"), "--encoder", "st:/no/such/model"], "cannot load"),
        (["pair", "{in}/english.txt", str(DATA / "sq-en" / "seed-001.sq"), "--encoder", "st:/nonexistent"], "cannot load"),
    ],
)
def test_bad_input_fails_cleanly_and_writes_nothing(bad_inputs, tmp_path, args, fragment):
    out = tmp_path / "out"
    args = [a.replace("{in}", str(bad_inputs)) for a in args]
    done = align(*args, "--out", out)
    _one_line_error(done, fragment)
    assert not out.exists() or list(out.iterdir()) == []
