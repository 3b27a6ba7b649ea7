"""The counts behind /sources and /stats, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine

from digest.models import Digest
from storage.db import session_scope
from storage.digests import save_digest
from storage.models import ArticleRow, DeliveryRow, FeedRow
from storage.stats import SourceCount, bot_stats, sources_since
from storage.subscribers import subscribe, unsubscribe

DAY = date(2025, 11, 29)


def _article(n: int, source: str, day: date, feed_id: int | None = None) -> ArticleRow:
    return ArticleRow(
        content_hash=f"{n:064d}", text="t", source=source, day=day, date_source="test",
        feed_id=feed_id,
    )  # fmt: skip


def test_sources_count_feeds_and_other_outlets(engine: Engine) -> None:
    with session_scope(engine) as session:
        feed = FeedRow(url="https://k.example/rss", name="Kyiv Independent", last_error="timeout")
        idle = FeedRow(url="https://idle.example/rss", name="Idle")
        session.add_all([feed, idle])
        session.flush()
        session.add_all(
            [
                _article(1, "Kyiv Independent", DAY, feed.id),
                _article(2, "Kyiv Independent", DAY, feed.id),
                _article(3, "Kyiv Independent", date(2025, 11, 1), feed.id),
                _article(4, "Seeds", DAY),
            ]
        )
    with session_scope(engine) as session:
        assert sources_since(session, date(2025, 11, 23)) == [
            SourceCount("Idle", 0, "https://idle.example/rss"),
            SourceCount("Kyiv Independent", 2, "https://k.example/rss", None, "timeout"),
            SourceCount("Seeds", 1),
        ]


def test_bot_stats(engine: Engine) -> None:
    with session_scope(engine) as session:
        for chat_id in (1, 2, 3, 4):
            subscribe(session, chat_id, "private", None)
        unsubscribe(session, 2)
        unsubscribe(session, 3, reason="blocked: Forbidden: bot was blocked by the user")
        session.add_all(
            [_article(1, "A", DAY), _article(2, "A", DAY), _article(3, "A", date(2025, 11, 28))]
        )
        session.add(FeedRow(url="https://x.example/rss", name="X", consecutive_failures=4,
                            last_error="HTTP 500 Internal Server Error"))  # fmt: skip
        session.add(FeedRow(url="https://ok.example/rss", name="OK"))
        digest_id = save_digest(session, Digest(day=DAY, articles=3))
        session.add_all(
            [
                DeliveryRow(digest_id=digest_id, chat_id=1, status="sent"),
                DeliveryRow(digest_id=digest_id, chat_id=4, status="failed"),
            ]
        )
    with session_scope(engine) as session:
        stats = bot_stats(session, date(2025, 11, 28))
    assert (stats.active, stats.unsubscribed, stats.gone) == (2, 1, 1)
    assert stats.articles_per_day == [(date(2025, 11, 28), 1), (DAY, 2)]
    assert stats.last_digest_day == DAY
    assert stats.deliveries == {"sent": 1, "failed": 1}
    assert stats.failing_feeds == [("X", 4, "HTTP 500 Internal Server Error")]
