import codecs

import pytest

from align.errors import AlignError
from align.segment.read import decode, read_text

TEXT = "Zoti Muniz tha — “çështje” për Shqipërinë.\nMr. Muniz said.\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with its BOM
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-be"],
)
def test_unicode_encodings_decode_to_the_same_text(data):
    assert decode(data) == TEXT


def test_windows_1252_is_read_when_bytes_are_not_utf8():
    text = "Café “quoted” – naïve.\n"
    assert decode(text.encode("cp1252")) == text


def test_newlines_are_normalised():
    assert decode(b"a\r\nb\rc\n") == "a\nb\nc\n"


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"  \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (bytes(range(0, 32)) * 20, "binary"),
        (b"abc\x81\x8d\x8f\x98 def", "not valid"),  # undefined in every 8-bit code page tried, invalid in UTF-8
    ],
)
def test_bad_input_is_refused_with_a_reason(data, message):
    with pytest.raises(AlignError, match=message):
        decode(data)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(AlignError, match="no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(AlignError, match="folder"):
        read_text(tmp_path)
