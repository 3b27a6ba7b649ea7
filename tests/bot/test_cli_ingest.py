"""`digestbot ingest` end to end through the real command line."""

from __future__ import annotations

from pathlib import Path

from tests.support.cli import run_cli, run_process
from tests.support.digest_samples import GOOD
from tests.support.paths import SEEDS


def test_seeds_ingested_once_with_their_days(tmp_path: Path) -> None:
    database = tmp_path / "seeds.db"
    first = run_process("ingest", str(SEEDS), database=database)  # the script's smoke test
    assert first.returncode == 0, first.stderr
    lines = {line.split()[1].rsplit("/", 1)[-1]: line for line in first.stdout.splitlines()[:-1]}
    assert "2025-11-29 (date prefix)" in lines["000_f06a90b16cb8cf60.txt"]
    assert "2025-11-25 (date in the text)" in lines["001_2b26700f5782483d.txt"]
    assert "file modification time; no date in the article" in lines["002_e9ebb07e90a4464a.txt"]
    assert "2025-08-29 (date prefix)" in lines["003_3ddd5eb3ece5e1af.txt"]
    assert "2025-11-26 (date prefix)" in lines["004_e7f66637ef3bf8be.txt"]
    assert (
        first.stdout.splitlines()[-1] == "5 ingested, 0 duplicates (0 near-duplicates), 0 rejected"
    )

    second = run_cli("ingest", str(SEEDS), database=database)
    assert second.returncode == 0
    assert (
        second.stdout.splitlines()[-1] == "0 ingested, 5 duplicates (0 near-duplicates), 0 rejected"
    )


def test_bad_files_rejected_others_go_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.bin").write_bytes(bytes(range(256)) * 8)
    (folder / "huge.txt").write_bytes(b"word " * (6 * 1024 * 1024 // 5))
    result = run_cli("ingest", str(folder), "--date", "2025-12-01", database=tmp_path / "x.db")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "stored     " in out and "good.txt" in out and "2025-12-01 (--date" in out
    assert "empty.txt: empty file" in out
    assert "binary.bin: unsupported file type .bin" in out
    assert "huge.txt: larger than 5 MB" in out
    assert out.splitlines()[-1] == "1 ingested, 0 duplicates (0 near-duplicates), 3 rejected"


def test_nothing_readable_exits_non_zero(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run_cli("ingest", str(tmp_path / "empty.txt"), database=tmp_path / "x.db")
    assert result.returncode == 1
    assert "empty.txt: empty file" in result.stdout
