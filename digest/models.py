"""Plain data that flows through the digest pipeline: articles in, a digest out.

These classes know nothing of databases or Telegram, so every step can be tested
and benchmarked on its own; `storage/` converts them to and from its tables.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from digest.sections import READABLE, REGISTRY, names

SectionName = str
"""A section's name: one of `SECTIONS`, a section defined outside the registry, or "other"."""
SECTIONS: tuple[SectionName, ...] = names(REGISTRY)
"""The sections a digest shows, in the order it shows them ("other" is never shown)."""

READER_SECTIONS: tuple[str, ...] = names(READABLE)
"""What a reader can choose to receive: the digest's sections and its key figures."""

FigureKind = Literal["killed", "wounded", "missiles", "drones"]
FIGURE_KINDS: tuple[FigureKind, ...] = ("killed", "wounded", "missiles", "drones")


@dataclass(frozen=True)
class Article:
    """One news article, already cleaned, with the day it belongs to.

    The one type from intake through storage to the build: `date_source` says where the
    day came from, `notes` what intake dropped on the way (shown, not stored), and `id`
    is set once the article is stored.
    """

    title: str
    text: str
    source: str
    day: date
    date_source: str = ""
    url: str | None = None
    published: datetime | None = None
    language: str = ""
    """ISO 639-1 code detected at intake; "" for articles stored before it was."""
    notes: tuple[str, ...] = ()
    id: int | None = None


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article; `index` is its position in the article body."""

    text: str
    article: Article
    index: int


@dataclass
class DigestItem:
    """A sentence chosen for a section, with where it came from.

    `sources` counts the outlets that reported the same fact (near-duplicates merged).
    """

    text: str
    source: str
    url: str | None = None
    article_id: int | None = None
    sources: int = 1


@dataclass
class Figure:
    """A key number of the day, always a number that stands in the source text.

    `note` says when other sources gave other numbers (the value kept is the most
    conservative one).
    """

    kind: FigureKind
    value: int
    place: str | None
    source: str
    url: str | None = None
    article_id: int | None = None
    note: str | None = None


EventStatus = Literal["new", "followup", "stale"]


@dataclass(frozen=True)
class Signature:
    """What identifies an event from one day to the next, whatever words tell it.

    `places` and `names` are comparison keys (most told first), `terms` the event's most
    distinctive stemmed words, `figures` its tolls and launch counts as (kind, value).
    """

    places: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    figures: tuple[tuple[FigureKind, int], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "places": list(self.places),
            "names": list(self.names),
            "terms": list(self.terms),
            "figures": [list(figure) for figure in self.figures],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Signature:
        return cls(
            places=tuple(data.get("places", ())),
            names=tuple(data.get("names", ())),
            terms=tuple(data.get("terms", ())),
            figures=tuple((kind, int(value)) for kind, value in data.get("figures", ())),
        )


@dataclass
class Event:
    """One happening of a day (an attack on a place, a meeting, a decision), however many
    outlets told it and in whatever words.

    `items` are the sentences that tell it, the one a digest shows first; `status` says
    whether it is new today, follows up an earlier day's event with something new, or only
    retells one (`stale`, never shown). Stored, so later days can tell what is old news.
    """

    day: date
    section: SectionName
    signature: Signature
    outlets: int
    items: list[str]
    status: EventStatus = "new"
    shown: bool = False


@dataclass
class Digest:
    """One day's digest: a few sourced sentences per section and the key figures."""

    day: date
    articles: int
    sections: dict[SectionName, list[DigestItem]] = field(
        default_factory=lambda: {name: [] for name in SECTIONS}
    )
    figures: list[Figure] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    """Every event of the day in a digest section, shown or not (not part of the JSON)."""
    other_languages: dict[str, int] = field(default_factory=dict)
    """Articles left out because the digest does not read their language, by language
    (counted at build time; not part of the JSON, not stored)."""

    def to_json(self) -> dict[str, Any]:
        """The public JSON shape printed by `digestbot show --format json`."""
        return {
            "date": self.day.isoformat(),
            "articles": self.articles,
            "sections": {
                name: [asdict(item) for item in self.sections.get(name, [])]
                for name in _shown(self.sections)
            },
            "figures": [asdict(figure) for figure in self.figures],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Digest:
        return cls(
            day=date.fromisoformat(data["date"]),
            articles=int(data["articles"]),
            sections={
                name: [DigestItem(**item) for item in data["sections"].get(name, [])]
                for name in _shown(data["sections"])
            },
            figures=[Figure(**figure) for figure in data.get("figures", [])],
        )

    def is_empty(self) -> bool:
        return not self.figures and not any(self.sections.values())


def _shown(sections: dict[str, Any]) -> tuple[SectionName, ...]:
    """The registry's sections, always, then any others a digest was built with, in order."""
    return (*SECTIONS, *(name for name in sections if name not in SECTIONS))
