"""/watch and /unwatch: the places and words whose lines a chat's digest shows first.

Only a subscribed chat keeps terms (they shape its daily digest and its /latest); in a group
or a channel only its administrators change them, as with /settings.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from sqlmodel import Session
from telegram import Update

from bot.telegram.handlers.common import Callback, in_session, managers_only, send
from digest.watch import MAX_TERMS, BadTerm, merged, split_terms, without
from storage import subscribers

USAGE = (
    "<b>Watch places and words</b>\n"
    "/watch Kharkiv — lines that mention it come first in each section, marked 🔎\n"
    "/watch Kharkiv, Zaporizhzhia NPP — several at once, separated by commas\n"
    "/watch Одес* — any ending: Одеса, Одесі, Одесу\n"
    "/watch list — what this chat watches\n"
    "/unwatch Kharkiv — stop watching it; /unwatch all — stop them all\n"
    f"Up to {MAX_TERMS} terms, whole words, any case and accents."
)
NOT_SUBSCRIBED = "Subscribe first (/subscribe): watched words shape this chat's digest."


def _listing(terms: list[str]) -> str:
    if not terms:
        return "This chat watches nothing yet. /watch Kharkiv to start."
    shown = ", ".join(html.escape(term) for term in terms)
    return f"Watching ({len(terms)}/{MAX_TERMS}): {shown}."


def _arguments(update: Update) -> str:
    """The text after the command, commas kept (context.args splits on them)."""
    message = update.effective_message
    parts = (message.text or "").split(maxsplit=1) if message else []
    return parts[1] if len(parts) > 1 else ""


def _change(update: Update, adding: bool) -> Callable[[Session], str]:
    """The transaction of one /watch or /unwatch, giving its answer."""
    chat = update.effective_chat
    assert chat is not None
    typed = split_terms(_arguments(update))

    def change(session: Session) -> str:
        row = subscribers.get_subscriber(session, chat.id)
        if row is None or not row.active:
            return NOT_SUBSCRIBED
        current = subscribers.watch_of(row)
        if not typed:
            return f"{USAGE}\n\n{_listing(current)}"
        if typed == ["list"]:
            return _listing(current)
        if not adding and typed == ["all"]:
            subscribers.set_watch(session, row, [])
            return "Stopped watching everything." if current else _listing([])
        try:
            terms, changed = merged(current, typed) if adding else without(current, typed)
        except BadTerm as error:
            return html.escape(str(error))
        subscribers.set_watch(session, row, terms)
        if not changed:
            verb = "Already watching" if adding else "Not watching"
            return f"{verb} that. {_listing(terms)}"
        verb = "Now watching" if adding else "Stopped watching"
        return f"{verb}: {html.escape(', '.join(changed))}. {_listing(terms)}"

    return change


@managers_only
async def watch(update: Update, context: Callback) -> None:
    """/watch TERM[, TERM…] adds, /watch list lists, /watch alone explains."""
    await send(update, await in_session(context, _change(update, adding=True)))


@managers_only
async def unwatch(update: Update, context: Callback) -> None:
    """/unwatch TERM[, TERM…] removes, /unwatch all clears."""
    await send(update, await in_session(context, _change(update, adding=False)))
