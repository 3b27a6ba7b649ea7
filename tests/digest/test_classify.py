"""The section classifier: named hard cases, cue-file validation and a quality floor."""

from __future__ import annotations

import pytest

from digest.classify import (
    SECTION_NAMES,
    Classifier,
    Cue,
    classify,
    classify_with_scores,
    parse_cues,
    parse_events,
)
from digest.evaluation import evaluate, read_labeled
from tests.support.paths import DATA

HARD_CASES = {
    "strike-before-talks": (
        "The strikes came hours before Ukrainian negotiators were due to meet in Geneva.",
        "strikes",
    ),
    "talks-amid-strikes": (
        "Ceasefire talks resumed in Doha as Israeli strikes continued across Gaza.",
        "talks",
    ),
    "leading-despite-clause": (
        "Despite the truce, Israeli fire killed four people near Khan Younis, medics said.",
        "strikes",
    ),
    "talks-as-verb-is-not-diplomacy": (
        "Putin talks nice and then bombs everybody, Trump complained.",
        "other",
    ),
    "talked-to-reporters": ("The minister talked to reporters outside the hospital.", "other"),
    "dismissed-defence-minister": (
        "Netanyahu fired Defence Minister Yoav Gallant, citing a lack of trust.",
        "politics",
    ),
    "resignation-announced": (
        "Zelenskyy announced the resignation of his chief of staff after investigators "
        "searched his home.",
        "politics",
    ),
    "war-background-with-toll": (
        "The war, now in its fourth year, has killed tens of thousands of people.",
        "other",
    ),
    "nearly-four-year-war": (
        "Analysts say the nearly four-year war has become a grinding battle of attrition.",
        "other",
    ),
    "toll-of-an-attack": (
        "The death toll from the missile attack on Dnipro rose to 14, officials said.",
        "strikes",
    ),
    "sanction-decision": ("The EU imposed sanctions on 45 entities linked to Moscow.", "politics"),
    "prisoner-swap": ("Kyiv and Moscow swapped 84 prisoners each under a deal.", "talks"),
    "exchange-of-fire-is-not-an-exchange-deal": (
        "Soldiers and RSF fighters traded heavy fire in an exchange of fire near El Obeid.",
        "strikes",
    ),
    "fired-rockets-not-fired-minister": (
        "Hezbollah fired dozens of rockets at northern Israel on Sunday.",
        "strikes",
    ),
    "power-outage-after-strike": (
        "Half of Kharkiv lost power after drones hit two substations.",
        "strikes",
    ),
    "refinery-raid": ("Drones struck an oil refinery in Russia's Samara region.", "strikes"),
    "aid-decision": ("Germany pledged €2 billion in military aid for Ukraine.", "politics"),
    "peace-plan-point": (
        "The plan would freeze the front line and bar Ukraine from joining NATO.",
        "talks",
    ),
    "natural-disaster-is-not-a-strike": (
        "An earthquake struck northern Myanmar, killing dozens.",
        "other",
    ),
    "road-accident-is-not-a-strike": (
        "In an unrelated incident, four people were killed in a head-on collision near Jericho.",
        "other",
    ),
    "named-as-the-new-theatre-commander": (
        "The army named Major General Musa Bello as the new theatre commander in the east.",
        "politics",
    ),
    "arrests-of-an-attack-s-suspects-are-its-follow-up": (
        "Police said they had arrested two men suspected of planting the bomb at the market.",
        "strikes",
    ),
    "a-trade-suspension-is-a-decision": (
        "The government suspended transit trade with its neighbour on Tuesday evening.",
        "politics",
    ),
    "a-special-representative-is-a-mediator": (
        "The special representative arrived in Kabul for meetings with Taliban officials.",
        "talks",
    ),
    "a-curfew-ordered-is-politics": (
        "The governor ordered a curfew from 7pm to 6am in Konduga and closed the market.",
        "politics",
    ),
    "a-curfew-still-in-force-is-other": (
        "The market remains closed under a curfew ordered by the governor.",
        "other",
    ),
    "no-comment-boilerplate": (
        "The Kremlin did not immediately respond to a request for comment.",
        "other",
    ),
    "dismissed-with-appositive": (
        "The army command dismissed Omar Haddad, the commander of its northern front, on Monday.",
        "politics",
    ),
    "named-with-appositive": (
        "The council named Lina Haroun, until now the deputy mayor of Tabqa, as the new governor.",
        "politics",
    ),
    "has-a-new-commander": ("The brigade has a new commander, Rami Saleh.", "politics"),
    "added-to-sanctions-list": (
        "The EU on Monday added the Northern Hawks militia and two of its leaders to its "
        "sanctions list.",
        "politics",
    ),
    "treasury-designated": (
        "The Treasury designated two militia commanders and a gold company on Tuesday.",
        "politics",
    ),
    "visa-restrictions": (
        "The State Department said it was imposing visa restrictions on three militia donors.",
        "politics",
    ),
    "named-to-command": (
        "An order from the army named Colonel Amadou Bello to command its units in the east.",
        "politics",
    ),
    "new-commander-in": (
        "The battalion's new commander in the east, Colonel Amadou Bello, arrived on Monday.",
        "politics",
    ),
    "border-closed": (
        "The interior ministry closed the two border crossings with its neighbour on Friday.",
        "politics",
    ),
    "export-ban": (
        "The government has banned exports of diesel to the rebel-held north.",
        "politics",
    ),
    "took-command": (
        "Major General Ilunga took command of the eastern military region on Monday.",
        "politics",
    ),
    "inactive-post": (
        "The minister moved the head of the border brigade, Colonel Dara, to an inactive post.",
        "politics",
    ),
    "prefect-installed": ("The new prefect was installed in Kaga-Bandoro on Monday.", "politics"),
    "weapons-handed-in": (
        "Forty fighters of the militia handed in their rifles at the disarmament site in Kaga.",
        "talks",
    ),
    "observers-offered": (
        "The regional bloc called for a ceasefire and offered to send observers to the border.",
        "talks",
    ),
    "road-closed-after-blast": ("Police closed the market after the blast.", "other"),
    "internet-suspended": (
        "The provincial government suspended mobile internet in four districts on Monday.",
        "politics",
    ),
    "took-charge-as": ("Colonel Haidari took charge as police chief of the province.", "politics"),
    "took-charge-of-bakery": ("She took charge of the family bakery in 2019.", "other"),
    "grand-jirga": (
        "A grand jirga of elders in the provincial capital called for dialogue with the rebels.",
        "talks",
    ),
    "jirga-as-a-name": ("The videos were called the Durand Jirga Show.", "other"),
    "suspects-of-guiding-attackers": (
        "Police said four men suspected of hiding the attackers had been arrested in Kaga.",
        "strikes",
    ),
    "accepted-in-principle": (
        "The army accepted in principle a direct hotline with its neighbour's command.",
        "talks",
    ),
    "passengers-kidnapped": (
        "Twelve passengers of a minibus were kidnapped on the highway near Kaga on Monday.",
        "strikes",
    ),
    "kidnapped-joke": ("He was kidnapped by aliens, he joked.", "other"),
    "all-parties-conference": (
        "The prime minister called an all-parties conference on the insurgency for Friday.",
        "talks",
    ),
    "empty-sentence": ("", "other"),
}


