"""The one exception type that align raises for bad input.

The CLI prints its message as a single line and exits non-zero; the Python API
lets it propagate so that a notebook shows the same message.
"""


class AlignError(Exception):
    """Input that align cannot work with: the message says what and why."""
