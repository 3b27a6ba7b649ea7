"""A day's build holds back what the days before it told, whichever of them were built."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.engine import Engine

from bot.delivery.building import build_and_store
from bot.services import Context
from bot.settings import Settings
from digest.models import Article, Digest
from storage.articles import save_article
from storage.db import session_scope
from storage.digests import load_digest, recent_events, save_digest

FIRST, SECOND = date(2025, 11, 29), date(2025, 11, 30)
KHARKIV = "Russian missiles killed four people in Kharkiv on Saturday, the regional governor said."
RETOLD = "Russian missiles killed four people in Kharkiv on Saturday, regional officials said."
ODESA = (
    "Russian drones struck a power plant in Odesa overnight, leaving 40,000 homes without power."
)


@pytest.fixture
def context(engine: Engine, database_url: str) -> Context:
    """Two days of articles: the second retells the first's Kharkiv toll beside fresh news."""
    with session_scope(engine) as session:
        save_article(session, Article("Kharkiv", KHARKIV, "ap", FIRST, url="https://ap.example/1"))
        retold = Article("Odesa", f"{RETOLD} {ODESA}", "reuters", SECOND, url="https://r.example/2")
        save_article(session, retold)
    settings = Settings(_env_file=None, database_url=database_url, timezone="UTC")  # type: ignore[call-arg]
    return Context(settings, engine)


def _shown(digest: Digest) -> list[str]:
    return [item.text for items in digest.sections.values() for item in items]


def test_the_next_day_holds_back_a_day_built_before_it(context: Context) -> None:
    assert _shown(build_and_store(context, FIRST)) == [KHARKIV]
    assert _shown(build_and_store(context, SECOND)) == [ODESA]
    with session_scope(context.engine) as session:
        [told] = recent_events(session, SECOND)
    assert (told.day, told.items) == (FIRST, [KHARKIV])


def test_the_next_day_holds_back_a_day_never_built(context: Context) -> None:
    assert _shown(build_and_store(context, SECOND)) == [ODESA]
    with session_scope(context.engine) as session:
        assert load_digest(session, FIRST) is None  # built in memory only
        assert recent_events(session, SECOND) == []
    assert _shown(build_and_store(context, FIRST)) == [KHARKIV]
    assert _shown(build_and_store(context, SECOND)) == [ODESA]


def test_a_day_stored_before_events_were_is_built_again_in_memory(context: Context) -> None:
    legacy = build_and_store(context, FIRST)
    legacy.events = []  # as a digest stored by 0002 comes back after the upgrade
    with session_scope(context.engine) as session:
        save_digest(session, legacy)
    assert _shown(build_and_store(context, SECOND)) == [ODESA]
