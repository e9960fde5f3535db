"""The one pair model and its serialisations: JSON, JSONL, TSV, output names."""

import json

import numpy as np
import pytest

from align.core import Bead
from align.export import output_stem, read_jsonl, write_pairs, xml_lang
from align.model import Alignment, Pair, Sentence


def test_pair_round_trips_through_its_dict():
    pair = Pair((0, 1), (2,), "Një. Dy.", "One two.", 0.75, "doc-7")
    record = pair.to_dict()
    assert json.loads(json.dumps(record)) == record
    assert Pair.from_dict(record) == pair
    assert Pair.from_dict(Pair((), (3,), "", "x", 1.0).to_dict()).document is None


def test_pair_kind_and_matched():
    assert Pair((0, 1), (2,), "a", "b", 1.0).kind == "2-1"
    assert not Pair((0,), (), "a", "", 1.0).matched


def test_corpus_jsonl_keeps_the_document(tmp_path):
    pairs = [Pair((0,), (0,), "a\tb", "c\nd", 0.5, "x.txt"), Pair((1,), (), "e", "", 0.9, "x.txt")]
    (path,) = write_pairs(pairs, "sq", "en", tmp_path, "corpus", ["jsonl"])
    assert read_jsonl(path) == pairs


@pytest.mark.parametrize(
    "name, langs, stem",
    [
        ("article.en.txt", ("en", "de"), "article"),
        ("article.EN.txt", ("en", "de"), "article"),
        ("article.fr.txt", ("en", "de"), "article.fr"),
        ("seed-001.sq", ("sq", "en"), "seed-001"),
        ("page.txt", ("sq", "en"), "page"),
        ("en.txt", ("en", "hu"), "en"),
    ],
)
def test_output_names_do_not_repeat_the_language(name, langs, stem):
    assert output_stem(name, langs) == stem


def test_xml_lang_writes_bcp47_case():
    assert xml_lang("zh-cn") == "zh-CN" and xml_lang("SQ") == "sq"


def _alignment():
    rng = np.random.default_rng(0)
    emb = rng.standard_normal((3, 8)).astype(np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    src = [Sentence("Një.", 0), Sentence("Dy tre.", 0), Sentence("Katër.", 1)]
    tgt = [Sentence("One.", 0), Sentence("Two three.", 0), Sentence("Four.", 2)]
    beads = [Bead((0,), (0,), 0.9), Bead((1, 2), (1,), 0.6), Bead((), (2,), 0.8)]
    return Alignment("sq", "en", src, tgt, beads, "e5", 6, emb, emb)


def test_summary_counts_pairs_unmatched_and_bead_kinds():
    s = _alignment().summary()
    assert (s["pairs"], s["unmatched_src"], s["unmatched_tgt"]) == (2, 0, 1)
    assert s["bead_kinds"] == {"0-1": 1, "1-1": 1, "2-1": 1}
    assert s["mean_score"] == 0.75


def test_records_carry_the_pair_and_its_first_lines():
    records = _alignment().to_records()
    assert records[1]["kind"] == "2-1" and records[1]["src_text"] == "Dy tre. Katër."
    assert records[2]["src_line"] is None and records[2]["tgt_line"] == 2


def test_pair_similarity_of_a_sentence_with_itself_is_one():
    a = _alignment()
    assert np.isclose(a.pair_similarity(Bead((0,), (0,), 1.0)), 1.0)
    with pytest.raises(ValueError, match="without sentence embeddings"):
        Alignment("sq", "en", a.src, a.tgt, a.beads).pair_similarity(a.beads[0])
