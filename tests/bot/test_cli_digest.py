"""`digestbot build` and `digestbot show` end to end on the seeds."""

from __future__ import annotations

import json
import sqlite3
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app, main
from storage.db import open_database, session_scope
from storage.digests import save_digest
from tests.support.bot_harness import sample_digest
from tests.support.cli import run_cli
from tests.support.paths import SEEDS


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    database = tmp_path_factory.mktemp("digest") / "seeds.db"
    assert run_cli("ingest", str(SEEDS), database=database).returncode == 0
    built = run_cli("build", "--all", database=database)
    assert built.returncode == 0, built.stderr
    assert "2025-11-29: 1 articles -> " in built.stdout
    return database


def test_show_json_has_the_documented_shape(seeded: Path) -> None:
    result = run_cli("show", "--date", "2025-11-29", "--format", "json", database=seeded)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["date"] == "2025-11-29" and data["articles"] == 1
    assert set(data["sections"]) == {"strikes", "talks", "politics"}
    item = data["sections"]["politics"][0]
    assert "Yermak" in item["text"]
    assert item["source"] == "000_f06a90b16cb8cf60.txt"
    assert item["url"] is None and item["sources"] == 1
    assert {"kind": "killed", "value": 2, "place": "Kyiv"}.items() <= data["figures"][0].items()


def test_show_one_section_and_formats(seeded: Path) -> None:
    talks = run_cli("show", "--date", "2025-11-29", "--section", "talks", database=seeded)
    assert "Talks" in talks.stdout and "Strikes" not in talks.stdout
    assert "negotiators" in talks.stdout
    only = json.loads(
        run_cli(
            "show",
            "--section",
            "talks",
            "--format",
            "json",
            "--date",
            "2025-11-29",
            database=seeded,
        ).stdout
    )
    assert list(only["sections"]) == ["talks"] and only["figures"] == []
    html = run_cli("show", "--date", "2025-11-29", "--format", "html", database=seeded)
    assert "<b>" in html.stdout and "Yermak" in html.stdout


def test_show_in_ukrainian_translates_the_headings_not_the_articles(seeded: Path) -> None:
    result = run_cli("show", "--date", "2025-11-29", "--language", "uk", database=seeded)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Воєнний дайджест · субота, 29 листопада 2025\n")
    assert "🏛 Політика\n• " in result.stdout and "Yermak" in result.stdout
    english = run_cli("show", "--date", "2025-11-29", database=seeded)
    assert english.stdout.startswith("War digest · Saturday 29 November 2025\n")


def test_show_without_a_digest_or_with_a_bad_date(seeded: Path, tmp_path: Path) -> None:
    missing = run_cli("show", "--date", "2020-01-01", database=seeded)
    assert missing.returncode == 1
    assert "no digest for 2020-01-01" in missing.stderr
    bad = run_cli("show", "--date", "29/11/2025", database=seeded)
    assert bad.returncode == 2 and "expected YYYY-MM-DD" in bad.stderr
    empty = run_cli("build", "--all", database=tmp_path / "empty.db")
    assert empty.returncode == 1 and "no articles stored yet" in empty.stderr
    neither = run_cli("build", database=seeded)
    assert neither.returncode == 2 and "either --date" in neither.stderr


def test_rebuild_replaces_the_day(seeded: Path) -> None:
    before = run_cli("show", "--date", "2025-11-26", "--format", "json", database=seeded).stdout
    again = run_cli("build", "--date", "2025-11-26", database=seeded)
    assert again.returncode == 0
    after = run_cli("show", "--date", "2025-11-26", "--format", "json", database=seeded).stdout
    assert json.loads(before) == json.loads(after)


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("sqlite:///{tmp}", "OperationalError: unable to open database file"),
        ("sqlite:////proc/no/such.db", "cannot create the database folder /proc/no"),
        ("postgresql+psycopg://postgres@127.0.0.1:5432/no_such_db", "OperationalError: "),
    ],
)
def test_a_database_that_cannot_open_is_one_line(
    url: str,
    problem: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DIGESTBOT_DATABASE_URL", url.format(tmp=tmp_path))
    monkeypatch.setattr(sys, "argv", ["digestbot", "show"])
    with pytest.raises(SystemExit) as stop:
        main()
    assert stop.value.code == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("digestbot: cannot ")
    assert problem in line and "Background" not in line


def test_days_must_be_written_yyyy_mm_dd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIGESTBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    result = CliRunner().invoke(app, ["show", "--date", "20251129"])
    assert result.exit_code == 2
    assert "expected YYYY-MM-DD, e.g. 2025-11-29, not '20251129'" in result.output


def test_show_latest_ignores_a_digest_after_today(seeded: Path, tmp_path: Path) -> None:
    database = tmp_path / "copy.db"
    with sqlite3.connect(seeded) as source, sqlite3.connect(database) as copy:
        source.backup(copy)  # with what is still in the write-ahead log
    engine = open_database(f"sqlite:///{database}")
    with session_scope(engine) as session:
        save_digest(session, sample_digest(date(2099, 1, 1)))
    engine.dispose()
    shown = run_cli("show", "--format", "json", database=database)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["date"] < "2099"


def test_build_says_which_languages_it_left_out(tmp_path: Path) -> None:
    database = tmp_path / "languages.db"
    german = tmp_path / "odesa.txt"
    german.write_text(
        "date 2025-11-29\nRussische Drohnen haben in der Nacht den Hafen von Odesa angegriffen "
        "und zwei Menschen getötet, teilte der Gouverneur der Region am Samstag mit.\n",
        encoding="utf-8",
    )
    assert run_cli("ingest", str(SEEDS), str(german), database=database).returncode == 0
    built = run_cli("build", "--date", "2025-11-29", database=database)
    assert "2 articles (1 in languages the digest does not read left out: de 1) -> " in built.stdout
