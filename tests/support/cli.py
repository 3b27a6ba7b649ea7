"""Running `digestbot` as a user would: in-process for speed, or once as a real process.

`run_cli` goes through `bot.cli.main`, the console script's own entry point, so it sees
what a user sees (the one-line errors and exit codes included) without paying for a new
interpreter per call; `run_process` is kept for the smoke test that the script starts.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from bot.cli import main
from tests.support.paths import ROOT


@dataclass(frozen=True)
class CliResult:
    returncode: int
    stdout: str
    stderr: str


def _environment(database: Path, env: dict[str, str] | None) -> dict[str, str]:
    return {
        "DIGESTBOT_DATABASE_URL": f"sqlite:///{database}",
        "DIGESTBOT_TIMEZONE": "Europe/Kyiv",
        **(env or {}),
    }


def run_cli(
    *args: str, database: Path, env: dict[str, str] | None = None, input: str | None = None
) -> CliResult:
    """`digestbot ARGS` in this process, with the given settings in the environment."""
    with CliRunner().isolation(input=input, env=_environment(database, env)) as (out, err, _):
        try:
            main(list(args))
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        sys.stdout.flush()
        sys.stderr.flush()
        return CliResult(code, out.getvalue().decode(), err.getvalue().decode())


def run_process(
    *args: str, database: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m bot ARGS` in a fresh interpreter, as the console script runs."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **_environment(database, env)},
        cwd=ROOT,
        timeout=120,
        check=False,
    )
