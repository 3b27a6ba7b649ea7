"""Two `ingest` runs at once on SQLite and PostgreSQL: each story stored once, none dies."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import select

from bot.intake.files import IngestReport, ingest_paths
from storage.db import session_scope
from storage.models import ArticleRow

STORIES = 30
DAY = date(2026, 11, 20)


def _story(number: int) -> str:
    """A text sharing no run of words with the other stories."""
    words = " ".join(f"w{number}x{index}" for index in range(40))
    return f"Drones struck target {number} overnight, officials said. {words}."


def _folders(root: Path) -> tuple[Path, Path]:
    """The same stories twice: as they are, and as another outlet's lightly edited copies."""
    first, second = root / "first", root / "second"
    for folder in (first, second):
        folder.mkdir()
    for number in range(STORIES):
        (first / f"{number:02d}.txt").write_text(_story(number))
        (second / f"{number:02d}.txt").write_text(f"UPDATED: {_story(number)} Read more here.")
    return first, second


def _at_once(engine: Engine, runs: list[list[Path]]) -> list[IngestReport]:
    start = threading.Barrier(len(runs))
    reports: list[IngestReport] = []
    errors: list[BaseException] = []

    def run(paths: list[Path]) -> None:
        start.wait()
        try:
            reports.append(
                ingest_paths(engine, paths, ZoneInfo("Europe/Kyiv"), DAY, echo=lambda _: None)
            )
        except BaseException as error:  # the test reports it below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(paths,)) for paths in runs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return reports


def _stored(engine: Engine) -> int:
    with session_scope(engine) as session:
        return session.exec(select(func.count()).select_from(ArticleRow)).one()


def test_two_runs_of_the_same_files_store_each_once(engine: Engine, tmp_path: Path) -> None:
    first, _ = _folders(tmp_path)
    reports = _at_once(engine, [[first], [first]])
    assert sum(report.stored for report in reports) == STORIES
    assert sum(report.duplicates + report.near_duplicates for report in reports) == STORIES
    assert sum(report.rejected for report in reports) == 0
    assert _stored(engine) == STORIES


def test_near_duplicates_from_two_runs_are_stored_once(engine: Engine, tmp_path: Path) -> None:
    first, second = _folders(tmp_path)
    reports = _at_once(engine, [[first], [second]])
    assert sum(report.stored for report in reports) == STORIES
    assert sum(report.near_duplicates for report in reports) == STORIES
    assert sum(report.rejected for report in reports) == 0
    assert _stored(engine) == STORIES
