"""align review: edits that never lose a sentence, the token-guarded server, the page in a real browser,
and realigning around the pairs a person fixed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from playwright.sync_api import expect

import align
from align import pipeline
from align.errors import AlignError
from align.export import read_pairs
from align.model import Pair
from align.review.realign import fixed_pairs
from align.review.server import TOKEN_HEADER, ReviewServer
from align.review.session import CHANGED, CONFIRMED, Review

from .clients import browser_page, omegat_translate
from .conftest import DATA, ROOT, SEED, lines

SQ, EN, GOLD = (DATA / "sq-en" / f"seed-001.{ext}" for ext in ("sq", "en", "gold"))


def gold_pairs() -> list[Pair]:
    """The seed's hand alignment as pairs (one sentence a line in the data files)."""
    src, tgt = lines(SQ), lines(EN)
    pairs = []
    for row in lines(GOLD):
        left, right = (json.loads(side) for side in row.split(":"))
        a, b = tuple(src[i] for i in left), tuple(tgt[j] for j in right)
        pairs.append(Pair(tuple(left), tuple(right), " ".join(a), " ".join(b), 0.9, None,
                          a if len(a) > 1 else (), b if len(b) > 1 else ()))
    return pairs


def gold_review() -> Review:
    return Review.from_pairs(gold_pairs(), "sq", "en")


def test_a_review_rebuilds_every_sentence_of_the_pairs():
    review = gold_review()
    assert [review.src[i] for i in sorted(review.src)] == lines(SQ)
    assert [review.tgt[j] for j in sorted(review.tgt)] == lines(EN)
    assert [(b.src, b.tgt) for b in review.beads] == [(p.src, p.tgt) for p in gold_pairs()]


def test_pairs_without_their_sentences_are_refused():
    joined = [Pair((0, 1), (0,), "Një. Dy.", "One two.", 0.9)]  # a 2-1 pair with no src_parts (e.g. from TSV)
    with pytest.raises(AlignError, match="not their texts"):
        Review.from_pairs(joined, "sq", "en")
    twice = [Pair((0,), (0,), "a", "b", 0.9), Pair((0,), (1,), "a", "c", 0.9)]
    with pytest.raises(AlignError, match="already in an earlier pair"):
        Review.from_pairs(twice, "sq", "en")
    pooled = [Pair((0,), (0,), "a", "b", 0.9, "one.txt"), Pair((0,), (0,), "c", "d", 0.9, "two.txt")]
    with pytest.raises(AlignError, match="one document's alignment at a time"):
        Review.from_pairs(pooled, "sq", "en")


def test_merge_split_move_unmatch_edit_confirm_and_undo():
    review = gold_review()
    first = [(b.src, b.tgt) for b in review.beads]
    review.apply("merge", k=3)
    assert (review.beads[3].src, review.beads[3].tgt) == ((4, 5), (3, 4))
    assert review.beads[3].review == CHANGED and review.beads[3].score == 1.0
    review.apply("split", k=3, src_at=1, tgt_at=1)
    assert [(b.src, b.tgt) for b in review.beads] == first  # split undoes the merge, marked changed
    review.apply("move", k=1, side="src", direction=1)  # [1, 2]:[1] gives its 2 to [3]:[2]
    assert (review.beads[1].src, review.beads[2].src) == ((1,), (2, 3))
    review.apply("unmatch", side="src", index=2)
    assert (review.beads[2].src, review.beads[2].tgt) == ((2,), ())
    review.apply("edit", side="tgt", index=0, text="  The  Institute \n is one-sided ")
    assert review.tgt[0] == "The Institute is one-sided"
    review.apply("confirm", k=10)
    assert review.beads[10].review == CONFIRMED
    for _ in range(6):
        review.apply("undo")
    assert [(b.src, b.tgt) for b in review.beads] == first and review.beads[3].review is None
    assert review.tgt[0] == lines(EN)[0]
    with pytest.raises(AlignError, match="nothing to undo"):
        review.apply("undo")
    review.apply("redo")
    assert review.beads[3].src == (4, 5)


