"""All settings in one place, read once from `DIGESTBOT_*` environment variables (or `.env`).

A wrong value must stop the program at start with one line naming the variable, never
half-way through a push; the token is a secret and is never printed.
"""

from __future__ import annotations

import re
from datetime import time
from functools import cached_property
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.i18n import LANGUAGES, supported
from digest.errors import ConfigError

ENV_PREFIX = "DIGESTBOT_"
SUMMARIZERS = ("lexrank", "textrank", "lsa", "luhn", "sumbasic", "kl", "reduction")
RUSSIA_UKRAINE = (
    "ukrain",
    "russia",
    "kremlin",
    "kyiv",
    "kiev",
    "moscow",
    "putin",
    "zelensk",
    "donbas",
    "donetsk",
    "luhansk",
    "crimea",
    "kharkiv",
    "zaporizhzhia",
    "kherson",
    "odesa",
    "odessa",
)
"""Default topic keywords; each matches words that start with it ("ukrain" → "Ukrainian")."""


class Settings(BaseSettings):
    """Every setting of digestbot; the README's settings table mirrors this class."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=".env", extra="ignore", frozen=True
    )

    database_url: str = "sqlite:///digestbot.db"
    telegram_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org/bot"
    # `digestbot run --webhook URL` listens here, behind a reverse proxy that terminates TLS.
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    webhook_secret: SecretStr | None = None
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    timezone: str = "Europe/Kyiv"
    digest_time: time = time(8, 0)
    feeds: Path | None = None
    summarizer: str = "lexrank"
    # The digest reads these languages (ISO 639-1); articles in others are stored, not digested.
    languages: Annotated[frozenset[str], NoDecode] = frozenset({"en"})
    # The bot's interface in a chat that chose none and whose Telegram language is not one of
    # bot.i18n.LANGUAGES; the command line always writes English.
    interface_language: str = "en"
    max_sentences: int = Field(default=5, ge=1, le=20)
    # A full section may show this many more items, for attacks on places none of its
    # items name, told by two outlets or more (digest.summarize._apart).
    extra_items: int = Field(default=2, ge=0, le=10)
    topic_keywords: Annotated[tuple[str, ...], NoDecode] = RUSSIA_UKRAINE
    poll_minutes: int = Field(default=30, ge=1, le=1440)
    fetch_timeout: float = Field(default=20.0, gt=0, le=300)
    max_response_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    max_redirects: int = Field(default=5, ge=0, le=20)
    per_host_connections: int = Field(default=2, ge=1, le=16)
    # A feed entry dated further back is old news (or a wrong date), not today's digest.
    max_entry_age_days: int = Field(default=30, ge=1, le=36500)
    read_timeout: float = Field(default=10.0, gt=0, le=300)
    # Delivery: Telegram allows about 30 messages/s to different chats (1,000 for paid
    # broadcasts); a failed send is retried `send_retries` times, waiting retry_backoff, 2×, 4×…
    rate_limit: float = Field(default=30.0, gt=0, le=1000)
    send_retries: int = Field(default=3, ge=0, le=10)
    retry_backoff: float = Field(default=1.0, ge=0, le=60)
    telegram_timeout: float = Field(default=10.0, gt=0, le=120)

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part.strip() for part in value.split(",") if part.strip()]
            if not all(part.lstrip("-").isdigit() for part in parts):
                raise ValueError(
                    "expected comma-separated numeric Telegram user ids, e.g. 1234,5678"
                )
            return frozenset(int(part) for part in parts)
        return value

    @field_validator("topic_keywords", mode="before")
    @classmethod
    def _split_keywords(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.split(",")
        if isinstance(value, list | tuple):
            keywords = tuple(str(word).strip().lower() for word in value if str(word).strip())
            if not keywords:
                raise ValueError("expected comma-separated keywords, e.g. ukrain,russia,kyiv")
            return keywords
        return value

    @field_validator("languages", mode="before")
    @classmethod
    def _split_languages(cls, value: object) -> object:
        if isinstance(value, str):
            codes = [code.strip().lower() for code in value.split(",") if code.strip()]
            if not codes or not all(re.fullmatch(r"[a-z]{2}", code) for code in codes):
                raise ValueError("expected comma-separated ISO 639-1 codes, e.g. en or en,uk")
            return frozenset(codes)
        return value

    @field_validator("interface_language")
    @classmethod
    def _supported_language(cls, value: str) -> str:
        language = supported(value)
        if language is None:
            raise ValueError(f"unsupported language {value!r}; one of {', '.join(LANGUAGES)}")
        return language

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r}, e.g. Europe/Kyiv or UTC") from error
        return value

    @field_validator("digest_time", mode="before")
    @classmethod
    def _hour_minute(cls, value: object) -> object:
        if isinstance(value, str):
            match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", value.strip())
            if not match:
                raise ValueError(f"expected HH:MM, e.g. 08:00, not {value!r}")
            return time(int(match[1]), int(match[2]))
        return value

    @field_validator("summarizer")
    @classmethod
    def _known_summarizer(cls, value: str) -> str:
        name = value.strip().lower()
        if name not in SUMMARIZERS:
            raise ValueError(f"unknown summarizer {value!r}; one of {', '.join(SUMMARIZERS)}")
        return name

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        if not value.startswith(("sqlite:", "postgresql")):
            raise ValueError("expected sqlite:///FILE or postgresql+psycopg://USER@HOST/DB")
        return value

    @field_validator("telegram_token", mode="before")
    @classmethod
    def _token_shape(cls, value: object) -> object:
        # An empty variable means "not set"; anything else must look like BotFather's token.
        if isinstance(value, str):
            if not value.strip():
                return None
            if not re.fullmatch(r"\d+:[A-Za-z0-9_-]+", value.strip()):
                raise ValueError("expected the token from @BotFather, like 123456:ABC-DEF1234")
            return value.strip()
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _telegram_secret(cls, value: SecretStr | None) -> SecretStr | None:
        # Telegram's rule for secret_token; checked here so setWebhook cannot refuse it later.
        secret = value.get_secret_value() if value is not None else "-"
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise ValueError("expected 1-256 characters among A-Z, a-z, 0-9, _ and -")
        return value

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def load_settings() -> Settings:
    """Read the settings, turning pydantic's report into one line per bad variable."""
    try:
        return Settings()
    except ValidationError as error:
        lines = []
        for problem in error.errors():
            field = str(problem["loc"][0]) if problem["loc"] else "settings"
            message = str(problem["msg"]).removeprefix("Value error, ")
            lines.append(f"{ENV_PREFIX}{field.upper()}: {message}")
        raise ConfigError("; ".join(lines)) from None
