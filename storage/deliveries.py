"""The delivery ledger: one row per (digest, chat), worked through by one sender at a time.

A row goes pending → sending → sent, failed or skipped. Every message part is recorded as
sent before the next one goes, so a sender killed mid-push leaves rows that say which
parts went out: only a part in flight at the crash can go twice.

Senders claim rows with a conditional UPDATE that only succeeds on rows nobody holds, so
several senders (processes or machines) share the ledger without sending a row twice; on
PostgreSQL the candidates are read `FOR UPDATE SKIP LOCKED`, so senders do not queue
behind each other's rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from sqlalchemy import and_, bindparam, delete, func, or_, update
from sqlmodel import Session, col, select

from storage.db import insert_new
from storage.models import (
    DeliveryRow,
    DigestRow,
    SubscriberRow,
    parse_sections,
    parse_watch,
    utcnow,
)

PENDING, SENDING, SENT, FAILED, SKIPPED = "pending", "sending", "sent", "failed", "skipped"
PAGE = 1000


@dataclass(frozen=True)
class Claim:
    """A row a sender holds: where to send, what the chat chose, how far it got, and the
    parts it was sending when it stopped half-way (None before the first of several)."""

    id: int
    day: date
    chat_id: int
    chat_type: str
    sections: tuple[str, ...]
    """The sections the chat receives, in the usual order; empty if it unsubscribed."""
    parts_sent: int
    attempts: int
    parts: tuple[str, ...] | None = None
    watch: tuple[str, ...] = ()
    """The chat's watched terms, whose lines its digest shows first."""
    language: str | None = None
    """The chat's interface language; None: the bot's default."""


def _active_chats(session: Session) -> Iterator[tuple[int, int | None]]:
    """(chat id, chosen hour) of every active subscriber, read a page at a time, so memory
    stays flat however many there are."""
    last: int | None = None
    while True:
        query = select(SubscriberRow.chat_id, SubscriberRow.delivery_hour).where(
            col(SubscriberRow.active).is_(True)
        )
        if last is not None:
            query = query.where(col(SubscriberRow.chat_id) > last)
        page = session.exec(query.order_by(col(SubscriberRow.chat_id)).limit(PAGE)).all()
        yield from page
        if len(page) < PAGE:
            return
        last = page[-1][0]


def enqueue(session: Session, digest_id: int, due_at: Callable[[int | None], datetime]) -> int:
    """Add a pending row for every active subscriber that has none for this digest yet.

    `due_at` gives the sending time for a chat's chosen hour (None: the default time).
    Rows that exist are left alone, whatever their state, so enqueueing twice never sends
    twice. Returns rows added.
    """
    now = utcnow()
    rows = (
        {
            "digest_id": digest_id,
            "chat_id": chat_id,
            "due_at": due_at(hour),
            "status": PENDING,
            "created_at": now,
        }
        for chat_id, hour in _active_chats(session)
    )
    return insert_new(session, DeliveryRow.__table__, rows, ["digest_id", "chat_id"])  # type: ignore[attr-defined]


def retry_failed(session: Session, digest_id: int, now: datetime) -> int:
    """Make this digest's failed rows due again, except for chats that are gone."""
    active = select(SubscriberRow.chat_id).where(col(SubscriberRow.active).is_(True))
    result = session.execute(
        update(DeliveryRow)
        .where(
            col(DeliveryRow.digest_id) == digest_id,
            col(DeliveryRow.status) == FAILED,
            col(DeliveryRow.chat_id).in_(active),
        )
        .values(status=PENDING, due_at=now, attempts=0, error=None)
    )
    return result.rowcount  # type: ignore[attr-defined,no-any-return]


def _claimable(now: datetime, stale_before: datetime, dead: Collection[str]) -> object:
    abandoned = and_(
        col(DeliveryRow.status) == SENDING,
        or_(col(DeliveryRow.claimed_at) < stale_before, col(DeliveryRow.claimed_by).in_(dead)),
    )
    return or_(and_(col(DeliveryRow.status) == PENDING, col(DeliveryRow.due_at) <= now), abandoned)


