"""Read and segment: bytes to text, text to language passages, passages to sentences.

``read`` decodes a file; ``passages`` finds the language passages of a
document; ``parallel`` finds which passages translate each other;
``sentences`` splits a paragraph into sentences for its language;
``repair`` undoes what a file stores that no reader sees (soft hyphens,
Hebrew in visual order, ``rtl``).
"""

from .parallel import PassagePair, find_parallel
from .passages import Passage, detect, find_passages
from .read import Document, decode, pair_evidence, read_document, read_text
from .repair import readable
from .sentences import split_sentences

__all__ = ["Document", "Passage", "PassagePair", "decode", "detect", "find_parallel", "find_passages", "pair_evidence", "read_document",
           "read_text", "readable", "split_sentences"]
