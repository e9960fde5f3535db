"""Lines as a reader reads them: soft hyphens removed, Hebrew stored in visual order (lines of GNU make's
Hebrew catalog) put back in reading order."""

from pathlib import Path

import pytest

from align import pair
from align.pipeline import segment, split_document
from align.segment import readable
from align.segment.rtl import is_visual, reading_order

from .documents import hinted

TEXTBERG = Path(__file__).resolve().parent.parent / "data" / "textberg"

# as the catalog stores them, and as a reader reads them
VISUAL = [
    ("רתומה םוחתל ץוחמ הניהש , לש ןמזה תמיתח תא -ב ףילחמ", "מחליף ב- את חתימת הזמן של , שהינה מחוץ לתחום המותר"),
    (".DCL-מ CTRL-Y-ב לופיט רושפיאב ךרוצ תויהל לולע :תוריהז", "זהירות: עלול להיות צורך באיפשור טיפול ב-CTRL-Y מ-DCL."),
    ("[םינייפאמ] [הרטמ] ... :שומיש ןפוא", "אופן שימוש: ... [מטרה] [מאפיינים]"),
    (".תחא םעפמ רתוי ןתינ ינקת טלק ץורעמ Makefile", "Makefile מערוץ קלט תקני ניתן יותר מפעם אחת."),
]


def test_visual_lines_are_put_back_in_reading_order():
    for visual, read in VISUAL:
        assert is_visual(visual) and reading_order(visual) == read
        assert not is_visual(read) and reading_order(read) == read


def test_a_line_without_final_letters_is_stored_as_its_neighbours_are():
    # "invalid syntax in conditional" has no final letter to tell its order by; the catalog stores it among visual lines
    undecided = "יאנת לש יוגש ריבחת"
    assert readable([VISUAL[0][0], undecided, VISUAL[1][0]])[1] == "תחביר שגוי של תנאי"
    assert readable([VISUAL[0][1], undecided, VISUAL[1][1]])[1] == undecided
    assert readable([VISUAL[0][0], undecided, "Makefile", VISUAL[1][1]])[1] == undecided  # the two sides disagree


def test_lines_in_reading_order_and_other_scripts_are_left_alone():
    for line in ["התקבל קוד שגוי מאחסון הסודות", "צמדי ערכי מאפיינים של פריט לחיפוש", "Couldn't change back.", "تعذّر فتح الملف", ""]:
        assert reading_order(line) == line


def test_a_document_is_split_after_its_lines_are_put_back():
    text = "\n".join(visual for visual, _ in VISUAL[:2])
    assert [s.text for s in split_document(text, "he")] == [read for _, read in VISUAL[:2]]
    assert [s.text for s in split_document(text, "he", presplit=True)] == [read for _, read in VISUAL[:2]]


def test_a_mixed_document_finds_its_passages_in_reading_order():
    text = "\n".join(visual for visual, _ in VISUAL)
    hebrew = [p for p in segment(text).passages if p.lang == "he"]
    assert hebrew[0].blocks[0].text == VISUAL[0][1]
    assert not any(is_visual(b.text) for p in hebrew for b in p.blocks)


def test_soft_hyphens_are_removed():
    line = "Vom ersten Mast der KLL-Seilbahn ( Kraftwerke Linth-Limmeren ) steigen wir hinab ."
    assert "\u00ad" in hinted(line) and readable([hinted(line)]) == [line]
    assert [s.text for s in split_document(hinted(line), "de")] == [line]


@pytest.mark.slow
def test_text_with_hyphenation_hints_aligns_as_the_plain_text_does(encoder):
    src, tgt = ((TEXTBERG / lang / "005").read_text(encoding="utf-8") for lang in ("de", "fr"))
    plain = [(p.src_text, p.tgt_text) for p in pair(src, tgt, encoder=encoder, src_lang="de", tgt_lang="fr").pairs()]
    marked = [(p.src_text, p.tgt_text) for p in pair(hinted(src), hinted(tgt), encoder=encoder, src_lang="de", tgt_lang="fr").pairs()]
    assert marked == plain
