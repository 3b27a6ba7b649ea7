"""Empty databases for the storage tests: a fresh schema on the configured PostgreSQL."""

from __future__ import annotations

from sqlalchemy import create_engine, text

POSTGRES_ENV = "DIGESTBOT_TEST_POSTGRES_URL"
REQUIRE_POSTGRES_ENV = "DIGESTBOT_REQUIRE_POSTGRES"


def fresh_postgres(url: str) -> str:
    """`url` after dropping and recreating its public schema: every test starts empty."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url
