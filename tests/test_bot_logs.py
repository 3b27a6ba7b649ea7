"""The token never reaches the log, even inside a traceback that repeats a Telegram URL."""

from __future__ import annotations

import logging

from bot.logs import REDACTED, RedactingFormatter

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
