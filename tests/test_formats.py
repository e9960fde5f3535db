"""Moses, Hugging Face records, the clean-up rules and `align convert`, read back by their own readers."""

import json

import pytest
from typer.testing import CliRunner

from align import cli
from align.export import Filters, apply, read_pairs, write_pairs
from align.model import Pair

PAIRS = [
    Pair((0,), (0,), "Mirëmëngjes.", "Good morning.", 0.95, "a.txt"),
    Pair((1,), (), "Kjo fjali nuk u përkthye.", "", 0.8, "a.txt"),
    Pair((2, 3), (1,), "Dy rreshta\nnë një.", "Two lines in one.", 0.6, "a.txt"),
    Pair((4,), (2,), "NATO", "NATO", 0.9, "a.txt"),
    Pair((5,), (3,), "Mirëmëngjes.", "Good morning.", 0.4, "b.txt"),
    Pair((6,), (4,), "Po.", "Yes, of course, that is exactly what I meant to say all along.", 0.7, "b.txt"),
]


def test_moses_writes_two_files_of_matched_pairs_line_for_line(tmp_path):
    src, tgt = write_pairs(PAIRS, "sq", "en", tmp_path, "doc", ["moses"])
    assert (src.name, tgt.name) == ("doc.sq-en.sq", "doc.sq-en.en")
    left, right = src.read_text(encoding="utf-8").splitlines(), tgt.read_text(encoding="utf-8").splitlines()
    assert len(left) == len(right) == 5  # the unmatched sentence is not a pair
    assert left[1] == "Dy rreshta në një." and right[1] == "Two lines in one."


