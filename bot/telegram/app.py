"""The Telegram application: every command and button in one list, built in one place.

The command menu users see is set from the same list at start, so it always matches: once
per language, so a Ukrainian client shows Ukrainian descriptions.
"""

from __future__ import annotations

import gc
import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from telegram import BotCommandScopeChat, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    filters,
)

from bot.i18n import LANGUAGES, N_, Translator, translator
from bot.logs import configure_logging
from bot.services import Context
from bot.settings import Settings
from bot.telegram.client import reaching_telegram, require_token, sending_request
from bot.telegram.handlers import (
    admin,
    channels,
    info,
    language,
    reading,
    settings,
    subscription,
    watch,
)
from bot.telegram.handlers.common import CONTEXT_KEY, Callback
from bot.telegram.handlers.errors import on_error
from bot.telegram.jobs import install_jobs
from bot.telegram.pacing import Coalescing, PacedLimiter
from digest.sections import READABLE

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Command:
    """A slash command: its name, its line in the menu and in /help (English, a msgid of the
    catalogs), its handler."""

    name: str
    description: str
    callback: Callable[[Update, Callback], Awaitable[None]]
    aliases: tuple[str, ...] = ()


READER_COMMANDS = (
    Command("start", N_("What this bot sends, and when"), subscription.start),
    Command("subscribe", N_("Receive the digest every morning"), subscription.subscribe),
    Command("unsubscribe", N_("Stop the digest (also /stop)"), subscription.unsubscribe, ("stop",)),
    Command("latest", N_("The latest digest"), reading.latest),
    *(
        Command(section.name, section.command_description, reading.section_command(section.name))
        for section in READABLE
    ),
    Command("digest", N_("A past day, e.g. /digest 2025-11-29"), reading.digest_of_day),
    Command("settings", N_("Choose sections and delivery hour"), settings.show),
    Command("watch", N_("Put places and words first: /watch Kharkiv"), watch.watch),
    Command("unwatch", N_("Stop watching: /unwatch Kharkiv"), watch.unwatch),
    Command("language", N_("The bot's language: English, Українська"), language.show),
    Command("sources", N_("Where the news comes from"), info.sources),
    Command("channel", N_("Post the digest in your channel: /channel add @name"), channels.channel),
)
ADMIN_COMMANDS = (
    Command("build", N_("Build a day's digest now: /build [YYYY-MM-DD]"), admin.build),
    Command("push", N_("Send a digest to subscribers now: /push [YYYY-MM-DD]"), admin.push),
    Command("fetch", N_("Poll the feeds now"), admin.fetch),
    Command("stats", N_("Subscribers, articles, last build and delivery"), admin.stats),
)
HELP_DESCRIPTION = N_("All commands, briefly")
NEW_MESSAGES = filters.UpdateType.MESSAGE
"""Commands come from new messages only: an old message edited into /unsubscribe is not one."""
NEW_POSTS = NEW_MESSAGES | filters.UpdateType.CHANNEL_POST
"""Where reader commands come from: also new posts in a channel (only its admins post)."""
ADMIN_MENUS_KEY = "admin menus set"
UPDATES_AT_ONCE = 64
"""Updates handled concurrently: one slow reader (a long /latest) never holds up another."""


def _listing(title: str, commands: tuple[Command, ...], tr: Translator) -> str:
    lines = (f"/{c.name} — {tr.gettext(c.description)}" for c in commands)
    return "\n".join([f"<b>{title}</b>", *lines])


def help_text(tr: Translator, admin: bool) -> str:
    """/help in the language of `tr`; with the administrators' commands for them."""
    reader = _listing(tr.gettext("Commands"), READER_COMMANDS, tr)
    reader += f"\n/help — {tr.gettext(HELP_DESCRIPTION)}"
    if not admin:
        return reader
    admins = _listing(tr.gettext("For administrators"), ADMIN_COMMANDS, tr)
    return f"{reader}\n\n{admins}"


