"""The real Application, polling the fake Bot API, on a fresh SQLite database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from telegram.ext import Application

from bot.services import Context
from bot.settings import Settings
from bot.telegram.app import build_application, webhook_options
from bot.telegram.jobs import install_jobs
from digest.models import Digest, DigestItem, Figure
from storage.db import session_scope
from storage.digests import save_digest
from tests.support.fake_telegram import Chat, FakeTelegram, Outgoing, User

ADMIN = User(id=7, first_name="Admin", username="admin")
READER = User(id=1001, first_name="Olena", username="olena")
DAY = date(2025, 11, 29)


@dataclass
class RunningBot:
    fake: FakeTelegram
    engine: Engine
    application: Application  # type: ignore[type-arg]

    async def ask(
        self,
        command: str,
        *args: str,
        user: User = READER,
        chat: Chat | None = None,
        mention: bool = False,
    ) -> Outgoing:
        """Send a command and wait for the bot's next message in that chat."""
        chat_id = chat.id if chat else user.id
        before = len(self.fake.sent(chat_id))
        self.fake.queue_command(command, *args, user=user, chat=chat, mention=mention)
        return (await self.fake.wait_for_async(before + 1, chat_id=chat_id))[before]

    def store(self, digest: Digest) -> None:
        with session_scope(self.engine) as session:
            save_digest(session, digest)


def sample_digest(day: date = DAY) -> Digest:
    digest = Digest(day=day, articles=14)
    digest.sections["strikes"] = [
        DigestItem("Drones hit Kharkiv overnight.", "Kyiv Independent", "https://k.example/1", 1, 3)
    ]
    digest.sections["talks"] = [
        DigestItem("Envoys met in Geneva.", "Reuters", "https://r.example/2", 2)
    ]
    digest.sections["politics"] = [DigestItem("A minister resigned.", "BBC", None, 3)]
    digest.figures = [Figure("drones", 120, None, "Ukrinform", "https://u.example/3")]
    return digest


def settings_for(fake: FakeTelegram, database_url: str, **overrides: Any) -> Settings:
    """Settings that point the bot at `fake`, fast enough for tests (retries, timeouts)."""
    values: dict[str, Any] = {
        "database_url": database_url,
        "telegram_token": fake.token,
        "telegram_api_url": fake.base_url,
        "timezone": "UTC",
        "rate_limit": 1000,
        "retry_backoff": 0.05,
        "telegram_timeout": 1.0,
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def bot_settings(fake: FakeTelegram, folder: Path, **overrides: Any) -> Settings:
    """The running bot's settings: a fresh SQLite file in `folder`, ADMIN as the only
    administrator, and the production defaults for pacing, retries and timeouts."""
    defaults = {"rate_limit": 30.0, "retry_backoff": 1.0, "telegram_timeout": 10.0}
    values = {"admin_ids": frozenset({ADMIN.id}), **defaults, **overrides}
    return settings_for(fake, f"sqlite:///{folder / 'bot.db'}", **values)


@asynccontextmanager
async def running_bot(
    fake: FakeTelegram, settings: Settings, webhook_url: str | None = None, *, jobs: bool = False
) -> AsyncIterator[RunningBot]:
    """Start the bot the way `digestbot run` does (polling, or a webhook), minus signals;
    with `jobs`, its scheduled jobs too."""
    context = Context.load(settings)
    application = build_application(context)
    if jobs:
        install_jobs(application)
    async with application:
        assert application.updater is not None and application.post_init is not None
        await application.post_init(application)  # run_polling calls it; `async with` does not
        if webhook_url is None:
            await application.updater.start_polling(poll_interval=0, timeout=timedelta(seconds=1))
        else:
            await application.updater.start_webhook(**webhook_options(settings, webhook_url))
        await application.start()
        try:
            yield RunningBot(fake, context.engine, application)
        finally:
            await application.updater.stop()
            await application.stop()
    context.engine.dispose()
