"""align: find the translated passages of a document and pair their sentences.

The Python API is what the ``align`` command runs::

    import align
    result = align.run(align.read_text("page.txt"))  # one mixed document
    df = result.alignment.to_dataframe()
    alignment = align.pair(src_text, tgt_text)       # two documents
    report = align.check(src_text, mt_text)          # flag suspicious MT pairs

The package is laid out by stage, in the order data flows: ``segment`` (read
and split), ``embed`` (encoders), ``core`` (the numeric aligner), ``export``
(file formats), ``review`` (quality checks and reports), ``corpus`` (many
documents), ``study`` (evaluation and plots).  ``model`` holds the plain data
that passes between them, ``options`` every default.
"""

from .errors import AlignError
from .model import Alignment, Pair, Sentence
from .pipeline import RunResult, Segmentation, check, pair, run, segment
from .review.check import CheckReport
from .segment.read import read_text
from .version import __version__

__all__ = ["AlignError", "Alignment", "CheckReport", "Pair", "RunResult", "Segmentation", "Sentence", "check", "pair",
           "read_text", "run", "segment", "__version__"]
