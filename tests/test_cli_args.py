"""The command line's arguments, checked in-process before any model loads."""

import inspect
import logging

import pytest
import typer
from typer.testing import CliRunner

from align import cli, options
from align.errors import AlignError
from align.version import __version__

from .conftest import SEED

runner = CliRunner()
COMMANDS = ("run", "pair", "check", "corpus", "segment")
ALIGNING = ("run", "pair", "check", "corpus")


def invoke(*args):
    return runner.invoke(cli.app, [str(a) for a in args])


def _error_line(result):
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("align: error:"), result.output
    return lines[0]


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0 and result.output.strip() == f"align {__version__}"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_explains_itself_and_shares_the_common_flags(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0
    for flag in ("--encoder", "--verbose", "--quiet"):
        assert flag in result.output
    if command in ALIGNING:
        for flag in ("--src-lang", "--tgt-lang", "--max-bead", "--budget", "--out", "--format"):
            assert flag in result.output, flag


@pytest.mark.parametrize("command", ALIGNING)
def test_cli_defaults_come_from_options(command):
    params = inspect.signature(getattr(cli, command)).parameters
    assert params["encoder"].default == options.ENCODER
    assert params["max_bead"].default == options.MAX_BEAD
    assert params["budget"].default == options.BUDGET
    assert params["out"].default == options.OUT


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["run", SEED, "--format", "docx"], "unknown format docx"),
        (["pair", SEED, SEED, "--format", ","], "unknown format"),
        (["check", SEED, "--format", "pdf"], "unknown report format pdf"),
        (["check", SEED, "--fail-on", "sometimes"], "--fail-on takes never, check, bad"),
        (["corpus", SEED, "--engine", "ray"], "--engine takes local, dask"),
        (["run", "/no/such/file.txt"], "no such file"),
    ],
)
def test_bad_values_end_in_one_line_and_status_1(args, fragment, tmp_path):
    result = invoke(*args, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert fragment in _error_line(result)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["run", SEED, "--max-bead", "0"],
        ["pair", SEED, SEED, "--budget", "-1"],
        ["corpus", SEED, "--min-score", "1.5"],
        ["run"],
        ["run", SEED, "--no-such-flag"],
    ],
)
def test_usage_errors_exit_2(args):
    assert invoke(*args).exit_code == 2


def test_verbose_and_quiet_set_the_log_level():
    cli._setup(0, False)
    assert logging.getLogger("align").level == logging.WARNING
    cli._setup(1, False)
    assert logging.getLogger("align").level == logging.INFO
    cli._setup(2, False)
    assert logging.getLogger("align").level == logging.DEBUG
    cli._setup(2, True)
    assert logging.getLogger("align").level == logging.ERROR


def test_a_missing_extra_names_the_pip_install(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "sacrebleu" else real(name, *a))
    with pytest.raises(AlignError, match=r"pip install 'align\[ref\]'"):
        options.require("ref")


def test_check_with_a_reference_but_no_sacrebleu_fails_before_aligning(monkeypatch, tmp_path):
    import importlib.util

    from align import pipeline

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "sacrebleu" else real(name, *a))
    monkeypatch.setattr(pipeline, "pair", lambda *a, **k: pytest.fail("aligned before checking the extra"))
    result = invoke("check", SEED, SEED, "--ref", SEED, "--out", tmp_path)
    assert result.exit_code == 1 and "align[ref]" in _error_line(result)


def test_guard_turns_errors_into_one_line():
    with pytest.raises(typer.Exit) as stop:
        cli._guard(lambda: (_ for _ in ()).throw(AlignError("bad thing")))
    assert stop.value.exit_code == 1
