"""Marking texts for the bot's interface catalogs.

digest/ shows English only, but some of its strings (section titles, menu lines) are what the
bot shows to readers: `N_` marks them so Babel extracts them into the catalogs, and the bot
translates them where it shows them (bot/i18n.py).
"""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 (gettext's name for it, which Babel looks for)
    """`message` unchanged: a mark for Babel, translated later with the reader's language."""
    return message
