"""Web pages, Word files, PDFs, e-books and subtitles, built with the libraries themselves, read as text."""

import zipfile

import pytest

from align.errors import AlignError
from align.segment.read import read_text

from .documents import docx_file, epub_file, html_file, pdf_file, srt_file

SQ = ["Sipas z. Sojati, Shqipëria ka 600.000 banorë më pak.", "Ky është paragrafi i dytë, me çështje të tjera."]


def test_docx_paragraphs_headings_and_table_cells_are_lines(tmp_path):
    path = docx_file(tmp_path / "a.docx", "Titulli i artikullit", SQ, [["Qyteti", "Tirana"]])
    assert read_text(path).split("\n")[:-1] == ["Titulli i artikullit", *SQ, "Qyteti", "Tirana"]


def test_html_keeps_the_article_and_drops_navigation_scripts_and_styles(tmp_path):
    path = html_file(tmp_path / "page.html", "Titulli i artikullit", SQ * 3)
    text = read_text(path)
    for sentence in SQ:
        assert sentence in text
    for noise in ("tracking", "console.log", "color: red", "Contact", "Cookie settings", "<p>"):
        assert noise not in text


def test_pdf_text_layer_is_read(tmp_path):
    path = pdf_file(tmp_path / "a.pdf", SQ)
    text = read_text(path)
    assert [" ".join(line.split()) for line in text.strip().split("\n")] == SQ


def test_epub_chapters_come_in_spine_order(tmp_path):
    path = epub_file(tmp_path / "book.epub", [("Kapitulli 1", SQ[:1]), ("Kapitulli 2", SQ[1:])])
    assert read_text(path).split("\n")[:-1] == ["Kapitulli 1", SQ[0], "Kapitulli 2", SQ[1]]


def test_subtitle_cues_not_timecodes_and_sentences_across_cues(tmp_path):
    path = srt_file(tmp_path / "a.srt", ["Sipas z. Sojati, Shqipëria", "ka 600.000 banorë më pak.", "<i>Ky është</i> paragrafi i dytë, me çështje të tjera."])
    assert read_text(path).split("\n")[:-1] == SQ
    vtt = tmp_path / "a.vtt"
    vtt.write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nSipas z. Sojati, Shqipëria\n\n00:01.000 --> 00:02.000\nka 600.000 banorë më pak.\n", encoding="utf-8")
    assert read_text(vtt) == SQ[0] + "\n"


def test_subtitle_formatting_goes_but_text_in_angle_brackets_stays(tmp_path):
    cues = ['<font color="#ffff00">Er sagte:</font>', "Ein <Vertrautwerden> mit der Route", "{\\an8}war nötig.", "<b>Ende</b>;", "Danach Ruhe."]
    path = srt_file(tmp_path / "b.srt", cues)
    # a cue ending with a colon or semicolon ends a line, as a sentence does
    assert read_text(path).split("\n")[:-1] == ["Er sagte:", "Ein <Vertrautwerden> mit der Route war nötig.", "Ende;", "Danach Ruhe."]


def test_a_title_cue_ends_its_line_but_a_name_does_not_start_one(tmp_path):
    cues = ["Ein Klettergebiet macht Geschichte", "In der Anfangsphase kletterte man mit", "Hanspeter Sigrist in den Wänden",
            "von Uschenen.", "Und damit scheint der Traum von der", "Fusion ausgeträumt."]
    path = srt_file(tmp_path / "c.srt", cues)
    # "In" and "Und" open sentences (the file writes "in" and "und"); "Hanspeter" and "Fusion" are names
    assert read_text(path).split("\n")[:-1] == ["Ein Klettergebiet macht Geschichte",
                                                 "In der Anfangsphase kletterte man mit Hanspeter Sigrist in den Wänden von Uschenen.",
                                                 "Und damit scheint der Traum von der Fusion ausgeträumt."]


@pytest.mark.parametrize("kind", ["docx", "epub"])
def test_damaged_archives_are_refused_in_one_line(tmp_path, kind):
    good = docx_file(tmp_path / "a.docx", "T", SQ) if kind == "docx" else epub_file(tmp_path / "a.epub", [("T", SQ)])
    truncated = tmp_path / f"bad.{kind}"
    truncated.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    with pytest.raises(AlignError, match="damaged|not a readable"):
        read_text(truncated)


def test_a_zip_of_something_else_is_refused(tmp_path):
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(AlignError, match="neither a Word document nor an e-book"):
        read_text(path)


def test_encrypted_and_scanned_pdfs_are_refused(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    scanned = tmp_path / "scan.pdf"
    with open(scanned, "wb") as handle:
        writer.write(handle)
    with pytest.raises(AlignError, match="no text layer"):
        read_text(scanned)
    writer.encrypt("secret")
    locked = tmp_path / "locked.pdf"
    with open(locked, "wb") as handle:
        writer.write(handle)
    with pytest.raises(AlignError, match="encrypted"):
        read_text(locked)


@pytest.mark.parametrize("kind", ["docx", "pdf", "epub", "html", "srt"])
def test_damaged_files_of_every_format_end_in_a_clear_error_or_text(tmp_path, kind):
    import random

    makers = {"docx": lambda p: docx_file(p, "T", SQ), "pdf": lambda p: pdf_file(p, SQ), "epub": lambda p: epub_file(p, [("T", SQ)]),
              "html": lambda p: html_file(p, "T", SQ * 3), "srt": lambda p: srt_file(p, SQ)}
    data = makers[kind](tmp_path / f"good.{kind}").read_bytes()
    rng = random.Random(kind)
    for k in range(30):
        damaged = bytearray(data)
        if k % 2:
            damaged = damaged[: rng.randrange(1, len(damaged))]
        else:
            for _ in range(rng.randrange(1, 20)):
                damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        path = tmp_path / f"bad{k}.{kind}"
        path.write_bytes(bytes(damaged))
        try:
            assert isinstance(read_text(path), str)
        except AlignError:
            pass  # any other exception is a traceback for the user, and fails the test