@pytest.mark.parametrize(("text", "expected"), HARD_CASES.values(), ids=HARD_CASES.keys())
def test_hard_cases(text: str, expected: str) -> None:
    assert classify(text) == expected, classify_with_scores(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Cue words of a section with none of its events: hardware, a fear, a name.
        (
            "The delivery of the supersonic, all-weather attack aircraft could pose a threat "
            "to the islands.",
            "other",
        ),
        (
            "Localities have peace committees to resolve disputes without the threat of jail.",
            "other",
        ),
        ("A resident said people are afraid to venture out out of fear of the law.", "other"),
        # A quote inside the sentence is what someone says, not the news.
        (
            'Asked why he settled on Sanders, Blocker said, "He is a candidate who has fought '
            'for the civil rights movement."',
            "other",
        ),
        # A sentence that opens on an official's quote is that official's report.
        (
            '"The enemy massively attacked our energy infrastructure again," the energy '
            "minister said.",
            "strikes",
        ),
        ("When the U.S. ousted the Taliban, he went to work for a local mason.", "other"),
        # An event of a section with nothing of its subject: no weapon, force, toll or target;
        # no party to a conflict.
        ("The columnist attacked the senator in a scathing op-ed.", "other"),
        ("The council says its new framework will guide how it spends school funds.", "other"),
        ("Russian missiles struck a power plant in Kharkiv.", "strikes"),
        # The cause of a state is context: the news is the state.
        ("Food shortages in the city were worsened by weeks of shelling.", "other"),
    ],
)
def test_a_cue_needs_its_event_and_its_clause(text: str, expected: str) -> None:
    assert classify(text) == expected, classify_with_scores(text)