_CLAIMED = (
    select(
        DeliveryRow.id,
        DigestRow.day,
        DeliveryRow.chat_id,
        SubscriberRow.chat_type,
        SubscriberRow.active,
        SubscriberRow.sections,
        DeliveryRow.parts_sent,
        DeliveryRow.attempts,
        DeliveryRow.parts,
        SubscriberRow.watch,
        SubscriberRow.language,
    )
    .join(DigestRow, col(DigestRow.id) == DeliveryRow.digest_id)
    .join(SubscriberRow, col(SubscriberRow.chat_id) == DeliveryRow.chat_id)
    .order_by(col(DeliveryRow.id))
)
"""What a sender needs of each claimed row, read as plain columns: building two ORM objects
a row cost more than the claim's statements."""


def claim(
    session: Session,
    worker: str,
    *,
    now: datetime,
    limit: int,
    lease: timedelta,
    dead: Collection[str] = (),
    digest_id: int | None = None,
    after: int = 0,
) -> list[Claim]:
    """Take up to `limit` due rows for `worker`, oldest first, of ids above `after`; the
    caller's transaction commits the claim.

    Due means pending with `due_at` reached, or left in `sending` by a sender that stopped
    renewing its claim for `lease` or that is known to be dead (`dead` worker names).
    A sender passes the last id it claimed as `after`: the rows below, mostly sent, are
    then not read again (each claim of a push read all of them: quadratic in the audience).
    """
    condition = _claimable(now, now - lease, dead)
    candidates = (
        select(DeliveryRow.id)
        .where(condition, col(DeliveryRow.id) > after)
        .order_by(col(DeliveryRow.id))
        .limit(limit)
    )
    if digest_id is not None:
        candidates = candidates.where(col(DeliveryRow.digest_id) == digest_id)
    taken = session.execute(
        update(DeliveryRow)
        .where(
            col(DeliveryRow.id).in_(candidates.with_for_update(skip_locked=True)),
            condition,  # type: ignore[arg-type]
        )
        .values(status=SENDING, claimed_by=worker, claimed_at=now)
        .returning(col(DeliveryRow.id))
    )
    ids = list(taken.scalars())
    if not ids:
        return []
    rows = session.execute(_CLAIMED.where(col(DeliveryRow.id).in_(ids)))
    return [
        Claim(
            id=delivery_id,
            day=day,
            chat_id=chat_id,
            chat_type=chat_type,
            sections=_sections(sections) if active else (),
            parts_sent=parts_sent,
            attempts=attempts,
            parts=tuple(json.loads(parts)) if parts else None,
            watch=tuple(parse_watch(watch)),
            language=language,
        )
        for (delivery_id, day, chat_id, chat_type, active, sections, parts_sent, attempts, parts,
             watch, language) in rows
    ]  # fmt: skip


@lru_cache(maxsize=64)
def _sections(stored: str) -> tuple[str, ...]:
    """parse_sections, once per distinct choice: a claim holds hundreds of chats, most of
    which chose alike."""
    return tuple(parse_sections(stored))


_table = DeliveryRow.__table__  # type: ignore[attr-defined]
_OWNED = update(_table).where(
    _table.c.id == bindparam("delivery_id"),
    _table.c.claimed_by == bindparam("worker"),
    _table.c.status == SENDING,
)
"""The row `delivery_id` while `worker` still holds it: every write of a claimed row."""
_PART_SENT = _OWNED.values(
    parts_sent=_table.c.parts_sent + 1,
    message_ids=func.trim(_table.c.message_ids + " " + bindparam("message_id")),
    claimed_at=bindparam("now"),
)
_FIRST_OF_PARTS_SENT = _PART_SENT.values(parts=bindparam("parts"))
_LAST_PART_SENT = _PART_SENT.values(status=SENT, sent_at=bindparam("now"), error=None, parts=None)
"""Built once: the sender runs them for every message, and building costs more than running."""


_HELD = (
    select(_table.c.id)
    .where(
        _table.c.id.in_(bindparam("ids", expanding=True)),
        _table.c.claimed_by == bindparam("worker"),
        _table.c.status == SENDING,
    )
    .with_for_update()
)
"""Which of the rows `ids` `worker` still holds, locked until the transaction ends."""


@dataclass(frozen=True)
class SentPart:
    """A part Telegram accepted, to be recorded (see `record_part`)."""

    delivery_id: int
    message_id: int
    last: bool
    parts: list[str] | None = None


