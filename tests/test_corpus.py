"""align corpus: three kinds of input, resuming after a kill, parallel workers, Dask."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from align.corpus import Options, align_corpus, tasks_from
from align.errors import AlignError
from benchmarks.corpus_data import make_corpus

from .conftest import ROOT, SEED

pytestmark = pytest.mark.slow  # end to end through the encoder

CORPUS_FILES = ["corpus.de-fr.jsonl", "corpus.de-fr.tmx", "corpus.de-fr.tsv", "corpus.sq-en.jsonl", "corpus.sq-en.tmx", "corpus.sq-en.tsv"]


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crawl")
    truth = make_corpus(folder, documents=10, decoys=2, beads=4, seed=7)
    return folder, truth


@pytest.fixture(scope="module")
def reference_run(crawl, tmp_path_factory):
    """One uninterrupted run, in this process, to compare the others with."""
    folder, _ = crawl
    out = tmp_path_factory.mktemp("reference")
    plan = tasks_from([folder / "source", folder / "target"], match=True)
    stats = align_corpus(plan, out)
    return out, plan, stats


def _same_corpus(a, b):
    for name in CORPUS_FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_unpaired_folders_are_paired_by_content_and_decoys_left_out(crawl, reference_run):
    folder, truth = crawl
    out, plan, stats = reference_run
    found = {os.path.basename(t.source): os.path.basename(t.target) for t in plan.tasks}
    assert found == truth  # precision and recall of the document pairing: 1.0
    assert len(plan.unpaired) == 4  # the two decoys the crawl fixture puts on each side
    unpaired = (out / "unpaired.tsv").read_text(encoding="utf-8").splitlines()
    assert len(unpaired) == 1 + 4
    assert stats["failed"] == 0
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted(CORPUS_FILES + ["documents.tsv", "summary.json", "unpaired.tsv"])


def test_every_pair_names_its_document(reference_run):
    out, plan, _ = reference_run
    ids = {t.id for t in plan.tasks}
    tmx = (out / "corpus.de-fr.tmx").read_text(encoding="utf-8")
    assert tmx.count("<tu>") == tmx.count('<prop type="x-document">')
    records = [json.loads(l) for l in (out / "corpus.de-fr.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["document"] for r in records} <= ids
    rows = (out / "corpus.de-fr.tsv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "source\ttarget\tscore\tdocument"


def test_identical_pairs_are_kept_once(tmp_path):
    data = ROOT / "data" / "textberg"
    manifest = tmp_path / "twice.tsv"
    manifest.write_text(f"{data}/de/005\t{data}/fr/005\t1-first\n{data}/de/005\t{data}/fr/005\t2-again\n", encoding="utf-8")
    stats = align_corpus(tasks_from([manifest]), tmp_path / "out", Options(presplit=True), formats=["tsv", "jsonl"])
    rows = (tmp_path / "out" / "corpus.de-fr.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert {r.split("\t")[3] for r in rows} == {"1-first"}  # the first document (in id order) keeps them
    assert stats["de-fr"]["duplicates_removed"] == stats["de-fr"]["pairs"] == len(rows)
    records = (tmp_path / "out" / "corpus.de-fr.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(records) == 2 * (len(rows) + stats["de-fr"]["unmatched"] // 2)  # JSONL keeps every bead of both


def test_folders_paired_by_name_and_a_manifest_give_the_same_corpus(crawl, reference_run, tmp_path):
    folder, truth = crawl
    named = tmp_path / "named"
    (named / "de").mkdir(parents=True)
    (named / "fr").mkdir()
    for k, (s, t) in enumerate(sorted(truth.items())):
        shutil.copy(folder / "source" / s, named / "de" / f"doc{k:02d}.txt")
        shutil.copy(folder / "target" / t, named / "fr" / f"doc{k:02d}.txt")
    (named / "de" / "lonely.txt").write_text("Ein Dokument ohne Übersetzung.\n", encoding="utf-8")
    plan = tasks_from([named / "de", named / "fr"])
    assert len(plan.tasks) == 10 and plan.unpaired == [("source", str(named / "de" / "lonely.txt"))]
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text("source\ttarget\n" + "".join(f"named/de/doc{k:02d}.txt\tnamed/fr/doc{k:02d}.txt\n" for k in range(10)), encoding="utf-8")
    from_manifest = tasks_from([manifest])
    assert [(t.source, t.target) for t in from_manifest.tasks] == [(t.source, t.target) for t in plan.tasks]
    jsonl = tmp_path / "manifest.jsonl"
    jsonl.write_text("".join(json.dumps({"source": f"named/de/doc{k:02d}.txt", "target": f"named/fr/doc{k:02d}.txt", "id": f"d{k}"}) + "\n" for k in range(10)), encoding="utf-8")
    assert [t.id for t in tasks_from([jsonl]).tasks] == [f"d{k}" for k in range(10)]
    out = tmp_path / "out"
    align_corpus(plan, out)
    ref_pairs = sorted(l.split("\t")[:2] for l in (reference_run[0] / "corpus.de-fr.tsv").read_text(encoding="utf-8").splitlines()[1:])
    pairs = sorted(l.split("\t")[:2] for l in (out / "corpus.de-fr.tsv").read_text(encoding="utf-8").splitlines()[1:])
    assert pairs == ref_pairs


def test_a_folder_of_mixed_documents(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    shutil.copy(ROOT / "seeds" / "003_93113f662788c51e.txt", folder / "english-only.txt")
    out = tmp_path / "out"
    stats = align_corpus(tasks_from([folder]), out, formats=["tsv"])
    assert stats["failed"] == 1 and stats["sq-en"]["pairs"] == 74
    rows = (out / "documents.tsv").read_text(encoding="utf-8").splitlines()
    assert any("english-only.txt" in r and "only one language" in r for r in rows)


def test_resume_after_a_kill_gives_the_uninterrupted_corpus(crawl, reference_run, tmp_path):
    folder, _ = crawl
    out = tmp_path / "out"
    command = [sys.executable, "-m", "align", "corpus", str(folder / "source"), str(folder / "target"), "--match", "--out", str(out)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 300
    while time.time() < deadline and len(list(out.glob(".work/*/*.json"))) < 3:
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    finished = len(list(out.glob(".work/*/*.json")))
    assert 3 <= finished < 10, finished
    assert not list(out.glob("corpus.*"))  # killed before the corpus was written
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    _same_corpus(out, reference_run[0])


def test_two_worker_processes_give_the_same_corpus(crawl, reference_run, tmp_path):
    folder, _ = crawl
    plan = tasks_from([folder / "source", folder / "target"], match=True)
    align_corpus(plan, tmp_path, workers=2)
    _same_corpus(tmp_path, reference_run[0])


def test_dask_engine_in_local_mode_gives_the_same_corpus(crawl, reference_run, tmp_path):
    pytest.importorskip("dask.distributed", reason="installed by make test")
    folder, _ = crawl
    plan = tasks_from([folder / "source", folder / "target"], match=True)
    align_corpus(plan, tmp_path, engine="dask", workers=2)
    _same_corpus(tmp_path, reference_run[0])


def test_min_score_filters_pairs(reference_run, tmp_path):
    out, plan, stats = reference_run

    def scores(folder):
        return [float(line.split("\t")[2]) for line in (folder / "corpus.de-fr.tsv").read_text(encoding="utf-8").splitlines()[1:]]

    every = scores(out)
    threshold = sorted(every)[len(every) // 2]  # the median pair's score: the pairs below it go
    shutil.copytree(out / ".work", tmp_path / ".work")
    strict = align_corpus(plan, tmp_path, min_score=threshold)  # everything is saved: nothing is aligned again
    assert strict["de-fr"]["pairs"] + strict["de-fr"]["below_min_score"] == stats["de-fr"]["pairs"] + stats["de-fr"]["below_min_score"]
    assert strict["de-fr"]["below_min_score"] == sum(s < threshold for s in every) > 0
    assert min(scores(tmp_path)) >= threshold


def test_bad_inputs(tmp_path):
    with pytest.raises(AlignError, match="no such file"):
        tasks_from([tmp_path / "nope", tmp_path / "nada"])
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"target": "x"}\n', encoding="utf-8")
    with pytest.raises(AlignError, match="bad.jsonl:1"):
        tasks_from([bad])
    with pytest.raises(AlignError, match="unknown engine"):
        align_corpus(tasks_from([ROOT / "seeds"]), tmp_path, Options(), engine="spark")
