"""Align a corpus: many documents in, one parallel corpus out.

``inputs`` turns a manifest or folders into tasks (pairing documents by
content with ``match``); ``run`` aligns every task not yet done (here, in
worker processes, or on Dask) and assembles the corpus; ``store`` keeps each
finished document so that a rerun resumes.
"""

from .inputs import Plan, Task, match_documents, tasks_from
from .run import Options, align_corpus, align_document, assemble
from .store import Store

__all__ = ["Options", "Plan", "Store", "Task", "align_corpus", "align_document", "assemble", "match_documents", "tasks_from"]
