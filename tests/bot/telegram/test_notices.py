"""The administrators' notices: what each kind of trouble says, safe for Telegram's HTML."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.i18n import ENGLISH
from bot.telegram.notices import duration, trouble_notices
from storage.models import PushRunRow
from storage.pushes import Trouble
from tests.support.fake_telegram import parse_telegram_html

DAY = date(2025, 11, 29)
T0 = datetime(2025, 11, 30, 8, 0, tzinfo=UTC)


def test_each_kind_of_trouble_is_one_safe_notice() -> None:
    push = PushRunRow(
        day=DAY, started_at=T0, finished_at=T0 + timedelta(seconds=411), sent=980, failed=20, gone=3
    )
    trouble = Trouble(
        failed_runs=[("daily", DAY, "OperationalError: <database is locked>")],
        failed_pushes=[push],
        feeds_down=[("A & B", T0 - timedelta(days=1), "GET https://u:secret@x.example/rss: 500")],
    )
    notices = trouble_notices(trouble, ENGLISH)
    assert [kind for kind, _ in notices] == ["run:daily", "push", "feed:A & B"]
    shown = [parse_telegram_html(text) for _, text in notices]
    assert shown[0] == (
        "❌ The daily run of Saturday 29 November 2025 failed: OperationalError: "
        "<database is locked>. /stats shows more."
    )
    assert shown[1] == (
        "📮 A push had failures. Saturday 29 November 2025: 980 sent, 20 failed, 0 skipped, "
        "3 chats gone, in 6 min 51 s."
    )
    assert shown[2].startswith("📡 Feed A & B has been failing since 2025-11-29 08:00 UTC")
    assert "secret" not in shown[2]


def test_durations_read_as_an_admin_says_them() -> None:
    assert [duration(T0, T0 + timedelta(seconds=s), ENGLISH) for s in (0, 42, 411, 3790)] == [
        "0 s",
        "42 s",
        "6 min 51 s",
        "1 h 3 min",
    ]
