"""``python -m align`` is the ``align`` command."""

from .cli import app

app(prog_name="align")
