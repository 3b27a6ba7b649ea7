"""Subscriptions and each chat's choices (sections, delivery hour).

Repeating a subscribe or an unsubscribe changes nothing, so a user may press buttons
twice; an unsubscribed chat keeps its row and choices, so subscribing again restores them.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, select

from digest.models import READER_SECTIONS
from storage import deliveries
from storage.models import SubscriberRow, parse_sections, parse_watch, utcnow


def get_subscriber(session: Session, chat_id: int) -> SubscriberRow | None:
    return session.exec(select(SubscriberRow).where(SubscriberRow.chat_id == chat_id)).first()


def subscribe(
    session: Session, chat_id: int, chat_type: str, title: str | None, language: str | None = None
) -> bool:
    """Make the chat an active subscriber; True if it was not one already.

    `language` (the subscriber's Telegram language, when the bot supports it) becomes the
    chat's unless it has one already: a language chosen with /language stays.
    """
    row = get_subscriber(session, chat_id)
    if row is None:
        row = SubscriberRow(chat_id=chat_id, chat_type=chat_type, title=title, language=language)
        session.add(row)
        session.flush()
        return True
    was_active = row.active
    row.language = row.language or language
    row.active, row.inactive_reason = True, None
    row.chat_type, row.title, row.updated_at = chat_type, title, utcnow()
    session.add(row)
    session.flush()
    return not was_active


def unsubscribe(session: Session, chat_id: int, reason: str = "unsubscribed") -> bool:
    """Stop deliveries to the chat, noting why; True if it was subscribed."""
    row = get_subscriber(session, chat_id)
    if row is None or not row.active:
        return False
    row.active, row.inactive_reason, row.updated_at = False, reason, utcnow()
    session.add(row)
    session.flush()
    return True


def migrate_chat(session: Session, old: int, new: int) -> bool:
    """A group became a supergroup with id `new`: move its subscription, choices and
    deliveries there. If `new` has a row already, it stays, taking the group's choices
    when only the group was active. False if `old` had no row (already moved)."""
    row = get_subscriber(session, old)
    if row is None:
        return False
    target = get_subscriber(session, new)
    if target is None:
        row.chat_id, row.chat_type, row.updated_at = new, "supergroup", utcnow()
        session.add(row)
    else:
        if row.active and not target.active:
            target.active, target.inactive_reason = True, None
            target.sections, target.delivery_hour = row.sections, row.delivery_hour
            target.language = row.language
            target.updated_at = utcnow()
            session.add(target)
        session.delete(row)
    session.flush()
    deliveries.move_chat(session, old, new)
    session.flush()
    return True


def sections_of(row: SubscriberRow | None) -> list[str]:
    """The sections a chat receives; a chat without a row sees everything."""
    return list(READER_SECTIONS) if row is None else parse_sections(row.sections)


def set_sections(session: Session, row: SubscriberRow, sections: Iterable[str]) -> list[str]:
    """Store the chat's sections (unknown names dropped, usual order kept)."""
    chosen = set(sections)
    row.sections = ",".join(section for section in READER_SECTIONS if section in chosen)
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    return sections_of(row)


def toggle_section(session: Session, row: SubscriberRow, section: str) -> list[str]:
    """Add or remove one section; the last one cannot be removed (nothing would arrive)."""
    if section not in READER_SECTIONS:
        raise ValueError(f"unknown section {section!r}")
    current = sections_of(row)
    if section in current:
        if len(current) == 1:
            return current
        current.remove(section)
    else:
        current.append(section)
    return set_sections(session, row, current)


def watch_of(row: SubscriberRow | None) -> list[str]:
    """The chat's watched terms (see digest.watch), in the order it added them."""
    return parse_watch(row.watch) if row is not None else []


def set_watch(session: Session, row: SubscriberRow, terms: Iterable[str]) -> list[str]:
    """Store the chat's watched terms, replacing the ones it had."""
    row.watch, row.updated_at = "\n".join(terms), utcnow()
    session.add(row)
    session.flush()
    return watch_of(row)


def set_language(session: Session, row: SubscriberRow, language: str | None) -> None:
    """The chat's interface language (a code the bot supports); None means the default."""
    row.language, row.updated_at = language, utcnow()
    session.add(row)
    session.flush()


def set_delivery_hour(session: Session, row: SubscriberRow, hour: int | None) -> None:
    """The local hour (0-23) the chat wants its digest; None means the default time."""
    if hour is not None and not 0 <= hour <= 23:
        raise ValueError(f"hour must be 0-23, not {hour}")
    row.delivery_hour, row.updated_at = hour, utcnow()
    session.add(row)
    session.flush()
