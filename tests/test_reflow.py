"""Hard-wrapped text (PDF text layers, Project Gutenberg books) is read back a paragraph a line."""

from pathlib import Path

from align.segment.read import read_text
from align.segment.reflow import measure, reflow

from .documents import hard_wrapped, pdf_file

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "001_0715eb0a661bce2d.txt"


def _paragraphs() -> list[str]:
    """The seed's English article: paragraphs of one to several sentences, a line each."""
    lines = [" ".join(line.split()) for line in SEED.read_text(encoding="utf-8").split("\n")]
    return [line for line in lines if len(line) > 150][:12]


def test_a_book_wrapped_with_blank_lines_between_paragraphs_comes_back_whole():
    paragraphs = _paragraphs()
    lines = [line for p in paragraphs for line in [*hard_wrapped(p), ""]]
    assert any(line.endswith("-") for line in lines)  # some words were hyphenated
    assert measure(lines) == 70
    assert [p for p in reflow("\n".join(lines)).split("\n") if p] == paragraphs


def test_text_written_a_paragraph_a_line_is_left_alone():
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert measure(text.split("\n")) is None and reflow(text) == text


def test_a_pdf_of_wrapped_paragraphs_reads_a_paragraph_a_line(tmp_path):
    paragraphs = _paragraphs()
    path = pdf_file(tmp_path / "article.pdf", [line for p in paragraphs for line in hard_wrapped(p)])
    read = [" ".join(line.split()) for line in read_text(path).split("\n") if line]
    # a paragraph whose last line happens to fill the measure runs on into the next one: still whole sentences
    assert " ".join(read) == " ".join(paragraphs)
    assert sum(p in read for p in paragraphs) >= len(paragraphs) // 2


def test_a_hyphen_is_kept_before_a_capital_and_scripts_without_spaces_join_without_one():
    german = ["Vom ersten Mast der Seilbahn der Kraftwerke Linth-", "Limmeren steigen wir über den Alpweg hinab."]
    first = reflow("\n".join((german + [""]) * 16)).split("\n")[0]
    assert first == "Vom ersten Mast der Seilbahn der Kraftwerke Linth- Limmeren steigen wir über den Alpweg hinab."
    chinese = ["这是一个很长的中文段落，它被排版软件按照固定的宽度折成了", "好几行，每一行的末尾都没有空格，也没有标点符号。"]
    assert reflow("\n".join((chinese + [""]) * 16)).split("\n")[0] == "".join(chinese)


def test_a_file_of_one_sentence_a_line_is_read_as_it_is_when_told(tmp_path):
    lines = [line for p in _paragraphs() for line in hard_wrapped(p)]
    path = tmp_path / "sentences.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert read_text(path, unwrap=False).split("\n")[:-1] == lines
    assert len(read_text(path).split("\n")) < len(lines)


def test_running_heads_and_page_numbers_are_left_out_and_paragraphs_run_on_across_pages(tmp_path):
    paragraphs = _paragraphs()
    lines = [line for p in paragraphs for line in hard_wrapped(p)]
    path = pdf_file(tmp_path / "article.pdf", lines, per_page=40, header="Iran Interlink, 15 July 2018")
    text = read_text(path)
    assert "Iran Interlink, 15 July" not in text and not any(line.strip().isdigit() for line in text.split("\n"))
    assert " ".join(text.split()) == " ".join(paragraphs)


def test_list_items_and_markdown_headings_start_paragraphs_of_their_own():
    items = [f"- {p}" for p in _paragraphs()[:6]]
    lines = ["# Iran Interlink", ""] + [line for item in items for line in hard_wrapped(item)]
    assert [p for p in reflow("\n".join(lines)).split("\n") if p] == ["# Iran Interlink", *items]
