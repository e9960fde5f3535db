"""TMX 1.4b: the translation-memory format CAT tools load (OmegaT is the test).

Only beads with both sides are translation units; the score goes in a
``x-align-score`` property and, in a corpus, the document in ``x-document``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Iterable

from ..model import Pair
from ..version import __version__

# Characters XML 1.0 does not allow, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_lang(code: str) -> str:
    """langdetect's ``zh-cn`` as the BCP 47 tag ``zh-CN`` that TMX expects."""
    head, _, region = code.partition("-")
    return f"{head.lower()}-{region.upper()}" if region else head.lower()


def write_tmx(pairs: Iterable[Pair], handle, src_lang: str, tgt_lang: str) -> None:
    src, tgt = xml_lang(src_lang), xml_lang(tgt_lang)
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(
        root,
        "header",
        {
            "creationtool": "align",
            "creationtoolversion": __version__,
            "segtype": "sentence",
            "o-tmf": "align",
            "adminlang": "en",
            "srclang": src,
            "datatype": "plaintext",
        },
    )
    body = ET.SubElement(root, "body")
    for pair in pairs:
        if not pair.matched:
            continue
        tu = ET.SubElement(body, "tu")
        prop = ET.SubElement(tu, "prop", type="x-align-score")
        prop.text = f"{pair.score:.4f}"
        if pair.document is not None:
            ET.SubElement(tu, "prop", type="x-document").text = clean_xml(pair.document)
        for lang, text in ((src, pair.src_text), (tgt, pair.tgt_text)):
            tuv = ET.SubElement(tu, "tuv", {"xml:lang": lang})
            ET.SubElement(tuv, "seg").text = clean_xml(text)
    ET.indent(root)
    handle.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    # a raw carriage return would come back as a newline: XML parsers normalise line ends
    handle.write(ET.tostring(root, encoding="unicode").replace("\r", "&#13;"))
    handle.write("\n")


def clean_xml(text: str) -> str:
    return _NOT_XML.sub("", text)
