"""The digest pipeline: a day's articles in, that day's Digest out (pure, no I/O).

Split into sentences, classify the ones that could stand alone in a digest, choose each
section's sentences (`digest.summarize`) and pull the key figures from every sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from digest.classify import classifier_for
from digest.figures import extract_figures
from digest.models import Article, Digest, DigestItem, Event, SectionName, Signature
from digest.options import DigestOptions
from digest.sentences import split_article
from digest.summarize import Candidate, candidates, previous_facts, summarize_sections

__all__ = ["DigestOptions", "build_digest"]


def build_digest(
    day: date,
    articles: Sequence[Article],
    history: Sequence[Event] = (),
    *,
    options: DigestOptions | None = None,
) -> Digest:
    """The digest of `day` from its articles, holding back what the events of earlier days
    (`history`) already said.

    Only sentences that could appear in a digest are classified, and word-for-word copies
    once: the classifier's cost then follows distinct sentences, not reprints.
    """
    options = options or DigestOptions()
    sentences = [sentence for article in articles for sentence in split_article(article)]
    classifier = classifier_for(options.sections)
    by_section: dict[SectionName, list[Candidate]] = {}
    for candidate in candidates(sentences, day):
        by_section.setdefault(classifier.score(candidate.sentence.text).section, []).append(
            candidate
        )
    held_back = previous_facts(text for event in history for text in event.items)
    sections = summarize_sections(by_section, held_back, options)
    return Digest(
        day=day,
        articles=len(articles),
        sections=sections,
        figures=extract_figures(sentences),
        events=_shown_items_as_events(day, sections),
    )


def _shown_items_as_events(day: date, sections: dict[SectionName, list[DigestItem]]) -> list[Event]:
    """Each shown item as an event of its own: a stand-in, until events are grouped, that
    lets later days hold back what this one showed (as the previous digest did before)."""
    return [
        Event(day, section, Signature(), item.sources, [item.text], shown=True)
        for section, items in sections.items()
        for item in items
    ]
