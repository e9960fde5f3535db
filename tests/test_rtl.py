"""Hebrew stored in visual order (lines of GNU make's Hebrew catalog) is put back in reading order."""

from align.pipeline import segment, split_document
from align.segment import reading_order
from align.segment.rtl import is_visual

# as the catalog stores them, and as a reader reads them
VISUAL = [
    ("רתומה םוחתל ץוחמ הניהש , לש ןמזה תמיתח תא -ב ףילחמ", "מחליף ב- את חתימת הזמן של , שהינה מחוץ לתחום המותר"),
    (".DCL-מ CTRL-Y-ב לופיט רושפיאב ךרוצ תויהל לולע :תוריהז", "זהירות: עלול להיות צורך באיפשור טיפול ב-CTRL-Y מ-DCL."),
    ("[םינייפאמ] [הרטמ] ... :שומיש ןפוא", "אופן שימוש: ... [מטרה] [מאפיינים]"),
    (".תחא םעפמ רתוי ןתינ ינקת טלק ץורעמ Makefile", "Makefile מערוץ קלט תקני ניתן יותר מפעם אחת."),
]


def test_visual_lines_are_put_back_in_reading_order():
    for visual, readable in VISUAL:
        assert is_visual(visual) and reading_order(visual) == readable
        assert not is_visual(readable) and reading_order(readable) == readable


def test_lines_in_reading_order_and_other_scripts_are_left_alone():
    for line in ["התקבל קוד שגוי מאחסון הסודות", "צמדי ערכי מאפיינים של פריט לחיפוש", "Couldn't change back.", "تعذّر فتح الملف", ""]:
        assert reading_order(line) == line


def test_a_document_is_split_after_its_lines_are_put_back():
    text = "\n".join(visual for visual, _ in VISUAL[:2])
    assert [s.text for s in split_document(text, "he")] == [readable for _, readable in VISUAL[:2]]
    assert [s.text for s in split_document(text, "he", presplit=True)] == [readable for _, readable in VISUAL[:2]]


def test_a_mixed_document_finds_its_passages_in_reading_order():
    text = "\n".join(visual for visual, _ in VISUAL)
    hebrew = [p for p in segment(text).passages if p.lang == "he"]
    assert hebrew[0].blocks[0].text == VISUAL[0][1]
    assert not any(is_visual(b.text) for p in hebrew for b in p.blocks)