def test_the_event_that_let_a_section_count_is_named() -> None:
    scored = classify_with_scores("Russian drones struck Kyiv overnight.")
    assert scored.events["strikes"] == "struck"
    eventless = classify_with_scores("The planes can carry laser-guided bombs and missiles.")
    assert eventless.events["strikes"] is None
    assert eventless.section == "other"


def test_the_anchor_that_let_a_section_count_is_named() -> None:
    assert classify_with_scores("Russian drones struck Kyiv overnight.").anchors["strikes"]
    anchorless = classify_with_scores("The columnist attacked the senator in a scathing op-ed.")
    assert anchorless.events["strikes"] and anchorless.anchors["strikes"] is None


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("strikes", "expected a digest section<TAB>regex"),
        ("other\tdeadline", "expected a digest section<TAB>regex"),
        ("talks\tmet(", "bad regex"),
        ("talks\tmet(?=with)", "look-arounds, anchors and \\b are not allowed"),
    ],
)
def test_bad_event_lines_name_the_line(line: str, message: str) -> None:
    with pytest.raises(ValueError, match=r"events:2: ") as error:
        parse_events(["# comment", line])
    assert message in str(error.value)


def test_scores_explain_the_choice() -> None:
    scored = classify_with_scores("Russian drones struck Kyiv overnight.")
    assert scored.section == "strikes"
    assert scored.scores["strikes"] > scored.scores["talks"]
    assert ("strikes", "struck", 3.0) in scored.matches


def test_subordinate_clause_counts_less() -> None:
    main = classify_with_scores("Negotiators met in Geneva.").scores["talks"]
    tail = classify_with_scores("Drones hit Kyiv as negotiators met in Geneva.").scores["talks"]
    assert 0 < tail < main


def test_accents_and_curly_quotes_are_folded() -> None:
    assert classify("Zelenskyy’s envoy held talks in Genève with the mediators.") == "talks"


def test_non_text_input_is_a_clear_error() -> None:
    with pytest.raises(TypeError, match="a sentence must be a str, not bytes"):
        classify(b"Drones struck Kyiv.")  # type: ignore[arg-type]


def test_custom_cues_drive_the_classifier() -> None:
    classifier = Classifier([Cue("talks", 5.0, "parley")])
    assert classifier.score("The parley began at noon.").section == "talks"
    assert classifier.score("Rockets fell.").section == "other"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("strikes\t2", "expected section<TAB>weight<TAB>regex"),
        ("war\t2\tbomb", "unknown section 'war'"),
        ("strikes\theavy\tbomb", "bad weight 'heavy'"),
        ("strikes\t2\tbomb(", "bad regex"),
        ("strikes\t2\tbomb ", "starts or ends with a space"),
        ("strikes\t2\tbomb(?=s)", "look-arounds, anchors and \\b are not allowed"),
        ("strikes\t2\tbomb\\b", "look-arounds, anchors and \\b are not allowed"),
        ("strikes\t2\t^bomb", "look-arounds, anchors and \\b are not allowed"),
    ],
)
def test_bad_cue_lines_name_the_line(line: str, message: str) -> None:
    with pytest.raises(ValueError, match=r"cues:2: ") as error:
        parse_cues(["# comment", line])
    assert message in str(error.value)


def test_labeled_sets_meet_the_quality_floor() -> None:
    dev = read_labeled(DATA / "sections_dev.tsv", SECTION_NAMES)
    test = read_labeled(DATA / "sections_test.tsv", SECTION_NAMES)
    assert evaluate(dev + test, classify, SECTION_NAMES).macro_f1 >= 0.9
    assert evaluate(test, classify, SECTION_NAMES).macro_f1 >= 0.85
