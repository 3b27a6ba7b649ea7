"""Building digests from stored articles: the one path used by the CLI, /build and the scheduler."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session

from bot.services import Context
from digest.build import DigestOptions, build_digest
from digest.errors import NothingToBuild
from digest.models import Digest, Event
from storage.articles import article_days, articles_of_day
from storage.db import session_scope
from storage.digests import RECENT_DAYS, recent_events, save_digest


def build_and_store(context: Context, day: date) -> Digest:
    """Build `day`'s digest, holding back what the days before it said, and store it.

    The read, the build and the swap of the stored digest happen in one transaction,
    so a failed rebuild leaves the previous version in place.
    """
    options = DigestOptions(
        summarizer=context.settings.summarizer,
        max_sentences=context.settings.max_sentences,
        extra_items=context.settings.extra_items,
        languages=context.settings.languages,
    )
    with session_scope(context.engine) as session:
        articles = articles_of_day(session, day)
        if not articles:
            raise NothingToBuild(f"no articles for {day.isoformat()}; ingest or fetch some first")
        history = _history(session, day, options)
        digest = build_digest(day, articles, history, options=options)
        save_digest(session, digest)
    return digest


def _history(session: Session, day: date, options: DigestOptions) -> list[Event]:
    """The events of the days before `day`, oldest day first: the stored ones, and for a
    day with articles but no stored events (never built, or built before events were
    stored) those of a build of it in memory, never stored. So `day`'s digest does not
    depend on which days were built first."""
    stored = recent_events(session, day, RECENT_DAYS)
    told = {event.day for event in stored}
    built: list[Event] = []
    for earlier in (day - timedelta(days=back) for back in range(RECENT_DAYS, 0, -1)):
        if earlier not in told and (articles := articles_of_day(session, earlier)):
            built += build_digest(earlier, articles, options=options).events
    return sorted([*stored, *built], key=lambda event: event.day)  # stable: keeps each day's order


def days_with_articles(context: Context) -> list[date]:
    """Every day that has articles, oldest first (so each build sees the day before)."""
    with session_scope(context.engine) as session:
        return [day for day, _count in article_days(session)]
