"""The one list of the digest's sections, from which titles, commands, choices and keyboards derive.

Adding a section means adding it to `REGISTRY`, giving it cues in `digest/data/section_cues.tsv`
and labeled sentences in `tests/data/`; the classifier, the digest, the Telegram commands and
keyboards, the CLI's choices and the stored default all follow from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from digest.texts import N_

OTHER = "other"
"""What a sentence is when no section wins; never shown."""


@dataclass(frozen=True)
class Section:
    """One thing a reader can receive: its name (command, stored choice), title and menu line.

    The title and menu line are English, marked with `N_` for the bot's catalogs: the bot
    shows them in the reader's language.

    `cues` are (weight, regex) pairs added to the shipped cues of this name, so a section
    defined outside the registry (an experiment, a test) brings its own.
    """

    name: str
    title: str
    command_description: str
    cues: tuple[tuple[float, str], ...] = ()


REGISTRY: tuple[Section, ...] = (
    Section("strikes", N_("💥 Strikes"), N_("Attacks and their toll")),
    Section("talks", N_("🤝 Talks"), N_("Negotiations, plans, envoys")),
    Section("politics", N_("🏛 Politics"), N_("Resignations, sanctions, decisions")),
)
"""The digest's sections in the order it shows them; also the classifier's tie-break order
(an attack outranks its aftermath)."""

FIGURES = Section("figures", N_("📊 Key figures"), N_("The day's key figures"))
"""The day's key numbers: chosen and shown like a section, but not classified into."""

READABLE: tuple[Section, ...] = (*REGISTRY, FIGURES)
"""What a reader can choose to receive, in the order it is shown."""


def names(sections: Iterable[Section]) -> tuple[str, ...]:
    """The names of `sections`, in their order."""
    return tuple(section.name for section in sections)


def check_sections(sections: tuple[Section, ...]) -> None:
    """Raise ValueError unless `sections` can be classified into: some, unique, not reserved."""
    if not sections:
        raise ValueError("a digest needs at least one section")
    seen: set[str] = set()
    for section in sections:
        if section.name in (OTHER, FIGURES.name):
            raise ValueError(f"section name {section.name!r} is reserved")
        if section.name in seen:
            raise ValueError(f"section {section.name!r} is listed twice")
        seen.add(section.name)
