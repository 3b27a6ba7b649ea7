"""/latest, /strikes, /talks, /politics, /figures, /digest DAY and the section buttons."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.delivery.render import TITLES, render_digest, render_section
from bot.i18n import Translator, translator
from bot.telegram.handlers.common import (
    Callback,
    chat_language,
    chat_translator,
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
from storage.models import SubscriberRow

SHOW_PREFIX = "show:"


def section_keyboard(day: date, tr: Translator) -> InlineKeyboardMarkup:
    """Buttons that switch the message to one section of the digest of `day`."""
    buttons = [
        InlineKeyboardButton(
            tr.gettext(TITLES[section]), callback_data=f"{SHOW_PREFIX}{day}:{section}"
        )
        for section in READER_SECTIONS
    ]
    return InlineKeyboardMarkup(in_rows(buttons))


async def _no_digest_yet(update: Update, context: Callback, tr: Translator) -> None:
    settings = services(context).settings
    text = tr.gettext(
        "No digest yet. The first one arrives at {time} ({timezone}); /subscribe to receive it."
    )
    await send(
        update, text.format(time=f"{settings.digest_time:%H:%M}", timezone=settings.timezone)
    )


@dataclass(frozen=True)
class Reader:
    """How the asking chat reads: its language, its sections and its watched terms."""

    tr: Translator
    sections: list[str]
    watch: Watch


async def _for_chat(
    update: Update, context: Callback, load: Callable[[Session], Digest | None]
) -> tuple[Digest | None, Reader]:
    """`load`'s digest and the chat's way of reading it, in one transaction."""
    chat = update.effective_chat
    assert chat is not None

    def both(session: Session) -> tuple[Digest | None, SubscriberRow | None]:
        return load(session), subscribers.get_subscriber(session, chat.id)

    digest, row = await reading_session(context, both)
    tr = translator(chat_language(row, update, context))
    watch = Watch(tuple(subscribers.watch_of(row)))
    return digest, Reader(tr, subscribers.sections_of(row), watch)


async def latest(update: Update, context: Callback) -> None:
    """The latest digest, with only the sections this chat chose, its watched lines first."""
    current = today(context)
    digest, reader = await _for_chat(
        update, context, lambda session: digests.latest_digest(session, current)
    )
    tr = reader.tr
    if digest is None:
        await _no_digest_yet(update, context, tr)
        return
    messages = render_digest(digest, reader.sections, tr=tr, watch=reader.watch)
    await send(update, messages, section_keyboard(digest.day, tr))


def section_command(section: str) -> Callable[[Update, Callback], Awaitable[None]]:
    """The handler of a reader section's command (/strikes, /figures ...): that section of the
    latest digest."""

    async def show_section(update: Update, context: Callback) -> None:
        current = today(context)
        digest, reader = await _for_chat(
            update, context, lambda session: digests.latest_digest(session, current)
        )
        tr = reader.tr
        if digest is None:
            await _no_digest_yet(update, context, tr)
            return
        messages = render_section(digest, section, tr=tr, watch=reader.watch)
        await send(update, messages, section_keyboard(digest.day, tr))

    show_section.__name__ = section
    show_section.__doc__ = f"/{section}: that part of the latest digest."
    return show_section


async def digest_of_day(update: Update, context: Callback) -> None:
    """/digest YYYY-MM-DD: a past day's digest, or a one-line answer saying why not."""
    tr = await chat_translator(update, context)
    day = day_argument(context, "digest", tr)  # a malformed day is a BadDay, answered as such
    if day is None:
        text = tr.gettext("Which day? Use YYYY-MM-DD, e.g. {example}")
        await send(update, text.format(example=f"/digest {today(context)}"))
        return
    digest, reader = await _for_chat(
        update, context, lambda session: digests.load_digest(session, day)
    )
    if digest is None:
        text = tr.gettext("No digest for {day}. /latest shows the most recent one.")
        await send(update, text.format(day=tr.long_day(day)))
        return
    await send(update, render_digest(digest, tr=tr, watch=reader.watch), section_keyboard(day, tr))


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
    known = day is not None and section in READER_SECTIONS
    digest, reader = await _for_chat(
        update, context, lambda session: digests.load_digest(session, day) if known else None
    )
    tr = reader.tr
    if digest is None:
        await query.answer(tr.gettext("That digest is no longer available."))
        return
    await query.answer()
    first, *rest = render_section(digest, section, tr=tr, watch=reader.watch)
    await edit_in_place(query, first, section_keyboard(day, tr))
    if rest:
        await send(update, rest)
