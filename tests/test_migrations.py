"""Opening a database: processes racing on a fresh one, and an older schema upgraded in place."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, _fresh_postgres

OPENERS, ROUNDS = 4, 2
OPEN = (
    "import sys, storage.db as db\n"
    "print('ready', flush=True)\n"
    "sys.stdin.readline()\n"  # all imported: open together, the start of a real race
    "db.open_database(sys.argv[1]).dispose()"
)


def _fresh(database_url: str, tmp_path: Path, round_: int) -> str:
    if database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / f'race{round_}.db'}"
    return _fresh_postgres(database_url)


def test_processes_opening_a_fresh_database_at_once_all_succeed(
    database_url: str, tmp_path: Path
) -> None:
    for round_ in range(ROUNDS):
        url = _fresh(database_url, tmp_path, round_)
        openers = [
            subprocess.Popen(
                [sys.executable, "-c", OPEN, url],
                cwd=ROOT,
                env=os.environ,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for _ in range(OPENERS)
        ]
        for opener in openers:
            assert opener.stdout is not None and opener.stdout.readline() == b"ready\n"
        for opener in openers:
            assert opener.stdin is not None
            opener.stdin.write(b"go\n")
            opener.stdin.flush()
        failures = [
            err.decode()[-300:]
            for opener in openers
            if (err := opener.communicate(timeout=60)[1]) and opener.returncode
        ]
        assert failures == [], f"round {round_}: {len(failures)} of {OPENERS} failed"
