"""A reader's transaction on SQLite never waits for a writer (storage.db.reading): WAL gives
it the last commit while another connection holds the write lock."""

from __future__ import annotations

import sqlite3
import time
from datetime import date
from pathlib import Path

from digest.models import Digest
from storage.db import BUSY_TIMEOUT_MS, open_database, reading, session_scope
from storage.digests import load_digest, save_digest

DAY = date(2025, 11, 29)


def test_a_read_goes_on_while_another_connection_holds_the_write_lock(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    engine = open_database(f"sqlite:///{path}")
    with session_scope(engine) as session:
        save_digest(session, Digest(day=DAY, articles=3))
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE digest SET articles = 4")
    started = time.monotonic()
    try:
        digest = reading(engine, load_digest, DAY)
    finally:
        writer.rollback()
        writer.close()
        engine.dispose()
    assert time.monotonic() - started < BUSY_TIMEOUT_MS / 1000 / 10  # not waiting for the lock
    assert digest is not None and digest.articles == 3  # the last commit, not the writer's
