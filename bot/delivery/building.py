"""Building digests from stored articles: the one path used by the CLI, /build and the scheduler."""

from __future__ import annotations

from datetime import date

from bot.services import Context
from digest.build import DigestOptions, build_digest
from digest.errors import NothingToBuild
from digest.models import Digest
from storage.articles import article_days, articles_of_day
from storage.db import session_scope
from storage.digests import recent_events, save_digest


def build_and_store(context: Context, day: date) -> Digest:
    """Build `day`'s digest, holding back what the days before it said, and store it.

    The read, the build and the swap of the stored digest happen in one transaction,
    so a failed rebuild leaves the previous version in place.
    """
    options = DigestOptions(
        summarizer=context.settings.summarizer, max_sentences=context.settings.max_sentences
    )
    with session_scope(context.engine) as session:
        articles = articles_of_day(session, day)
        if not articles:
            raise NothingToBuild(f"no articles for {day.isoformat()}; ingest or fetch some first")
        history = recent_events(session, day)
        digest = build_digest(day, articles, history, options=options)
        save_digest(session, digest)
    return digest


def days_with_articles(context: Context) -> list[date]:
    """Every day that has articles, oldest first (so each build sees the day before)."""
    with session_scope(context.engine) as session:
        return [day for day, _count in article_days(session)]
