"""The rules on top of sumy's ranking: one item per fact, yesterday held back, readable,
concrete news first, any summarizer by name, at most N items."""

from __future__ import annotations

import pytest
from sumy.models.dom import ObjectDocumentModel, Paragraph
from sumy.models.dom import Sentence as SumySentence
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.luhn import LuhnSummarizer

from digest.concreteness import concreteness
from digest.facts import fact_print, same_fact
from digest.models import Digest, DigestItem
from digest.options import DigestOptions
from digest.pool import bounded_pool, centrality_estimates
from digest.ranking import SUMMARIZER_NAMES, make_summarizer, rank, rank_terms
from digest.readability import (
    is_standalone_candidate,
    leans_on_previous,
    names_someone_introduced_before,
)
from digest.sentences import TOKENIZER, split_article
from digest.summarize import candidates, summarize_sections
from tests.support.digest_samples import DAY, article, summarize_one_section

KHARKIV = "Russian missiles killed four people in Kharkiv on Saturday, the regional governor said."
ODESA = (
    "Russian drones struck a power plant in Odesa overnight, leaving 40,000 homes without power."
)
DNIPRO = (
    "A glide bomb hit an apartment block in Dnipro on Saturday, wounding 12 people, police said."
)


def texts(items: list[DigestItem]) -> list[str]:
    return [item.text for item in items]


def test_one_fact_from_several_outlets_is_one_item_counting_the_outlets() -> None:
    reports = [
        article(f"{KHARKIV}\n{ODESA}", "ap", 1),
        article(
            "Russian missiles killed four people in Kharkiv on Saturday, regional governor"
            " Oleh Syniehubov said.",
            "reuters",
            2,
        ),
        article(f"On Saturday Russian missiles killed four people in Kharkiv.\n{DNIPRO}", "bbc", 3),
        article(KHARKIV, "ap-reprint", 4),
    ]
    items = summarize_one_section(reports)
    kharkiv = [item for item in items if "Kharkiv" in item.text]
    assert len(kharkiv) == 1
    assert kharkiv[0].sources == 4
    assert {item.text for item in items} >= {ODESA, DNIPRO}


def test_same_words_with_another_place_or_number_is_another_fact() -> None:
    kharkiv = fact_print(KHARKIV)
    assert not same_fact(kharkiv, fact_print(KHARKIV.replace("Kharkiv", "Sumy")))
    assert not same_fact(
        kharkiv, fact_print(KHARKIV.replace("four", "4").replace("Kharkiv", "Kyiv"))
    )
    assert same_fact(
        kharkiv, fact_print(KHARKIV.replace("the regional", "Governor Oleh Syniehubov"))
    )


KYIV_TOLL = "Russian drone and missile attacks on Kyiv killed at least two people on Saturday."
KYIV_TOLL_RETOLD = (
    "Writing on its official Telegram channel, the city military administration said two"
    " people were killed in the strikes."
)


def test_a_toll_retold_in_other_words_is_one_item_counting_both_outlets() -> None:
    reports = [
        article(f"{KYIV_TOLL}\n{ODESA}", "ap", 1),
        article(f"{KYIV_TOLL_RETOLD}\n{DNIPRO}", "reuters", 2),
    ]
    items = summarize_one_section(reports)
    assert sorted(texts(items)) == sorted([KYIV_TOLL, ODESA, DNIPRO])
    assert next(item for item in items if item.text == KYIV_TOLL).sources == 2


def test_a_retold_toll_ranked_first_gives_way_to_the_report_saying_more() -> None:
    reprints = [article(KYIV_TOLL_RETOLD, outlet) for outlet in ("bbc", "afp", "dpa")]
    items = summarize_one_section([article(f"{KYIV_TOLL}\n{ODESA}"), *reprints])
    assert sorted(texts(items)) == sorted([KYIV_TOLL, ODESA])
    assert next(item for item in items if item.text == KYIV_TOLL).sources == 4


def test_a_sentence_leaning_on_another_never_stands_for_an_event() -> None:
    toll = KYIV_TOLL.replace(" on Saturday", ", officials said")
    follower = "It added that debris damaged apartment blocks and cars."
    reprints = [article(f"{KYIV_TOLL_RETOLD}\n{follower}", outlet) for outlet in ("bbc", "afp")]
    items = texts(summarize_one_section([article(f"{toll}\n{ODESA}"), *reprints]))
    assert follower not in items
    assert ODESA in items


