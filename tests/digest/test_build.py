"""The whole pipeline on the seed articles: sections, figures, hold-back, bounded pool."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from digest.build import DigestOptions, build_digest
from digest.models import SECTIONS, Article, Digest
from tests.support.digest_samples import DAY, SEEDS, seed_article

SEED_DAY = "000_f06a90b16cb8cf60.txt"


def _all_seeds() -> list[Article]:
    return [seed_article(path.name) for path in sorted(SEEDS.glob("*.txt"))]


def _texts(digest: Digest, section: str) -> str:
    return "\n".join(item.text for item in digest.sections[section])


def test_seed_day_puts_strike_talks_and_resignation_in_their_sections() -> None:
    digest = build_digest(DAY, [seed_article(SEED_DAY)])
    strikes, talks, politics = (_texts(digest, name) for name in SECTIONS)
    assert "attacks on the Ukrainian capital, Kyiv, killed at least two people" in strikes
    assert "29 people were wounded" not in strikes  # the same attack: one item, its toll below
    assert "negotiators are due to meet their U.S. counterparts" in talks
    assert "the resignation of his powerful chief of staff, Andrii Yermak" in politics
    assert "He also said" not in strikes + talks + politics
    assert digest.articles == 1
    assert digest.day == DAY
    assert {(figure.kind, figure.value) for figure in digest.figures} >= {
        ("killed", 2),
        ("wounded", 29),
    }


def test_items_name_their_source() -> None:
    digest = build_digest(DAY, _all_seeds())
    items = [item for name in SECTIONS for item in digest.sections[name]]
    assert items
    assert all(item.source.endswith(".txt") and item.sources >= 1 for item in items)
    assert all(len(digest.sections[name]) <= 5 for name in SECTIONS)


def test_the_next_day_does_not_repeat_the_previous_digest() -> None:
    article = seed_article(SEED_DAY)
    today = build_digest(DAY, [article])
    tomorrow = build_digest(DAY + timedelta(days=1), [article], history=today.events)
    shown = {item.text for name in SECTIONS for item in today.sections[name]}
    again = {item.text for name in SECTIONS for item in tomorrow.sections[name]}
    assert shown
    assert not shown & again


def test_no_articles_make_an_empty_digest() -> None:
    digest = build_digest(DAY, [])
    assert digest.is_empty()
    assert digest.articles == 0


def test_the_bounded_pool_is_a_no_op_on_a_small_day() -> None:
    articles = _all_seeds()
    bounded = build_digest(DAY, articles)
    unbounded = build_digest(DAY, articles, options=DigestOptions(pool_size=10**9))
    assert bounded == unbounded


def test_another_summarizer_and_a_smaller_cap_apply() -> None:
    options = DigestOptions(summarizer="textrank", max_sentences=2)
    digest = build_digest(DAY, _all_seeds(), options=options)
    assert all(len(digest.sections[name]) <= 2 for name in SECTIONS)
    assert sum(len(digest.sections[name]) for name in SECTIONS) >= 4


def test_articles_in_languages_the_digest_does_not_read_are_left_out_and_counted() -> None:
    english = seed_article("000_f06a90b16cb8cf60.txt")
    german = Article(
        title="Drohnenangriff auf Odesa",
        text="Russische Drohnen haben in der Nacht den Hafen von Odesa angegriffen und zwei "
        "Menschen getötet, teilte der Gouverneur mit.",
        source="Tagesschau",
        day=english.day,
        language="de",
    )
    digest = build_digest(english.day, [english, german])
    assert digest.other_languages == {"de": 1} and digest.articles == 2
    assert all(item.source != "Tagesschau" for items in digest.sections.values() for item in items)
    both = build_digest(
        english.day, [english, german], options=DigestOptions(languages=frozenset({"en", "de"}))
    )
    assert both.other_languages == {}


def _reports(title: str, *reports: tuple[str, str, datetime | None]) -> list[Article]:
    """One article per report of the same story: (outlet, text, publication time)."""
    return [
        Article(title=title, text=text, source=source, day=DAY, published=when)
        for source, text, when in reports
    ]


def _told_by_two(title: str, text: str) -> list[Article]:
    """The same article from two outlets, so that its events count as reported twice."""
    return _reports(title, ("wire", text, None), ("radio", text, None))


def test_a_rounded_launch_count_gives_way_to_the_exact_tally() -> None:
    """Outlets round the air force's tally ("close to 150 drones"); the tally is the figure,
    whichever report came last."""
    exact = (
        "Russia launched 146 drones and seven missiles at Ukraine overnight, the air force said."
    )
    rounded = (
        "Russia fired close to 150 drones and seven missiles at Ukraine overnight, officials said."
    )
    articles = _reports(
        "Overnight attack",
        ("wire", exact, datetime(2025, 11, 29, 8, tzinfo=UTC)),
        ("radio", rounded, datetime(2025, 11, 29, 12, tzinfo=UTC)),
    )
    drones = [figure for figure in build_digest(DAY, articles).figures if figure.kind == "drones"]
    assert [figure.value for figure in drones] == [146]


def test_a_lower_bound_gives_way_to_a_higher_count_whatever_came_last() -> None:
    """ "At least 12 drones" does not contradict "18 drones": the count is 18, though the
    bound came later; two counts that disagree still give the lowest."""
    articles = _reports(
        "Drones over Tigray",
        ("wire", "Eritrea launched 18 drones at Tigray overnight, the army said.", None),
        (
            "radio",
            "Air defences shot down most of at least 12 drones launched at Tigray overnight.",
            datetime(2025, 11, 29, 12, tzinfo=UTC),
        ),
    )
    drones = [figure for figure in build_digest(DAY, articles).figures if figure.kind == "drones"]
    assert [figure.value for figure in drones] == [18]


def test_a_count_dated_a_year_back_is_no_key_figure() -> None:
    text = (
        "At least 12 villagers were killed overnight in an attack on Mayi-Moya, north of Beni.\n"
        "A year ago, in an attack on a funeral in the same area, the group killed more than 60."
    )
    articles = _told_by_two("Attack near Beni", text)
    assert 60 not in {figure.value for figure in build_digest(DAY, articles).figures}


def test_a_side_s_claim_of_the_enemies_it_killed_or_a_landslide_is_no_key_figure() -> None:
    text = (
        "At least 12 villagers were killed overnight in an attack on Mayi-Moya, north of Beni.\n"
        "The army said its troops had killed 30 attackers in a clash near the Mbau forest.\n"
        "The group claimed to have killed 45 soldiers in an ambush near Oicha.\n"
        "The operation near Mbau, which the army says killed 27 fighters, drew protests.\n"
        "The army's claim of nineteen fighters killed near Eringeti cannot be checked.\n"
        "The group's outlet claimed that eleven guards had been killed near Kamango.\n"
        "The militia said it had launched 16 drones at the Beni airport.\n"
        "The front said that its fighters had attacked a base near Oicha, killing nine soldiers.\n"
        "The army said, adding that troops had responded and had killed 25 fighters near Mbau.\n"
        'The group said that it had "killed or wounded about 33" soldiers near Eringeti.\n'
        "A landslide buried houses in Butembo, killing 14 people."
    )
    articles = _told_by_two("Attack near Beni", text)
    values = {figure.value for figure in build_digest(DAY, articles).figures}
    assert 12 in values and not values & {30, 45, 27, 19, 11, 16, 9, 25, 33, 14}


def test_enemies_killed_are_a_claim_however_it_is_worded() -> None:
    """ "Soldiers killed 18 attackers" names no one who claims it, yet it is one side's
    count of the other's dead: no toll to show."""
    for text in (
        "Soldiers killed 18 attackers near Kamango, police said.",
        "The army said on Saturday it had killed 23 rebel fighters in camps near Kamango.",
    ):
        assert build_digest(DAY, _told_by_two("Clash near Kamango", text)).figures == []


