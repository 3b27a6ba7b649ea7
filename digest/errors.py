"""Every exception digestbot raises on purpose, in one tree.

Each one's message is a single line a person can act on; the command line and the
Telegram bot each translate the tree in one place (`bot.cli.main`, and the error handler
in `bot.telegram.handlers.errors`). Anything outside the tree is a bug: it is logged with
its traceback and reported to the administrators.

    DigestbotError
    ├── UserError               the user can fix it: a setting, an argument, a missing step
    │   ├── ConfigError         a setting is missing or malformed (exit 2)
    │   │   └── FeedsFileError  the feeds file or an OPML file is missing or malformed
    │   ├── StorageError        the database cannot be opened or upgraded (exit 2)
    │   ├── BadDay              a command's date is not YYYY-MM-DD
    │   ├── NothingToBuild      the day has no articles
    │   ├── NoDigest            there is no digest to push for that day
    │   └── PushRunning         this process is pushing that digest already
    ├── InputError              one input is refused; the others go on
    │   ├── Rejected            a file, record, feed or entry that cannot become an article
    │   │   └── DateProblem     a stated date that cannot be right
    │   └── FetchError          a download failed (HTTP error, too large, too slow ...)
    └── DeliveryError           one message could not be delivered now
        ├── ChatGone            the chat blocked the bot, was deleted or removed it
        ├── ChatMoved           the group became a supergroup with a new id
        ├── FloodWait           Telegram asked to wait (429)
        ├── SendRetryable       a network error, timeout or 5xx: try again soon
        └── SendFailed          refused for another reason; a later push retries it

Those that stand for a built-in kind of error also derive from it (Rejected is a
ValueError, NoDigest a LookupError), so generic code that catches those still works.
"""

from __future__ import annotations


class DigestbotError(Exception):
    """The root of the tree."""


class UserError(DigestbotError):
    """Something the user can fix; the message is the whole answer."""

    exit_code = 1


class ConfigError(UserError):
    """A setting is missing or malformed; the message names the variable."""

    exit_code = 2


class FeedsFileError(ConfigError):
    """The feeds file (or an OPML file) is missing or malformed."""


class StorageError(UserError):
    """The database cannot be opened or upgraded; the message says what to do."""

    exit_code = 2


class BadDay(UserError, ValueError):
    """A command's date argument is malformed; the message is the one-line answer."""


class NothingToBuild(UserError, LookupError):
    """The day has no articles, so there is no digest to make."""


class NoDigest(UserError, LookupError):
    """There is no digest to push for the day asked (or none at all)."""


class PushRunning(UserError):
    """This process is pushing that digest already; a second push would double the rate."""


class InputError(DigestbotError):
    """One input (a file, a record, a feed, a page) is refused; the others go on."""


class Rejected(InputError, ValueError):
    """The input cannot become an article; the message is the reason shown to the user."""


class DateProblem(Rejected):
    """A stated date that cannot be right (no such day, or in the future)."""


class FetchError(InputError):
    """A download failed; the message says why in one line."""


class DeliveryError(DigestbotError):
    """One message could not be delivered now."""


class ChatGone(DeliveryError):
    """The chat blocked the bot, was deleted or removed it: never send there again."""


class ChatMoved(DeliveryError):
    """The group became a supergroup: its subscription and messages move to `new_chat_id`."""

    def __init__(self, message: str, new_chat_id: int) -> None:
        super().__init__(message)
        self.new_chat_id = new_chat_id


class FloodWait(DeliveryError):
    """Telegram's flood control answered 429; every send has been paused `seconds`."""

    def __init__(self, message: str, seconds: float) -> None:
        super().__init__(message)
        self.seconds = seconds


class SendRetryable(DeliveryError):
    """A network error, a timeout or a 5xx: the same message may go through soon."""


class SendFailed(DeliveryError):
    """A message could not be sent in this push; a later push retries it."""
