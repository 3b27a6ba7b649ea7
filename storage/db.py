"""Engine, sessions and migrations for SQLite (default, no set-up) and PostgreSQL.

Migrations run at start, so an older database is upgraded in place and keeps its data.
"""

from __future__ import annotations

import logging
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Table, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, create_engine

from digest.errors import StorageError

log = logging.getLogger(__name__)
T = TypeVar("T")

MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 10_000
"""How long a SQLite connection waits for another process's lock before giving up."""
MIGRATION_LOCK = 0x64696765
"""PostgreSQL advisory lock key held while migrating ("dige")."""
INSERT_CHUNK = 500
"""Rows per INSERT statement; SQLAlchemy splits them within the driver's parameter limits."""
LOCK_RETRIES = 5
"""Tries of a transaction that SQLite answered "database is locked" (after busy_timeout)."""
LOCK_BACKOFF = 0.1
"""Seconds before the first retry of a locked transaction; doubled for each next one."""
READ_ONLY = "digestbot_read_only"
"""Execution option of a transaction that only reads (see `reading`)."""


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
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    _switch_to_wal(cursor)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    # SQLAlchemy emits BEGIN itself (see _begin) instead of pysqlite's deferred one.
    dbapi_connection.isolation_level = None


def _begin(connection: Connection) -> None:
    # A deferred transaction that reads, then writes, fails at once with "database is locked"
    # when another connection committed in between (busy_timeout does not apply); taking the
    # write lock at BEGIN waits its turn instead. A transaction that only reads (`reading`)
    # begins deferred: WAL gives it the last commit at once, whoever is writing.
    read_only = connection.get_execution_options().get(READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


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
            folder = Path(parsed.database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StorageError(
                    f"cannot create the database folder {folder}: {error.strerror}"
                ) from None
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _take_turns(connection: Connection, key: int) -> None:
    """Until this transaction ends, other transactions that take turns on `key` wait.

    PostgreSQL takes an advisory lock. SQLite has one lock for the whole database, which
    every transaction that writes takes at BEGIN (see _begin); a connection that began
    outside that path takes it now.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    elif not connection.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def migrate(engine: Engine) -> None:
    """Apply every Alembic migration the database does not have yet."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            # Processes opening a fresh database at once upgrade it one after the other
            # (the later ones find it current) instead of creating the same tables together.
            _take_turns(connection, MIGRATION_LOCK)
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


def is_locked(error: OperationalError) -> bool:
    """Whether SQLite refused for a lock held too long by another connection."""
    return "database is locked" in str(error.orig) or "database is busy" in str(error.orig)


def transaction(engine: Engine, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`work(session, *args, **kwargs)` in one short transaction, retried with back-off
    when SQLite stays locked past busy_timeout; any other error, or the last try's, raises.

    `work` must only touch the database: a retry runs it again from the start.
    """
    attempt = 1
    while True:
        try:
            with session_scope(engine) as session:
                return work(session, *args, **kwargs)
        except OperationalError as error:
            if not is_locked(error) or attempt == LOCK_RETRIES:
                raise
            log.warning("database locked (try %d), retrying: %s", attempt, error.orig)
            time.sleep(LOCK_BACKOFF * 2 ** (attempt - 1))
            attempt += 1


def reading(engine: Engine, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`work(session, *args, **kwargs)` in one transaction that only reads: on SQLite it
    does not take the write lock, so a reader's /latest never queues behind a push's ledger
    writes. `work` must not write."""
    return transaction(engine.execution_options(**{READ_ONLY: True}), work, *args, **kwargs)


def inserted_keys(
    session: Session, table: Table, rows: Iterable[dict[str, Any]], unique: list[str] | None
) -> list[Any]:
    """Insert the rows whose unique columns are not taken yet; the primary keys of those.

    `INSERT ... ON CONFLICT DO NOTHING` on both databases: safe when another process
    inserts the same keys at the same moment, where a read-then-insert would fail.
    `unique` names the key that may conflict; None means any unique key of the table.
    """
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    [primary_key] = table.primary_key
    # Read from RETURNING: psycopg reports no rowcount for this statement. The rows are
    # bound as parameters (not inlined with .values()), so the statement is compiled once.
    statement = insert(table).on_conflict_do_nothing(index_elements=unique).returning(primary_key)
    iterator, keys, connection = iter(rows), [], session.connection()
    while chunk := list(islice(iterator, INSERT_CHUNK)):  # Core, not the ORM's path: half the time
        keys += connection.execute(statement, chunk).scalars().all()
    return keys


def insert_new(
    session: Session, table: Table, rows: Iterable[dict[str, Any]], unique: list[str]
) -> int:
    """How many of the rows went in (see inserted_keys)."""
    return len(inserted_keys(session, table, rows, unique))


def writers_take_turns(session: Session, name: str) -> None:
    """Until this transaction ends, other writers that call this with `name` wait.

    For a check that reads before it writes (is a near-copy of this article stored?):
    two processes reading at once would both find nothing and both write.
    """
    _take_turns(session.connection(), zlib.crc32(name.encode()))
