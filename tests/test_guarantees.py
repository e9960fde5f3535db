"""What align promises about input, output, kills and reruns (README, "Guarantees").

Each test is one case of the fault and bad-input audit; they need no model
unless marked slow.
"""

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from align import cli, options
from align.corpus import Plan, Task, match_documents, tasks_from
from align.corpus.run import _write_documents
from align.corpus.store import Store
from align.embed import CachedEncoder
from align.errors import AlignError
from align.export import inside, read_tsv, write_outputs, write_pairs
from align.export.files import write_atomically
from align.languages import language_tag
from align.model import Pair
from align.segment.read import decode, read_text

from .conftest import DATA, ROOT, SEED

runner = CliRunner()
ALBANIAN = "Shqipëria është një vend i bukur në Ballkan. Çdo vit vijnë turistë të shumtë.\n"


def invoke(*args):
    return runner.invoke(cli.app, [str(a) for a in args])


# -- decoding -------------------------------------------------------------------


def test_utf8_with_one_stray_byte_is_refused_with_its_offset_not_garbled():
    data = ALBANIAN.encode("utf-8") + b"Nj\xeb fjali.\n"
    with pytest.raises(AlignError, match=f"not valid UTF-8 at byte {len(ALBANIAN.encode()) + 2}"):
        decode(data)


