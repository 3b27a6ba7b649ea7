"""Subscriptions are idempotent and keep a chat's choices across unsubscribe/subscribe."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from digest.models import Digest
from storage.db import session_scope
from storage.digests import save_digest
from storage.models import DeliveryRow
from storage.subscribers import (
    get_subscriber,
    migrate_chat,
    sections_of,
    set_delivery_hour,
    set_language,
    subscribe,
    toggle_section,
    unsubscribe,
)


def _active(session: Session, chat_id: int) -> bool | None:
    row = get_subscriber(session, chat_id)
    return row.active if row else None


def test_subscribe_twice_and_unsubscribe_twice(engine: Engine) -> None:
    with session_scope(engine) as session:
        assert subscribe(session, 5, "private", None) is True
        assert subscribe(session, 5, "private", None) is False
        assert subscribe(session, -100, "supergroup", "Newsroom") is True
    with session_scope(engine) as session:
        assert [_active(session, chat_id) for chat_id in (5, -100, 77)] == [True, True, None]
        assert unsubscribe(session, 5) is True
        assert unsubscribe(session, 5) is False
        assert unsubscribe(session, 77) is False
    with session_scope(engine) as session:
        row = get_subscriber(session, 5)
        assert row is not None
        assert (row.active, row.inactive_reason) == (False, "unsubscribed")
        assert _active(session, -100) is True


def test_choices_survive_a_new_subscription(engine: Engine) -> None:
    with session_scope(engine) as session:
        subscribe(session, 5, "private", None)
        row = get_subscriber(session, 5)
        assert row is not None
        assert toggle_section(session, row, "talks") == ["strikes", "politics", "figures"]
        assert toggle_section(session, row, "talks") == ["strikes", "talks", "politics", "figures"]
        for section in ("strikes", "talks", "politics"):
            toggle_section(session, row, section)
        assert toggle_section(session, row, "figures") == ["figures"]
        set_delivery_hour(session, row, 18)
        set_language(session, row, "uk")
        with pytest.raises(ValueError, match="0-23"):
            set_delivery_hour(session, row, 24)
        with pytest.raises(ValueError, match="unknown section"):
            toggle_section(session, row, "sports")
        unsubscribe(session, 5)
        subscribe(session, 5, "private", None, "en")  # the Telegram language: the choice stays
    with session_scope(engine) as session:
        row = get_subscriber(session, 5)
        assert row is not None
        assert (sections_of(row), row.delivery_hour, row.language) == (["figures"], 18, "uk")
    assert sections_of(None) == ["strikes", "talks", "politics", "figures"]


def test_migrating_a_chat_moves_its_choices_and_ledger_merging_with_the_new_id(
    engine: Engine,
) -> None:
    old, new = -7001, -1007001
    with session_scope(engine) as session:
        days = [
            save_digest(session, Digest(day=date(2025, 11, d), articles=1)) for d in (27, 28, 29)
        ]
        subscribe(session, old, "group", "Newsroom")
        row = get_subscriber(session, old)
        assert row is not None
        set_delivery_hour(session, row, 19)
        set_language(session, row, "uk")
        subscribe(session, new, "supergroup", "Newsroom")
        unsubscribe(session, new)
        session.add_all(
            [
                DeliveryRow(digest_id=days[0], chat_id=old, status="sent"),
                DeliveryRow(digest_id=days[0], chat_id=new, status="pending"),
                DeliveryRow(digest_id=days[1], chat_id=old, status="pending"),
                DeliveryRow(digest_id=days[1], chat_id=new, status="sent"),
                DeliveryRow(digest_id=days[2], chat_id=old, status="failed"),
            ]
        )
    with session_scope(engine) as session:
        assert migrate_chat(session, old, new) is True
        assert migrate_chat(session, old, new) is False  # the service message after the error
    with session_scope(engine) as session:
        assert get_subscriber(session, old) is None
        moved = get_subscriber(session, new)
        assert moved is not None
        assert (moved.active, moved.delivery_hour, moved.language) == (True, 19, "uk")
        ledger = session.exec(
            select(DeliveryRow.chat_id, DeliveryRow.digest_id, DeliveryRow.status)
        )
        assert sorted(ledger) == sorted(
            [(new, days[0], "sent"), (new, days[1], "sent"), (new, days[2], "failed")]
        )
