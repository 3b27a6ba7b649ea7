"""`digestbot ingest` stores a file's articles in batches: decided as one by one, and a
database refusal costs one article, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine

from bot.intake import files
from bot.intake.files import ingest_paths
from storage import articles
from storage.articles import article_days, articles_of_day
from storage.db import session_scope

RECORDS = 2 * files.BATCH + 30


def _text(number: int) -> str:
    """A story sharing no run of words with the others."""
    rng = random.Random(number)
    words = " ".join(f"w{rng.randrange(10**9)}" for _ in range(40))
    return f"Drones struck depot {number} overnight, officials said. {words}."


def _records() -> list[dict[str, str]]:
    """Distinct stories, then, in the same batch as what they repeat, a copy under another
    address, a second record at the same address, and another outlet's reworded copy."""
    records = [
        {"title": f"Depot {n}", "text": _text(n), "url": f"https://a.example/{n}"}
        for n in range(RECORDS)
    ]
    records[10] = {**records[3], "url": "https://b.example/3"}
    records[11] = {"title": "Other", "text": _text(99_999), "url": "https://a.example/4"}
    records[12] = {**records[5], "text": f"UPDATED: {_text(5)} Read more.", "url": None}
    return records


def _ingest(engine: Engine, root: Path) -> files.IngestReport:
    folder = root / "in"
    folder.mkdir()
    (folder / "week.jsonl").write_text("".join(json.dumps(r) + "\n" for r in _records()))
    return ingest_paths(engine, [folder], ZoneInfo("Europe/Kyiv"), echo=lambda _: None)


def _stored_titles(engine: Engine) -> list[str]:
    with session_scope(engine) as session:
        days = article_days(session)
        return [a.title for day, _ in days for a in articles_of_day(session, day)]


def test_a_batch_decides_each_article_against_the_ones_before_it(
    engine: Engine, tmp_path: Path
) -> None:
    report = _ingest(engine, tmp_path)
    assert (report.stored, report.duplicates, report.near_duplicates) == (RECORDS - 3, 2, 1)
    decided = [line.rsplit("  ", 1)[-1] for line in report.lines[10:13]]
    assert decided == ["same text", "same URL", "same story as #6 (week.jsonl)"]
    assert len(_stored_titles(engine)) == RECORDS - 3


def test_a_refused_article_costs_only_itself(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    insert = articles.inserted_keys

    def refuse_one(session: Any, table: Any, rows: list[dict[str, Any]], unique: Any) -> Any:
        if rows[0]["title"] == "Depot 150":
            raise RuntimeError("the disk says no")
        return insert(session, table, rows, unique)

    monkeypatch.setattr(articles, "inserted_keys", refuse_one)
    report = _ingest(engine, tmp_path)
    assert (report.stored, report.rejected) == (RECORDS - 4, 1)
    assert [line for line in report.lines if line.startswith("rejected")] == [
        f"rejected   {tmp_path / 'in' / 'week.jsonl'}: unexpected RuntimeError: the disk says no"
    ]
    titles = _stored_titles(engine)
    assert len(titles) == RECORDS - 4 and "Depot 150" not in titles and "Depot 151" in titles


def test_a_replay_of_past_days_keeps_their_publication_times(
    engine: Engine, tmp_path: Path
) -> None:
    """Read on its own morning after, a day's file keeps its publication times; read now,
    a day years ahead has them "in the future" and falls back on the given day alone."""
    day = date(2031, 5, 18)
    folder = tmp_path / "in"
    folder.mkdir()
    record = {"title": "Depot", "text": _text(1), "published": "2031-05-18T18:30:00+03:00"}
    (folder / "day.jsonl").write_text(json.dumps(record) + "\n")
    kyiv = ZoneInfo("Europe/Kyiv")
    lines: list[str] = []
    ingest_paths(engine, [folder], kyiv, day, echo=lines.append)
    assert "ignored the publication time 2031-05-18T18:30:00+03:00 (in the future)" in lines[0]
    with session_scope(engine) as session:
        (read_now,) = articles_of_day(session, day)
    assert read_now.published is None
    (folder / "day.jsonl").write_text(json.dumps({**record, "text": _text(2)}) + "\n")
    ingest_paths(engine, [folder], kyiv, day, echo=lines.append, today=date(2031, 5, 19))
    with session_scope(engine) as session:
        _, replayed = articles_of_day(session, day)
    assert replayed.published == datetime(2031, 5, 18, 15, 30, tzinfo=UTC)
