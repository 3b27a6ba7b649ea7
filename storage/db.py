"""Engine, sessions and migrations for SQLite (default, no set-up) and PostgreSQL.

Migrations run at start, so an older database is upgraded in place and keeps its data.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Table, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

MIGRATIONS = Path(__file__).with_name("migrations")
INSERT_CHUNK = 500
"""Rows per INSERT: SQLite caps the number of bound parameters of one statement."""


class StorageError(Exception):
    """The database cannot be opened or upgraded; the message says what to do."""


def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:
    # WAL lets the bot read while a build or ingest writes; foreign keys make cascades work.
    # synchronous=NORMAL: a crashed or killed process loses no commit (WAL); only a power cut
    # can forget the last moments, and the sender commits once per message (20% faster).
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for `url`; a SQLite file's folder is created on first use."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Apply every Alembic migration the database does not have yet."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except Exception as error:
        raise StorageError(
            f"cannot open or upgrade the database {engine.url.render_as_string()}: {error}"
        ) from error


def open_database(url: str) -> Engine:
    """The one way the rest of the program gets a ready, migrated database."""
    engine = make_engine(url)
    migrate(engine)
    return engine


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def inserted_keys(
    session: Session, table: Table, rows: Iterable[dict[str, Any]], unique: list[str] | None
) -> list[Any]:
    """Insert the rows whose unique columns are not taken yet; the primary keys of those.

    `INSERT ... ON CONFLICT DO NOTHING` on both databases: safe when another process
    inserts the same keys at the same moment, where a read-then-insert would fail.
    `unique` names the key that may conflict; None means any unique key of the table.
    """
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    iterator, keys = iter(rows), []
    while chunk := list(islice(iterator, INSERT_CHUNK)):
        statement = insert(table).values(chunk).on_conflict_do_nothing(index_elements=unique)
        # Read from RETURNING: psycopg reports no rowcount for this statement.
        [primary_key] = table.primary_key
        keys += session.execute(statement.returning(primary_key)).scalars().all()
    return keys


def insert_new(
    session: Session, table: Table, rows: Iterable[dict[str, Any]], unique: list[str]
) -> int:
    """How many of the rows went in (see inserted_keys)."""
    return len(inserted_keys(session, table, rows, unique))


def writers_take_turns(session: Session, name: str) -> None:
    """Until this transaction ends, other writers that call this with `name` wait.

    For a check that reads before it writes (is a near-copy of this article stored?):
    two processes reading at once would both find nothing and both write. PostgreSQL
    takes an advisory lock; SQLite takes its database write lock now instead of at the
    first write (BEGIN IMMEDIATE), so the reads that follow see the other's commits.
    """
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        key = zlib.crc32(name.encode())
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    elif not connection.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
        connection.exec_driver_sql("BEGIN IMMEDIATE")
