"""/watch and /unwatch: the places and words whose lines a chat's digest shows first.

Only a subscribed chat keeps terms (they shape its daily digest and its /latest); in a group
or a channel only its administrators change them, as with /settings.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from sqlmodel import Session
from telegram import Update

from bot.i18n import N_, Translator, translator
from bot.telegram.handlers.common import Callback, chat_language, in_session, managers_only, send
from digest.watch import MAX_TERM_LENGTH, MAX_TERMS, BadTerm, merged, split_terms, without
from storage import subscribers

USAGE = N_(
    "<b>Watch places and words</b>\n"
    "/watch Kharkiv — lines that mention it come first in each section, marked 🔎\n"
    "/watch Kharkiv, Zaporizhzhia NPP — several at once, separated by commas\n"
    "/watch Одес* — any ending: Одеса, Одесі, Одесу\n"
    "/watch list — what this chat watches\n"
    "/unwatch Kharkiv — stop watching it; /unwatch all — stop them all\n"
    "Up to {limit} terms, whole words, any case and accents."
)


def _listing(terms: list[str], tr: Translator) -> str:
    if not terms:
        return tr.gettext("This chat watches nothing yet. /watch Kharkiv to start.")
    shown = ", ".join(html.escape(term) for term in terms)
    text = tr.gettext("Watching ({count}/{limit}): {terms}.")
    return text.format(count=len(terms), limit=MAX_TERMS, terms=shown)


def _refusal(error: BadTerm, tr: Translator) -> str:
    """Why a term was refused, in the chat's language (digest.watch says which case)."""
    texts = {
        BadTerm.NO_WORD: tr.gettext("“{term}” holds no word to watch."),
        BadTerm.TOO_LONG: tr.gettext("A watched term is at most {length} characters."),
        BadTerm.STAR: tr.gettext("“{term}”: a * may only end a term, as in Одес*."),
        BadTerm.TOO_MANY: tr.gettext("At most {limit} watched terms: /unwatch some first."),
    }
    term = error.term[:MAX_TERM_LENGTH]
    return html.escape(
        texts[error.reason].format(term=term, length=MAX_TERM_LENGTH, limit=MAX_TERMS)
    )


def _arguments(update: Update) -> str:
    """The text after the command, commas kept (context.args splits on them)."""
    message = update.effective_message
    parts = (message.text or "").split(maxsplit=1) if message else []
    return parts[1] if len(parts) > 1 else ""


def _change(update: Update, context: Callback, adding: bool) -> Callable[[Session], str]:
    """The transaction of one /watch or /unwatch, giving its answer."""
    chat = update.effective_chat
    assert chat is not None
    typed = split_terms(_arguments(update))

    def change(session: Session) -> str:
        row = subscribers.get_subscriber(session, chat.id)
        tr = translator(chat_language(row, update, context))
        if row is None or not row.active:
            return tr.gettext(
                "Subscribe first (/subscribe): watched words shape this chat's digest."
            )
        current = subscribers.watch_of(row)
        if not typed:
            usage = tr.gettext(USAGE).format(limit=MAX_TERMS)
            return f"{usage}\n\n{_listing(current, tr)}"
        if typed == ["list"]:
            return _listing(current, tr)
        if not adding and typed == ["all"]:
            subscribers.set_watch(session, row, [])
            if not current:
                return _listing([], tr)
            return tr.gettext("Stopped watching everything.")
        try:
            terms, changed = merged(current, typed) if adding else without(current, typed)
        except BadTerm as error:
            return _refusal(error, tr)
        subscribers.set_watch(session, row, terms)
        if not changed:
            same = (
                tr.gettext("Already watching that.") if adding else tr.gettext("Not watching that.")
            )
            return f"{same} {_listing(terms, tr)}"
        done = (
            tr.gettext("Now watching: {terms}.")
            if adding
            else tr.gettext("Stopped watching: {terms}.")
        )
        return f"{done.format(terms=html.escape(', '.join(changed)))} {_listing(terms, tr)}"

    return change


@managers_only
async def watch(update: Update, context: Callback) -> None:
    """/watch TERM[, TERM…] adds, /watch list lists, /watch alone explains."""
    await send(update, await in_session(context, _change(update, context, adding=True)))


@managers_only
async def unwatch(update: Update, context: Callback) -> None:
    """/unwatch TERM[, TERM…] removes, /unwatch all clears."""
    await send(update, await in_session(context, _change(update, context, adding=False)))
