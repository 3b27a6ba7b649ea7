"""A day's events on SQLite and PostgreSQL: stored with its digest, replaced by a rebuild,
and read back as the history of the days after it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from digest.models import Digest, DigestItem, Event, Signature
from storage.db import session_scope
from storage.digests import STORED_EVENT_ITEMS, load_digest, recent_events, save_digest

DAY = date(2025, 11, 29)
KYIV = Signature(
    places=("kyiv",),
    names=("klitschko",),
    terms=("drone", "strike"),
    figures=(("killed", 2), ("drones", 40)),
)


def _event(day: date, text: str, **changes: Any) -> Event:
    """A shown strike told by three outlets, in `text` and a retelling of it."""
    event = Event(day, "strikes", KYIV, 3, [text, f"{text} (retold)"], "new", shown=True)
    return replace(event, **changes)


def _digest(day: date, *events: Event) -> Digest:
    digest = Digest(day=day, articles=len(events))
    digest.sections["strikes"] = [
        DigestItem(text=event.items[0], source="Wire") for event in events if event.shown
    ]
    digest.events = list(events)
    return digest


def _events_of(session: Session, day: date) -> list[Event]:
    """The stored events of `day`, read the way the next day's build reads them."""
    return recent_events(session, day + timedelta(days=1), days=1)


def _save(engine: Engine, digest: Digest) -> None:
    with session_scope(engine) as session:
        save_digest(session, digest)


def test_events_come_back_as_they_were_stored_in_their_order(engine: Engine) -> None:
    events = [
        _event(DAY, "Drones hit Kyiv, killing two. «Ще» — said Klitschko."),
        _event(DAY, "Talks resumed.", section="talks", signature=Signature(), outlets=1),
        _event(DAY, "Kyiv retold.", status="stale", shown=False, items=[]),
        _event(DAY, "A follow-up.", status="followup"),
    ]
    _save(engine, _digest(DAY, *events))
    with session_scope(engine) as session:
        assert _events_of(session, DAY) == events
        loaded = load_digest(session, DAY)
    assert loaded == replace(_digest(DAY, *events), events=[])  # readers never load events


def test_a_rebuild_replaces_the_days_events(engine: Engine) -> None:
    _save(engine, _digest(DAY, _event(DAY, "Old one."), _event(DAY, "Old two.")))
    _save(engine, _digest(DAY - timedelta(days=1), _event(DAY - timedelta(days=1), "Before.")))
    _save(engine, _digest(DAY, _event(DAY, "New.")))
    with session_scope(engine) as session:
        assert [event.items[0] for event in _events_of(session, DAY)] == ["New."]
        before = _events_of(session, DAY - timedelta(days=1))
    assert [event.items[0] for event in before] == ["Before."]


def test_only_the_first_item_texts_of_an_event_are_stored(engine: Engine) -> None:
    many = [f"Outlet {number} tells it." for number in range(STORED_EVENT_ITEMS + 5)]
    _save(engine, _digest(DAY, _event(DAY, "unused", items=many)))
    with session_scope(engine) as session:
        [event] = _events_of(session, DAY)
    assert event.items == many[:STORED_EVENT_ITEMS]
    assert event.signature == KYIV


def test_recent_events_are_the_three_days_before_oldest_first(engine: Engine) -> None:
    for back in range(5):  # DAY and the four days before it, saved newest first
        day = DAY - timedelta(days=back)
        _save(engine, _digest(day, _event(day, f"{day} first."), _event(day, f"{day} second.")))
    _save(engine, _digest(DAY + timedelta(days=1), _event(DAY + timedelta(days=1), "Later.")))
    with session_scope(engine) as session:
        recent = recent_events(session, DAY)
        one = recent_events(session, DAY, days=1)
        first = recent_events(session, DAY - timedelta(days=4))
    days = [DAY - timedelta(days=back) for back in (3, 2, 1)]
    assert [event.items[0] for event in recent] == [
        f"{day} {which}." for day in days for which in ("first", "second")
    ]
    assert [event.day for event in one] == [DAY - timedelta(days=1)] * 2
    assert first == []
