"""The main job on the seed: the Gazeta Impakt article, sentence by sentence."""

import pytest

import align
from align.errors import AlignError
from align.study.evaluate import read_gold

from .conftest import DATA, ROOT, lines

pytestmark = pytest.mark.slow  # end to end through the encoder


def test_seed_article_is_aligned_sentence_by_sentence(seed_run):
    alignment = seed_run.alignment
    assert (alignment.src_lang, alignment.tgt_lang) == ("sq", "en")
    # data/sq-en holds the article's sentences and the alignment checked by reading it
    assert [s.text for s in alignment.src] == lines(DATA / "sq-en" / "seed-001.sq")
    assert [s.text for s in alignment.tgt] == lines(DATA / "sq-en" / "seed-001.en")
    assert [(b.src, b.tgt) for b in alignment.beads] == read_gold(DATA / "sq-en" / "seed-001.gold")


def test_seed_alignment_has_the_expected_hard_cases(seed_run):
    pairs = {p.src_text[:40]: p for p in seed_run.alignment.pairs()}
    # "… thoshte znj. Kodheli." was split by the MT into "… she said. Kodheli."
    kodheli = next(p for p in pairs.values() if p.src_text.endswith("thoshte znj. Kodheli."))
    assert kodheli.kind == "1-2" and kodheli.tgt_text.endswith("she said. Kodheli.")
    # the sentence about China has no English counterpart
    china = next(p for p in pairs.values() if p.src_text.startswith("Herë pas here"))
    assert china.kind == "1-0"
    # the dateline sits on two Albanian lines and one English line
    dateline = next(p for p in pairs.values() if p.tgt_text == "from Gazeta Impakt – July 14, 2018")
    assert dateline.src_text == "Gazeta Impakt – July 14, 2018"


def test_every_sentence_appears_exactly_once(seed_run):
    alignment = seed_run.alignment
    src = sorted(i for b in alignment.beads for i in b.src)
    tgt = sorted(j for b in alignment.beads for j in b.tgt)
    assert src == list(range(len(alignment.src)))
    assert tgt == list(range(len(alignment.tgt)))
    # the article is a faithful (if machine-made) translation: most beads are sure
    assert sorted(b.score for b in alignment.beads)[len(alignment.beads) // 4] > 0.9


def test_english_summary_is_not_forced_into_pairs(seed_run, seed_text):
    summary = next(i for i, l in enumerate(seed_text.split("\n")) if l.startswith("In relation to MEK, Vata criticises"))
    aligned_lines = {s.line for s in seed_run.alignment.tgt}
    assert summary not in aligned_lines
    assert all(pp.tgt.lang == "sq" or pp.src.lang == "sq" for pp in seed_run.parallel)


def test_documents_with_one_language_are_refused(encoder):
    text = align.read_text(ROOT / "seeds" / "003_93113f662788c51e.txt")
    with pytest.raises(AlignError, match="only one language"):
        align.run(text, encoder=encoder)


def test_pair_of_two_documents(encoder):
    sq = "\n".join(lines(DATA / "sq-en" / "seed-001.sq"))
    en = "\n".join(lines(DATA / "sq-en" / "seed-001.en"))
    alignment = align.pair(sq, en, encoder=encoder, presplit=True)
    assert [(b.src, b.tgt) for b in alignment.beads] == read_gold(DATA / "sq-en" / "seed-001.gold")


def test_pair_refuses_two_documents_in_one_language(encoder):
    english = "\n".join(lines(DATA / "sq-en" / "seed-001.en"))
    with pytest.raises(AlignError, match="same language"):
        align.pair(english, english, encoder=encoder)