@pytest.mark.parametrize(
    "retold",
    [
        KYIV_TOLL_RETOLD.replace("were killed", "were killed and 29 wounded"),
        KYIV_TOLL_RETOLD.replace("the strikes", "Kharkiv"),
        KYIV_TOLL_RETOLD.replace("in the strikes", "and a school was damaged"),
    ],
)
def test_a_retold_toll_with_a_new_number_place_or_event_stays(retold: str) -> None:
    items = summarize_one_section([article(KYIV_TOLL, "ap"), article(retold, "reuters")])
    assert sorted(texts(items)) == sorted([KYIV_TOLL, retold])
    assert [item.sources for item in items] == [1, 1]


def test_what_yesterday_said_is_held_back() -> None:
    yesterday = Digest(
        day=DAY,
        articles=1,
        sections={"strikes": [DigestItem(text=KHARKIV, source="ap")], "talks": [], "politics": []},
    )
    today = [
        article(
            "Russian missiles killed four people in Kharkiv on Saturday, regional officials said.",
            "ap",
        ),
        article(ODESA, "reuters"),
    ]
    assert texts(summarize_one_section(today, previous=yesterday)) == [ODESA]
    assert len(summarize_one_section(today)) == 2


def test_what_partly_repeats_yesterday_loses_to_fresh_news() -> None:
    yesterday = Digest(
        day=DAY,
        articles=1,
        sections={"strikes": [DigestItem(text=KHARKIV, source="ap")], "talks": [], "politics": []},
    )
    partly_old = (
        "Russian missiles hit Kharkiv on Saturday, damaging a school, the regional governor said."
    )
    fresh = "Russian drones hit Sumy on Saturday, damaging a hospital, the city mayor said."
    today = [article(f"{partly_old}\n{fresh}")]
    one = DigestOptions(max_sentences=1)
    assert texts(summarize_one_section(today, options=one)) == [partly_old]
    assert texts(summarize_one_section(today, previous=yesterday, options=one)) == [fresh]


def test_a_sentence_leaning_on_a_missing_one_is_not_picked() -> None:
    dangling = "He also said that 12 people were wounded in Odesa on Saturday."
    items = summarize_one_section([article(f"Odesa.\n{dangling}\n{DNIPRO}")])
    assert texts(items) == [DNIPRO]


def test_a_sentence_leaning_on_a_picked_one_is_not_a_second_item() -> None:
    follower = "It also damaged a school and 12 cars nearby, officials said on Saturday."
    items = summarize_one_section([article(f"{DNIPRO}\n{follower}"), article(ODESA, "bbc")])
    assert sorted(texts(items)) == sorted([DNIPRO, ODESA])


def test_concrete_news_beats_background_and_opinion() -> None:
    background = "The war could drag on for years as the broader diplomacy remains uncertain."
    assert concreteness(DNIPRO, DAY) > concreteness(background, DAY)
    assert concreteness("Peskov spoke on Saturday.", DAY) > concreteness(
        "Peskov spoke on Tuesday.", DAY
    )
    items = summarize_one_section(
        [article(f"{background}\n{DNIPRO}")], options=DigestOptions(max_sentences=1)
    )
    assert texts(items) == [DNIPRO]


EIGHT_STRIKES = "\n".join(
    f"Russian {weapon} hit {place} on Saturday, wounding {n + 2} people, {official} said."
    for n, (weapon, place, official) in enumerate(
        [
            ("drones", "Kyiv", "Mayor Vitali Klitschko"),
            ("missiles", "Lviv", "Governor Maksym Kozytskyi"),
            ("glide bombs", "Sumy", "Governor Oleh Hryhorov"),
            ("drones", "Poltava", "Governor Volodymyr Kohut"),
            ("missiles", "Kherson", "Governor Oleksandr Prokudin"),
            ("drones", "Mykolaiv", "Governor Vitalii Kim"),
            ("shells", "Chernihiv", "Governor Viacheslav Chaus"),
            ("missiles", "Zhytomyr", "Governor Vitalii Bunechko"),
        ]
    )
)


def test_each_section_keeps_at_most_n_items() -> None:
    assert len(summarize_one_section([article(EIGHT_STRIKES)])) == 5
    options = DigestOptions(max_sentences=3)
    assert len(summarize_one_section([article(EIGHT_STRIKES)], options=options)) == 3


