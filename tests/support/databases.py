"""Empty databases for the storage tests: a fresh schema on the configured PostgreSQL."""

from __future__ import annotations

import os
from functools import cache

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_ENV = "DIGESTBOT_TEST_POSTGRES_URL"
REQUIRE_POSTGRES_ENV = "DIGESTBOT_REQUIRE_POSTGRES"
WORKER_ENV = "PYTEST_XDIST_WORKER"
"""Set by pytest-xdist in each worker ("gw0", "gw1"): workers run tests side by side."""


@cache
def worker_database(url: str) -> str:
    """`url` for this test process: under pytest-xdist each worker gets a database of its
    own (`test_gw0`, created on first use, looked up once a process), so workers never drop
    each other's schema."""
    worker = os.environ.get(WORKER_ENV)
    if not worker:
        return url
    base = make_url(url)
    name = f"{base.database}_{worker}"
    server = create_engine(base, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        ).first()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    server.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def fresh_postgres(url: str) -> str:
    """`url` (this worker's database) after dropping and recreating its public schema:
    every test starts empty."""
    url = worker_database(url)
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url
