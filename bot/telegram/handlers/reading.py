"""/latest, /strikes, /talks, /politics, /figures, /digest DAY and the section buttons."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date

from sqlmodel import Session
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.delivery.render import TITLES, long_day, render_digest, render_section
from bot.telegram.handlers.common import (
    Callback,
    day_argument,
    edit_in_place,
    in_rows,
    reading_session,
    send,
    services,
    today,
)
from digest.intake.dates import parse_day
from digest.models import READER_SECTIONS, Digest
from digest.watch import Watch
from storage import digests, subscribers

SHOW_PREFIX = "show:"


def section_keyboard(day: date) -> InlineKeyboardMarkup:
    """Buttons that switch the message to one section of the digest of `day`."""
    buttons = [
        InlineKeyboardButton(TITLES[section], callback_data=f"{SHOW_PREFIX}{day}:{section}")
        for section in READER_SECTIONS
    ]
    return InlineKeyboardMarkup(in_rows(buttons))


async def _no_digest_yet(update: Update, context: Callback) -> None:
    settings = services(context).settings
    await send(
        update,
        f"No digest yet. The first one arrives at {settings.digest_time:%H:%M} "
        f"({settings.timezone}); /subscribe to receive it.",
    )


async def latest(update: Update, context: Callback) -> None:
    """The latest digest, with only the sections this chat chose."""
    chat = update.effective_chat
    assert chat is not None
    current = today(context)

    def load(session: Session) -> tuple[Digest | None, list[str], Watch]:
        row = subscribers.get_subscriber(session, chat.id)
        watch = Watch(tuple(subscribers.watch_of(row)))
        return digests.latest_digest(session, current), subscribers.sections_of(row), watch

    digest, chosen, watch = await reading_session(context, load)
    if digest is None:
        await _no_digest_yet(update, context)
        return
    await send(update, render_digest(digest, chosen, watch=watch), section_keyboard(digest.day))


def _watch_and(
    update: Update, load: Callable[[Session], Digest | None]
) -> Callable[[Session], tuple[Digest | None, Watch]]:
    """`load`, and the chat's watched terms, in one transaction."""
    chat = update.effective_chat
    assert chat is not None

    def both(session: Session) -> tuple[Digest | None, Watch]:
        row = subscribers.get_subscriber(session, chat.id)
        return load(session), Watch(tuple(subscribers.watch_of(row)))

    return both


def section_command(section: str) -> Callable[[Update, Callback], Awaitable[None]]:
    """The handler of a reader section's command (/strikes, /figures ...): that section of the
    latest digest."""

    async def show_section(update: Update, context: Callback) -> None:
        current = today(context)
        latest_one = _watch_and(update, lambda session: digests.latest_digest(session, current))
        digest, watch = await reading_session(context, latest_one)
        if digest is None:
            await _no_digest_yet(update, context)
            return
        messages = render_section(digest, section, watch=watch)
        await send(update, messages, section_keyboard(digest.day))

    show_section.__name__ = section
    show_section.__doc__ = f"/{section}: that part of the latest digest."
    return show_section


async def digest_of_day(update: Update, context: Callback) -> None:
    """/digest YYYY-MM-DD: a past day's digest, or a one-line answer saying why not."""
    day = day_argument(context, "digest")  # a malformed day is a BadDay, answered as such
    if day is None:
        await send(update, f"Which day? Use YYYY-MM-DD, e.g. /digest {today(context)}")
        return
    one_day = _watch_and(update, lambda session: digests.load_digest(session, day))
    digest, watch = await reading_session(context, one_day)
    if digest is None:
        await send(update, f"No digest for {long_day(day)}. /latest shows the most recent one.")
        return
    await send(update, render_digest(digest, watch=watch), section_keyboard(day))


def _iso_day(text: str) -> date | None:
    try:
        return parse_day(text)
    except ValueError:
        return None  # a button from an older version of the bot


async def section_button(update: Update, context: Callback) -> None:
    """A section button: show that section in place of the message, not as a new one."""
    query = update.callback_query
    assert query is not None and query.data is not None
    day_text, _, section = query.data.removeprefix(SHOW_PREFIX).partition(":")
    day = _iso_day(day_text)
    digest, watch = None, Watch()
    if day is not None and section in READER_SECTIONS:
        one_day = _watch_and(update, lambda session: digests.load_digest(session, day))
        digest, watch = await reading_session(context, one_day)
    if digest is None:
        await query.answer("That digest is no longer available.")
        return
    await query.answer()
    first, *rest = render_section(digest, section, watch=watch)
    await edit_in_place(query, first, section_keyboard(day))
    if rest:
        await send(update, rest)