def test_a_full_section_adds_attacks_on_places_it_does_not_name() -> None:
    top = EIGHT_STRIKES.splitlines()[:5]  # Kyiv, Lviv, Sumy, Poltava, Kherson; 2 to 6 wounded
    apart = (
        "Russian drones hit Mykolaiv on Saturday, wounding 17 people, Governor Vitalii Kim said."
    )
    same_toll = "Russian shells hit Chernihiv on Saturday, wounding 3 people, the governor said."
    same_place = "Russian missiles hit Kyiv again on Saturday, wounding 11 people, police said."
    one_outlet = "Russian missiles hit Zhytomyr on Saturday, wounding 14 people, police said."
    told_twice = "\n".join([*top, apart, same_toll, same_place])
    reports = [
        article(f"{told_twice}\n{one_outlet}", "ap", 1),
        article(told_twice, "bbc", 2),
        article("\n".join(top), "reuters", 3),
    ]
    items = texts(summarize_one_section(reports))
    assert sorted(items) == sorted([*top, apart])
    assert items[-1] == apart
    none_extra = DigestOptions(extra_items=0)
    assert sorted(texts(summarize_one_section(reports, options=none_extra))) == sorted(top)
    with pytest.raises(ValueError, match="extra_items"):
        DigestOptions(extra_items=-1)


def _extra_event_day(second: str, first: str | None = None) -> list[str]:
    """The strikes shown on a day of five attacks told by three outlets and a sixth, in
    Mykolaiv, told by two in two sentences, the second being `second` (and the first
    `first`, when given)."""
    top = EIGHT_STRIKES.splitlines()[:5]
    sixth = [
        first or "Russian drones hit Mykolaiv on Saturday, wounding 17 people, the governor said.",
        second,
    ]
    sixth = list(dict.fromkeys(sixth))
    reports = [
        article("\n".join([*top, *sixth]), "ap", 1),
        article("\n".join([*top, *sixth]), "bbc", 2),
        article("\n".join(top), "reuters", 3),
    ]
    pool = candidates((s for item in reports for s in split_article(item)), DAY)
    for candidate in pool:
        candidate.story = min((*top, *sixth).index(candidate.sentence.text), 5)
        candidate.story_outlets = frozenset(candidate.outlets)
    return texts(summarize_sections({"strikes": pool}, [], DigestOptions())["strikes"])


def test_a_place_named_a_few_words_after_the_attack_word_was_struck() -> None:
    """ "Gunmen attacked an exam centre in Nkwen" struck Nkwen: an extra item; Nkwen named
    without an attack ("officials in Nkwen said") is no attack apart."""
    attacked = "Gunmen attacked an exam centre in Nkwen on Saturday, killing 17 people."
    assert attacked in _extra_event_day(attacked, first=attacked)
    told = "Seventeen people died on Saturday, officials in Nkwen said."
    assert told not in _extra_event_day(told, first=told)


def test_no_extra_item_for_an_event_sharing_a_toll_with_a_shown_one() -> None:
    """Any sentence of the event counts: one giving a shown event's toll (Sumy's four
    wounded) makes it most likely that event told from another town."""
    own = "Nine people were wounded near the port, officials in Mykolaiv said."
    shared = "Four people were wounded near the port, officials in Mykolaiv said."
    assert len(_extra_event_day(own)) == 6
    assert len(_extra_event_day(shared)) == 5


def test_the_same_toll_at_a_shown_place_is_that_event_told_again() -> None:
    """Another event's sentence giving a shown item's toll at its place is no item of its
    own, though it tells more (two wounded died); another toll there, or that toll
    elsewhere, is."""
    shelling = "Eritrean shells hit Adigrat, killing 15 people, officials said on Wednesday."
    funerals = "Mourners buried the dead in {} after two wounded died, with the toll at {} killed."

    def shown(second: str) -> list[str]:
        reports = [article(shelling, "ap", 1), article(shelling, "bbc", 2)]
        reports.append(article(second, "afp", 3))
        pool = candidates((s for item in reports for s in split_article(item)), DAY)
        for number, candidate in enumerate(pool):
            candidate.story = number
            candidate.story_outlets = frozenset(candidate.outlets)
        return texts(summarize_sections({"strikes": pool}, [], DigestOptions())["strikes"])

    assert shown(funerals.format("Adigrat", 15)) == [shelling]
    for place, toll in (("Zalambessa", 15), ("Adigrat", 4)):
        other = funerals.format(place, toll)
        assert shown(other) == [shelling, other]


