"""`digestbot classify`: stdin lines in, `section<TAB>sentence` out, in order."""

from __future__ import annotations

from pathlib import Path

from tests.support.cli import run_cli


def test_classify_reads_stdin_in_order(tmp_path: Path) -> None:
    sentences = [
        "Rapid Support Forces shelled a market in El Fasher on Sunday, killing 14 civilians.",
        "Mediators in Doha presented a new ceasefire proposal to both delegations.",
        "The defence minister was dismissed by presidential decree on Monday.",
        "The conflict, now in its third year, has displaced millions of people.",
        "",
    ]
    result = run_cli("classify", database=tmp_path / "x.db", input="\n".join(sentences) + "\n")
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t", 1) for line in result.stdout.splitlines()]
    assert rows == [
        ["strikes", sentences[0]],
        ["talks", sentences[1]],
        ["politics", sentences[2]],
        ["other", sentences[3]],
        ["other", ""],
    ]
