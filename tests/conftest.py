"""Shared fixtures: a migrated database on SQLite always, and on PostgreSQL when configured."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from storage.db import open_database
from tests.support.bot_harness import RunningBot, bot_settings, running_bot
from tests.support.databases import POSTGRES_ENV, REQUIRE_POSTGRES_ENV, fresh_postgres
from tests.support.fake_telegram import FakeTelegram


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL to an empty database; PostgreSQL runs only when DIGESTBOT_TEST_POSTGRES_URL is set."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        if os.environ.get(REQUIRE_POSTGRES_ENV):
            pytest.fail(f"{POSTGRES_ENV} is required here but not set")
        pytest.skip(f"{POSTGRES_ENV} not set")
    return fresh_postgres(url)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = open_database(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def fake_telegram() -> Iterator[FakeTelegram]:
    """A fresh fake Bot API server; point the bot's `telegram_api_url` at `.base_url`."""
    with FakeTelegram() as fake:
        yield fake


@pytest.fixture
async def telegram_bot(fake_telegram: FakeTelegram, tmp_path: Path) -> AsyncIterator[RunningBot]:
    """The real bot, polling `fake_telegram`, on a fresh SQLite database."""
    async with running_bot(fake_telegram, bot_settings(fake_telegram, tmp_path)) as running:
        yield running
