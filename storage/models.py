"""The SQLModel tables. Unique keys sit wherever a duplicate would hurt a reader.

Times are stored in UTC; days are calendar days in the configured time zone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import BigInteger, Column, ForeignKey, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from digest.models import READER_SECTIONS


def utcnow() -> datetime:
    return datetime.now(UTC)


class ArticleRow(SQLModel, table=True):
    """One stored article; the same URL or the same text is never stored twice."""

    __tablename__ = "article"

    id: int | None = Field(default=None, primary_key=True)
    url: str | None = Field(default=None, unique=True)
    content_hash: str = Field(unique=True, max_length=64)
    title: str = ""
    text: str = Field(sa_column=Column(Text, nullable=False))
    source: str
    day: date = Field(index=True)
    date_source: str
    published: datetime | None = None
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


class DigestItemRow(SQLModel, table=True):
    """A sentence of a digest section, with its source."""

    __tablename__ = "digest_item"

    id: int | None = Field(default=None, primary_key=True)
    digest_id: int = Field(
        sa_column=Column(Integer, ForeignKey("digest.id", ondelete="CASCADE"), index=True)
    )
    section: str = Field(max_length=16)
    position: int
    text: str = Field(sa_column=Column(Text, nullable=False))
    source: str
    url: str | None = None
    article_id: int | None = None
    sources: int = 1


class FigureRow(SQLModel, table=True):
    """A key figure of a digest (killed, wounded, missiles, drones)."""

    __tablename__ = "figure"

    id: int | None = Field(default=None, primary_key=True)
    digest_id: int = Field(
        sa_column=Column(Integer, ForeignKey("digest.id", ondelete="CASCADE"), index=True)
    )
    position: int
    kind: str = Field(max_length=16)
    value: int = Field(sa_column=Column(BigInteger, nullable=False))
    place: str | None = None
    source: str
    url: str | None = None
    article_id: int | None = None
    note: str | None = None


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
    inactive_reason: str | None = None
    subscribed_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


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