def test_a_side_s_own_losses_are_a_toll() -> None:
    text = "The army said its positions near Kupiansk were shelled overnight, killing two soldiers."
    articles = _told_by_two("Shelling near Kupiansk", text)
    assert ("killed", 2) in {(f.kind, f.value) for f in build_digest(DAY, articles).figures}


def test_a_count_given_as_more_than_the_first_one_is_an_update() -> None:
    """Reports that disagree without an update give the lowest; one that says it is
    "three more than their first count" revises it."""
    articles = _reports(
        "Air strikes on Urgun",
        (
            "un",
            "The UN said at least eight civilians had been killed in the air strikes on Urgun.",
            None,
        ),
        (
            "wire",
            "In Urgun, officials said the air strikes had killed 12 villagers, three more than"
            " their first count.",
            None,
        ),
    )
    killed = [f.value for f in build_digest(DAY, articles).figures if f.kind == "killed"]
    assert killed == [12]


def test_an_event_whose_toll_rose_is_told_by_a_sentence_with_the_risen_toll() -> None:
    """The item and the key figures agree: the first report's toll is not shown once the
    toll rose, even when the first report is the better-told sentence."""
    first = (
        "A Russian missile strike on an apartment block in Kharkiv killed two people and "
        "wounded 14 overnight, the regional governor Oleh Syniehubov said on Telegram."
    )
    risen = "The toll of the missile strike on Kharkiv rose to five, the governor said."
    articles = _reports(
        "Strike on Kharkiv",
        ("wire", first, datetime(2025, 11, 29, 6, tzinfo=UTC)),
        ("radio", first, datetime(2025, 11, 29, 7, tzinfo=UTC)),
        ("daily", risen, datetime(2025, 11, 29, 15, tzinfo=UTC)),
    )
    digest = build_digest(DAY, articles)
    assert ("killed", 5) in {(figure.kind, figure.value) for figure in digest.figures}
    assert [item.text for item in digest.sections["strikes"]] == [risen]


