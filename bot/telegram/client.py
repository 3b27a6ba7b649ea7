"""The Telegram client of the delivery: PTB's bot behind the sender's `Messenger` seam.

The sender (bot.delivery.sender) knows nothing of python-telegram-bot: it sends through a
`Messenger` and reacts to digest.errors' delivery errors. This module maps Telegram's
answers onto those errors, and makes the ready, paced bot that `digestbot push` uses.
"""

from __future__ import annotations

import warnings
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import ExtBot
from telegram.warnings import PTBUserWarning

from bot.delivery.sender import concurrency_for
from bot.services import Context
from bot.settings import ENV_PREFIX, Settings
from bot.telegram.pacing import BROADCAST, PacedLimiter, retry_after_seconds
from bot.telegram.transport import AiohttpRequest
from digest.errors import ChatGone, ChatMoved, ConfigError, FloodWait, SendFailed, SendRetryable

PacedBot = ExtBot[dict[str, bool]]
"""A bot whose sends go through bot.pacing.PacedLimiter (`rate_limit_args`: BROADCAST)."""
GONE_REASONS = (
    "chat not found",
    "user is deactivated",
    "bot was kicked",
    "have no rights",
    "need administrator rights",  # a channel that took the bot's right to post
    "not enough rights",
)
"""BadRequest texts meaning the chat is gone for good (403 Forbidden always means that)."""
NO_PREVIEW = {"is_disabled": True}
"""`link_preview_options` of every digest message: its links are sources, not previews."""


class TelegramMessenger:
    """Sends one broadcast message with PTB's bot, as the sender's `Messenger`."""

    def __init__(self, bot: PacedBot) -> None:
        self.bot = bot
        # `send` calls sendMessage through do_api_request, which PTB answers with a hint to
        # use send_message instead (a filter added again replaces itself: idempotent).
        warnings.filterwarnings("ignore", r"Please use 'Bot\.sendMessage'", PTBUserWarning)

    async def send(self, chat_id: int, text: str) -> int:
        """Send `text` (Telegram HTML) to `chat_id`; the message id, or a DeliveryError.

        Through PTB's `do_api_request`, whose raw answer gives the message id: send_message
        built a `Message` of Telegram's echo of the whole text and its entities, which
        nothing read, for each message (a tenth of a push's CPU time).
        """
        parameters = {
            "chat_id": chat_id,
            "text": text,
            "parse_mode": ParseMode.HTML,
            "link_preview_options": NO_PREVIEW,
        }
        try:  # paced by the bot's PacedLimiter, shared with the replies
            message = await self.bot.do_api_request(
                "sendMessage", parameters, rate_limit_args=BROADCAST
            )
        except ChatMigrated as error:
            raise ChatMoved(error.message, error.new_chat_id) from error
        except RetryAfter as error:  # the limiter paused every send meanwhile
            raise FloodWait(error.message, retry_after_seconds(error)) from error
        except Forbidden as error:
            raise ChatGone(error.message) from error
        except BadRequest as error:  # before NetworkError: PTB derives it from that
            if any(reason in error.message.lower() for reason in GONE_REASONS):
                raise ChatGone(error.message) from error
            raise SendFailed(error.message) from error
        except NetworkError as error:  # timeouts, refused connections, 5xx
            raise SendRetryable(error.message) from error
        except TelegramError as error:
            raise SendFailed(error.message) from error
        return int(message["message_id"])


@asynccontextmanager
async def sending_bot(context: Context) -> AsyncIterator[TelegramMessenger]:
    """A ready messenger for sending outside the running application (`digestbot push`),
    with the process's one PacedLimiter, as the application's bot has."""

    settings = context.settings
    request = sending_request(settings)
    bot = ExtBot(
        require_token(settings),
        base_url=settings.telegram_api_url,
        request=request,
        rate_limiter=PacedLimiter(settings.rate_limit),
    )
    with reaching_telegram(settings):
        await bot.initialize()
    try:
        yield TelegramMessenger(bot)
    finally:
        await bot.shutdown()


def sending_request(settings: Settings) -> AiohttpRequest:
    """The transport of a bot that broadcasts: as many connections as the sender serves
    chats at once, each call under DIGESTBOT_TELEGRAM_TIMEOUT."""
    return AiohttpRequest(concurrency_for(settings.rate_limit), settings.telegram_timeout)


def require_token(settings: Settings) -> str:
    """The bot token, or a ConfigError saying how to set it."""
    if settings.telegram_token is None:
        raise ConfigError(
            f"{ENV_PREFIX}TELEGRAM_TOKEN is not set; put the token from @BotFather there"
        )
    return settings.telegram_token.get_secret_value()


@contextmanager
def reaching_telegram(settings: Settings) -> Iterator[None]:
    """Turn a refused token or an unreachable API at start into one clear ConfigError."""
    try:
        yield
    except InvalidToken:
        raise ConfigError(f"Telegram refused {ENV_PREFIX}TELEGRAM_TOKEN; check it") from None
    except NetworkError as error:  # only at start: once running, PTB retries by itself
        url = settings.telegram_api_url
        raise ConfigError(f"cannot reach Telegram at {url}: {error.message}") from None
