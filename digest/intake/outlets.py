"""The outlet name a reader sees beside every digest item, made from what a page states.

Pages name themselves badly: "Reuters_Co_Uk" (a host name turned into words), a slogan
("The Tico Times | Costa Rica News | Travel"), "Copyright (c) CondéNet 2015", a bare
year or date, a Twitter handle, a bare host name. The site's own name is kept when it is
a name; otherwise the page's registrable domain is made readable (uk.reuters.com ->
"Reuters"), and only when neither exists the caller's fallback (a feed's configured
name wins before this is asked; a file name is the last resort).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import tld

_COPYRIGHT = re.compile(r"(?:copyright\b|\(c\)|©|all rights reserved\.?)", re.IGNORECASE)
_YEARS = re.compile(r"\b(?:19|20)\d{2}\b")
_NOT_A_NAME = re.compile(r"[\d\W_]*|@\w+|\w+_\w+(?:_\w+)*|https?://\S*", re.UNICODE)
"""A date or number, a handle, words joined by underscores (a host name), an address."""
_HOST = re.compile(r"(?:[\w-]+\.)+[a-z]{2,}", re.IGNORECASE)
_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s*:\s+")
MAX_NAME_WORDS = 4
SHORT_LABEL = 4
"""A domain label this short is an acronym when written out: kbs -> KBS, jis -> JIS."""


def _readable(label: str) -> str:
    """A domain's name part as a reader writes it: "jamaica-gleaner" -> "Jamaica Gleaner"."""
    if label != label.lower():
        return label  # the site wrote its own casing: "24Horas"
    words = [word for word in re.split(r"[-_]", label) if word]
    if len(words) == 1 and len(label) <= SHORT_LABEL and label.isalpha():
        return label.upper()
    return " ".join(word.capitalize() for word in words)


def _domain_name(host_or_url: str, written: str = "") -> str | None:
    """The registrable domain's name, readable; in the casing of `written` if it has one."""
    found = tld.get_tld(host_or_url, fix_protocol=True, fail_silently=True, as_object=True)
    if found is None or not getattr(found, "domain", ""):
        return None
    label = str(found.domain)
    start = written.lower().find(label)
    cased = written[start : start + len(label)] if start >= 0 else label
    return _readable(cased if not cased.isupper() else label)


def _site_name(site: str) -> str | None:
    """The site's own name without copyright words, years and slogans; None if it is none."""
    name = " ".join(_YEARS.sub(" ", _COPYRIGHT.sub(" ", site)).split()).strip(" .,-|")
    if name.lower().startswith(("http://", "https://")) or _HOST.fullmatch(name):
        return _domain_name(name, written=name)  # "www.kas.de", "24Horas.cl"
    if not name or _NOT_A_NAME.fullmatch(name):
        return None
    if len(name.split()) > MAX_NAME_WORDS:
        first = _SEPARATOR.split(name, maxsplit=1)[0].strip()
        if first != name and len(first.split()) <= MAX_NAME_WORDS:
            return first
    return name


def outlet_name(site: str | None, url: str | None, fallback: str) -> str:
    """What the digest calls the outlet of a page that says `site` and lives at `url`."""
    if site and (name := _site_name(site)):
        return name
    if url and urlsplit(url).hostname and (name := _domain_name(url)):
        return name
    return fallback