def test_hugging_face_records_carry_the_languages(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    (path,) = write_pairs(PAIRS, "sq", "en", tmp_path, "doc", ["hf"])
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert path.name == "doc.sq-en.hf.jsonl" and len(records) == 5
    assert records[0] == {"translation": {"sq": "Mirëmëngjes.", "en": "Good morning."}, "score": 0.95, "document": "a.txt"}
    datasets = pytest.importorskip("datasets")
    loaded = datasets.load_dataset("json", data_files=str(path), split="train")
    assert loaded[0]["translation"] == {"sq": "Mirëmëngjes.", "en": "Good morning."}


def test_parquet_is_loaded_by_datasets_as_a_translation_dataset(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    (path,) = write_pairs(PAIRS, "sq", "en", tmp_path, "doc", ["parquet"])
    assert path.name == "doc.sq-en.hf.parquet"
    datasets = pytest.importorskip("datasets")
    loaded = datasets.load_dataset("parquet", data_files=str(path), split="train")
    assert len(loaded) == 5 and loaded.column_names == ["translation", "score", "document"]
    assert loaded[1] == {"translation": {"sq": "Dy rreshta\nnë një.", "en": "Two lines in one."}, "score": 0.6, "document": "a.txt"}


def test_jsonl_says_which_language_each_side_is(tmp_path):
    (path,) = write_pairs(PAIRS, "sq", "en", tmp_path, "doc", ["jsonl"])
    first = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    assert (first["src_lang"], first["tgt_lang"]) == ("sq", "en")


def test_each_rule_counts_what_it_removed():
    rules = Filters(min_score=0.5, drop_identical=True, max_length_ratio=5.0, dedup=True)
    kept, removed = apply(PAIRS, rules, "sq", "en")
    assert [p.src for p in kept] == [(0,), (1,), (2, 3)]  # unmatched beads pass: the writers decide
    assert removed == {"min_score": 1, "identical": 1, "untranslated": 0, "length_ratio": 1, "duplicate": 0}
    _, removed = apply(PAIRS, Filters(dedup=True))
    assert removed["duplicate"] == 1


def test_untranslated_pairs_are_recognised_by_language():
    pair = Pair((0,), (0,), "Kjo është një fjali shqip.", "Kjo është një fjali shqip, por pak ndryshe nga ajo.", 0.9)
    assert apply([pair], Filters(drop_untranslated=True), "sq", "en")[1]["untranslated"] == 1


@pytest.mark.parametrize("first", ["jsonl", "tmx", "tsv", "hf", "parquet"])
def test_every_format_converts_back_to_the_same_pairs(first, tmp_path):
    (path,) = write_pairs(PAIRS, "sq", "en", tmp_path / "a", "doc", [first])
    pairs, src, tgt = read_pairs(path)
    assert (src, tgt) == ("sq", "en")
    matched = [(p.src_text, p.tgt_text) for p in PAIRS if p.matched]
    if first in ("jsonl", "tsv"):
        assert [(p.src_text, p.tgt_text) for p in pairs] == [(p.src_text, p.tgt_text) for p in PAIRS]
    else:
        assert [(p.src_text, p.tgt_text) for p in pairs] == matched
    assert [p.score for p in pairs if p.matched] == [p.score for p in PAIRS if p.matched]


def test_convert_command_writes_moses_from_jsonl_with_filters(tmp_path):
    (path,) = write_pairs(PAIRS, "sq", "en", tmp_path, "doc", ["jsonl"])
    result = CliRunner().invoke(cli.app, ["convert", str(path), "--format", "moses,tmx", "--min-score", "0.5", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "1 min score" in result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["doc.sq-en.en", "doc.sq-en.sq", "doc.sq-en.tmx"]
    assert len((tmp_path / "out" / "doc.sq-en.sq").read_text(encoding="utf-8").splitlines()) == 4


def test_convert_refuses_what_it_cannot_read(tmp_path):
    bad = tmp_path / "notes.tsv"
    bad.write_text("source\ttarget\tscore\nx\ty\tnot a number\n", encoding="utf-8")
    result = CliRunner().invoke(cli.app, ["convert", str(bad), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and "align: error:" in result.output
    unknown = tmp_path / "pairs.csv"
    unknown.write_text("a,b\n", encoding="utf-8")
    result = CliRunner().invoke(cli.app, ["convert", str(unknown), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and "cannot tell the format" in result.output


def test_xlsx_is_read_back_by_openpyxl(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    tricky = PAIRS + [Pair((7,), (5,), "=SUM(A1:A2)", "Control\x01 char", 0.5)]
    (path,) = write_pairs(tricky, "sq", "en", tmp_path, "doc", ["xlsx"])
    sheet = openpyxl.load_workbook(path).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:2] == ["source (sq)", "target (en)"]
    assert rows[1] == ["Mirëmëngjes.", "Good morning.", 0.95, "1-1", "a.txt"]
    assert rows[-1][:2] == ["=SUM(A1:A2)", "Control char"]  # text, not a formula; no control characters
    assert len(rows) == 1 + len(tricky)


@pytest.mark.slow
def test_a_word_file_against_a_web_page_gives_the_plain_text_pairs(tmp_path, encoder):
    import align

    from .conftest import DATA, lines
    from .documents import docx_file, html_file

    sq, en = lines(DATA / "sq-en" / "seed-001.sq"), lines(DATA / "sq-en" / "seed-001.en")
    plain = align.pair("\n".join(sq), "\n".join(en), encoder=encoder, src_lang="sq", tgt_lang="en")
    left = align.read_text(docx_file(tmp_path / "a.docx", sq[0], sq[1:]))
    right = align.read_text(html_file(tmp_path / "a.html", en[0], en[1:]))
    found = align.pair(left, right, encoder=encoder, src_lang="sq", tgt_lang="en")
    assert [(p.src_text, p.tgt_text) for p in found.pairs()] == [(p.src_text, p.tgt_text) for p in plain.pairs()]


@pytest.mark.slow
def test_two_editions_of_a_book_are_matched_chapter_by_chapter(tmp_path, encoder):
    import align
    from align.segment import pair_evidence, read_document
    from align.study.evaluate import score
    from benchmarks.harness import load_dataset

    from .documents import epub_file

    docs = sorted(load_dataset("textberg")[0], key=lambda d: len(d.src))[:3]
    german = epub_file(tmp_path / "de.epub", [("", d.src) for k, d in enumerate(docs) if k != 1])  # lacks chapter 2
    french = epub_file(tmp_path / "fr.epub", [("", d.tgt) for d in docs])
    german, french = read_document(german), read_document(french)
    chapters = pair_evidence(german, french)["chapters"]
    assert chapters is not None and max(chapters[0]) == 1 and max(chapters[1]) == 2
    found = align.pair(german.text, french.text, encoder=encoder, presplit=True,
                       src_lang="de", tgt_lang="fr", chapters=chapters)
    lost = range(len(docs[0].tgt), len(docs[0].tgt) + len(docs[1].tgt))  # the French sentences of chapter 2
    assert all(not bead.src for bead in found.beads if set(bead.tgt) & set(lost))
    assert all(chapters[0][found.src[i].line] == {0: 0, 2: 1}[chapters[1][found.tgt[j].line]]
               for bead in found.beads for i in bead.src for j in bead.tgt)
    shift = len(docs[0].src)  # the gold of chapter 3 on both sides
    gold = [tuple(tuple(k + o for k in side) for side, o in zip(bead, (shift, lost.stop))) for bead in docs[2].gold]
    test = [(b.src, b.tgt) for b in found.beads if (b.src and b.src[0] >= shift) or (b.tgt and b.tgt[0] >= lost.stop)]
    assert score([gold], [test]).strict_f1 > 0.85
