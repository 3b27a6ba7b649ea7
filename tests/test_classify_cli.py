"""`digestbot classify`: stdin lines in, `section<TAB>sentence` out, in order."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_classify_reads_stdin_in_order() -> None:
    sentences = [
        "Rapid Support Forces shelled a market in El Fasher on Sunday, killing 14 civilians.",
        "Mediators in Doha presented a new ceasefire proposal to both delegations.",
        "The defence minister was dismissed by presidential decree on Monday.",
        "The conflict, now in its third year, has displaced millions of people.",
        "",
    ]
    result = subprocess.run(
        [sys.executable, "-m", "bot", "classify"],
        input="\n".join(sentences) + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    rows = [line.split("\t", 1) for line in result.stdout.splitlines()]
    assert rows == [
        ["strikes", sentences[0]],
        ["talks", sentences[1]],
        ["politics", sentences[2]],
        ["other", sentences[3]],
        ["other", ""],
    ]