def build_application(context: Context) -> Application:  # type: ignore[type-arg]
    """The bot, with its handlers, error handler and command menu, ready to run or test."""
    help_command = Command("help", HELP_DESCRIPTION, info.help_command(help_text))
    menu = (*READER_COMMANDS, help_command)
    default_language = context.settings.interface_language
    admin_ids = context.settings.admin_ids
    # Each menu is set in the default language for every client, then in each other
    # language for the clients set to it.
    languages = (None, *(code for code in LANGUAGES if code != default_language))

    def listing(commands: tuple[Command, ...], code: str | None) -> list[tuple[str, str]]:
        tr = translator(code or default_language)
        return [(c.name, tr.gettext(c.description)) for c in commands]

    async def set_admin_menu(bot: Any, admin_id: int) -> bool:
        """The admin commands in this admin's menu only; False while Telegram does not know
        the chat (an admin who has not started the bot yet)."""
        scope = BotCommandScopeChat(admin_id)
        try:
            for code in languages:
                commands = listing((*menu, *ADMIN_COMMANDS), code)
                await bot.set_my_commands(commands, scope=scope, language_code=code)
        except TelegramError as error:
            log.info("admin %s's command menu not set yet: %s", admin_id, error)
            return False
        return True

    async def set_menu(application: Application) -> None:  # type: ignore[type-arg]
        for code in languages:
            await application.bot.set_my_commands(listing(menu, code), language_code=code)
        done = application.bot_data.setdefault(ADMIN_MENUS_KEY, set())
        for admin_id in admin_ids:
            if await set_admin_menu(application.bot, admin_id):
                done.add(admin_id)

    async def admin_menu_on_first_contact(update: Update, callback: Callback) -> None:
        """Runs before the other handlers: an admin unknown at start gets their menu now."""
        user = update.effective_user
        done = callback.bot_data.setdefault(ADMIN_MENUS_KEY, set())
        if user is None or user.id in done:
            return
        done.add(user.id)  # before the call: the admin's next message must not repeat it
        if not await set_admin_menu(callback.bot, user.id):
            done.discard(user.id)

    defaults = Defaults(
        parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)
    )
    application = (
        ApplicationBuilder()
        .token(require_token(context.settings))
        .base_url(context.settings.telegram_api_url)
        .defaults(defaults)
        .post_init(set_menu)
        .request(sending_request(context.settings))
        .rate_limiter(PacedLimiter(context.settings.rate_limit))
        .concurrent_updates(Coalescing(UPDATES_AT_ONCE, default_language))
        .build()
    )
    application.bot_data[CONTEXT_KEY] = context
    handlers: list[BaseHandler] = [  # type: ignore[type-arg]
        *(CommandHandler((c.name, *c.aliases), c.callback, NEW_POSTS) for c in menu),
        *(CommandHandler(c.name, c.callback, NEW_MESSAGES) for c in ADMIN_COMMANDS),
        CallbackQueryHandler(subscription.subscribe_button, f"^{subscription.SUBSCRIBE_DATA}$"),
        CallbackQueryHandler(reading.section_button, f"^{reading.SHOW_PREFIX}"),
        CallbackQueryHandler(settings.button, f"^{settings.SETTINGS_PREFIX}"),
        CallbackQueryHandler(language.button, f"^{language.LANGUAGE_PREFIX}"),
        ChatMemberHandler(subscription.bot_removed, ChatMemberHandler.MY_CHAT_MEMBER),
        MessageHandler(filters.StatusUpdate.MIGRATE, subscription.chat_migrated),
        MessageHandler(NEW_MESSAGES & filters.ChatType.PRIVATE & filters.TEXT, info.unknown),
    ]
    application.add_handlers(handlers)
    if admin_ids:
        first_contact = filters.User(user_id=admin_ids) & filters.ChatType.PRIVATE
        application.add_handler(
            MessageHandler(first_contact, admin_menu_on_first_contact, block=False), group=-1
        )
    application.add_error_handler(on_error)
    return application


def webhook_options(settings: Settings, webhook_url: str) -> dict[str, Any]:
    """How to receive updates at `webhook_url`: PTB's run_webhook/start_webhook arguments.

    The server listens on DIGESTBOT_WEBHOOK_LISTEN:DIGESTBOT_WEBHOOK_PORT at the URL's path;
    Telegram's secret token is checked on every request (a random one per start unless
    DIGESTBOT_WEBHOOK_SECRET is set), so only Telegram can post updates.
    """
    secret = settings.webhook_secret
    return {
        "listen": settings.webhook_listen,
        "port": settings.webhook_port,
        "url_path": urlsplit(webhook_url).path.lstrip("/"),
        "webhook_url": webhook_url,
        "secret_token": secret.get_secret_value() if secret else secrets.token_urlsafe(32),
        "allowed_updates": Update.ALL_TYPES,
    }


def run_bot(context: Context, webhook_url: str | None = None) -> None:
    """Serve until stopped (Ctrl-C, SIGTERM): long polling, or a webhook at `webhook_url`,
    with the scheduled jobs (feeds, the daily digest, deliveries) running beside."""
    settings = context.settings
    configure_logging(
        secret.get_secret_value()
        for secret in (settings.telegram_token, settings.webhook_secret)
        if secret is not None
    )
    application = build_application(context)
    install_jobs(application)
    # What the imports and the set-up made lives as long as the process: kept out of the
    # garbage collector's scans, each full collection no longer walks ~185,000 objects
    # (about 100 ms with the bot's event loop stopped, a reader's answer waiting meanwhile).
    gc.freeze()
    with reaching_telegram(settings):
        if webhook_url is None:
            application.run_polling(allowed_updates=Update.ALL_TYPES)
        else:
            application.run_webhook(**webhook_options(settings, webhook_url))
