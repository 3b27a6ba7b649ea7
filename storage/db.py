"""Engine, sessions and migrations for SQLite (default, no set-up) and PostgreSQL.

Migrations run at start, so an older database is upgraded in place and keeps its data.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Table, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine, make_url
from sqlmodel import Session, create_engine

MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 10_000
"""How long a SQLite connection waits for another process's lock before giving up."""
MIGRATION_LOCK = 0x64696765
"""PostgreSQL advisory lock key held while migrating ("dige")."""
INSERT_CHUNK = 500
"""Rows per INSERT: SQLite caps the number of bound parameters of one statement."""


class StorageError(Exception):
    """The database cannot be opened or upgraded; the message says what to do."""


def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:
    # WAL lets the bot read while a build or ingest writes; foreign keys make cascades work.
    # synchronous=NORMAL: a crashed or killed process loses no commit (WAL); only a power cut
    # can forget the last moments, and the sender commits once per message (20% faster).
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    _switch_to_wal(cursor)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _switch_to_wal(cursor: Any) -> None:
    """PRAGMA journal_mode=WAL, waiting for other processes as busy_timeout would.

    On a fresh file that another process is creating at the same moment, SQLite answers
    "database is locked" at once instead of waiting (waiting could deadlock), so the switch
    is retried until BUSY_TIMEOUT_MS has passed.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


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


def _lock_for_migration(connection: Connection) -> None:
    """Hold the database's migration lock until the transaction ends, so processes that
    open a fresh database at once upgrade it one after the other (the later ones find it
    current) instead of creating the same tables together."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
    elif connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock; waits busy_timeout


def migrate(engine: Engine) -> None:
    """Apply every Alembic migration the database does not have yet."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            _lock_for_migration(connection)
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


def insert_new(
    session: Session, table: Table, rows: Iterable[dict[str, Any]], unique: list[str]
) -> int:
    """Insert the rows whose `unique` columns are not taken yet; returns how many went in.

    `INSERT ... ON CONFLICT DO NOTHING` on both databases: safe when another process
    inserts the same keys at the same moment, where a read-then-insert would fail.
    """
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    iterator, added = iter(rows), 0
    while chunk := list(islice(iterator, INSERT_CHUNK)):
        statement = insert(table).values(chunk).on_conflict_do_nothing(index_elements=unique)
        # Counted from RETURNING: psycopg reports no rowcount for this statement.
        added += len(session.execute(statement.returning(*table.primary_key)).all())
    return added
