"""The SQLModel tables. Unique keys sit wherever a duplicate would hurt a reader.

Times are stored in UTC; days are calendar days in the configured time zone.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from dataclasses import MISSING, fields
from datetime import UTC, date, datetime
from typing import Any, Literal, TypeVar, get_origin, get_type_hints

from sqlalchemy import BigInteger, Column, ForeignKey, Integer, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from digest.models import READER_SECTIONS, Article, DigestItem, Event, Figure, Signature

Row = TypeVar("Row", bound=SQLModel)
Plain = TypeVar("Plain")


def utcnow() -> datetime:
    return datetime.now(UTC)


def fields_of(plain: type, *, leave_out: Collection[str] = (), **columns: Any) -> type[SQLModel]:
    """A SQLModel base class holding the fields of the dataclass `plain`, so a row that
    inherits it (SQLModel's base-model pattern) never repeats the plain model's field list.

    `columns` gives a field what only the table needs (a type, a key, an index); a
    Literal of strings is stored as a string; `leave_out` names fields never stored.
    """
    hints = get_type_hints(plain)
    namespace: dict[str, Any] = {"__module__": __name__, "__annotations__": {}}
    for item in fields(plain):
        if item.name in leave_out:
            continue
        hint = hints[item.name]
        namespace["__annotations__"][item.name] = str if get_origin(hint) is Literal else hint
        if item.name in columns:
            namespace[item.name] = columns[item.name]
        elif item.default is not MISSING:
            namespace[item.name] = item.default
    return type(f"{plain.__name__}Fields", (SQLModel,), namespace)


def to_row(row_type: type[Row], plain: Any, **own: Any) -> Row:
    """The plain model `plain` as a row of `row_type`; `own` fills the row's other fields."""
    shared = row_type.model_fields.keys() & {item.name for item in fields(plain)}
    return row_type.model_validate({name: getattr(plain, name) for name in shared}, update=own)


def row_values(row_type: type[SQLModel], plain: Any, **own: Any) -> dict[str, Any]:
    """What `to_row(row_type, plain, **own).model_dump(exclude={"id"})` holds, without
    building and validating a row: an ingest's inserts of plain models already typed,
    where building each row cost as much as inserting it."""
    shared = {item.name for item in fields(plain)}
    values = {}
    for name, info in row_type.model_fields.items():
        if name == "id":
            continue
        if name in own:
            values[name] = own[name]
        elif name in shared:
            values[name] = getattr(plain, name)
        else:
            if info.is_required():
                raise ValueError(f"{row_type.__name__}.{name} is required")
            values[name] = info.get_default(call_default_factory=True)
    return values


def to_plain(plain_type: Callable[..., Plain], row: SQLModel) -> Plain:
    """The row `row` as the plain model `plain_type`, from the fields the two share."""
    shared = type(row).model_fields.keys() & {item.name for item in fields(plain_type)}  # type: ignore[arg-type]
    return plain_type(**row.model_dump(include=shared))


class ArticleRow(
    fields_of(
        Article,
        leave_out={"id", "notes"},
        title=Field(default=""),
        text=Field(sa_column=Column(Text, nullable=False)),
        day=Field(index=True),
        url=Field(default=None, unique=True),
        language=Field(default="", max_length=8),
    ),
    table=True,
):
    """One stored article; the same URL or the same text is never stored twice."""

    __tablename__ = "article"

    id: int | None = Field(default=None, primary_key=True)
    content_hash: str = Field(unique=True, max_length=64)
    origin: str = ""
    feed_id: int | None = Field(default=None, foreign_key="feed.id", index=True)
    ingested_at: datetime = Field(default_factory=utcnow)


class DigestRow(SQLModel, table=True):
    """One digest per day; a rebuild updates this row and replaces its items."""

    __tablename__ = "digest"

    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(unique=True)
    articles: int = 0
    built_at: datetime = Field(default_factory=utcnow)


class DigestItemRow(
    fields_of(DigestItem, text=Field(sa_column=Column(Text, nullable=False))), table=True
):
    """A sentence of a digest section, with its source."""

    __tablename__ = "digest_item"

    id: int | None = Field(default=None, primary_key=True)
    digest_id: int = Field(
        sa_column=Column(Integer, ForeignKey("digest.id", ondelete="CASCADE"), index=True)
    )
    section: str = Field(max_length=16)
    position: int


class FigureRow(
    fields_of(
        Figure,
        kind=Field(max_length=16),
        value=Field(sa_column=Column(BigInteger, nullable=False)),
        place=Field(default=None),
    ),
    table=True,
):
    """A key figure of a digest (killed, wounded, missiles, drones)."""

    __tablename__ = "figure"

    id: int | None = Field(default=None, primary_key=True)
    digest_id: int = Field(
        sa_column=Column(Integer, ForeignKey("digest.id", ondelete="CASCADE"), index=True)
    )
    position: int


_EVENT_JSON = frozenset({"signature", "items"})
"""The fields of an event stored as JSON text (converted only by event_row and event_of)."""


class EventRow(
    fields_of(
        Event,
        leave_out=_EVENT_JSON,
        day=Field(index=True),
        section=Field(max_length=16),
        status=Field(max_length=16),
    ),
    table=True,
):
    """An event of a digest's day, so later days can tell what is old news."""

    __tablename__ = "event"

    id: int | None = Field(default=None, primary_key=True)
    digest_id: int = Field(
        sa_column=Column(Integer, ForeignKey("digest.id", ondelete="CASCADE"), index=True)
    )
    position: int
    signature: str = Field(sa_column=Column(Text, nullable=False))
    """`Signature.to_json()` as JSON: what later days compare."""
    items: str = Field(sa_column=Column(Text, nullable=False))
    """The event's sentences as a JSON list of strings."""


def event_row(event: Event, **own: Any) -> EventRow:
    """`event` as a row, its signature and sentences as JSON; `own` as in `to_row`."""
    return to_row(
        EventRow,
        event,
        signature=json.dumps(event.signature.to_json(), ensure_ascii=False),
        items=json.dumps(event.items, ensure_ascii=False),
        **own,
    )


def event_of(row: EventRow) -> Event:
    """The stored event `row` as the plain model: the inverse of `event_row`."""
    plain = {item.name for item in fields(Event)} - _EVENT_JSON
    return Event(
        **row.model_dump(include=plain),
        signature=Signature.from_json(json.loads(row.signature)),
        items=json.loads(row.items),
    )


def parse_sections(stored: str) -> list[str]:
    """The sections named in a stored comma-separated list, in the usual order."""
    chosen = set(stored.split(","))
    return [section for section in READER_SECTIONS if section in chosen]


def parse_watch(stored: str) -> list[str]:
    """The watched terms kept one per line in `SubscriberRow.watch`."""
    return stored.splitlines()


class SubscriberRow(SQLModel, table=True):
    """A chat that receives digests, with the sections and hour it chose."""

    __tablename__ = "subscriber"

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False, unique=True))
    chat_type: str = "private"
    title: str | None = None
    active: bool = True
    sections: str = ",".join(READER_SECTIONS)  # a new chat receives every section
    delivery_hour: int | None = None
    language: str | None = Field(default=None, max_length=8)
    """The interface language chosen or taken from Telegram's `language_code`; None: default."""
    watch: str = Field(
        default="", sa_column=Column(Text, nullable=False, server_default=text("''"))
    )
    """The watched words, one per line, as the chat typed them."""
    inactive_reason: str | None = None
    subscribed_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class PushRunRow(SQLModel, table=True):
    """One push of a digest to its subscribers (daily, /push or `digestbot push`): how long it
    took and what it did, for /stats and the administrators' notices."""

    __tablename__ = "push_run"

    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(index=True)
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    gone: int = 0


