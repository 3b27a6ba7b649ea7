"""Engine, sessions and migrations for SQLite (default, no set-up) and PostgreSQL.

Migrations run at start, so an older database is upgraded in place and keeps its data.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Table, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

MIGRATIONS = Path(__file__).with_name("migrations")
INSERT_CHUNK = 500
"""Rows per INSERT: SQLite caps the number of bound parameters of one statement."""


class StorageError(Exception):
    """The database cannot be opened or upgraded; the message says what to do."""


def one_line(error: BaseException) -> str:
    """A database error as one line: the driver's own first line, without SQLAlchemy's
    echo of the statement, its parameters and its "Background on this error" link."""
    cause = getattr(error, "orig", None) or error
    lines = str(cause).strip().splitlines()
    return f"{type(cause).__name__}: {lines[0].strip() if lines else 'no details'}"


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
            folder = Path(parsed.database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StorageError(
                    f"cannot create the database folder {folder}: {error.strerror}"
                ) from None
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
            f"cannot open or upgrade the database {engine.url.render_as_string()}: "
            f"{one_line(error)}"
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
