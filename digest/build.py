"""The digest pipeline: a day's articles in, that day's Digest out (pure, no I/O).

Split into sentences, classify the ones that could stand alone in a digest, group them into
the day's events across outlets (`digest.stories`), leave out the events earlier days
already told, choose each section's items, one per event (`digest.summarize`), and take
the key figures from the events shown (`digest.figures`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta

from digest.classify import classifier_for
from digest.collector import collector_paused
from digest.events import TimeWords
from digest.models import Article, Digest, Event, SectionName
from digest.options import DigestOptions
from digest.sections import names
from digest.sentences import split_article
from digest.stories import Story, build_stories, main_events
from digest.summarize import Candidate, candidates, choose_sections, previous_facts, to_items
from digest.tolls import event_counts, event_figures, outdated, risen_tolls

__all__ = ["DigestOptions", "build_digest"]


def build_digest(
    day: date,
    articles: Sequence[Article],
    history: Sequence[Event] = (),
    *,
    options: DigestOptions | None = None,
) -> Digest:
    """The digest of `day` from its articles, leaving out what the events of earlier days
    (`history`, the last few days' stored events) already told.

    Only sentences that could appear in a digest are classified, and word-for-word copies
    once: the classifier's cost then follows distinct sentences, not reprints.
    """
    with collector_paused():
        return _build(day, articles, history, options or DigestOptions())


def _build(
    day: date, articles: Sequence[Article], history: Sequence[Event], options: DigestOptions
) -> Digest:
    other_languages = Counter(
        article.language
        for article in articles
        if article.language and article.language not in options.languages
    )
    read = [article for article in articles if article.language not in other_languages]
    sentences = [sentence for article in read for sentence in split_article(article)]
    classifier = classifier_for(options.sections)
    shown_sections = names(options.sections)
    pool: list[Candidate] = []
    votes: list[dict[SectionName, float]] = []
    for candidate in candidates(sentences, day):
        scored = classifier.score(candidate.sentence.text)
        if scored.section in shown_sections:
            pool.append(candidate)
            votes.append({name: scored.scores[name] for name in shown_sections})
    time = TimeWords.of(day, covered=any(event.day == day - timedelta(days=1) for event in history))
    stories, story_of = build_stories(
        [candidate.sentence for candidate in pool], votes, sentences, time, history
    )
    by_section: dict[SectionName, list[Candidate]] = {}
    leads = main_events([candidate.sentence for candidate in pool], stories, story_of)
    counts = event_counts(sentences, [candidate.copies for candidate in pool], story_of, time)
    risen = risen_tolls(counts)
    for position, (candidate, number) in enumerate(zip(pool, story_of, strict=True)):
        story, lead = stories[number], leads[position]
        if story.status == "stale" or (
            lead is not None
            and stories[lead].section != story.section
            and stories[lead].status != "stale"
        ):
            continue  # old news, or a detail of another section's event: shown under it
        candidate.story, candidate.story_outlets = number, story.outlets
        candidate.fit = story.fit[position]
        candidate.detail_of = lead
        if number in risen:
            candidate.outdated = outdated(candidate.sentence.text, risen[number], time)
        by_section.setdefault(story.section, []).append(candidate)
    shown = [event.items[0] for event in history if event.shown and event.items]
    chosen = choose_sections(by_section, previous_facts(shown), options)
    told = {
        c.story: c.sentence.text for group in chosen.values() for c in group if c.story is not None
    }
    ranked = [c.story for group in chosen.values() for c in group if c.story is not None]
    return Digest(
        day=day,
        articles=len(articles),
        sections=to_items(chosen, by_section),
        figures=event_figures(counts, stories, ranked),
        events=[
            _event(day, story, [pool[m].sentence.text for m in story.members], told.get(number))
            for number, story in enumerate(stories)
        ],
        other_languages=dict(sorted(other_languages.items())),
    )


def _event(day: date, story: Story, texts: list[str], shown: str | None) -> Event:
    """The stored form of a story; the sentence the digest showed comes first."""
    if shown is not None:
        texts = [shown, *(text for text in texts if text != shown)]
    return Event(
        day=day,
        section=story.section,
        signature=story.signature,
        outlets=len(story.outlets),
        items=texts,
        status=story.status,
        shown=shown is not None,
    )
