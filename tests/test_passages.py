from align.segment.passages import find_passages


def _passage_of(passages, line):
    return next(p for p in passages if any(b.line == line for b in p.blocks))


def test_seed_passages(seed_text):
    passages = find_passages(seed_text)
    lines = seed_text.split("\n")
    article_sq = lines.index("Në kuadër të samitit të NATO-s në Londër, në Tiranë u organizua edhe një shkollë verore nga Instituti Shqiptar për Studime Ndërkombëtare, AIIS, në lidhje me mjedisin e sigurisë në Ballkanin Perendimor, pjesë e së cilës isha edhe unë. Qëllimi i shkollës ishte informimi mbi strategjinë që Aleanca e Atlantikut (NATO) ka në rajonin e Ballkanit vecanërisht Shqipërinë si dhe ndërtimi i një realiteti të tendosur nga “rreziku” i ekstremizmit të dhunshëm.")
    article_en = next(i for i, l in enumerate(lines) if l.startswith("Within the NATO Summit in London"))
    sq = _passage_of(passages, article_sq)
    en = _passage_of(passages, article_en)
    assert sq.lang == "sq" and en.lang == "en"
    # the whole Albanian article, from its title to its last paragraph, is one passage
    assert lines[sq.first_line].startswith("Instituti Shqiptar")
    assert lines[sq.last_line].startswith("Mendoj se kjo politikë")
    assert sq.confidence > 0.9
    assert {p.lang for p in passages} == {"en", "sq", "fa"}


def test_short_lines_take_the_language_of_their_context(seed_text):
    passages = find_passages(seed_text)
    lines = seed_text.split("\n")
    for text, lang in [("Nga: Samet Vata", "sq"), ("July 14, 2018", "sq"), ("By: Samet Vata", "en")]:
        line = lines.index(text)
        assert _passage_of(passages, line).lang == lang, text


def test_mixed_script_line_is_split_where_the_script_changes(seed_text):
    passages = find_passages(seed_text)
    line = next(i for i, l in enumerate(seed_text.split("\n")) if l.startswith("کمپ اشرف"))
    blocks = [(p.lang, b.text) for p in passages for b in p.blocks if b.line == line]
    assert blocks[0] == ("fa", "کمپ اشرف 3 زندان گروگانهای مریم رجوی در تیرانا آلبانی")
    assert blocks[1] == ("en", "Footage of the MEK’s secret base in Albania")


def test_passages_are_deterministic(seed_text):
    first = [(p.lang, p.first_line, p.last_line) for p in find_passages(seed_text)]
    again = [(p.lang, p.first_line, p.last_line) for p in find_passages(seed_text)]
    assert first == again
