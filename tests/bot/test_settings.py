"""Settings: defaults, parsing, and one clear line per bad variable with no secret in it."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from bot.settings import ConfigError, load_settings


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env
    for name in ("DATABASE_URL", "TELEGRAM_TOKEN", "ADMIN_IDS", "TIMEZONE", "DIGEST_TIME"):
        monkeypatch.delenv(f"DIGESTBOT_{name}", raising=False)


def test_defaults() -> None:
    settings = load_settings()
    assert settings.database_url == "sqlite:///digestbot.db"
    assert settings.telegram_api_url == "https://api.telegram.org/bot"
    assert settings.timezone == "Europe/Kyiv"
    assert settings.digest_time == time(8, 0)
    assert settings.admin_ids == frozenset()
    assert settings.telegram_token is None


def test_values_are_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIGESTBOT_ADMIN_IDS", "12, 34")
    monkeypatch.setenv("DIGESTBOT_DIGEST_TIME", "7:30")
    monkeypatch.setenv("DIGESTBOT_TIMEZONE", "UTC")
    settings = load_settings()
    assert settings.admin_ids == frozenset({12, 34})
    assert settings.digest_time == time(7, 30)
    assert str(settings.tz) == "UTC"


def test_dotenv_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("DIGESTBOT_TIMEZONE=Africa/Khartoum\n")
    assert load_settings().timezone == "Africa/Khartoum"


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("ADMIN_IDS", "alice", "DIGESTBOT_ADMIN_IDS: expected comma-separated numeric"),
        ("TIMEZONE", "Mars/Base", "DIGESTBOT_TIMEZONE: unknown time zone 'Mars/Base'"),
        ("DIGEST_TIME", "25:00", "DIGESTBOT_DIGEST_TIME: expected HH:MM"),
        ("DATABASE_URL", "mysql://x", "DIGESTBOT_DATABASE_URL: expected sqlite"),
        ("MAX_SENTENCES", "0", "DIGESTBOT_MAX_SENTENCES:"),
        ("EXTRA_ITEMS", "-1", "DIGESTBOT_EXTRA_ITEMS: Input should be greater than or equal to 0"),
        ("RATE_LIMIT", "5000", "DIGESTBOT_RATE_LIMIT: Input should be less than or equal to 1000"),
        ("SEND_RETRIES", "many", "DIGESTBOT_SEND_RETRIES: Input should be a valid integer"),
    ],
)
def test_bad_value_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(f"DIGESTBOT_{name}", value)
    with pytest.raises(ConfigError) as error:
        load_settings()
    assert str(error.value).startswith(expected)
    assert "\n" not in str(error.value)


def test_token_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIGESTBOT_TELEGRAM_TOKEN", "123456:VERY-SECRET")
    monkeypatch.setenv("DIGESTBOT_TIMEZONE", "nowhere")
    with pytest.raises(ConfigError) as error:
        load_settings()
    assert "VERY-SECRET" not in str(error.value)
    monkeypatch.setenv("DIGESTBOT_TIMEZONE", "UTC")
    settings = load_settings()
    assert "VERY-SECRET" not in repr(settings) and "VERY-SECRET" not in str(settings)
