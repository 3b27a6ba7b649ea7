"""A synthetic but realistic news day for the digest benchmarks, generated, never downloaded.

A day has events (strikes, talks, political decisions), each with its own place, numbers
and actors; a few events lead the news and most are minor (Zipf-like). Every article of
about 30 sentences reports some events in one of several phrasings, adds background,
opinion, pronoun-led follow-ups, local detail and a heading; some articles are wire copies
reprinted by another outlet with a changed attribution. The number of events grows with
the day, so the mix is the same at every size.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from digest.models import Article

DAY = date(2025, 11, 29)  # a Saturday

PLACES = (
    "Kyiv", "Kharkiv", "Odesa", "Dnipro", "Zaporizhzhia", "Lviv", "Sumy", "Poltava", "Kherson",
    "Mykolaiv", "Chernihiv", "Zhytomyr", "Kryvyi Rih", "Kramatorsk", "Sloviansk", "Pokrovsk",
    "Vinnytsia", "Rivne", "Ternopil", "Uzhhorod", "Cherkasy", "Kropyvnytskyi", "Bila Tserkva",
)  # fmt: skip
RUSSIAN_PLACES = ("Belgorod", "Kursk", "Bryansk", "Rostov", "Krasnodar", "Voronezh", "Tuapse")
WEAPONS = ("missiles", "drones", "glide bombs", "ballistic missiles", "Shahed drones")
WHEN = ("overnight", "on Saturday", "early on Saturday", "late on Friday", "on Saturday morning")
OFFICIALS = (
    "Governor Oleh Syniehubov", "Mayor Vitali Klitschko", "Governor Serhiy Lysak",
    "Interior Minister Ihor Klymenko", "Governor Ivan Fedorov", "Mayor Ihor Terekhov",
    "the State Emergency Service", "the regional military administration", "local officials",
)  # fmt: skip
ENVOYS = ("Steve Witkoff", "Dan Driscoll", "Rustem Umerov", "Kirill Dmitriev", "Marco Rubio")
VENUES = ("Abu Dhabi", "Geneva", "Istanbul", "Riyadh", "Miami", "Moscow", "Doha", "Berlin")
LEADERS = ("Volodymyr Zelenskyy", "Donald Trump", "Vladimir Putin", "Emmanuel Macron")
POSTS = ("defence minister", "chief of staff", "energy minister", "prosecutor general")
NAMES = ("Andrii Yermak", "Herman Halushchenko", "Svitlana Hrynchuk", "Oleksii Chernyshov")
OUTLETS = tuple(f"outlet-{n:02d}" for n in range(40))

EVENT_PHRASINGS = (
    (
        "Russian {weapon} struck {place} {when}, killing {n} and wounding {m}, {official} said.",
        "{Official} said {n} were killed and {m} hurt in a Russian attack on {place} {when}.",
        "At least {n} people died after Russian {weapon} hit {place} {when}, {official} said.",
    ),
    (
        "Power was cut to {m},000 homes in {place} after Russian {weapon} hit energy sites {when}.",
        "{Official} said {m},000 households in {place} lost electricity after a strike {when}.",
    ),
    (
        "Ukraine's air force said it shot down {n} of {m} drones that Russia launched {when}.",
        "Air defences downed {n} of the {m} drones Russia fired {when}, the air force said.",
    ),
    (
        "A Ukrainian drone attack on {ru_place} set an oil depot on fire {when}, officials said.",
        "Officials in {ru_place} said a Ukrainian drone strike {when} set fire to an oil depot.",
    ),
    (
        "{envoy} met Ukrainian negotiators in {venue} {when} to discuss the {n}-point peace plan.",
        "Ukrainian and U.S. delegations met in {venue} {when} on the {n}-point plan, {envoy} said.",
        "The talks in {venue} {when} focused on the {n}-point peace plan, according to {envoy}.",
    ),
    (
        "{leader} said {when} that the draft peace deal still had {n} unresolved points.",
        "The draft peace deal still has {n} open points, {leader} told reporters {when}.",
    ),
    (
        "The Kremlin said {when} it was studying the revised proposal delivered by {envoy}.",
        "Kremlin spokesman Dmitry Peskov said {when} Moscow was studying the plan {envoy} brought.",
    ),
    (
        "{leader} dismissed {name} as {post} {when} after an anti-corruption investigation.",
        "{name} was removed as {post} {when} following an anti-corruption probe, officials said.",
    ),
    (
        "{name} resigned as {post} {when}, days after investigators searched offices in {place}.",
        "{name} stepped down as {post} {when} after anti-corruption officers searched offices.",
    ),
    (
        "The European Union adopted its {n}th package of sanctions against Russia {when}.",
        "EU governments approved a {n}th sanctions package targeting Russian oil revenues {when}.",
    ),
)  # fmt: skip
BACKGROUND = (
    "Russia launched its full-scale invasion of Ukraine in February 2022.",
    "The war has killed tens of thousands of people and displaced millions from their homes.",
    "Analysts say the conflict could drag on for years without a diplomatic breakthrough.",
    "Many observers believe the talks might stall again as both sides remain far apart.",
    "Diplomatic efforts have so far failed to produce a lasting ceasefire.",
    "Moscow has repeatedly demanded that Kyiv give up territory it does not control.",
    "Western allies have pledged more air defence systems to protect Ukrainian cities.",
)
LOCAL_DETAIL = (
    "{Who} in {place} {did} {what} hit by Russian {weapon} {when2}, {official} said.",
    "In {place}, {who} {did} {what} damaged in the attack {when2}.",
    "{Who} {did} {what} in {place} as peace talks went on in {venue}, according to {official}.",
    "{Who} in {place} {did} {what} {when2} after the {post} ordered checks.",
    "He also said {who} in {place} {did} {what} struck by {weapon}.",
    "However, {who} in {place} {did} {what} {when2}.",
)
WHO = (
    "residents", "volunteers", "teachers", "doctors", "firefighters", "farmers", "engineers",
    "city workers", "rail staff", "students", "pensioners", "shop owners", "church groups",
    "police officers", "aid workers", "miners", "nurses", "bus drivers", "local journalists",
)  # fmt: skip
DID = (
    "repaired", "cleared", "reopened", "inspected", "evacuated", "rebuilt", "sealed off",
    "guarded", "restocked", "painted", "mapped", "surveyed", "insulated", "boarded up",
    "delivered", "collected", "unloaded", "counted", "measured", "photographed",
)  # fmt: skip
WHAT = (
    "a damaged school", "the main bridge", "a water pipeline", "two apartment blocks",
    "a hospital wing", "the central market", "a heating plant", "bomb shelters",
    "a kindergarten", "the railway depot", "a grain silo", "the old cinema", "a sports hall",
    "shattered windows", "a power line", "the city library", "a bakery", "a fire station",
    "generators", "field kitchens", "blankets and stoves", "medical supplies",
)  # fmt: skip
WHEN2 = (
    "within {n} hours", "before dawn", "by Saturday evening", "in freezing rain", "in {n} days",
    "despite new sirens", "under curfew", "with help from abroad", "for the {n}th time",
)  # fmt: skip
HEADINGS = ("Live updates", "Read more", "Analysis", "What we know so far", "Related coverage")
ATTRIBUTIONS = ((" said.", " told reporters."), (" said.", " said in a statement."))


@dataclass(frozen=True)
class Event:
    """One thing that happened, with the details every outlet reports the same."""

    phrasings: tuple[str, ...]
    details: dict[str, str | int]


def _details(rng: random.Random) -> dict[str, str | int]:
    official = rng.choice(OFFICIALS)
    who = rng.choice(WHO)
    return {
        "weapon": rng.choice(WEAPONS),
        "place": rng.choice(PLACES),
        "ru_place": rng.choice(RUSSIAN_PLACES),
        "when": rng.choice(WHEN),
        "n": rng.randint(2, 60),
        "m": rng.randint(61, 400),
        "official": official,
        "Official": official[0].upper() + official[1:],
        "envoy": rng.choice(ENVOYS),
        "venue": rng.choice(VENUES),
        "leader": rng.choice(LEADERS),
        "name": rng.choice(NAMES),
        "post": rng.choice(POSTS),
        "who": who,
        "Who": who[0].upper() + who[1:],
        "did": rng.choice(DID),
        "what": rng.choice(WHAT),
        "when2": rng.choice(WHEN2).format(n=rng.randint(2, 60)),
    }


def _reprint(rng: random.Random, text: str) -> str:
    """A wire article as another outlet prints it: sometimes with other attributions."""
    for plain, edited in ATTRIBUTIONS:
        if rng.random() < 0.5:
            text = text.replace(plain, edited)
    return text


def _article_sentences(rng: random.Random, events: list[Event], size: int) -> list[str]:
    """Leads of some of the day's events in the outlet's phrasings, background, and local
    reporting from the templates for the rest."""
    weights = [1 / (rank + 1) for rank in range(len(events))]
    sentences = []
    for event in {id(e): e for e in rng.choices(events, weights, k=6)}.values():
        for phrasing in rng.sample(event.phrasings, min(2, len(event.phrasings))):
            sentences.append(phrasing.format(**event.details))
    sentences += rng.sample(BACKGROUND, 3)
    while len(sentences) < size:
        sentences.append(rng.choice(LOCAL_DETAIL).format(**_details(rng)))
    return sentences[:size]


def make_articles(count: int, sentences_per_article: int = 30, seed: int = 1) -> list[Article]:
    """`count` articles of about `sentences_per_article` sentences each, deterministic."""
    rng = random.Random(seed)
    events = [Event(rng.choice(EVENT_PHRASINGS), _details(rng)) for _ in range(max(12, count // 8))]
    articles: list[Article] = []
    for number in range(count):
        outlet = rng.choice(OUTLETS)
        if articles and rng.random() < 0.2:
            text = _reprint(rng, rng.choice(articles).text)
        else:
            sentences = _article_sentences(rng, events, sentences_per_article)
            paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
            paragraphs.insert(rng.randrange(len(paragraphs)), rng.choice(HEADINGS))
            text = "\n\n".join(paragraphs)
        articles.append(
            Article(
                title=f"War update {number}",
                text=text,
                source=outlet,
                day=DAY,
                url=f"https://{outlet}.example/{number}",
                id=number,
            )
        )
    return articles
