"""An article's details: a sentence only its outlet told belongs to the article's main event."""

from __future__ import annotations

from digest.models import Article, Sentence, Signature
from digest.options import DigestOptions
from digest.sentences import split_article
from digest.stories import Story, main_events
from digest.summarize import candidates, summarize_sections
from tests.support.digest_samples import DAY, article

WIRE = article("", "wire", 1)
ROUNDUP = article("", "roundup", 2)
OTHER = article("", "other", 3)


def _story(section: str, *sources: str, places: tuple[str, ...] = ()) -> Story:
    return Story(
        members=[],
        section=section,
        outlets=frozenset(sources),
        signature=Signature(places=places),
    )


STRIKE = _story("strikes", "wire", "other", places=("kharkiv",))
QUOTE = _story("strikes", "wire")
DECISION = _story("politics", "wire")
ELSEWHERE = _story("strikes", "wire")
STORIES = [STRIKE, QUOTE, DECISION, ELSEWHERE]


def _sentences(texts: list[tuple[str, Article]]) -> list[Sentence]:
    return [Sentence(text, source, index) for index, (text, source) in enumerate(texts)]


def test_a_sentence_only_its_outlet_told_is_a_detail_of_the_article_s_event() -> None:
    sentences = _sentences(
        [
            ("Missiles struck Kharkiv on Tuesday, killing seven people.", WIRE),
            ("Rescuers searched the ruins of the building all night.", WIRE),
            ('"We heard two explosions," a neighbour said.', WIRE),
            ("Parliament dismissed the regional governor on Tuesday.", WIRE),
            ("Drones hit the Rostov region overnight, killing two.", WIRE),
            ("In response, Russia said it had shot down 249 drones.", WIRE),
        ]
    )
    story_of = [0, 0, 1, 2, 3, 3]
    assert main_events(sentences, STORIES, story_of) == [None, None, 0, None, None, None]
    turned = _sentences([("The regulator has meanwhile suspended a radio station.", WIRE)])
    assert main_events([*sentences[:2], *turned], STORIES, [0, 0, 1]) == [None, None, None]


def test_a_sentence_of_another_section_is_a_detail_of_the_one_event_its_article_echoes() -> None:
    """Unless it is a politics sentence naming a decision: an appointment is its own event."""
    sentences = _sentences(
        [
            ("Both sides signed a prisoner-exchange protocol in Doha on Wednesday.", WIRE),
            ("Under the protocol, the Red Cross will oversee the prisoners' release.", WIRE),
            ("Parliament dismissed the regional governor on Tuesday.", WIRE),
        ]
    )
    protocol = Story(
        members=[0],
        section="talks",
        outlets=frozenset({"wire", "other"}),
        signature=Signature(places=("doha",), terms=("protocol", "prison", "sign", "doha")),
    )
    stories = [protocol, _story("politics", "wire"), _story("politics", "wire")]
    assert main_events(sentences, stories, [0, 1, 2]) == [None, 0, None]
    named = _sentences(
        [("After the protocol was signed in Doha, the president appointed a new envoy.", WIRE)]
    )
    assert main_events([*sentences[:2], *named], stories, [0, 1, 2]) == [None, 0, None]
    curfew = _sentences(
        [("After the protocol was signed in Doha, the governor ordered a curfew.", WIRE)]
    )
    assert main_events([*sentences[:2], *curfew], stories, [0, 1, 2]) == [None, 0, None]
    echoing_two = [*stories, _story("talks", "wire", "other")]
    aside = _sentences([("Talks on a truce went on in Cairo.", WIRE)])
    assert main_events([*sentences, *aside], echoing_two, [0, 1, 2, 3]) == [None] * 4


def test_one_word_of_the_event_makes_a_detail_but_a_talks_sentence_needs_two() -> None:
    """An arrest after a grenade shares one word with it ("market"): a detail; an appeal
    for a truce in an article on an attack, sharing one ("Kumbo"), is an appeal of its own."""
    grenade = Story(
        members=[0],
        section="strikes",
        outlets=frozenset({"wire", "other"}),
        signature=Signature(places=("bwiza",), terms=("grenad", "market", "bwiza", "kumbo")),
    )
    sentences = _sentences(
        [
            ("A grenade killed three people in the Bwiza market on Wednesday.", WIRE),
            ("Police said they had arrested a man seen running from the market.", WIRE),
        ]
    )
    police = [grenade, _story("politics", "wire")]
    assert main_events(sentences, police, [0, 1]) == [None, 0]
    appeal = [*sentences[:1], *_sentences([("The bishop of Kumbo appealed for a truce.", WIRE)])]
    assert main_events(appeal, [grenade, _story("talks", "wire")], [0, 1]) == [None, None]


