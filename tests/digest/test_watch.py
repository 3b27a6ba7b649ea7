"""Watched terms: whole words, any case and accents, an optional ending, and the limits."""

from __future__ import annotations

import pytest

from digest.watch import MAX_TERMS, BadTerm, Watch, merged, split_terms, without


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("Kharkiv", "Drones hit KHARKIV overnight."),
        ("Dnipro", "Shelling in Dnípro left two dead."),
        ("Київ", "Над Києвом збито дрони, КИЇВ без світла."),
        ("Zaporizhzhia NPP", "The IAEA said the Zaporizhzhia  NPP lost power."),
        ("Одес*", "Вибухи в Одесі вночі."),
        ("Мар'їнка", "Бої біля Мар’їнки та в Мар’їнка."),
    ],
)
def test_a_term_matches_its_whole_words_in_any_case_and_accents(term: str, text: str) -> None:
    assert Watch((term,)).hits(text) == [term]


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("Kharkiv", "Kharkivska oblast was shelled."),  # a longer word is another word
        ("Kyiv", "Kyivstar restored mobile service."),
        ("Zaporizhzhia NPP", "Zaporizhzhia said the NPP in Enerhodar was fine."),
        ("Одеса", "Вибухи в Одесі вночі."),  # no * : the exact word only
        ("Sumy", "Summit ends."),
    ],
)
def test_a_term_does_not_match_part_of_a_word_or_words_apart(term: str, text: str) -> None:
    assert Watch((term,)).hits(text) == []


def test_hits_keep_the_chats_order() -> None:
    watch = Watch(("Odesa", "Kharkiv", "Lviv"))
    assert watch.hits("Kharkiv and Odesa were hit.") == ["Odesa", "Kharkiv"]
    assert not Watch()


def test_merged_adds_only_new_terms_and_refuses_past_the_limit() -> None:
    terms, added = merged(["Kharkiv"], ["kharkiv", "  Odesa   region ", "ODESA REGION", "Lviv"])
    assert terms == ["Kharkiv", "Odesa region", "Lviv"] and added == ["Odesa region", "Lviv"]
    full = [f"Town{n}" for n in range(MAX_TERMS)]
    with pytest.raises(BadTerm, match="too many"):
        merged(full, ["Kherson"])
    assert merged(full, ["town3"]) == (full, [])


@pytest.mark.parametrize("raw", ["***", "—", "a" * 61, "Khar*kiv", "Kharkiv**"])
def test_a_term_without_words_or_with_a_misplaced_star_is_refused(raw: str) -> None:
    with pytest.raises(BadTerm):
        merged([], [raw])


def test_without_removes_matching_terms_whatever_their_case() -> None:
    assert without(["Kharkiv", "Odesa", "Одес*"], ["ODESA", "одес*", "Lviv"]) == (
        ["Kharkiv"],
        ["Odesa", "Одес*"],
    )


def test_terms_are_separated_by_commas_not_spaces() -> None:
    assert split_terms("Kharkiv, Zaporizhzhia NPP;Odesa\n  ,") == [
        "Kharkiv",
        "Zaporizhzhia NPP",
        "Odesa",
    ]