def test_a_second_telling_of_a_shown_story_is_left_out() -> None:
    sanctions = "The European Union adopted its 19th package of sanctions against Russia on Friday."
    retold = "EU governments adopted a 19th package of sanctions targeting Russian oil on Friday."
    recount = KHARKIV.replace("four", "4") + "\n" + KHARKIV.replace("four", "5")
    items = summarize_one_section([article(f"{sanctions}\n{retold}\n{recount}\n{ODESA}")])
    assert len(items) == 3
    assert ODESA in texts(items)


def test_items_keep_their_source_url_and_article_id() -> None:
    (item,) = summarize_one_section([article(DNIPRO, "kyivindependent", 42)])
    assert (item.source, item.url, item.article_id, item.sources) == (
        "kyivindependent",
        "https://kyivindependent.example/42",
        42,
        1,
    )


def test_a_fact_shown_in_one_section_is_not_repeated_in_the_next() -> None:
    pool = candidates(split_article(article(f"{KHARKIV}\n{ODESA}")), DAY)
    sections = summarize_sections({"strikes": pool, "talks": pool}, [], DigestOptions())
    assert set(texts(sections["strikes"])) == {KHARKIV, ODESA}
    assert sections["talks"] == []
    assert sections["politics"] == []


@pytest.mark.parametrize("name", SUMMARIZER_NAMES)
def test_every_summarizer_can_be_selected(name: str) -> None:
    items = summarize_one_section(
        [article(f"{KHARKIV}\n{ODESA}\n{DNIPRO}")], options=DigestOptions(summarizer=name)
    )
    assert sorted(texts(items)) == sorted([KHARKIV, ODESA, DNIPRO])


def test_summarizer_names_map_to_sumy_classes_and_unknown_names_fail_clearly() -> None:
    assert isinstance(make_summarizer("LexRank"), LexRankSummarizer)
    assert isinstance(make_summarizer("luhn"), LuhnSummarizer)
    with pytest.raises(ValueError, match="unknown summarizer 'bert'; choose one of: lexrank"):
        DigestOptions(summarizer="bert")
    with pytest.raises(ValueError, match="max_sentences"):
        DigestOptions(max_sentences=0)


def test_rank_follows_sumys_own_choice() -> None:
    sentences = [KHARKIV, ODESA, DNIPRO, "Russian missiles and drones hit Kharkiv and Odesa."]
    document = ObjectDocumentModel([Paragraph([SumySentence(s, TOKENIZER) for s in sentences])])
    (sumy_best,) = LexRankSummarizer()(document, 1)
    scores = rank(sentences, [0, 0, 0, 0], LexRankSummarizer())
    assert max(scores) == 1.0
    assert all(0.0 < score <= 1.0 for score in scores)
    assert sentences[scores.index(1.0)] == str(sumy_best)


@pytest.mark.parametrize(
    "text",
    [
        "Ukraine Faces Deadly Russian Offensive Amid Stalled Peace Negotiations",  # heading
        "Zelenskyy cuts trip short.",  # too short
        "- 2M2 articles in the history of this story so far.",  # bullet
        "and then the lights went out across the whole district.",  # fragment
        '"We are coordinating our efforts and we will not give up."',  # unattributed quote
        " ".join(["word"] * 70) + ".",  # too long
    ],
)
def test_headings_fragments_bare_quotes_and_odd_lengths_are_not_candidates(text: str) -> None:
    assert not is_standalone_candidate(text)


def test_full_sentences_and_attributed_quotes_are_candidates() -> None:
    assert is_standalone_candidate(DNIPRO)
    assert is_standalone_candidate('"We are coordinating our efforts," Yermak said on Friday.')


