"""Storage on SQLite and PostgreSQL: articles once, digests replaced atomically, migrations."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from digest.intake.documents import DayContext, build_article
from digest.models import Article, Digest, DigestItem, Figure
from storage.articles import ShingleCache, article_days, articles_of_day, save_article
from storage.db import open_database, session_scope
from storage.digests import latest_digest, load_digest, save_digest
from storage.models import ArticleRow, DeliveryRow, row_values, to_row

STORY = (
    "Russian drones struck the port of Odesa overnight, damaging grain silos and a power "
    "substation, regional governor Oleh Kiper said on Sunday. Two dock workers were wounded. "
    "Air defences shot down 31 of 40 drones launched at the region, the air force said."
)


def _article(text: str = STORY, url: str | None = None, day: date = date(2025, 11, 30)) -> Article:
    return Article(
        title="Odesa port hit", text=text, source="Wire", day=day, date_source="test", url=url
    )


def test_duplicates_stored_once(engine: Engine) -> None:
    with session_scope(engine) as session:
        first = save_article(session, _article(url="https://a.example/1"))
        same_url = save_article(
            session, _article(text=STORY + " Extra.", url="https://a.example/1")
        )
        same_text = save_article(session, _article(url="https://b.example/2"))
        copy = "UPDATED: " + STORY.replace("on Sunday", "on Sunday morning") + " Read more at Wire."
        near = save_article(
            session, _article(text=copy, url="https://c.example/3", day=date(2025, 12, 1))
        )
        other = save_article(session, _article(text="Peace talks resumed in Istanbul. " * 5))
    assert first.outcome == "stored"
    assert (same_url.outcome, same_url.detail) == ("duplicate", "same URL")
    assert (same_text.outcome, same_text.detail) == ("duplicate", "same text")
    assert near.outcome == "near-duplicate" and near.article_id == first.article_id
    assert other.outcome == "stored"
    with session_scope(engine) as session:
        assert [a.id for a in articles_of_day(session, date(2025, 11, 30))] == [
            first.article_id,
            other.article_id,
        ]
        assert article_days(session) == [(date(2025, 11, 30), 2)]


def test_a_kept_cache_sees_other_writers_and_forgets_a_rolled_back_article(
    engine: Engine,
) -> None:
    cache = ShingleCache()
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        assert save_article(session, _article(), cache=cache).outcome == "stored"
        raise RuntimeError("the transaction fails after the insert")
    with session_scope(engine) as session:
        again = save_article(session, _article(), cache=cache)
    assert again.outcome == "stored"
    with session_scope(engine) as session:  # another writer, without this cache
        other = save_article(session, _article(text="Peace talks resumed in Istanbul. " * 5))
    copy = "UPDATED: " + "Peace talks resumed in Istanbul. " * 5 + " Read more."
    with session_scope(engine) as session:
        near = save_article(session, _article(text=copy, url="https://c.example/3"), cache=cache)
    assert (near.outcome, near.article_id) == ("near-duplicate", other.article_id)


def test_an_article_read_stored_and_loaded_comes_back_as_it_was_read(engine: Engine) -> None:
    """Intake, storage and the build share one article type: nothing is lost on the way."""
    context = DayContext(ZoneInfo("UTC"), date(2025, 12, 1), date(2025, 12, 1), "today")
    read = build_article(
        " date 2025-11-30 " + STORY, source="Wire", context=context, title="Odesa port hit"
    )
    with session_scope(engine) as session:
        stored = save_article(session, read)
    with session_scope(engine) as session:
        [loaded] = articles_of_day(session, read.day)
    assert loaded == replace(read, id=stored.article_id)
    assert (loaded.day, loaded.date_source) == (date(2025, 11, 30), "date prefix")


def test_row_values_are_what_a_validated_row_holds() -> None:
    published = datetime(2025, 11, 30, 9, 15, tzinfo=UTC)
    article = replace(_article(url="https://a.example/1"), published=published, language="en")
    own = {"content_hash": "c" * 64, "origin": "wire.jsonl", "feed_id": None}
    values = row_values(ArticleRow, article, **own)
    row = to_row(ArticleRow, article, **own).model_dump(exclude={"id"})
    assert values.pop("ingested_at") - row.pop("ingested_at") < timedelta(seconds=5)
    assert values == row


def _digest(day: date, text: str) -> Digest:
    digest = Digest(day=day, articles=3)
    digest.sections["strikes"] = [
        DigestItem(text=text, source="Wire", url="https://w/1", article_id=None, sources=2)
    ]
    digest.figures = [Figure(kind="killed", value=2, place="Kyiv", source="Wire", note="others: 3")]
    return digest


def test_digest_round_trip_and_rebuild(engine: Engine) -> None:
    with session_scope(engine) as session:
        first_id = save_digest(session, _digest(date(2025, 11, 29), "Old text."))
        save_digest(session, _digest(date(2025, 11, 28), "Day before."))
    with session_scope(engine) as session:
        assert save_digest(session, _digest(date(2025, 11, 29), "New text.")) == first_id
    with session_scope(engine) as session:
        loaded = load_digest(session, date(2025, 11, 29))
        assert loaded == _digest(date(2025, 11, 29), "New text.")
        assert latest_digest(session, date(2025, 11, 29)) == loaded
        assert latest_digest(session, date(2025, 11, 28)).day == date(2025, 11, 28)
        assert load_digest(session, date(2020, 1, 1)) is None


def test_failed_rebuild_keeps_old_digest(engine: Engine) -> None:
    with session_scope(engine) as session:
        save_digest(session, _digest(date(2025, 11, 29), "Kept."))
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        save_digest(session, _digest(date(2025, 11, 29), "Half-written."))
        raise RuntimeError("crash mid-build")
    with session_scope(engine) as session:
        kept = load_digest(session, date(2025, 11, 29))
        assert kept is not None and kept.sections["strikes"][0].text == "Kept."


def test_one_delivery_per_digest_and_chat(engine: Engine) -> None:
    with session_scope(engine) as session:
        digest_id = save_digest(session, _digest(date(2025, 11, 29), "Text."))
        session.add(DeliveryRow(digest_id=digest_id, chat_id=42))
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        session.add(DeliveryRow(digest_id=digest_id, chat_id=42))


def test_migrations_are_idempotent(database_url: str) -> None:
    open_database(database_url).dispose()
    engine = open_database(database_url)
    tables = set(inspect(engine).get_table_names())
    assert {
        "article",
        "digest",
        "digest_item",
        "figure",
        "subscriber",
        "delivery",
        "feed",
        "feed_entry",
        "job_run",
        "alembic_version",
    } <= tables
    engine.dispose()
