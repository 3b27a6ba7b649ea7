"""/latest, /strikes, /talks, /politics, /figures, /digest DAY and the section buttons."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
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
    in_session,
    send,
    services,
    today,
)
from digest.intake.dates import parse_day
from digest.models import READER_SECTIONS, Digest
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


async def latest(update: Update, context: Callback) -> None:
    """The latest digest, with only the sections this chat chose."""
    chat = update.effective_chat
    assert chat is not None
    current = today(context)

    def load(session: Session) -> tuple[Digest | None, SubscriberRow | None]:
        return digests.latest_digest(session, current), subscribers.get_subscriber(session, chat.id)

    digest, row = await in_session(context, load)
    tr = translator(chat_language(row, update, context))
    if digest is None:
        await _no_digest_yet(update, context, tr)
        return
    messages = render_digest(digest, subscribers.sections_of(row), tr=tr)
    await send(update, messages, section_keyboard(digest.day, tr))


def section_command(section: str) -> Callable[[Update, Callback], Awaitable[None]]:
    """The handler of a reader section's command (/strikes, /figures ...): that section of the
    latest digest."""

    async def show_section(update: Update, context: Callback) -> None:
        current = today(context)
        digest = await in_session(context, lambda session: digests.latest_digest(session, current))
        tr = await chat_translator(update, context)
        if digest is None:
            await _no_digest_yet(update, context, tr)
            return
        await send(update, render_section(digest, section, tr=tr), section_keyboard(digest.day, tr))

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
    digest = await in_session(context, lambda session: digests.load_digest(session, day))
    if digest is None:
        text = tr.gettext("No digest for {day}. /latest shows the most recent one.")
        await send(update, text.format(day=tr.long_day(day)))
        return
    await send(update, render_digest(digest, tr=tr), section_keyboard(day, tr))


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
    digest = None
    if day is not None and section in READER_SECTIONS:
        digest = await in_session(context, lambda session: digests.load_digest(session, day))
    tr = await chat_translator(update, context)
    if digest is None:
        await query.answer(tr.gettext("That digest is no longer available."))
        return
    await query.answer()
    first, *rest = render_section(digest, section, tr=tr)
    await edit_in_place(query, first, section_keyboard(day, tr))
    if rest:
        await send(update, rest)