def _day(day_offset: int, *reports: tuple[str, str]) -> list[Article]:
    return [
        Article(
            title=f"{source} report",
            text=text,
            source=source,
            day=DAY + timedelta(days=day_offset),
            url=f"https://{source}.example/{day_offset}",
            id=10 * day_offset + number,
        )
        for number, (source, text) in enumerate(reports)
    ]


def _next_day(today: Digest, text: str) -> Digest:
    """The next day's digest of one wire report, with today's events as its history."""
    return build_digest(DAY + timedelta(days=1), _day(1, ("wire", text)), history=today.events)


def _status(digest: Digest, words: str) -> str:
    (event,) = [event for event in digest.events if any(words in item for item in event.items)]
    return event.status


def test_a_new_night_s_count_is_news_though_it_fell_and_compares_with_the_night_before() -> None:
    first = build_digest(
        DAY,
        _day(
            0,
            ("wire", "Azerbaijan launched 46 attack drones at Armenian towns overnight, the"
             " defence ministry said."),
            ("radio", "The defence ministry said 46 attack drones were launched at Armenian"
             " towns overnight."),
        ),
    )  # fmt: skip
    second = _next_day(
        first,
        "Azerbaijan launched 22 attack drones at Armenian towns overnight, fewer than half as"
        " many as the night before, the defence ministry said.",
    )
    assert _status(second, "22 attack drones") == "followup"
    assert "22 attack drones" in _texts(second, "strikes")


def test_a_successor_named_today_is_not_yesterday_s_dismissal_told_again() -> None:
    dismissal = (
        "President Salva Kiir dismissed the governor of Upper Nile state, Jiwan Ahmad, by decree."
    )
    first = build_digest(DAY, _day(0, ("wire", dismissal), ("radio", dismissal)))
    second = _next_day(
        first,
        "President Salva Kiir appointed Bahoz Sheikho governor of Upper Nile state by decree.",
    )
    assert _status(second, "Bahoz Sheikho") == "new"
    assert "Bahoz Sheikho" in _texts(second, "politics")


def test_a_step_taken_today_in_an_earlier_event_is_news() -> None:
    declared = "The government declared martial law in Syunik province for 30 days on Saturday."
    first = build_digest(DAY, _day(0, ("wire", declared), ("radio", declared)))
    retold = _next_day(first, "The government declared martial law in Syunik province for 30 days.")
    assert _status(retold, "declared martial law") == "stale"
    second = _next_day(first, "Parliament approved the martial law in Syunik province on Sunday.")
    assert _status(second, "approved") == "followup"
    assert "approved" in _texts(second, "politics")


def test_a_toll_raising_an_earlier_one_is_the_figure() -> None:
    texts = (
        "A bomb exploded at the motor park in Buea, killing at least one person, police said.",
        "Three people were killed by the bomb at the motor park in Buea, the governor said,"
        " raising an earlier toll of one dead.",
    )
    articles = _reports("Bomb in Buea", ("wire", texts[0], None), ("radio", texts[1], None))
    killed = [f.value for f in build_digest(DAY, articles).figures if f.kind == "killed"]
    assert killed == [3]