def test_an_event_told_only_inside_reports_of_another_section_s_event_is_its_detail() -> None:
    """Two outlets' police follow-up of a grenade, told only in their grenade reports, is the
    grenade's; a decision, a place of its own or an outlet the grenade lacks keeps it apart."""
    grenade = "A grenade killed three people in the Bwiza market on Wednesday."
    follow_up = "Police said they had arrested a man seen running from the market."
    texts = [(grenade, WIRE), (follow_up, WIRE), (grenade, OTHER), (follow_up, OTHER)]
    terms = ("grenade", "market", "bwiza")

    def detail_of(
        sources: tuple[str, ...] = ("wire", "other"),
        places: tuple[str, ...] = (),
        also: str = follow_up,
    ) -> list[int | None]:
        reports = frozenset({"wire", "other"})
        lead = Story([0, 2], "strikes", reports, Signature(("bwiza",), terms=terms))
        police = Story([1, 3], "politics", frozenset(sources), Signature(places))
        sentences = _sentences([*texts[:3], (also, OTHER)])
        return main_events(sentences, [lead, police], [0, 1, 0, 1])

    assert detail_of() == [None, 0, None, 0]
    assert detail_of(sources=("wire", "other", "radio")) == [None] * 4
    assert detail_of(places=("gitega",)) == [None] * 4
    assert detail_of(also="The president dismissed the police chief over the attack.") == [None] * 4


def test_a_roundup_s_own_sentence_is_a_detail_of_the_event_it_last_told() -> None:
    sentences = _sentences(
        [
            ("Here is what we know about the night's attacks so far.", ROUNDUP),
            ("Missiles struck Kharkiv on Tuesday, killing seven people.", ROUNDUP),
            ("Drones hit the port of Odesa overnight, wounding four.", ROUNDUP),
            ('"We heard two explosions," a neighbour said.', ROUNDUP),
            ("Drones also hit Mykolaiv, wounding two.", ROUNDUP),
        ]
    )
    odesa = _story("strikes", "roundup", "other", places=("odesa",))
    stories = [STRIKE, odesa, _story("strikes", "roundup")]
    assert main_events(sentences, stories, [2, 0, 1, 2, 2]) == [None, None, None, 1, None]


def test_a_detail_is_not_shown_once_its_event_is() -> None:
    text = (
        "Missiles struck Kharkiv on Tuesday, killing seven people and wounding 31.\n"
        "Rescuers worked through the night in Saltivka to free residents trapped there."
    )
    for detail_of, shown in ((None, 2), (0, 1)):
        lead, detail = candidates(split_article(article(text, "wire", 1)), DAY)
        lead.story, lead.story_outlets = 0, frozenset({"wire", "other"})
        detail.story, detail.detail_of = 1, detail_of
        items = summarize_sections({"strikes": [lead, detail]}, [], DigestOptions())["strikes"]
        assert len(items) == shown and items[0].text == lead.sentence.text


def test_history_the_event_took_in_does_not_stand_for_it() -> None:
    text = (
        "In September 2022 Azerbaijani shelling of Jermuk killed 300 soldiers and wounded 150.\n"
        "Drones hit an empty sanatorium in Jermuk, officials said."
    )
    history, today = candidates(split_article(article(text, "wire", 1)), DAY)
    assert history.dated_back and not today.dated_back
    for candidate in (history, today):
        candidate.story, candidate.story_outlets = 0, frozenset({"wire", "other"})
    items = summarize_sections({"strikes": [history, today]}, [], DigestOptions())["strikes"]
    assert [item.text for item in items] == [today.sentence.text]


def test_history_only_its_outlet_told_is_no_item() -> None:
    text = (
        "In September 2022 Azerbaijani shelling of Jermuk killed 300 soldiers and wounded 150.\n"
        "The strike was the deadliest since 2024, the regional governor said on Saturday."
    )
    history, compared = candidates(split_article(article(text, "wire", 1)), DAY)
    assert history.dated_back and not compared.dated_back  # "since 2024" measures today's news
    items = summarize_sections({"strikes": [history, compared]}, [], DigestOptions())["strikes"]
    assert [item.text for item in items] == [compared.sentence.text]


def test_a_sentence_naming_no_place_after_a_shown_event_s_sentence_is_no_second_item() -> None:
    for after, shown in (
        ("Residents said at least four strikes hit farms in the hills east of the town.", 1),
        ("Residents said at least four strikes hit farms near Baalbek.", 2),
    ):
        text = f"Israeli warplanes struck the outskirts of Brital, killing three people.\n{after}"
        lead, then = candidates(split_article(article(text, "wire", 1)), DAY)
        lead.story, lead.story_outlets = 0, frozenset({"wire", "other"})
        then.story, then.story_outlets = 1, frozenset({"wire", "radio"})
        items = summarize_sections({"strikes": [lead, then]}, [], DigestOptions())["strikes"]
        assert len(items) == shown and items[0].text == lead.sentence.text
