import pytest

from align.segment.sentences import split_sentences


@pytest.mark.parametrize(
    "lang, text, expected",
    [
        ("sq", "Sipas z. Sojati ka 600.000 veta. Z. Lani foli.", ["Sipas z. Sojati ka 600.000 veta.", "Z. Lani foli."]),
        ("sq", "Fjala e znj. Kodheli u mbajt. Pastaj foli Dr. Hoxha.", ["Fjala e znj. Kodheli u mbajt.", "Pastaj foli Dr. Hoxha."]),
        ("sq", "Libra, gazeta etj. Ishin të gjitha aty.", ["Libra, gazeta etj. Ishin të gjitha aty."]),
        ("sq", "Ligjëroi Prof. Berisha. Salla ishte plot.", ["Ligjëroi Prof. Berisha.", "Salla ishte plot."]),
        ("en", "Mr. Smith and Mrs. Jones met Dr. Who in the U.S. Army base. It rained.", ["Mr. Smith and Mrs. Jones met Dr. Who in the U.S. Army base.", "It rained."]),
        ("en", "Growth was 3.5 percent. Then it fell.", ["Growth was 3.5 percent.", "Then it fell."]),
        ("en", "Why? Because! “Quoted.” Next one.", ["Why?", "Because!", "“Quoted.”", "Next one."]),
        ("en", "John F. Kennedy spoke. See No. 5 below.", ["John F. Kennedy spoke.", "See No. 5 below."]),
        ("en", "It ended with “Give Peace a Chance”. But then.", ["It ended with “Give Peace a Chance”.", "But then."]),
        ("en", "a lower case start. is not a sentence end", ["a lower case start. is not a sentence end"]),
        ("de", "Am 3. Mai kam er. Dann ging er.", ["Am 3. Mai kam er.", "Dann ging er."]),
        ("zh", "他来了。她走了。", ["他来了。", "她走了。"]),
        ("de", "Das ist z. B. ein Test, d. h. ein Versuch. Dann kam Dr. Meier.", ["Das ist z. B. ein Test, d. h. ein Versuch.", "Dann kam Dr. Meier."]),
        ("fr", "Le prof. Dupont arrive, p. ex. demain. M. Martin part.", ["Le prof. Dupont arrive, p. ex. demain.", "M. Martin part."]),
        ("ru", "Проф. Иванов пришёл. Он сказал, т. е. всё ясно. Потом ушёл.", ["Проф. Иванов пришёл.", "Он сказал, т. е. всё ясно.", "Потом ушёл."]),
        ("hu", "Kovács dr. és id. Nagy János jött. A 3. napon elment.", ["Kovács dr. és id. Nagy János jött.", "A 3. napon elment."]),
    ],
)
def test_abbreviations_numbers_and_quotes(lang, text, expected):
    assert split_sentences(text, lang) == expected


def test_unknown_language_still_splits():
    assert split_sentences("One. Two.", "xx") == ["One.", "Two."]


def test_seed_paragraphs_split_like_their_translation(seed_text):
    lines = seed_text.split("\n")
    albanian = next(l for l in lines if l.startswith("Për sa i përket Iranit, Z. Muniz"))
    english = next(l for l in lines if l.startswith("With regard to Iran, Mr. Muniz"))
    assert len(split_sentences(albanian, "sq")) == 4
    assert len(split_sentences(english, "en")) == 4
    assert split_sentences(albanian, "sq")[0].startswith("Për sa i përket Iranit, Z. Muniz tha")
