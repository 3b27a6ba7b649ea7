"""Opening a database: processes racing on a fresh one, and an older schema upgraded in place."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel, select

from storage.db import MIGRATIONS, make_engine, open_database, session_scope
from storage.digests import load_digest, recent_events
from storage.models import DeliveryRow, JobRunRow
from tests.support.databases import fresh_postgres
from tests.support.paths import ROOT


@contextmanager
def migrating(database_url: str) -> Iterator[tuple[Config, Connection]]:
    """An Alembic configuration bound to one connection of `database_url`, in one
    transaction, for a test to upgrade and downgrade step by step."""
    engine = make_engine(database_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        yield config, connection
    engine.dispose()


OPENERS, ROUNDS = 4, 2
OPEN = (
    "import sys, storage.db as db\n"
    "print('ready', flush=True)\n"
    "sys.stdin.readline()\n"  # all imported: open together, the start of a real race
    "db.open_database(sys.argv[1]).dispose()"
)


def _fresh(database_url: str, tmp_path: Path, round_: int) -> str:
    if database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / f'race{round_}.db'}"
    return fresh_postgres(database_url)


def test_processes_opening_a_fresh_database_at_once_all_succeed(
    database_url: str, tmp_path: Path
) -> None:
    for round_ in range(ROUNDS):
        url = _fresh(database_url, tmp_path, round_)
        openers = [
            subprocess.Popen(
                [sys.executable, "-c", OPEN, url],
                cwd=ROOT,
                env=os.environ,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for _ in range(OPENERS)
        ]
        for opener in openers:
            assert opener.stdout is not None and opener.stdout.readline() == b"ready\n"
        for opener in openers:
            assert opener.stdin is not None
            opener.stdin.write(b"go\n")
            opener.stdin.flush()
        failures = [
            err.decode()[-300:]
            for opener in openers
            if (err := opener.communicate(timeout=60)[1]) and opener.returncode
        ]
        assert failures == [], f"round {round_}: {len(failures)} of {OPENERS} failed"


def test_a_database_at_0001_is_upgraded_in_place_keeping_its_rows(database_url: str) -> None:
    with migrating(database_url) as (config, connection):
        command.upgrade(config, "0001")
        connection.execute(
            text(
                "INSERT INTO job_run (name, day, status, owner, started_at) "
                "VALUES ('daily', '2025-11-29', 'failed', 'old:1:aa', '2025-11-30 08:00:00+00')"
            )
        )
        connection.execute(
            text("INSERT INTO digest (day, articles, built_at) VALUES ('2025-11-29', 3, :at)"),
            {"at": datetime(2025, 11, 30, 8, tzinfo=UTC)},
        )
        connection.execute(
            text(
                "INSERT INTO delivery (digest_id, chat_id, status, due_at, attempts, parts_sent,"
                " message_ids, created_at) VALUES (1, 42, 'sending', :at, 0, 1, '7', :at)"
            ),
            {"at": datetime(2025, 11, 30, 8, tzinfo=UTC)},
        )
    engine = open_database(database_url)
    with session_scope(engine) as session:
        [run] = session.exec(select(JobRunRow)).all()
        [delivery] = session.exec(select(DeliveryRow)).all()
    engine.dispose()
    assert (run.status, run.attempts, run.error) == ("failed", 1, None)
    assert (delivery.chat_id, delivery.parts_sent, delivery.message_ids) == (42, 1, "7")
    assert delivery.parts is None


def test_the_events_table_comes_and_goes_with_0003_keeping_the_digests(database_url: str) -> None:
    with migrating(database_url) as (config, connection):
        command.upgrade(config, "0002")
        connection.execute(
            text("INSERT INTO digest (day, articles, built_at) VALUES ('2025-11-29', 3, :at)"),
            {"at": datetime(2025, 11, 30, 8, tzinfo=UTC)},
        )
        command.upgrade(config, "0003")
        assert {"ix_event_day", "ix_event_digest_id"} <= {
            index["name"] for index in inspect(connection).get_indexes("event")
        }
        command.downgrade(config, "0002")
        assert "event" not in inspect(connection).get_table_names()
    engine = open_database(database_url)
    with session_scope(engine) as session:
        digest = load_digest(session, date(2025, 11, 29))
        events = recent_events(session, date(2025, 11, 30), days=1)
    engine.dispose()
    assert digest is not None and (digest.articles, events) == (3, [])


def test_the_migrations_build_exactly_the_schema_the_rows_declare(engine: Engine) -> None:
    """The rows are declared from the plain models' fields; a slip there (a type, a length,
    a lost unique key) would show here as a difference against the migrated database."""
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def test_articles_stored_before_0004_get_an_unknown_language(database_url: str) -> None:
    with migrating(database_url) as (config, connection):
        command.upgrade(config, "0003")
        connection.execute(
            text(
                "INSERT INTO article (title, text, source, day, date_source, content_hash,"
                " origin, ingested_at) VALUES ('T', 'Body.', 'Wire', '2025-11-29', '', 'h', '',"
                " :at)"
            ),
            {"at": datetime(2025, 11, 30, 8, tzinfo=UTC)},
        )
        command.upgrade(config, "0004")
        assert connection.execute(text("SELECT language FROM article")).scalar_one() == ""
        command.downgrade(config, "0003")
        assert "language" not in {c["name"] for c in inspect(connection).get_columns("article")}


def test_subscribers_stored_before_0005_watch_nothing_in_the_default_language(
    database_url: str,
) -> None:
    with migrating(database_url) as (config, connection):
        command.upgrade(config, "0004")
        connection.execute(
            text(
                "INSERT INTO subscriber (chat_id, chat_type, active, sections, subscribed_at,"
                " updated_at) VALUES (42, 'private', :yes, 'strikes', :at, :at)"
            ),
            {"yes": True, "at": datetime(2025, 11, 30, 8, tzinfo=UTC)},
        )
        command.upgrade(config, "0005")
        row = connection.execute(text("SELECT watch, language FROM subscriber")).one()
        assert tuple(row) == ("", None)
        command.downgrade(config, "0004")
        assert "watch" not in {c["name"] for c in inspect(connection).get_columns("subscriber")}
