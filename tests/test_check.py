"""align check on the seed: the Albanian article and its Google translation."""

import json
import re
import shutil
import subprocess
import sys

import pytest

import align
from align.review.check import normalise_number, numbers
from align.review.report import render_html

from .conftest import DATA, SEED, lines

pytestmark = pytest.mark.slow  # end to end through the encoder


@pytest.fixture(scope="module")
def seed_check(seed_text, encoder):
    return align.check(seed_text, encoder=encoder)


def _find(report, target_start):
    return next(p for p in report.pairs if p.pair.tgt_text.startswith(target_start))


def test_flags_the_pairs_whose_english_says_something_else(seed_check):
    # the idiom "eat the Turk's bread, pray for the infidel" came out as nonsense
    bread = _find(seed_check, "In short, Mr. Lani says that the bread")
    assert bread.verdict == "bad" and any(f.signal == "similarity" for f in bread.flags)
    # the sentence about China was left out of the translation
    china = next(p for p in seed_check.pairs if p.pair.src_text.startswith("Herë pas here"))
    assert china.verdict == "bad" and china.flags[0].signal == "omission"
    # names garbled by the MT: Sojati became Sojate and Soyati
    for start in ("But this sentence of Mr. Sojate", "According to Agron Soyati"):
        pair = _find(seed_check, start)
        assert pair.verdict == "check" and any(f.signal == "names" and "Sojati" in f.reason for f in pair.flags)
    # "… thoshte znj. Kodheli." became "…, she said. Kodheli."
    kodheli = _find(seed_check, "Being vigilant and caring")
    assert [f.signal for f in kodheli.flags] == ["split"]


def test_flags_point_at_the_words(seed_check):
    pair = _find(seed_check, "But this sentence of Mr. Sojate")
    (names,) = [f for f in pair.flags if f.signal == "names"]
    assert {pair.pair.src_text[a:b] for side, a, b in names.spans if side == "src"} <= {"Sojati", "Sojatit"}
    assert names.spans
    china = next(p for p in seed_check.pairs if p.pair.src_text.startswith("Herë pas here"))
    assert china.flags[0].spans == (("src", 0, len(china.pair.src_text)),)
    record = json.loads(json.dumps(seed_check.to_dict()))
    assert record["pairs"][pair.index]["flags"][0]["spans"]


def test_leaves_the_good_translations_alone(seed_check):
    for start in ("By: Samet Vata", "So things are fine.", "Muniz said Trump’s coming to power",
                  "The ambassador must know very well", "National Coordinator of the Office"):
        assert _find(seed_check, start).verdict == "ok", start
    counts = seed_check.counts()
    assert counts["ok"] >= 0.9 * len(seed_check.pairs)


def test_ranking_puts_the_worst_first(seed_check):
    ranked = seed_check.ranked()
    assert [p.verdict for p in ranked[:2]] == ["bad", "bad"]
    order = ["bad", "check", "ok"]
    assert [order.index(p.verdict) for p in ranked] == sorted(order.index(p.verdict) for p in ranked)


@pytest.mark.parametrize(
    "a, b, same",
    [("600.000 terroristë", "600,000 terrorists", True), ("6 000 vetë", "6,000 people", True),
     ("over 3000 mujahideen", "mbi 300 muxhahedinë", False), ("3,5 për qind", "3.5 percent", True),
     ("the S-400 system", "sistemit S-300", False)],
)
def test_numbers_match_across_formats(a, b, same):
    assert (numbers(a) == numbers(b)) is same
    assert normalise_number("600.000") == normalise_number("600,000") == "600000"


def test_untranslated_and_copied_targets(encoder):
    src = "Ambasadori duhet ta dijë mjaft mirë se politika e jashtme e vendit të tij detyroi shtetin.\nKjo është fjalia e dytë e artikullit tonë sot."
    mt = "The ambassador must know very well that the foreign policy of his country forced the state.\nKjo është fjalia e dytë e artikullit tonë sot."
    report = align.check(src, mt, encoder=encoder, src_lang="sq", tgt_lang="en")
    second = report.pairs[1]
    assert second.verdict == "bad" and second.flags[0].signal == "untranslated"
    assert report.pairs[0].verdict == "ok"


