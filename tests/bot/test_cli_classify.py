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


def test_classify_scores_each_labeled_set_with_its_confusion_matrix(tmp_path: Path) -> None:
    team = tmp_path / "team.tsv"
    team.write_text(
        "section\tconflict\tsentence\n"
        "strikes\tsudan\tRSF drones struck the power station in Port Sudan overnight.\n"
        "other\tsudan\tThe war, now in its third year, has displaced millions of people.\n",
        encoding="utf-8",
    )
    page = tmp_path / "pages" / "a.txt"
    page.parent.mkdir()
    page.write_text(
        "Gaza talks\n\nMediators in Doha presented a new ceasefire proposal to both sides. "
        "The two delegations are expected to answer within a week, officials said, and the "
        "next round is due to open on Monday in the Qatari capital.\n",
        encoding="utf-8",
    )
    labels = tmp_path / "real.jsonl"
    labels.write_text(
        '{"file": "pages/a.txt", "sentence": 0, "text": "Mediators in Doha presented a new '
        'ceasefire proposal to both sides.", "section": "talks", "split": "test"}\n'
        '{"file": "pages/gone.txt", "sentence": 0, "text": "Gone.", "section": "other", '
        '"split": "train"}\n',
        encoding="utf-8",
    )
    result = run_cli(
        "classify",
        "--labeled",
        str(team),
        "--labeled",
        str(labels),
        "--pages",
        str(tmp_path),
        database=tmp_path / "x.db",
    )
    assert result.returncode == 0, result.stderr
    assert "== team: 2 sentences, macro-F1 " in result.stdout
    assert "== real/test: 1 sentences" in result.stdout
    assert "== real/train: 0 sentences" in result.stdout
    assert "confusion (rows: gold, columns: predicted)" in result.stdout
    assert "strikes            1         0         0         0" in result.stdout
    assert "skipped: pages/gone.txt: not found under" in result.stderr


def test_classify_names_a_malformed_labeled_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("sentence\n", encoding="utf-8")
    result = run_cli("classify", "--labeled", str(bad), database=tmp_path / "x.db")
    assert result.returncode == 1
    assert "first line must be the header" in result.stderr
