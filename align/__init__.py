"""align: find the translated passages of a document and pair their sentences.

The Python API is what the ``align`` command runs::

    import align
    result = align.run(open("page.txt").read())      # one mixed document
    df = result.alignment.to_dataframe()
    pairs = align.pair(src_text, tgt_text)           # two documents
    report = align.check(src_text, mt_text)          # flag suspicious MT pairs
"""

from .errors import AlignError
from .check import CheckReport
from .pipeline import RunResult, check, pair, run
from .read import read_text
from .result import Alignment, Pair, Sentence

__version__ = "0.1.0"
__all__ = ["AlignError", "Alignment", "CheckReport", "Pair", "RunResult", "Sentence", "check", "pair", "read_text", "run", "__version__"]