@pytest.mark.parametrize(
    ("text", "leans"),
    [
        ("He also said the western part of Kyiv had lost power.", True),
        ("However, the Kremlin has said little about the plan.", True),
        ("It added that talks would continue.", True),
        ("This refinement followed days of negotiations in Geneva.", True),
        ('"They are not constructive," Zelenskyy said.', True),
        ("Among them were 31 seriously wounded servicemen, the headquarters said.", True),
        ("Two of them were children, the hospital said.", True),
        ("The wounded are being taken to the health centre in Kazgil.", True),
        ("The wounded soldier was taken to Kazgil.", True),
        ("Heavy shelling hit Kherson overnight.", False),
        ("Thirty-one wounded servicemen were among those freed.", False),
        ("The Dead Sea resorts were closed after the sirens.", False),
        ("Thousands fled the town on Saturday.", False),
        ("Seven people were wounded and taken to hospital in the town, he said.", True),
        ("Two died in the district hospital overnight, they said.", True),
        ("Seven people were wounded, the district governor said.", False),
        ("Burundi closed the border with Rwanda the same day.", True),
        ("One died at the district hospital and the other in Mombasa.", True),
        ("The statement called on both sides to exercise restraint.", True),
        ("The individuals, who include two traders, were declared specified entities.", True),
        ("The statement of the guarantors was read out in Havana on Tuesday.", False),
        ("The decision by the cabinet to extend the curfew drew protests.", False),
        ("One person was killed in the shelling of Kherson, the governor said.", False),
        ("Talks resumed the following morning in Luanda, a diplomat said.", True),
        ("Burundi closed its border with Rwanda on Tuesday.", False),
        ("The day began with sirens over Kharkiv.", False),
    ],
)
def test_openers_needing_the_sentence_before_are_detected(text: str, leans: bool) -> None:
    assert leans_on_previous(text) is leans


@pytest.mark.parametrize(
    ("text", "before", "leans"),
    [
        ("Sarr said he would brief the council.", "Ambassador Mamadou Kane Sarr arrived.", True),
        ("Sarr said he would brief the council.", "The envoy arrived in Nairobi.", False),
        ("Sarr, the AU envoy, met the minister.", "AU envoy Mamadou Sarr landed.", True),
        ("Kenya said the border would stay shut.", "Northern Kenya was calm.", False),
        ("Police said two men were arrested.", "The Garissa Police said so.", False),
        ("Kane said the talks would resume.", "Mamadou Kane Sarr arrived.", False),
        ("Mamadou Sarr said he would brief the council.", "Mamadou Sarr arrived.", False),
    ],
)
def test_a_surname_given_in_full_before_leans_on_its_article(
    text: str, before: str, leans: bool
) -> None:
    assert names_someone_introduced_before(text, f"{before} {text}") is leans
    assert not names_someone_introduced_before(text, f"{text} {before}")


def test_prefilter_estimates_lexrank_degree_and_keeps_the_best_in_order() -> None:
    sentences = [KHARKIV, ODESA, DNIPRO, KHARKIV.replace("four", "six"), "The sun shone over Lviv."]
    centrality = centrality_estimates([rank_terms(text) for text in sentences])
    assert centrality[0] > centrality[4]
    assert bounded_pool(sentences, [1.0] * 5, 5) == [0, 1, 2, 3, 4]
    assert bounded_pool(sentences, [1.0] * 5, 2) == [0, 3]
    assert bounded_pool(sentences, [0.1, 1.0, 1.0, 1.0, 1.0], 2) != [0, 3]


def test_prefilter_changes_nothing_when_the_pool_holds_every_candidate() -> None:
    unbounded = summarize_one_section(
        [article(EIGHT_STRIKES)], options=DigestOptions(pool_size=10_000)
    )
    exact = summarize_one_section([article(EIGHT_STRIKES)], options=DigestOptions(pool_size=8))
    assert unbounded == exact


def test_a_section_larger_than_the_pool_is_cut_to_the_pool_and_still_summarised() -> None:
    options = DigestOptions(max_sentences=3, pool_size=4)
    items = summarize_one_section([article(EIGHT_STRIKES)], options=options)
    assert len(items) == 3
    assert set(texts(items)) <= set(EIGHT_STRIKES.splitlines())


def test_a_decision_told_twice_with_the_same_counts_is_one_item() -> None:
    britain = (
        "Britain on Wednesday imposed sanctions on two Israeli settlers and four outposts and"
        ' organisations it accused of "repeated violence" against Palestinians.'
    )
    london = (
        "In London, the government has announced sanctions on two Israeli settlers and four"
        " settler outposts and organisations."
    )
    other = "Canada announced sanctions on two banks in Tehran on Wednesday, officials said."
    for first, second in ((britain, london), (london, britain)):
        items = summarize_one_section(
            [article(first, "wire", 1), article(second, "live", 2), article(other, "cbc", 3)],
            section="politics",
        )
        settlers = [item for item in items if "settlers" in item.text]
        assert len(settlers) == 1 and settlers[0].sources == 2
        assert any("Canada" in item.text for item in items)
