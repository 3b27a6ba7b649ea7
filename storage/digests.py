"""Storing and reading digests. A rebuild replaces a day's items and events in one
transaction."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from sqlmodel import Session, col, delete, select

from digest.models import Digest, DigestItem, Event, Figure
from storage.models import (
    DigestItemRow,
    DigestRow,
    EventRow,
    FigureRow,
    event_of,
    event_row,
    to_plain,
    to_row,
    utcnow,
)

STORED_EVENT_ITEMS = 12
"""Sentences kept per event. Later days compare an event's signature, not its sentences;
these are for the bot, the API and a reader, who need a few, not every outlet's retelling."""


def save_digest(session: Session, digest: Digest) -> int:
    """Store `digest` as the day's only digest and return its id.

    The row keeps its id across rebuilds, so deliveries that point at it stay valid;
    the caller's transaction makes the swap of items atomic.
    """
    row = session.exec(select(DigestRow).where(DigestRow.day == digest.day)).first()
    if row is None:
        row = DigestRow(day=digest.day)
    row.articles = digest.articles
    row.built_at = utcnow()
    session.add(row)
    session.flush()
    assert row.id is not None
    session.exec(delete(DigestItemRow).where(col(DigestItemRow.digest_id) == row.id))
    session.exec(delete(FigureRow).where(col(FigureRow.digest_id) == row.id))
    session.exec(delete(EventRow).where(col(EventRow.digest_id) == row.id))
    for section, items in digest.sections.items():
        for position, item in enumerate(items):
            session.add(
                to_row(DigestItemRow, item, digest_id=row.id, section=section, position=position)
            )
    for position, figure in enumerate(digest.figures):
        session.add(to_row(FigureRow, figure, digest_id=row.id, position=position))
    for position, event in enumerate(digest.events):
        kept = replace(event, items=event.items[:STORED_EVENT_ITEMS])
        session.add(event_row(kept, digest_id=row.id, position=position))
    session.flush()
    return row.id


def _load(session: Session, row: DigestRow) -> Digest:
    """The digest of `row` as readers see it: its sections and figures. Its events stay in
    the database: nothing shown reads them, and parsing a day's (about 60 signatures) cost
    a quarter of a /latest; a build reads them with `recent_events`."""
    digest = Digest(day=row.day, articles=row.articles)
    items = session.exec(
        select(DigestItemRow)
        .where(DigestItemRow.digest_id == row.id)
        .order_by(col(DigestItemRow.section), col(DigestItemRow.position))
    )
    for item in items:
        digest.sections.setdefault(item.section, []).append(  # type: ignore[call-overload]
            to_plain(DigestItem, item)
        )
    figures = session.exec(
        select(FigureRow).where(FigureRow.digest_id == row.id).order_by(col(FigureRow.position))
    )
    digest.figures = [to_plain(Figure, figure) for figure in figures]
    return digest


def load_digest(session: Session, day: date) -> Digest | None:
    """The stored digest of `day`, or None."""
    row = session.exec(select(DigestRow).where(DigestRow.day == day)).first()
    return _load(session, row) if row else None


def digest_ref(session: Session, day: date | None, *, today: date) -> tuple[date, int] | None:
    """The day and id of `day`'s digest, or of the latest one up to `today` when `day` is
    None, without loading its items."""
    query = select(DigestRow.day, DigestRow.id)
    if day is not None:
        query = query.where(DigestRow.day == day)
    else:
        query = query.where(DigestRow.day <= today).order_by(col(DigestRow.day).desc())
    found = session.exec(query.limit(1)).first()
    return (found[0], found[1]) if found else None  # type: ignore[return-value]


def latest_digest(session: Session, today: date) -> Digest | None:
    """The digest of the most recent day up to `today` that has one.

    A digest of a later day (an article misdated into the future) is never "the latest":
    it would be served every day until then.
    """
    latest = select(DigestRow).where(DigestRow.day <= today).order_by(col(DigestRow.day).desc())
    # LIMIT 1: without it the ORM's first() made an object of every day's row (365 a year).
    row = session.exec(latest.limit(1)).first()
    return _load(session, row) if row else None


RECENT_DAYS = 3
"""How many days before a day its build compares its events with."""


def recent_events(session: Session, day: date, days: int = RECENT_DAYS) -> list[Event]:
    """The stored events of the `days` days before `day` (not `day` itself), oldest day
    first, each day's in their order: what a build of `day` compares its events with."""
    rows = session.exec(
        select(EventRow)
        .where(EventRow.day >= day - timedelta(days=days), EventRow.day < day)
        .order_by(col(EventRow.day), col(EventRow.position))
    )
    return [event_of(row) for row in rows]


def digest_days(session: Session) -> list[date]:
    """Every day that has a digest, oldest first."""
    return list(session.exec(select(DigestRow.day).order_by(col(DigestRow.day))))
