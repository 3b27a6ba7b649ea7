"""Place names in war reporting, found by pattern rather than by gazetteer.

News names the place of a strike right after a preposition or an attack verb
("in Khan Younis", "on Russia's Rostov region", "hammered Kyiv"), so a
capitalised phrase in that position is the main signal; it works for towns of
wars no list has seen. A few small built-in lists only clean the result
(weekdays, titles, demonyms) and resolve "the Ukrainian capital" to a name.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from babel import Locale

from digest.memo import per_text

_NOT_COUNTRIES = frozenset(
    {"European Union", "Eurozone", "United Nations", "Unknown Region", "Outlying Oceania",
     "Pseudo-Accents", "Pseudo-Bidi"}
)  # fmt: skip
COUNTRIES = frozenset(
    name
    for code, name in Locale("en").territories.items()
    if len(code) == 2 and code.isalpha() and name not in _NOT_COUNTRIES
) | {"Burma", "Congo", "DRC", "Ivory Coast", "Myanmar", "Turkey"}
"""Country names (Babel's English names of every territory, and the short forms news uses):
a place that is only a country is less precise than a town or region, and "Cameroon's
North-West region" is a region, not a place in Cameroon that every event there shares."""

_CAPITALS = {
    "Ukraine": "Kyiv", "Ukrainian": "Kyiv", "Russia": "Moscow", "Russian": "Moscow",
    "Iran": "Tehran", "Iranian": "Tehran", "Sudan": "Khartoum", "Sudanese": "Khartoum",
    "Lebanon": "Beirut", "Lebanese": "Beirut", "Syria": "Damascus", "Syrian": "Damascus",
    "Yemen": "Sanaa", "Yemeni": "Sanaa", "Iraq": "Baghdad", "Iraqi": "Baghdad",
    "Congo": "Kinshasa", "Congolese": "Kinshasa", "DRC": "Kinshasa",
}  # fmt: skip
"""Resolves "the Ukrainian capital" / "Ukraine's capital" when no name follows."""

_DEMONYMS = frozenset(
    {
        "American", "Arab", "British", "Chinese", "Congolese", "Crimean", "European", "French",
        "German", "Houthi", "Iranian", "Iraqi", "Israeli", "Lebanese", "Palestinian", "Polish",
        "Russian", "Rwandan", "Sudanese", "Syrian", "Turkish", "Ukrainian", "Western", "Yemeni",
    }
)  # fmt: skip
"""Adjectives that follow "on"/"in" ("on Russian targets") but are not places."""
_NATIONAL = re.compile(
    r"([A-Z][a-z]+)[ \t]+(?=(?:town|city|village|port|border|frontier|side|coast|region|province"
    r"|district)\b)"
)
_NATIONAL_ENDINGS = ("ian", "ean", "ese", "ish")
"""A nation's adjective before a kind of place ("the Ethiopian town of Adigrat", "the
Eritrean side") is no place: the place is what follows, if anything."""

_DATES = frozenset(
    {
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun",
        "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    }
)  # fmt: skip
"""A phrase holding a day or month is a date ("on Palm Sunday", "in Early November")."""

_ENDS_PLACE = frozenset(
    {
        "Telegram", "X", "Facebook",
        "Instagram", "Truth", "Twitter", "YouTube", "Reuters", "AP", "AFP", "CNN", "BBC",
        "President", "Prime", "Minister", "Mayor", "Governor", "Mr", "Mrs", "Ms", "Dr",
        "General", "Gen", "Secretary", "Christmas", "Easter", "Ramadan", "Eid", "UN", "NATO",
        "EU", "The", "A", "An",
    }
)  # fmt: skip
"""Capitalised words that end a place phrase: "Kyiv Mayor Vitali Klitschko" is "Kyiv"."""

_INSTITUTIONS = frozenset(
    {
        "Administration", "Agency", "Army", "Committee", "Congress", "Council", "Defence",
        "Defense", "Emergency", "Forces", "Foreign", "Government", "Health", "Hospital",
        "Interior", "Kremlin", "Military", "Ministry", "News", "Office", "Parliament", "Party",
        "Pentagon", "Police", "Post", "Security", "Senate", "Service", "Times", "University",
        "White",
    }
)  # fmt: skip
"""Words that make a phrase an institution ("Nasser Hospital"), not the place of a strike."""

_WORD = r"[A-Z][\w]*(?:['’](?!s\b)[A-Za-z]\w*)?(?:-[A-Za-z]\w*)*"
_LINK = r"(?:(?:al|el|ad|as|ash|an|ar|at|de|del|di|du|la|le)-|(?:al|el|de|del|of)\s)?"
_PHRASE = rf"{_WORD}(?:[ \t]+{_LINK}{_WORD}){{0,3}}"
_SUFFIXES = ("region", "oblast", "province", "governorate", "state", "district", "county", "area")
_SUFFIX = rf"(?:[ \t]+(?:{'|'.join(_SUFFIXES)})\b)?"

_TRIGGER_WORDS = (
    r"\b(?:in|on|near|over|across|around|outside|at|into|towards?|against|struck|hit|hits|"
    r"hammered|attacked|attacking|targeted|targeting|shelled|bombed|pounded|raided|"
    r"(?:city|town|village|region|province|outskirts|suburbs?|district|port|centre|center|"
    r"heart|edges?|fringes?|entrance|shelling|bombardment|bombing|siege|capture) of)\s+"
)
_TRIGGER = re.compile(rf"(?i:{_TRIGGER_WORDS})")
_LOWER_TRIGGER = re.compile(_TRIGGER_WORDS)
"""`_TRIGGER` for lower-cased ASCII text, where it finds the same spans: Python's `re` scans
for a case-sensitive pattern about four times faster, and this scan was most of the cost of
`find_places`."""
_ATTACK_BEFORE = re.compile(
    r"(?i:\b(?:attacks?|strikes?|airstrikes?|assaults?|raids?|shelling|bombardment|barrage|"
    r"bombing|offensive|siege|capture))\s*$"
)
_ATTACK_VERB = re.compile(
    r"(?i:struck|hit|hammer|attack|shell|bomb|pound|raid|target|siege|capture)"
)
_THE = re.compile(r"(?:the|The)\s+")
_OWNER = re.compile(rf"({_PHRASE})['’]s\s+")
_MODIFIERS = re.compile(
    r"(?:(?:southern|northern|eastern|western|central|north-?eastern|north-?western|"
    r"south-?eastern|south-?western|occupied|besieged|downtown|frontline|front-line|border|"
    r"embattled|coastal|port|city|town|village)\s+(?:of\s+)?)*"
)
_CAPITAL = re.compile(rf"(?:({_WORD})\s+)?capital\b(?:,?\s+({_PHRASE}))?")
_NAME = re.compile(rf"{_PHRASE}{_SUFFIX}")
_DATELINE = re.compile(r"\s*([A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+)*)\s*(?:,[^—–\n]{0,40})?\s*[—–(]")


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in a sentence; `event` is true when it follows an attack word."""

    start: int
    end: int
    name: str
    event: bool


def _clean(phrase: str) -> str | None:
    """Cut the phrase at the first non-place word; None when nothing place-like remains."""
    kept: list[str] = []
    for word in phrase.split():
        if word in _INSTITUTIONS or word in _DATES:
            return None
        if word.isupper() and len(word) > 1 and word not in COUNTRIES:
            return None  # "ADF rebels", "RSF fighters", "M23": armed groups, not places
        if word in _ENDS_PLACE:
            break
        kept.append(word)
    if not kept or (kept[0] in _DEMONYMS and all(word in _SUFFIXES for word in kept[1:])):
        return None  # "Russian", "Russian regions"
    if kept[-1] in {"of", "al", "el"}:
        kept.pop()
    return " ".join(kept) or None


def _place_at(text: str, pos: int) -> tuple[str | None, int]:
    """The place phrase starting at `pos` (after a trigger word) and where it ends."""
    the = _THE.match(text, pos)
    if the:
        pos = the.end()
    owner: str | None = None
    possessive = _OWNER.match(text, pos)
    if possessive:
        owner = _clean(possessive.group(1))
        pos = possessive.end()
    national = _NATIONAL.match(text, pos)
    if national and _is_national(national.group(1)):
        pos = national.end()
    modifiers = _MODIFIERS.match(text, pos)  # always matches, maybe nothing
    pos = modifiers.end() if modifiers else pos
    capital = _CAPITAL.match(text, pos)
    if capital:
        if capital.group(2):
            return _clean(capital.group(2)), capital.end()
        return _CAPITALS.get(capital.group(1) or owner or ""), capital.end()
    name = _NAME.match(text, pos)
    if name is None:
        return owner, pos
    cleaned = _clean(name.group(0))
    if cleaned is None or (owner is not None and owner not in COUNTRIES):
        return owner, name.end()  # "Kyiv's Darnytskyi district" is a place in Kyiv
    return cleaned, name.end()


def _is_national(word: str) -> bool:
    return word in _DEMONYMS or (word.endswith(_NATIONAL_ENDINGS) and word not in COUNTRIES)


_ROAD_AFTER = re.compile(r"[ \t]+(?:road|highway|motorway|expressway)\b")


@per_text
def find_places(text: str) -> tuple[PlaceMention, ...]:
    """Every place named after a preposition or attack verb, in text order."""
    mentions: list[PlaceMention] = []
    lowered = text.lower() if text.isascii() else None  # ASCII keeps every position
    triggers = _TRIGGER.finditer(text) if lowered is None else _LOWER_TRIGGER.finditer(lowered)
    for trigger in triggers:
        name, end = _place_at(text, trigger.end())
        if name is None or _ROAD_AFTER.match(text, end):
            continue  # "on the Mucojo road": a road, not the place of the event
        event = bool(
            _ATTACK_VERB.match(trigger.group(0))
            or _ATTACK_BEFORE.search(text, max(0, trigger.start() - 30), trigger.start())
        )
        mentions.append(PlaceMention(trigger.start(), end, name, event))
    return tuple(mentions)


def dateline_place(text: str) -> str | None:
    """The city of an opening dateline such as "KYIV, Ukraine —", in normal case."""
    match = _DATELINE.match(text)
    if not match or len(match.group(1)) < 3:
        return None
    return _clean(match.group(1).title())


def is_country(name: str | None) -> bool:
    """True when the place is a whole country (a weaker place than a town or region)."""
    return name in COUNTRIES


_ALIASES = {"kiev": "kyiv", "odessa": "odesa", "kharkov": "kharkiv", "oblast": "region"}
_GENERIC = frozenset({"area", "neighbourhood", "neighborhood", "quarter", "suburb", "outskirts"})
"""Trailing words that name no other place: "the Mugunga area" is Mugunga."""


_DOUBLED = re.compile(r"(\w)\1")
"""A doubled letter, written single by other outlets: Nassir and Nasir, Fangaak and Fangak."""


def place_key(name: str | None) -> str | None:
    """A comparison key: case, accents (Tibú, Tibu), doubled letters, "the", oblast/region and
    old spellings do not matter."""
    if name is None:
        return None
    folded = unicodedata.normalize("NFKD", name.replace("’", "'").lower())
    words = "".join(char for char in folded if not unicodedata.combining(char)).split()
    if words and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and words[-1] in _GENERIC:
        words = words[:-1]
    return _DOUBLED.sub(r"\1", " ".join(_ALIASES.get(word, word) for word in words))


SPELLING_LENGTH = 5
"""Shortest place key that another one letter apart is taken to spell (Urgun and Orgun,
Dasht-e-Barchi and Dasht-i-Barchi, Herir and Harir); shorter ones are distinct places
(Beni and Bunia are two towns of one province)."""


def _one_letter_variants(key: str) -> set[str]:
    """The key and every string one deletion away: two keys one letter apart (a letter
    changed, added or dropped) share one of them."""
    return {key} | {key[:at] + key[at + 1 :] for at in range(len(key))}


def _one_apart(first: str, second: str) -> bool:
    """True when one letter changed, added or dropped turns one string into the other (two
    strings sharing a deletion may be two edits apart: "abxcd", "abcyd")."""
    if len(first) > len(second):
        first, second = second, first
    if len(second) - len(first) > 1:
        return False
    pairs = enumerate(zip(first, second, strict=False))
    start = next((at for at, (a, b) in pairs if a != b), len(first))
    if len(first) == len(second):
        return first[start + 1 :] == second[start + 1 :]
    return first[start:] == second[start + 1 :]


def spelling_variants(counts: Counter[str]) -> dict[str, str]:
    """Place key -> the key it is a variant spelling of: keys of `SPELLING_LENGTH` letters or
    more, one letter apart (spaces and hyphens aside), go to the most-named of them, so a
    day's transliterations name one place. Near-linear: keys meet through their deletions."""
    canonical: dict[str, str] = {}
    index: dict[str, tuple[str, str]] = {}  # deletion -> (key, key without spaces and hyphens)
    for key in sorted(counts, key=lambda key: (-counts[key], key)):
        squeezed = key.replace(" ", "").replace("-", "")
        if len(squeezed) < SPELLING_LENGTH:
            continue
        variants = _one_letter_variants(squeezed)
        known = next(
            (
                index[variant][0]
                for variant in sorted(variants)
                if variant in index and _one_apart(index[variant][1], squeezed)
            ),
            None,
        )
        if known is not None:
            canonical[key] = known
            continue
        for variant in variants:
            index.setdefault(variant, (key, squeezed))
    return canonical


_CAPITALISED = re.compile(rf"{_WORD}(?:['’]s)?(?:[ \t]+{_WORD}(?:['’]s)?)*")
_POSSESSIVE = re.compile(r"['’]s$")


DAY_PLACE_MENTIONS = 2
"""How often the day's sentences must name a place after a preposition for `day_places`:
a phrase read as a place once may be a person or a group named after "on" or "at"."""


def day_places(texts: Iterable[str]) -> frozenset[str]:
    """The town and region names (not countries) the day's sentences give as places
    `DAY_PLACE_MENTIONS` times or more: once "Kobani" is a place of the day's news, "the
    Kobani toll" names it too."""
    counts = Counter(
        place.name
        for text in texts
        for place in find_places(text)
        if not is_country(place.name) and place_key(place.name)
    )
    return frozenset(name for name, count in counts.items() if count >= DAY_PLACE_MENTIONS)


def named_places(text: str, names: frozenset[str]) -> frozenset[str]:
    """The keys of the `names` (`day_places`) a sentence names anywhere, in a run of
    capitalised words ("The Kobani toll", "Kobani's market"), not only after a preposition."""
    found = set()
    for run in _CAPITALISED.findall(text):
        words = [_POSSESSIVE.sub("", word) for word in run.split()]
        for size in (3, 2, 1):
            for start in range(len(words) - size + 1):
                name = " ".join(words[start : start + size])
                if name in names and (key := place_key(name)):
                    found.add(key)
    return frozenset(found)
