"""The token never reaches the log, even inside a traceback that repeats a Telegram URL."""

from __future__ import annotations

import logging

from bot.logs import REDACTED, RedactingFormatter, redact_urls, site_of

TOKEN = "123456:ABC-def_789"


def test_token_is_redacted_in_messages_and_tracebacks() -> None:
    formatter = RedactingFormatter([TOKEN, ""])
    try:
        raise ConnectionError(f"POST https://api.telegram.org/bot{TOKEN}/getUpdates failed")
    except ConnectionError as error:
        record = logging.LogRecord(
            "telegram", logging.ERROR, __file__, 1, "request to %s", (f"/bot{TOKEN}/x",),
            (type(error), error, error.__traceback__),
        )  # fmt: skip
    text = formatter.format(record)
    assert TOKEN not in text
    assert text.count(REDACTED) == 2
    assert "ConnectionError: POST https://api.telegram.org/bot[redacted]/getUpdates" in text


def test_credentials_and_query_strings_are_redacted_from_urls() -> None:
    formatter = RedactingFormatter([])
    record = logging.LogRecord(
        "bot.intake.polling", logging.ERROR, __file__, 1, "polling %s failed",
        ("https://bob:pw@news.example:8080/rss/all.xml?apikey=SECRET#top",), None,
    )  # fmt: skip
    text = formatter.format(record)
    assert "polling https://news.example:8080/rss/all.xml?… failed" in text
    assert redact_urls("see http://x.example/a, then https://y.example?k=v.") == (
        "see http://x.example/a, then https://y.example?…."
    )
    assert site_of("https://bob:pw@news.example:8080/rss?k=v") == "https://news.example:8080"
    assert site_of("http://[broken/") is None