class DeliveryRow(SQLModel, table=True):
    """The ledger: one row per (digest, chat), so a digest is never sent twice to a chat."""

    __tablename__ = "delivery"
    __table_args__ = (UniqueConstraint("digest_id", "chat_id", name="uq_delivery_digest_chat"),)

    id: int | None = Field(default=None, primary_key=True)
    digest_id: int = Field(
        sa_column=Column(Integer, ForeignKey("digest.id", ondelete="CASCADE"), index=True)
    )
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    status: str = Field(default="pending", max_length=16, index=True)
    due_at: datetime = Field(default_factory=utcnow)
    attempts: int = 0
    parts_sent: int = 0
    message_ids: str = ""
    parts: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    """The rendered parts (a JSON list) while a digest of several is half sent, so a resumed
    row sends the rest of what the chat began to receive, whatever has changed since."""
    error: str | None = None
    claimed_by: str | None = None
    claimed_at: datetime | None = None
    sent_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class FeedRow(SQLModel, table=True):
    """A news feed and the state of its polling (conditional GET, failures, back-off)."""

    __tablename__ = "feed"

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(unique=True)
    name: str
    keywords: str = ""
    etag: str | None = None
    last_modified: str | None = None
    last_checked: datetime | None = None
    last_success: datetime | None = None
    last_error: str | None = None
    consecutive_failures: int = 0
    failing_since: datetime | None = None
    """When the current run of failures began, so admins hear of a feed down for a day."""
    next_attempt_at: datetime | None = None
    articles_stored: int = 0


class FeedEntryRow(SQLModel, table=True):
    """A feed entry already handled (by guid or link), so it is never fetched again."""

    __tablename__ = "feed_entry"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    feed_id: int | None = Field(default=None, foreign_key="feed.id", index=True)
    outcome: str = Field(max_length=32)
    seen_at: datetime = Field(default_factory=utcnow)


class JobRunRow(SQLModel, table=True):
    """A scheduled job's run for one day; the unique key lets one instance claim it."""

    __tablename__ = "job_run"
    __table_args__ = (UniqueConstraint("name", "day", name="uq_job_run_name_day"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=32)
    day: date
    status: str = Field(default="running", max_length=16)
    owner: str = ""
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    attempts: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    error: str | None = None
