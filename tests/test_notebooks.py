"""The notebooks run top to bottom, offline, with the embedded encoder."""

import nbformat
import pytest
from nbclient import NotebookClient

from .conftest import ROOT

pytestmark = pytest.mark.slow

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_three_notebooks():
    assert [p.stem for p in NOTEBOOKS] == ["01-align-the-seed", "02-translation-quality", "03-benchmark"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path, tmp_path, monkeypatch):
    monkeypatch.setenv("ALIGN_FIGURES", str(tmp_path))
    notebook = nbformat.read(path, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), "commit notebooks without outputs"
    NotebookClient(notebook, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs if o.output_type == "error"]
    assert not errors
    figures = {"01-align-the-seed": ["01-languages", "01-similarity", "01-scores"],
               "02-translation-quality": ["02-signals", "02-similarity"],
               "03-benchmark": ["03-accuracy", "03-calibration"]}[path.stem]
    for name in figures:
        assert (tmp_path / f"{name}.png").stat().st_size > 10_000
