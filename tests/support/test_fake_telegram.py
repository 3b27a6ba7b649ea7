"""The fake Bot API must be as strict as Telegram, or the bot tests prove nothing."""

from __future__ import annotations

import re
import time

import httpx
import pytest
from telegram import Bot
from telegram.error import BadRequest, Forbidden, RetryAfter, TimedOut
from telegram.request import HTTPXRequest

from tests.support.fake_telegram import (
    Chat,
    EntityParseError,
    FakeTelegram,
    Fault,
    User,
    parse_telegram_html,
    utf16_length,
)


@pytest.mark.parametrize(
    ("html", "plain"),
    [
        ("<b>Strikes</b> &amp; talks", "Strikes & talks"),
        ('<a href="https://x.org/?a=1&amp;b=2">link</a>', "link"),
        ("1 &lt; 2 &gt; 0 &quot;q&quot; &#x27;s&#39; &#128512;", "1 < 2 > 0 \"q\" 's' 😀"),
        ('<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>', "st"),
        ("<blockquote><i>quoted</i></blockquote> 3 > 2", "quoted 3 > 2"),
    ],
)
def test_accepts_what_telegram_accepts(html: str, plain: str) -> None:
    assert parse_telegram_html(html) == plain


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("<script>alert(1)</script>", 'Unsupported start tag "script" at byte offset 0'),
        ("a <br> b", 'Unsupported start tag "br"'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'expected "</i>", found "</b>"'),
        ("x </b>", "Unexpected end tag"),
        ("1 < 2 > 0", 'Unsupported start tag ""'),
        ("tail <", "Unclosed start tag"),
        ("AT&T", "Character entity expected at byte offset 2"),
        ("&nbsp;", 'Unsupported HTML entity "&nbsp;"'),
        ('<span class="x">s</span>', 'must have class "tg-spoiler"'),
    ],
)
def test_refuses_what_telegram_refuses(html: str, error: str) -> None:
    with pytest.raises(EntityParseError, match=re.escape(error)):
        parse_telegram_html(html)


def test_byte_offsets_count_utf8_bytes() -> None:
    with pytest.raises(EntityParseError, match="byte offset 5"):
        parse_telegram_html("ÿé <x>")


def test_length_counts_utf16_code_units() -> None:
    assert utf16_length("a😀") == 3


def _call(fake: FakeTelegram, method: str, **params: object) -> httpx.Response:
    return httpx.post(f"{fake.base_url}{fake.token}/{method}", json=params, timeout=5)


def test_message_length_and_shape(fake_telegram: FakeTelegram) -> None:
    ok = _call(fake_telegram, "sendMessage", chat_id=5, text="😀" * 2048, parse_mode="HTML")
    assert ok.status_code == 200
    assert ok.json()["result"]["chat"]["id"] == 5
    too_long = _call(fake_telegram, "sendMessage", chat_id=5, text="😀" * 2048 + "a")
    assert too_long.json() == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: message is too long",
    }
    empty = _call(fake_telegram, "sendMessage", chat_id=5, text="<b> </b>", parse_mode="HTML")
    assert empty.json()["description"] == "Bad Request: message text is empty"
    assert [m.plain_text for m in fake_telegram.sent(5)] == ["😀" * 2048]


def test_wrong_token_and_unknown_method(fake_telegram: FakeTelegram) -> None:
    wrong = httpx.post(f"{fake_telegram.base_url}1:nope/getMe", timeout=5)
    assert wrong.status_code == 401
    assert _call(fake_telegram, "sendPigeon").status_code == 404


def test_get_updates_confirms_by_offset_and_long_polls(fake_telegram: FakeTelegram) -> None:
    first = fake_telegram.queue_message("hello")
    fake_telegram.queue_command("latest", chat=Chat.group(), mention=True)
    updates = _call(fake_telegram, "getUpdates").json()["result"]
    assert [u["update_id"] for u in updates] == [first, first + 1]
    assert updates[1]["message"]["text"] == "/latest@digest_test_bot"
    assert updates[1]["message"]["entities"][0] == {
        "type": "bot_command",
        "offset": 0,
        "length": len("/latest@digest_test_bot"),
    }
    started = time.monotonic()
    empty = _call(fake_telegram, "getUpdates", offset=first + 2, timeout=1).json()["result"]
    assert empty == []
    assert 0.9 <= time.monotonic() - started < 3


async def test_ptb_bot_sees_faults_as_telegram_errors(fake_telegram: FakeTelegram) -> None:
    fake_telegram.fail_next(
        Fault.flood(7), Fault.blocked(), Fault.timeout(1.0, delivered=True), chat_id=42
    )
    fake_telegram.fail_next(Fault.chat_not_found())
    request = HTTPXRequest(read_timeout=0.3)
    async with Bot(fake_telegram.token, base_url=fake_telegram.base_url, request=request) as bot:
        with pytest.raises(RetryAfter, match="Retry in 7"):
            await bot.send_message(42, "x")
        with pytest.raises(Forbidden, match="blocked"):
            await bot.send_message(42, "x")
        with pytest.raises(TimedOut):
            await bot.send_message(42, "late")
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            await bot.send_message(43, "x")
        await bot.send_message(42, "<b>fine</b>", parse_mode="HTML")
        with pytest.raises(BadRequest, match=r"(?i)can't parse entities: unsupported start tag"):
            await bot.send_message(42, "<p>no</p>", parse_mode="HTML")
    delivered = await fake_telegram.wait_for_async(2, chat_id=42)
    assert sorted(m.plain_text for m in delivered) == ["fine", "late"]
    assert fake_telegram.calls["sendMessage"] == 6


async def test_edits_and_callback_answers(fake_telegram: FakeTelegram) -> None:
    markup = {"inline_keyboard": [[{"text": "Talks", "callback_data": "section:talks"}]]}
    async with Bot(fake_telegram.token, base_url=fake_telegram.base_url) as bot:
        sent = await bot.send_message(1001, "one", reply_markup=markup)
        original = fake_telegram.sent(1001)[0]
        assert original.button_data() == ["section:talks"]
        query_id = fake_telegram.queue_callback(original, "section:talks", user=User())
        await bot.answer_callback_query(query_id)
        with pytest.raises(BadRequest, match="Query is too old"):
            await bot.answer_callback_query(query_id)
        await bot.edit_message_text("two", chat_id=1001, message_id=sent.message_id)
        with pytest.raises(BadRequest, match=r"(?i)not modified"):
            await bot.edit_message_text("two", chat_id=1001, message_id=sent.message_id)
    assert fake_telegram.message(1001, sent.message_id).plain_text == "two"
    assert fake_telegram.sent(1001, method="editMessageText")[0].text == "two"
