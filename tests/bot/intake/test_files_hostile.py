"""`digestbot ingest` in-process against hostile JSON, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from bot.cli import app
from digest.intake.urls import url_problem
from storage.articles import article_days, articles_of_day
from storage.db import open_database, session_scope
from tests.bot.intake.test_polling_hostile import incompressible
from tests.support.digest_samples import GOOD

PLACES = ["Bryansk", "Kursk", "Belgorod", "Oryol", "Tula", "Ryazan", "Voronezh", "Tambov"]


def ingest(database_url: str, *args: str, timezone: str = "Europe/Kyiv") -> tuple[int, str]:
    env = {"DIGESTBOT_DATABASE_URL": database_url, "DIGESTBOT_TIMEZONE": timezone}
    result = CliRunner().invoke(app, ["ingest", *args], env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def _record(number: int, **fields: object) -> dict[str, object]:
    """A record whose text shares no run of words with the others (no near-duplicates)."""
    place = PLACES[number]
    text = " ".join(f"{place}{word}" for word in range(20)) + f". Drones hit {place} overnight."
    return {"title": f"Depot hit {number}", "text": text, **fields}


def hostile_folder(folder: Path) -> Path:
    """Every hostile shape the issue lists, each in its own file, and a good file last."""
    folder.mkdir()
    (folder / "a_deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (folder / "b_digits.json").write_text('{"title": "x", "text": "y", "n": ' + "7" * 5000 + "}")
    lines = [
        "[" * 50_000 + "]" * 50_000,
        '{"title": "t", "text": "t", "n": ' + "9" * 5000 + "}",
        json.dumps(_record(1, published="9999-12-31T23:00:00-05:00")),
        json.dumps(_record(2, published="0001-01-01T00:00:00+05:00")),
        json.dumps(_record(3, source="Wire\ud800", url="https://news.example/\udc00")),
        json.dumps(_record(4, source="Wire\x00", title="Depot\x00 hit 4")),
        json.dumps(_record(5, url="https://news.example/" + incompressible(1000))),
        json.dumps(_record(6, url="http://[oops/x")),
        json.dumps(_record(7, published=int("9" * 300))),
    ]
    (folder / "c_records.jsonl").write_text("\n".join(lines))
    (folder / "z_good.txt").write_text(GOOD)
    return folder


def test_hostile_json_is_rejected_line_by_line_and_the_rest_stored(
    database_url: str, tmp_path: Path
) -> None:
    folder = hostile_folder(tmp_path / "in")
    code, out = ingest(database_url, str(folder), "--date", "2026-11-20")
    assert code == 0, out
    assert "Traceback" not in out
    assert "a_deep.json: invalid JSON: nested too deeply" in out
    assert "b_digits.json: invalid JSON: a number with more than" in out
    assert "c_records.jsonl: line 1: invalid JSON: nested too deeply" in out
    assert "c_records.jsonl: line 2: invalid JSON: a number with more than" in out
    assert "z_good.txt" in out and out.splitlines()[-1].startswith("7 ingested")

    engine = open_database(database_url)
    with session_scope(engine) as session:
        stored = [a for day, _ in article_days(session) for a in articles_of_day(session, day)]
    engine.dispose()
    by_title = {article.title: article for article in stored}
    assert len(by_title) == 7
    for article in stored:
        assert article.url is None or url_problem(article.url) is None
        for value in (article.title, article.text, article.source, article.url or ""):
            value.encode("utf-8")  # no lone surrogates
            assert "\x00" not in value
    assert by_title["Depot hit 3"].source == "Wire" and by_title["Depot hit 3"].url is None
    assert by_title["Depot hit 4"].source == "Wire"
    assert by_title["Depot hit 5"].url is None and by_title["Depot hit 6"].url is None
    assert "ignored the URL (longer than 2,000 bytes)" in out
    assert "ignored the URL (not a well-formed web address)" in out
    # 9999: in the future, falls back on --date with a note; year 1 (an archive) is readable
    assert "ignored the publication time 9999-12-31" in out
    assert "ignored the publication time 0001-01-01T00:00:00+05:00 (out of range)" in out
    assert by_title["Depot hit 1"].day.isoformat() == "2026-11-20"
    assert "line 9: unreadable published date" in out
