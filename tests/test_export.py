"""TMX, TSV and JSONL: well-formed for any text, loadable by OmegaT, round-tripping."""

import xml.etree.ElementTree as ET

import pytest

from align.core import Bead
from align.export import read_jsonl, read_tsv, write_outputs
from align.model import Alignment, Sentence

from .clients import omegat_translate

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NASTY = [
    "Tabs\tand\nnewlines \\t inside & <tags> \"quotes\" 'apostrophes'",
    "Control \x01\x0b\x1f characters",
    "Emoji 🎉, RTL مسعود, CJK 漢字, combining é",
]


def _alignment(src_texts, tgt_texts, beads, src="sq", tgt="en"):
    return Alignment(
        src, tgt,
        [Sentence(t, k) for k, t in enumerate(src_texts)],
        [Sentence(t, k) for k, t in enumerate(tgt_texts)],
        beads,
    )


@pytest.fixture
def nasty():
    beads = [Bead((0,), (0,), 0.91), Bead((1,), (), 0.5), Bead((2,), (1, 2), 0.75), Bead((), (3,), 0.6)]
    return _alignment(NASTY, NASTY + ["extra"], beads)


def test_tmx_is_wellformed_tmx_14b(nasty, tmp_path):
    (path,) = write_outputs(nasty, tmp_path, "doc", ["tmx"])
    assert path.name == "doc.sq-en.tmx"
    root = ET.parse(path).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    for attr in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"):
        assert header.get(attr), attr
    assert header.get("srclang") == "sq" and header.get("segtype") == "sentence"
    tus = root.findall("body/tu")
    assert len(tus) == 2  # only beads with both sides are translation units
    first = tus[0]
    assert first.find("prop").get("type") == "x-align-score" and float(first.find("prop").text) == pytest.approx(0.91)
    langs = [tuv.get(XML_LANG) for tuv in first.findall("tuv")]
    assert langs == ["sq", "en"]
    assert first.find("tuv/seg").text == NASTY[0]


def test_tmx_drops_what_xml_cannot_hold(tmp_path):
    bad = "NUL \x00, escape \x1b, lone surrogate \ud800, noncharacter \uffff: gone"
    alignment = _alignment([bad], [bad], [Bead((0,), (0,), 1.0)])
    (path,) = write_outputs(alignment, tmp_path, "bad", ["tmx"])
    segs = [seg.text for seg in ET.parse(path).getroot().iter("seg")]
    assert segs == ["NUL , escape , lone surrogate , noncharacter : gone"] * 2
    # the other formats write such text too, with a replacement character
    write_outputs(alignment, tmp_path, "bad", ["tsv", "jsonl"])


def test_tsv_and_jsonl_round_trip(nasty, tmp_path):
    tsv, jsonl = write_outputs(nasty, tmp_path, "doc", ["tsv", "jsonl"])
    rows = read_tsv(tsv)
    pairs = list(nasty.pairs())
    assert [(r[0], r[1]) for r in rows] == [(p.src_text, p.tgt_text) for p in pairs]
    assert [r[2] for r in rows] == pytest.approx([p.score for p in pairs])
    # every row has three fields whatever the text holds
    assert all(line.count("\t") == 2 for line in tsv.read_text(encoding="utf-8").rstrip("\n").split("\n"))
    assert read_jsonl(jsonl) == pairs


def test_failed_export_leaves_no_file(nasty, tmp_path, monkeypatch):
    import align.export as export

    def broken(pairs, handle, **langs):
        handle.write("half")
        raise RuntimeError("disk full")

    monkeypatch.setitem(export.WRITERS, "jsonl", broken)
    with pytest.raises(RuntimeError):
        export.write_outputs(nasty, tmp_path, "doc")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_omegat_translates_the_source_from_our_tmx(seed_run, tmp_path):
    alignment = seed_run.alignment
    (tmx,) = write_outputs(alignment, tmp_path / "out", "seed", ["tmx"])
    pairs = [p for p in alignment.pairs() if p.matched]
    translated = omegat_translate(tmx, [p.src_text for p in pairs], alignment.src_lang, alignment.tgt_lang,
                                  tmp_path / "project")
    assert translated == [p.tgt_text for p in pairs]