def test_reference_scores_with_different_segmentation(encoder):
    sq = "\n".join(lines(DATA / "sq-en" / "seed-001.sq"))
    mt_sentences = lines(DATA / "sq-en" / "seed-001.en")
    mt = "\n".join(mt_sentences)
    ref_sentences = list(mt_sentences)
    # a human reference that joins two sentences and corrects the garbled idiom
    ref_sentences[5:7] = [ref_sentences[5] + " " + ref_sentences[6]]
    bread = next(s for s in mt_sentences if s.startswith("In short, Mr. Lani"))
    ref_sentences[ref_sentences.index(bread)] = "In short, Mr. Lani says we should eat the Turk's bread but pray to the infidel's god."
    report = align.check(sq, mt, ref_text="\n".join(ref_sentences), encoder=encoder, presplit=True)
    assert report.document["chrf"] > 80 and report.document["bleu"] > 60
    by_text = {p.pair.tgt_text: p for p in report.pairs}
    # both halves of the joined reference sentence meet it, each against the whole
    assert by_text["So things are fine."].reference == ref_sentences[5]
    assert by_text[mt_sentences[6]].reference == ref_sentences[5]
    assert by_text[bread].chrf < 50
    assert by_text["By: Samet Vata"].chrf == pytest.approx(100)


def test_cli_reports_and_exit_status(tmp_path):
    done = subprocess.run([sys.executable, "-m", "align", "check", SEED, "--out", tmp_path, "--fail-on", "bad"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 3, done.stderr  # the seed has bad pairs
    assert "2 bad" in done.stdout and "BAD" in done.stdout
    data = json.loads((tmp_path / "001_0715eb0a661bce2d.sq-en.check.json").read_text(encoding="utf-8"))
    # the two bad pairs are the idiom turned to nonsense and the dropped China sentence; 75 gold beads
    assert data["counts"]["bad"] == 2 and len(data["pairs"]) == 75
    html = (tmp_path / "001_0715eb0a661bce2d.sq-en.check.html").read_text(encoding="utf-8")
    assert "the bread we eat is turkey" in html


def test_html_report_renders_offline_in_a_real_browser(seed_check, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(render_html(seed_check), encoding="utf-8")
    text = page.read_text(encoding="utf-8")
    # self-contained: no resource comes from elsewhere
    for attr in ("src=", "href="):
        for chunk in text.split(attr)[1:]:
            value = chunk[1:].split(chunk[0], 1)[0]
            assert value.startswith(("data:", "#")), value
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "make test installs Debian's chromium"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--proxy-server=127.0.0.1:9", "--window-size=1280,1600"]
    dom = subprocess.run([chromium, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120).stdout
    assert dom.count("<tr id=\"pair-") == len(seed_check.pairs)
    assert "Worst first" in dom
    # the flags' spans are highlighted in the browser's DOM: the name the MT garbled, on the source side
    marks = re.findall(r'<mark class="(\w+)" title="(\w+)">([^<]*)</mark>', dom)
    assert ("check", "names", "Sojatit") in marks or ("check", "names", "Sojati") in marks, marks[:10]
    shot = tmp_path / "shot.png"
    subprocess.run([chromium, *flags, f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120)
    from matplotlib.image import imread

    pixels = (imread(shot)[..., :3] * 255).astype(int)
    # the similarity map (a dark-blue-to-yellow ramp) and the red "bad" badge were drawn
    ramp_dark = ((abs(pixels - [68, 1, 84]).sum(-1)) < 40).sum()
    badge_red = ((abs(pixels - [198, 40, 40]).sum(-1)) < 30).sum()
    assert ramp_dark > 500 and badge_red > 100
