"""The numeric heart: the alignment lattice, bead scores, dynamic programming.

Nothing here reads files, loads models or prints: it takes embeddings and
lengths as numpy arrays and returns beads.  Modules, in the order they build
on each other: ``stats`` (robust z-score), ``lattice`` (the band and the bead
types), ``dp`` (Viterbi and forward-backward), ``similarity`` (block
embeddings and banded cosines), ``anchors`` (words both sides share),
``scorer`` (the bead log-score), ``moved`` (passages moved elsewhere),
``aligner`` (band search, refinement, posteriors).
"""

from .aligner import Bead, align
from .similarity import Side, block_vector, pair_similarity

__all__ = ["Bead", "Side", "align", "block_vector", "pair_similarity"]
