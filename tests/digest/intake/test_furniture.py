"""Furniture goes one sentence at a time; the story around it, hard-wrapped or not, stays."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from digest.intake.cleaning import clean_article, normalise_lines
from digest.intake.documents import DayContext, read_file
from digest.intake.furniture import ANYWHERE, LETTER_TWINS, is_furniture

STORY = (
    "Russian drones hit the port of Odesa overnight, killing two people and damaging grain "
    "silos, the regional governor said."
)


def test_a_pitch_inside_a_paragraph_takes_only_itself() -> None:
    line = f"{STORY} Sign up for our daily newsletter to get the news first. Talks resume today."
    assert normalise_lines(line) == [f"{STORY} Talks resume today."]


def test_a_one_line_txt_with_a_pitch_is_stored_without_it() -> None:
    context = DayContext(ZoneInfo("Europe/Kyiv"), date(2026, 12, 1), date(2026, 11, 30), "--date")
    data = f"{STORY} Never miss the latest news by signing up to our alerts.\n".encode()
    (article,) = read_file(Path("one-line.txt"), data, context).articles
    assert article.text == STORY


def test_kinds_of_furniture_the_real_pages_carry() -> None:
    furniture = [
        "To view the full story, please subscribe to The Haitian Times.",
        "If you're seeing this message but you're already a subscriber, you can log in.",
        "Follow The Gleaner on Twitter and Instagram @JamaicaGleaner.",
        "Our Standards: The Thomson Reuters Trust Principles.",
        "Loading weather data ...",
        "We use cookies to improve your experience.",
        "Comments are moderated and it is not always possible to publish every one.",
        "We want to hear what you think about this article.",
        "Read more: Looted colonial art",
        "Correction: An earlier version misstated the date of the vote.",
        "Kyiv is calm tonight pic.twitter.com/abc123",
        "— Olena Kovalenko (@olenak) March 3, 2026",
        "Dowiedz się więcej: Kto jak głosował w sprawie funduszy?",
        "Lire aussi : Le gouvernement recule",
        "Fot. Jan Kowalski / Agencja Gazeta",
        "Foto: Natacha Pisarenko/Pool",
        "Chip Somodevilla/Getty Images",
        "Courtesy G4",
        "Pictured: Firefighters at the site of the strike in Kyiv on Tuesday.",
        "Auf dem Foto zu sehen: Die Bürgermeisterin mit dem stv. Vorsitzenden Nikoloski rechts.",
        "Continue Reading",
    ]
    for line in furniture:
        assert normalise_lines(f"{STORY}\n{line}") == [STORY], line


def test_a_bracketed_read_more_link_goes_and_its_paragraph_stays() -> None:
    assert normalise_lines(f"{STORY} [czytaj więcej]") == [STORY]


def test_a_list_of_teasers_cut_short_goes_with_their_headlines() -> None:
    teasers = [
        "Zoo raises its prices",
        "The council is angry about the zoo's prices. After a long debate the council...",
        "Children's summit heard",
        "The children made many good proposals. When it comes to carrying them out...",
    ]
    assert normalise_lines("\n".join([*teasers, STORY])) == [STORY]
    trailing_off = f"{STORY} And then, as always, the silence..."
    assert normalise_lines(f"{trailing_off}\n{STORY}") == [trailing_off, STORY]
    spaced = [f"{STORY} Cognac instead of whiskey ...", f"{STORY} It was said that …"]
    assert normalise_lines("\n".join(spaced)) == spaced


def test_a_short_sub_head_between_paragraphs_stays_and_a_label_at_the_edge_goes() -> None:
    text = f"{STORY}\nRight-wing resistance\n{STORY}\nMost read"
    assert clean_article(text, "Odesa").body.split("\n\n") == [
        STORY,
        "Right-wing resistance",
        STORY,
    ]
    assert clean_article(f"{STORY}\nAdvertisement\n{STORY}", "Odesa").body == f"{STORY}\n\n{STORY}"


def test_a_field_name_goes_and_a_list_lead_stays() -> None:
    assert clean_article(f"Release Date:\n{STORY}", "Odesa").body == STORY
    lead = "Blind, partially sighted:"
    assert clean_article(f"{lead}\n{STORY}", "Odesa").body == f"{lead}\n\n{STORY}"


def test_credits_run_into_a_caption_or_lede_go_and_the_sentence_stays() -> None:
    assert normalise_lines("Rescuers search the rubble. (AP Photo/Efrem Lukatsky)") == [
        "Rescuers search the rubble."
    ]


def test_an_author_bio_ends_an_article_but_a_lede_about_a_journalist_stays() -> None:
    bio = "Jane Doe is a staff writer covering Eastern Europe for the paper."
    assert normalise_lines(f"{STORY}\n{bio}") == [STORY]
    assert normalise_lines(f"{bio}\n{STORY}\n{STORY}") == [bio, STORY, STORY]


def test_hard_wrapped_prose_and_sub_heads_stay() -> None:
    wrapped = "This effort began in earnest in\nJune 2015\nwith rewrites of the\ncode base."
    assert normalise_lines(wrapped) == [
        "This effort began in earnest in June 2015 with rewrites of the code base."
    ]
    cleaned = clean_article(
        f"Front line\n{STORY}\nFreedom fighters replace colonial leaders\n"
        f"{STORY}\nAdvertisement\nMost read"
    )
    assert cleaned.title == "Front line"
    assert cleaned.body.split("\n\n") == [STORY, "Freedom fighters replace colonial leaders", STORY]


def test_tables_keep_their_prose_cells_without_pipes() -> None:
    row = f"| Father of gunman known for videos | \n| KABUL (AP) -- {STORY} |\n| 2 | 3 | 4 |"
    assert normalise_lines(row) == [f"KABUL (AP) -- {STORY}"]


def test_a_caption_closed_by_its_credit_goes_and_a_credit_mid_sentence_does_not_take_it() -> None:
    caption = "The president at the podium, on 1 March (Photo: Jane Doe/Pool via REUTERS)."
    assert normalise_lines(f"{caption} {STORY}") == [STORY]
    inside = "Rescuers (Photo: Jane Doe) searched the rubble all night."
    assert normalise_lines(inside) == [inside]


def test_membership_pitches_and_the_publishers_boast_go_one_sentence_at_a_time() -> None:
    pitch = "We have been doing journalism for 106 years. Become a member and enjoy benefits."
    assert normalise_lines(f"{STORY} {pitch} Talks resume today.") == [
        f"{STORY} Talks resume today."
    ]
    quote = "“Our journalism is under attack,” the editor said."
    assert normalise_lines(quote) == [quote]


def test_headings_that_end_the_text_go_but_list_items_and_sentences_stay() -> None:
    text = f"{STORY}\nPosts from the forum\nDeal of the day now on sale"
    assert clean_article(text, "Odesa").body == STORY
    items = f"{STORY}\n- Drones hit the port\n- Two people killed"
    assert clean_article(items, "Odesa").body.split("\n\n") == [
        STORY,
        "- Drones hit the port",
        "- Two people killed",
    ]
    signed = f"{STORY}\nThe talks go on. (Jane Doe) +++"
    assert clean_article(signed, "Odesa").body.split("\n\n") == [
        STORY,
        "The talks go on. (Jane Doe) +++",
    ]
    headings = ["Drones over the port tonight", "Silos burning near the sea"]
    assert clean_article("\n".join(headings), "Odesa").body.split("\n\n") == headings


def test_a_box_about_the_series_or_author_goes_up_to_the_next_heading() -> None:
    about = "The foundation has offices in 110 countries and reports from each of them."
    text = f"{STORY}\nAbout this series\n{about}\nMore on the war in the east\n{STORY}"
    assert clean_article(text, "Odesa").body.split("\n\n") == [
        STORY,
        "More on the war in the east",
        STORY,
    ]


def test_a_teaser_cut_short_before_a_headline_goes() -> None:
    teaser = "The letters GTI have always stood for speed. At first Volkswagen was ..."
    text = f"{teaser}\nSmall SUVs on the rise\n{STORY}"
    assert normalise_lines(text) == ["Small SUVs on the rise", STORY]


ANYWHERE_EXAMPLES = [
    "Learn more or report an issue with this summary.",
    "Get the free newsletter every morning.",
    "Sign up here for breaking news alerts.",
    "Únete a nuestro canal de Telegram para más noticias.",
    "To read the full story, log in or subscribe.",
    "Please subscribe to support our journalism.",
    "An offer for new subscribers only.",
    "Subscribe now for unlimited access.",
    "Become a member and enjoy our benefits.",
    "Our Standards: The Thomson Reuters Trust Principles.",
    "Comments are moderated before they appear.",
    "Some comments may be removed.",
    "We want to hear what you think.",
    "Have a news tip? Email our newsroom.",
    "Click to accept all cookies.",
    "The president at the podium (Photo: Jane Doe/Pool via REUTERS).",
    "Kyiv is calm tonight pic.twitter.com/abc123",
    "— Olena Kovalenko (@olenak) March 3, 2026",
    "An earlier version of this story misstated the date.",
]


def test_a_sentence_is_tried_against_a_pattern_anywhere_in_it_by_the_pattern_s_cue() -> None:
    """Each pattern that may match mid-sentence, on an example in any case and with the
    letters a case-blind pattern reads as ASCII ones (Kelvin sign, İ, ı, ſ)."""
    for (pattern, _cues), example in zip(ANYWHERE, ANYWHERE_EXAMPLES, strict=True):
        twins = example.replace("k", "\u212a").replace("s", "\u017f").replace("i", "\u0131")
        for variant in (
            example,
            f"{STORY} {example}",
            example.upper().replace("I", "\u0130"),
            twins,
        ):
            assert pattern.fullmatch(variant) and is_furniture(variant), variant


def test_the_letters_a_case_blind_pattern_reads_as_ascii_ones_are_the_folded_ones() -> None:
    letters = re.compile("[a-z]", re.IGNORECASE)
    read_as_ascii = [
        char
        for char in map(chr, range(0x80, sys.maxunicode + 1))
        if letters.fullmatch(char) and not 0xD800 <= ord(char) <= 0xDFFF
    ]
    assert read_as_ascii == ["\u0130", "\u0131", "\u017f", "\u212a"]
    for char in read_as_ascii:
        folded = char.translate(LETTER_TWINS).lower()
        assert folded.isascii() and re.fullmatch(folded, char, re.IGNORECASE)


def test_a_story_sentence_about_a_photo_stays() -> None:
    line = "In the photo, released by the army on Tuesday, smoke rises over the port of Odesa."
    assert normalise_lines(f"{STORY}\n{line}") == [STORY, line]