def record_part(
    session: Session,
    delivery_id: int,
    worker: str,
    message_id: int,
    *,
    last: bool,
    parts: list[str] | None = None,
) -> bool:
    """Note one more part sent (and the row sent when it was the last); renews the claim.
    The caller's transaction commits it.

    With the first of several parts, store all of them (`parts`): a sender that resumes
    the row sends the rest of these, even if the digest or the chat's sections changed
    meanwhile. They are dropped once the row is sent.

    False when the row is no longer this worker's (its claim ran out and another sender
    took it): the caller must stop sending this row.
    """
    [held] = record_parts(session, worker, [SentPart(delivery_id, message_id, last, parts)])
    return held


def record_parts(session: Session, worker: str, sent: Sequence[SentPart]) -> list[bool]:
    """`record_part` for each of `sent`, in one transaction: one commit for all the parts a
    sender's chats sent meanwhile (see bot.delivery.recording).

    The rows still held are read (and locked) first, then written by one executemany per
    kind of write: a statement per part cost more than the commit they share.
    """
    connection = session.connection()
    ids = [one.delivery_id for one in sent]
    held = set(connection.execute(_HELD, {"ids": ids, "worker": worker}).scalars())
    now = utcnow()
    writes: dict[object, list[dict[str, object]]] = {}
    for one in sent:
        if one.delivery_id not in held:
            continue
        parameters = {
            "delivery_id": one.delivery_id,
            "worker": worker,
            "message_id": str(one.message_id),
            "now": now,
        }
        statement = _LAST_PART_SENT if one.last else _PART_SENT
        if one.parts is not None and not one.last:
            statement, parameters["parts"] = _FIRST_OF_PARTS_SENT, json.dumps(one.parts)
        writes.setdefault(statement, []).append(parameters)
    for statement, rows in writes.items():
        connection.execute(statement, rows)  # type: ignore[call-overload]
    return [one.delivery_id in held for one in sent]


def settle(
    session: Session, delivery_id: int, worker: str, status: str, error: str, attempts: int
) -> None:
    """Close a claimed row as failed or skipped, with the reason and the attempts made."""
    values = {"status": status, "error": error, "claimed_at": utcnow(), "attempts": attempts}
    session.connection().execute(
        _OWNED.values(**values), {"delivery_id": delivery_id, "worker": worker}
    )
    session.commit()


def move_chat(session: Session, old: int, new: int) -> None:
    """Give chat `old`'s ledger rows to chat `new` (the same chat under a new id). Where
    both have a row for a digest, one stays: the sent one, else the new chat's."""
    at = col(DeliveryRow.chat_id)
    sent_by_old = select(DeliveryRow.digest_id).where(at == old, col(DeliveryRow.status) == SENT)
    session.execute(
        delete(DeliveryRow).where(
            at == new, col(DeliveryRow.status) != SENT, col(DeliveryRow.digest_id).in_(sent_by_old)
        )
    )
    held_by_new = select(DeliveryRow.digest_id).where(at == new)
    session.execute(
        delete(DeliveryRow).where(at == old, col(DeliveryRow.digest_id).in_(held_by_new))
    )
    session.execute(update(DeliveryRow).where(at == old).values(chat_id=new))


def due_count(session: Session, now: datetime, digest_id: int | None = None) -> int:
    """Rows waiting to be sent now (for a progress bar's total)."""
    query = select(func.count()).where(
        col(DeliveryRow.status).in_((PENDING, SENDING)), col(DeliveryRow.due_at) <= now
    )
    if digest_id is not None:
        query = query.where(col(DeliveryRow.digest_id) == digest_id)
    return session.exec(query).one()


def outcome_counts(session: Session, digest_id: int) -> dict[str, int]:
    """How many of the digest's rows are in each state."""
    return dict(
        session.exec(
            select(DeliveryRow.status, func.count())
            .where(col(DeliveryRow.digest_id) == digest_id)
            .group_by(col(DeliveryRow.status))
        ).all()
    )


def busy_workers(session: Session) -> list[str]:
    """The senders that hold rows right now (to find ones that died holding them)."""
    query = select(DeliveryRow.claimed_by).where(col(DeliveryRow.status) == SENDING).distinct()
    return [worker for worker in session.exec(query) if worker]
