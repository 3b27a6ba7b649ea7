"""The bot's settings: token shape, webhook address and secret, each refused in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import ConfigError, load_settings


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env
    for name in ("TELEGRAM_TOKEN", "WEBHOOK_LISTEN", "WEBHOOK_PORT", "WEBHOOK_SECRET"):
        monkeypatch.delenv(f"DIGESTBOT_{name}", raising=False)


def test_defaults_and_an_empty_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIGESTBOT_TELEGRAM_TOKEN", "  ")
    settings = load_settings()
    assert settings.telegram_token is None
    assert (settings.webhook_listen, settings.webhook_port) == ("127.0.0.1", 8443)
    assert settings.webhook_secret is None


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("TELEGRAM_TOKEN", "my secret token", "expected the token from @BotFather"),
        ("WEBHOOK_SECRET", "has spaces and ünïcode", "expected 1-256 characters"),
        ("WEBHOOK_PORT", "70000", "DIGESTBOT_WEBHOOK_PORT:"),
    ],
)
def test_bad_values_are_named_never_shown(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(f"DIGESTBOT_{name}", value)
    with pytest.raises(ConfigError, match=expected) as error:
        load_settings()
    assert value not in str(error.value)


def test_token_is_kept_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIGESTBOT_TELEGRAM_TOKEN", "123456:ABC-def_789")
    monkeypatch.setenv("DIGESTBOT_WEBHOOK_SECRET", "s3cr3t-value")
    settings = load_settings()
    assert settings.telegram_token is not None
    assert settings.telegram_token.get_secret_value() == "123456:ABC-def_789"
    assert "ABC-def" not in repr(settings) and "s3cr3t" not in repr(settings)