def test_an_explicit_encoding_reads_the_file_as_told(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes(ALBANIAN.encode("utf-8") + b"Nj\xeb fjali.\n")
    # the user said cp1252: the UTF-8 part comes out as cp1252 reads it, as asked
    assert read_text(path, encoding="cp1252") == ALBANIAN.encode("utf-8").decode("cp1252") + "Një fjali.\n"
    with pytest.raises(AlignError, match="unknown encoding"):
        read_text(path, encoding="klingon-8")


@pytest.mark.parametrize(
    "text, encoding",
    [
        ("Профессор Иванов сказал, что всё будет хорошо. Проф. Петров согласился.\n", "cp1251"),
        ("Příliš žluťoučký kůň úpěl ďábelské ódy. Zażółć gęślą jaźń.\n", "cp1250"),
        ("Café “quoted” – naïve façade. Ça va très bien à Zürich.\n", "cp1252"),
    ],
)
def test_legacy_code_pages_are_detected(text, encoding):
    assert decode(text.encode(encoding)) == text


def test_lines_over_the_limit_are_refused():
    with pytest.raises(AlignError, match="longer than the limit"):
        decode(b"x" * 50 + b"\n", max_line=40)


def test_devices_and_pipes_are_refused(tmp_path):
    with pytest.raises(AlignError, match="not a regular file"):
        read_text("/dev/zero")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(AlignError, match="not a regular file"):
        read_text(fifo)


def test_files_over_the_size_limit_are_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(ALBANIAN * 10, encoding="utf-8")
    with pytest.raises(AlignError, match="limit"):
        read_text(path, max_bytes=100)


def test_only_punctuation_is_no_language(tmp_path):
    (tmp_path / "dashes.txt").write_text("---\n* * *\n...\n", encoding="utf-8")
    result = invoke("pair", DATA / "sq-en" / "seed-001.sq", tmp_path / "dashes.txt", "--out", tmp_path / "out")
    assert result.exit_code == 1 and "no text in any language" in result.output
    assert not (tmp_path / "out").exists()


# -- names and paths ------------------------------------------------------------------


@pytest.mark.parametrize("code, tag", [("english", "en"), ("EN", "en"), ("zh-cn", "zh-CN"), ("sq", "sq"), ("Albanian", "sq")])
def test_language_codes_are_normalised(code, tag):
    assert language_tag(code) == tag


@pytest.mark.parametrize("code", ["x/../../name", "../en", "e n", "", "12"])
def test_bad_language_codes_are_refused(code):
    with pytest.raises(AlignError, match="unknown language"):
        language_tag(code)


def test_a_language_code_cannot_write_outside_out(tmp_path):
    out = tmp_path / "deep" / "out"
    result = invoke("pair", DATA / "sq-en" / "seed-001.sq", DATA / "sq-en" / "seed-001.en", "--presplit",
                    "--src-lang", "x/../../name", "--out", out)
    assert result.exit_code == 1 and "unknown language" in result.output
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_output_paths_stay_inside_their_folder(tmp_path):
    assert inside(tmp_path, "a.sq-en.tsv") == tmp_path / "a.sq-en.tsv"
    for name in ("../a.tsv", "sub/a.tsv", ".."):
        with pytest.raises(AlignError, match="outside"):
            inside(tmp_path, name)


def test_manifest_entries_are_confined_to_root(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(ALBANIAN, encoding="utf-8")
    manifest = tmp_path / "docs" / "manifest.tsv"
    manifest.write_text("a.txt\n/etc/passwd\n", encoding="utf-8")
    with pytest.raises(AlignError, match="outside"):
        tasks_from([manifest], root=tmp_path / "docs")
    manifest.write_text("a.txt\n", encoding="utf-8")
    (plan_task,) = tasks_from([manifest], root=tmp_path / "docs").tasks
    assert plan_task.source == str((tmp_path / "docs" / "a.txt").resolve())


def test_a_text_file_is_not_taken_for_a_manifest(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("Some notes\nabout nothing\n", encoding="utf-8")
    result = invoke("corpus", text, "--out", tmp_path / "out")
    assert result.exit_code == 1 and "is notes.txt a manifest?" in result.output


def test_empty_folders_are_refused_in_one_line(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    result = invoke("corpus", tmp_path / "a", tmp_path / "b", "--out", tmp_path / "out")
    assert result.exit_code == 1 and "no documents" in result.output and "Warning" not in result.output


def test_one_document_a_side_is_paired(tmp_path):
    plan = match_documents([tmp_path / "sq.txt"], [tmp_path / "en.txt"])
    assert [(Path(t.source).name, Path(t.target).name) for t in plan.tasks] == [("sq.txt", "en.txt")]


def test_unwritable_out_is_refused_before_any_work(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = invoke("run", SEED, "--out", blocker / "out")
    assert result.exit_code == 1 and "cannot write there" in result.output


# -- all-or-nothing output ----------------------------------------------------------


def _pairs():
    return [Pair((0,), (0,), '"Po," tha ai.', '"Yes," he said.', 0.9), Pair((1,), (), "Tab\there", "", 0.5)]


def test_a_failed_rename_puts_the_old_set_back(tmp_path, monkeypatch):
    old = write_pairs(_pairs(), "sq", "en", tmp_path, "doc")
    before = {p: p.read_bytes() for p in old}
    calls = []
    real = os.replace

    def flaky(src, dst):
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(OSError):
        write_pairs(_pairs()[:1], "sq", "en", tmp_path, "doc")
    monkeypatch.setattr(os, "replace", real)
    assert {p: p.read_bytes() for p in old} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in old)


def test_temporaries_left_by_a_killed_run_are_cleared(tmp_path):
    (tmp_path / ".doc.sq-en.tsv.abc123.tmp").write_text("", encoding="utf-8")
    write_pairs(_pairs(), "sq", "en", tmp_path, "doc", ["tsv"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.sq-en.tsv"]


def test_tsv_keeps_quotes_for_pandas_and_csv(tmp_path):
    (path,) = write_pairs(_pairs(), "sq", "en", tmp_path, "doc", ["tsv"])
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    assert rows[1][:2] == ['"Po," tha ai.', '"Yes," he said.']
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(path, sep="\t", keep_default_na=False)
    assert frame.source[0] == '"Po," tha ai.' and frame.target[1] == ""
    assert read_tsv(path)[1][0] == "Tab\there"


# -- the corpus store ------------------------------------------------------------------


def _result(task, error=None):
    return {"id": task.id, "source": task.source, "target": task.target, "error": error, "src_lang": "sq",
            "tgt_lang": "en", "beads": [], "summary": {}, "seconds": 0.1}


def test_a_changed_input_is_not_served_from_the_store(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(ALBANIAN, encoding="utf-8")
    task = Task("a", str(src))
    store = Store(tmp_path / "out", "fp")
    store.save(task, _result(task))
    assert store.get(task) is not None
    src.write_text(ALBANIAN + "Edhe një fjali.\n", encoding="utf-8")
    assert Store(tmp_path / "out", "fp").get(task) is None  # the next run hashes the edited input


def test_failures_are_not_cached_and_corrupt_entries_are_recomputed(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(ALBANIAN, encoding="utf-8")
    task = Task("a", str(src))
    store = Store(tmp_path / "out", "fp")
    store.save(task, _result(task, error="same language"))
    assert store.get(task) is None
    store.save(task, _result(task))
    store.path(task).write_text('{"id": "a", "beads": [', encoding="utf-8")  # truncated by a crash
    assert store.get(task) is None and not store.path(task).exists()


def test_document_ids_with_newlines_stay_on_one_row(tmp_path):
    path = tmp_path / "documents.tsv"
    task = Task("evil\nid\twith tabs", "a.txt")
    write_atomically({path: (_write_documents, [_result(task)])})
    assert len(path.read_text(encoding="utf-8").splitlines()) == 2


# -- limits and the terminal ------------------------------------------------------------


def test_the_encoder_gets_at_most_the_character_cap():
    seen = []

    class Lengths:
        name = "lengths"

        def encode(self, texts):
            seen.extend(len(t) for t in texts)
            return np.ones((len(texts), 4), dtype=np.float32) / 2

    CachedEncoder(Lengths()).encode(["x" * 1_000_000, "short"])
    assert max(seen) == options.MAX_ENCODER_CHARS


def test_escape_sequences_from_a_document_are_not_sent_to_the_terminal(capsys):
    cli._echo("title \x1b]0;pwned\x07 done")
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\\x1b" in out


# -- processes ----------------------------------------------------------------------------


@pytest.mark.slow
def test_corpus_exits_4_when_documents_failed(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "tgt").mkdir()
    english = (ROOT / "seeds" / "003_93113f662788c51e.txt").read_text(encoding="utf-8")
    (tmp_path / "src" / "doc.txt").write_text(english, encoding="utf-8")
    (tmp_path / "tgt" / "doc.txt").write_text(english, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "align", "corpus", tmp_path / "src", tmp_path / "tgt", "--out", tmp_path / "out"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 4, done.stderr
    assert "1 of 1 documents failed" in done.stderr
    assert "same language" in (tmp_path / "out" / "documents.tsv").read_text(encoding="utf-8")


@pytest.mark.slow
def test_workers_die_with_their_parent(tmp_path):
    psutil = pytest.importorskip("psutil")
    folder = tmp_path / "docs"
    folder.mkdir()
    text = (ROOT / "seeds" / "001_0715eb0a661bce2d.txt").read_text(encoding="utf-8")
    for k in range(6):
        (folder / f"{k}.txt").write_text(text, encoding="utf-8")
    main = subprocess.Popen([sys.executable, "-m", "align", "corpus", folder, "--workers", "2", "--out", tmp_path / "out"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parent = psutil.Process(main.pid)
    deadline = time.time() + 120
    while time.time() < deadline and len(parent.children(recursive=True)) < 2:
        time.sleep(0.5)
    time.sleep(5)  # let the workers start (their set-up is what watches the parent)
    children = parent.children(recursive=True)
    assert children, "no worker processes started"
    os.kill(main.pid, signal.SIGKILL)
    main.wait()
    gone, alive = psutil.wait_procs(children, timeout=30)
    assert not alive


@pytest.mark.slow
def test_a_short_mixed_document_loses_no_line_unsaid(encoder):
    import align

    sq = (DATA / "sq-en" / "seed-001.sq").read_text(encoding="utf-8").split("\n")[:16]
    en = (DATA / "sq-en" / "seed-001.en").read_text(encoding="utf-8").split("\n")[:16]
    result = align.run("\n".join(sq + en) + "\n", encoder=encoder)
    aligned = {s.line for s in result.alignment.src} | {s.line for s in result.alignment.tgt}
    # the titles at the head of both halves are unmatched by the passage search but kept
    assert {0, 16} <= aligned
    left = {line for _, first, last in result.left_out() for line in range(first, last + 1)}
    assert aligned | left == set(range(32))