def test_edits_that_cannot_be_done_change_nothing():
    review = gold_review()
    before = list(review.beads)
    bad = [
        ("merge", dict(k=len(before) - 1)),  # no next pair
        ("split", dict(k=0, src_at=1, tgt_at=1)),  # 1-1: one half would be empty
        ("move", dict(k=0, side="src", direction=-1)),  # no previous pair
        ("unmatch", dict(side="src", index=999)),
        ("edit", dict(side="tgt", index=0, text="   ")),
        ("frobnicate", {}),
        ("merge", dict(k="x")),
    ]
    for op, args in bad:
        with pytest.raises(AlignError):
            review.apply(op, **args)
        assert review.beads == before and not review.history


EDITS = st.lists(
    st.tuples(
        st.sampled_from(["merge", "split", "move", "unmatch", "confirm", "undo", "redo"]),
        st.integers(0, 80), st.integers(0, 3), st.integers(0, 3), st.sampled_from(["src", "tgt"]), st.sampled_from([1, -1]),
    ),
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(EDITS)
def test_no_sequence_of_edits_loses_or_repeats_a_sentence(edits):
    review = gold_review()
    for op, k, a, b, side, direction in edits:
        args = {
            "merge": dict(k=k), "split": dict(k=k, src_at=a, tgt_at=b), "move": dict(k=k, side=side, direction=direction),
            "unmatch": dict(side=side, index=k), "confirm": dict(k=k), "undo": {}, "redo": {},
        }[op]
        try:
            review.apply(op, **args)
        except AlignError:
            pass
        review.validate()
        seen_src = [i for bead in review.beads for i in bead.src]
        seen_tgt = [j for bead in review.beads for j in bead.tgt]
        assert seen_src == list(range(len(lines(SQ)))) and seen_tgt == list(range(len(lines(EN))))


def test_saving_and_reopening_continues_where_it_stopped(tmp_path):
    review = gold_review()
    review.apply("merge", k=5)
    review.apply("confirm", k=0)
    saved = review.save(tmp_path / "seed.reviewed.jsonl")
    again = Review.load(saved)
    assert again.beads == review.beads and again.src == review.src and again.tgt == review.tgt
    records = [json.loads(line) for line in saved.read_text(encoding="utf-8").splitlines()]
    assert records[0]["review"] == CONFIRMED and records[5]["review"] == CHANGED
    assert records[5]["src_parts"] == [review.src[i] for i in review.beads[5].src]
    assert {r["src_lang"] for r in records} == {"sq"}


def test_the_saved_review_converts_to_tmx(tmp_path):
    review = gold_review()
    review.apply("edit", side="tgt", index=3, text="Within the NATO summit in London, a summer school took place.")
    saved = review.save(tmp_path / "seed.sq-en.reviewed.jsonl")
    done = subprocess.run([sys.executable, "-m", "align", "convert", str(saved), "--format", "tmx,tsv", "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    tmx = (tmp_path / "seed.sq-en.tmx").read_text(encoding="utf-8")
    assert "a summer school took place." in tmx and tmx.count("<tu>") == sum(1 for p in review.pairs() if p.matched)


def _request(server: ReviewServer, path: str, token: str | None, body: dict | None = None, host: str | None = None):
    headers = {TOKEN_HEADER: token} if token else {}
    if host:
        headers["Host"] = host
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{server.port}{path}", data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_the_server_answers_only_with_its_token(tmp_path):
    server = ReviewServer(gold_review(), tmp_path / "r.jsonl").start()
    try:
        assert server.url.startswith("http://127.0.0.1:") and server.httpd.server_address[0] == "127.0.0.1"
        assert _request(server, "/api/state", None)[0] == 403
        assert _request(server, "/api/state", "wrong")[0] == 403
        assert _request(server, "/", None)[0] == 403
        assert _request(server, "/api/edit", None, {"op": "merge", "args": {"k": 0}})[0] == 403
        assert _request(server, "/api/save", "wrong", {})[0] == 403
        assert _request(server, "/api/state", server.token, host="evil.example:80")[0] == 403  # DNS rebinding
        assert not (tmp_path / "r.jsonl").exists() and not server.review.history
        status, state = _request(server, "/api/state", server.token)
        assert status == 200 and len(state["beads"]) == 75
        status, state = _request(server, "/api/edit", server.token, {"op": "merge", "args": {"k": 0}})
        assert status == 200 and len(state["beads"]) == 74 and not state["saved"]
        assert "src" not in state  # the sentences travel only with edits that may change them
        status, state = _request(server, "/api/edit", server.token, {"op": "undo"})
        assert len(state["beads"]) == 75 and state["src"]["0"] == lines(SQ)[0]
        _request(server, "/api/edit", server.token, {"op": "redo"})
        status, error = _request(server, "/api/edit", server.token, {"op": "split", "args": {"k": 999, "src_at": 0, "tgt_at": 0}})
        assert status == 400 and "no pair 999" in error["error"]
        status, state = _request(server, "/api/save", server.token, {})
        assert status == 200 and state["saved"] and len(Review.load(tmp_path / "r.jsonl").beads) == 74
    finally:
        server.close()


def test_the_command_prints_its_url_and_stops_on_ctrl_c(tmp_path):
    source = tmp_path / "seed.sq-en.jsonl"
    gold_review().save(source)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "align", "review", str(source), "--no-browser", "--no-checks"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    try:
        shown = [process.stdout.readline() for _ in range(2)]
        url = shown[1].split()[2]
        assert "75 pairs" in shown[0] and str(tmp_path / "seed.sq-en.reviewed.jsonl") in shown[0]
        with urllib.request.urlopen(url, timeout=10) as page:
            assert b"align review" in page.read()
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url.split("?")[0], timeout=10)
        assert refused.value.code == 403
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0


def test_anchors_must_come_from_a_review(tmp_path):
    plain = tmp_path / "seed.sq-en.jsonl"
    Review.from_pairs(gold_pairs(), "sq", "en").save(plain)  # nothing confirmed or changed
    done = subprocess.run([sys.executable, "-m", "align", "pair", str(SQ), str(EN), "--presplit", "--anchors", str(plain),
                           "--out", str(tmp_path / "out")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and "no pair in it was confirmed" in done.stderr
    assert not (tmp_path / "out").exists()


def test_a_review_of_other_documents_is_refused():
    pairs = gold_pairs()
    p = pairs[4]
    pairs[4] = Pair(p.src, p.tgt, p.src_text, p.tgt_text, 1.0, review=CONFIRMED)
    with pytest.raises(AlignError, match="other documents"):
        fixed_pairs(pairs, 10, 10)
    assert [(f.src, f.tgt) for f in fixed_pairs(pairs, 76, 75)] == [((p.src[0], p.src[-1] + 1), (p.tgt[0], p.tgt[-1] + 1))]


@pytest.mark.slow
def test_realigning_keeps_the_reviewed_pairs_and_changes_nothing_else(encoder):
    src, tgt = SQ.read_text(encoding="utf-8"), EN.read_text(encoding="utf-8")
    first = align.pair(src, tgt, presplit=True, encoder=encoder)
    review = Review.from_pairs(list(first.pairs()), first.src_lang, first.tgt_lang)
    review.apply("merge", k=20)  # a person joins two pairs,
    review.apply("unmatch", side="tgt", index=review.beads[40].tgt[-1])  # takes a sentence out of one,
    review.apply("edit", side="src", index=60, text="Teksti i korrigjuar.")  # corrects a text
    review.apply("confirm", k=10)  # and confirms one as it was
    again = align.pair(src, tgt, presplit=True, encoder=encoder, anchors=review.pairs())
    reviewed = {(b.src, b.tgt): b.review for b in review.beads if b.review}
    got = {(p.src, p.tgt): p for p in again.pairs()}
    assert all(got[key].review == mark for key, mark in reviewed.items())
    assert got[next(k for k in reviewed if 60 in k[0])].src_text == "Teksti i korrigjuar."
    touched_src = {i for key in reviewed for i in key[0]}
    touched_tgt = {j for key in reviewed for j in key[1]}
    machine = {(p.src, p.tgt) for p in again.pairs() if not p.review}
    assert machine == {(b.src, b.tgt) for b in first.beads if not set(b.src) & touched_src and not set(b.tgt) & touched_tgt}


@pytest.mark.slow
def test_a_reviewer_fixes_the_seed_in_the_browser_and_omegat_uses_the_fix(seed_run, encoder, tmp_path):
    alignment = seed_run.alignment
    review = pipeline.open_review(list(alignment.pairs()), alignment.src_lang, alignment.tgt_lang, encoder=encoder)
    saved = tmp_path / "seed.sq-en.reviewed.jsonl"
    server = ReviewServer(review, saved).start()
    try:
        with browser_page() as page:
            page.goto(server.url)
            page.wait_for_selector("tr.current")
            doubtful = int(page.text_content("#counts").split(", ")[1].split()[0])
            assert doubtful >= 3
            # j walks the doubtful pairs to the misspelt name that the checks flagged
            for _ in range(doubtful):
                if "Sojati" in " ".join(page.locator("tr.current .flag").all_text_contents()):
                    break
                page.keyboard.press("j")
            row = page.locator("tr.current")
            assert "Sojati" in row.locator(".flag").first.text_content()
            assert row.locator("td.src mark").first.text_content().startswith("Sojati")  # the span is highlighted
            k = page.evaluate("Array.from(document.querySelectorAll('tr.pair')).findIndex(r => r.classList.contains('current'))")
            name_pair = review.beads[k].src
            pairs_before = len(review.beads)
            # merge with the next pair, then undo it
            page.keyboard.press("m")
            expect(page.locator("tr.pair")).to_have_count(pairs_before - 1)
            page.keyboard.press("z")
            expect(page.locator("tr.pair")).to_have_count(pairs_before)
            # fix the name in the translation: choose the sentence, e, type the correction
            row = page.locator(f"tr.pair:nth-child({k + 1})")
            row.locator("td.tgt .sent").first.click()
            wrong = review.tgt[review.beads[k].tgt[0]]
            page.once("dialog", lambda dialog: dialog.accept(wrong.replace("Soyati", "Sojati")))
            page.keyboard.press("e")
            expect(page.locator(f"tr.pair:nth-child({k + 1}) td.tgt")).to_contain_text("Agron Sojati")
            # split a two-sentence pair with the mouse: click its second sentence, press s
            multi = next(n for n, b in enumerate(review.beads) if len(b.tgt) == 2 and len(b.src) == 1)
            page.locator(f"tr.pair:nth-child({multi + 1}) td.tgt .sent").nth(1).click()
            page.keyboard.press("s")
            expect(page.locator("tr.pair")).to_have_count(pairs_before + 1)
            page.locator("tr.pair:nth-child(1) td.num").click()
            page.keyboard.press("c")
            page.keyboard.press("w")
            page.wait_for_selector("#status.saved")
            page.screenshot(path=str(tmp_path / "review.png"))
    finally:
        server.close()
    pairs, src_lang, tgt_lang = read_pairs(saved)
    again = Review.load(saved)  # every sentence still once
    assert sorted(again.src) == list(range(len(alignment.src))) and sorted(again.tgt) == list(range(len(alignment.tgt)))
    fixed = next(p for p in pairs if p.src == name_pair)
    assert fixed.review == CHANGED and "Soyati" not in fixed.tgt_text
    assert pairs[0].review == CONFIRMED and len(pairs) == len(alignment.beads) + 1
    done = subprocess.run([sys.executable, "-m", "align", "convert", str(saved), "--format", "tmx", "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    matched = [p for p in pairs if p.matched]
    translated = omegat_translate(tmp_path / "seed.sq-en.tmx", [p.src_text for p in matched], src_lang, tgt_lang,
                                  tmp_path / "project")
    assert translated == [p.tgt_text for p in matched] and fixed.tgt_text in translated
    # and run --anchors keeps what the reviewer did, the rest as the aligner had it
    again = align.run(align.read_text(SEED), encoder=encoder, anchors=pairs).alignment
    got = {(p.src, p.tgt): p for p in again.pairs()}
    assert all(got[(p.src, p.tgt)].review == p.review for p in pairs if p.review)
    assert got[(fixed.src, fixed.tgt)].tgt_text == fixed.tgt_text
    reviewed = [p for p in pairs if p.review]
    untouched = [b for b in alignment.beads if not any(set(b.src) & set(p.src) or set(b.tgt) & set(p.tgt) for p in reviewed)]
    assert all((b.src, b.tgt) in got and not got[(b.src, b.tgt)].review for b in untouched)


def test_a_pair_moved_out_of_order_can_be_reviewed():
    """The aligner pairs a passage the translator moved elsewhere out of order (``core/moved.py``): the review
    takes it, every sentence still once, and refuses only what would break a pair's own order."""
    pairs = gold_pairs()
    ones = [k for k, p in enumerate(pairs) if len(p.src) == 1 and len(p.tgt) == 1]
    a, b = ones[2], ones[-3]
    pairs[a], pairs[b] = (Pair(pairs[a].src, pairs[b].tgt, pairs[a].src_text, pairs[b].tgt_text, 0.9),
                          Pair(pairs[b].src, pairs[a].tgt, pairs[b].src_text, pairs[a].tgt_text, 0.9))
    review = Review.from_pairs(pairs, "sq", "en")
    review.validate()
    review.apply("confirm", k=a)
    with pytest.raises(AlignError, match="out of document order"):
        review.apply("merge", k=a)  # the moved pair's target sentence is far from its neighbour's
    assert sorted(j for bead in review.beads for j in bead.tgt) == list(range(len(lines(EN))))


@pytest.mark.slow
def test_realigning_keeps_a_confirmed_moved_pair(encoder):
    """A reviewer confirms a pair the aligner made out of order and one in order after it: realigning keeps
    both, where a moved pair once stopped it ("crosses an earlier one"), and the result is still a review."""
    from benchmarks.harness import load_dataset
    from benchmarks.stress import moved_paragraph

    doc = moved_paragraph(load_dataset("novel")[0], "test", count=1)[0]
    src, tgt = "\n".join(doc.src), "\n".join(doc.tgt)
    first = align.pair(src, tgt, encoder=encoder, presplit=True, src_lang="hu", tgt_lang="en")
    review = Review.from_pairs(list(first.pairs()), "hu", "en")
    moved = [k for k, b in enumerate(review.beads) if b.src and b.tgt and abs(b.src[0] - b.tgt[0]) > 10]
    assert len(moved) == 5
    review.apply("confirm", k=moved[2])
    review.apply("confirm", k=moved[-1] + 3)
    again = align.pair(src, tgt, encoder=encoder, presplit=True, src_lang="hu", tgt_lang="en", anchors=review.pairs())
    Review.from_pairs(list(again.pairs()), "hu", "en").validate()
    got = {(p.src, p.tgt): p.review for p in again.pairs()}
    assert all(got.get((b.src, b.tgt)) == CONFIRMED for b in review.beads if b.review)
    kept = sum((b.src, b.tgt) in got for b in review.beads if not b.review)
    assert kept >= len(review.beads) - 10, kept
