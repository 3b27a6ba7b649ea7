"""One list of sections: a section defined here, with its own cues, reaches digest and render."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.delivery.render import TITLES, render_digest
from bot.telegram.app import READER_COMMANDS
from digest.build import DigestOptions, build_digest
from digest.classify import classifier_for, classify_with_scores
from digest.models import READER_SECTIONS, SECTIONS, Digest
from digest.sections import FIGURES, READABLE, REGISTRY, Section, names
from storage.models import SubscriberRow
from tests.support.cli import run_cli
from tests.support.digest_samples import DAY, article
from tests.support.fake_telegram import parse_telegram_html

HUMANITARIAN = Section(
    "humanitarian",
    "🩹 Humanitarian",
    "Aid, evacuations and the displaced",
    cues=((5.0, r"aid convoys?"), (5.0, r"evacuation corridors?"), (4.0, r"field hospitals?")),
)
WITH_AID = (*REGISTRY, HUMANITARIAN)

STRIKE = "Russian drones struck an apartment block in Kharkiv overnight, killing two people."
AID = "A United Nations aid convoy of 14 trucks reached Kherson on Saturday, officials said."
CORRIDOR = "An evacuation corridor opened for 300 civilians in Pokrovsk on Saturday morning."


def _aid_day() -> Digest:
    articles = [article(f"{STRIKE}\n{AID}", "ap", 1), article(CORRIDOR, "reuters", 2)]
    return build_digest(DAY, articles, options=DigestOptions(sections=WITH_AID))


def test_a_section_defined_in_a_test_is_built_and_rendered() -> None:
    digest = _aid_day()
    assert list(digest.sections) == [*SECTIONS, "humanitarian"]
    aid = {item.text for item in digest.sections["humanitarian"]}
    assert aid == {AID, CORRIDOR}
    assert [item.text for item in digest.sections["strikes"]] == [STRIKE]
    assert {name for name, items in digest.to_json()["sections"].items() if items} == {
        "strikes",
        "humanitarian",
    }
    assert Digest.from_json(digest.to_json()) == replace(digest, events=[])  # not in the JSON

    (message,) = render_digest(digest, ["strikes", "humanitarian"], registry=(*WITH_AID, FIGURES))
    shown = parse_telegram_html(message)
    assert "💥 Strikes" in shown
    assert shown.index("🩹 Humanitarian") > shown.index(STRIKE)
    assert AID in shown and CORRIDOR in shown
    assert "Key figures" not in shown


def test_without_the_extra_section_its_sentences_stay_out_of_the_digest() -> None:
    articles = [article(f"{STRIKE}\n{AID}", "ap", 1)]
    digest = build_digest(DAY, articles)
    assert list(digest.sections) == list(SECTIONS)
    assert AID not in {item.text for items in digest.sections.values() for item in items}
    with pytest.raises(ValueError, match="unknown section 'humanitarian'"):
        render_digest(digest, ["humanitarian"])


def test_the_extra_section_takes_its_place_in_the_tie_break_order() -> None:
    weight = classify_with_scores(STRIKE).scores["strikes"]
    tied = Section("aid", "Aid", "Aid", cues=((weight, "kharkiv"),))
    assert classifier_for((*REGISTRY, tied)).score(STRIKE).section == "strikes"
    assert classifier_for((tied, *REGISTRY)).score(STRIKE).section == "aid"


@pytest.mark.parametrize(
    "sections",
    [
        (),
        (*REGISTRY, REGISTRY[0]),
        (*REGISTRY, Section("other", "Other", "Background")),
        (*REGISTRY, FIGURES),
    ],
)
def test_options_refuse_an_unusable_list_of_sections(sections: tuple[Section, ...]) -> None:
    with pytest.raises(ValueError, match="section"):
        DigestOptions(sections=sections)


def test_a_bad_cue_of_an_extra_section_fails_loudly() -> None:
    bad = Section("aid", "Aid", "Aid", cues=((3.0, r"\baid"),))
    with pytest.raises(ValueError, match="aid cue 1: look-arounds"):
        classifier_for((*REGISTRY, bad))


def test_names_titles_commands_choices_and_stored_default_derive_from_the_registry(
    tmp_path: Path,
) -> None:
    assert SECTIONS == names(REGISTRY) == ("strikes", "talks", "politics")
    assert READER_SECTIONS == names(READABLE) == (*SECTIONS, "figures")
    assert {section.name: section.title for section in READABLE} == TITLES
    commands = {command.name: command.description for command in READER_COMMANDS}
    assert all(commands[section.name] == section.command_description for section in READABLE)
    assert SubscriberRow(chat_id=1).sections == ",".join(READER_SECTIONS)
    refused = run_cli("show", "--section", "weather", database=tmp_path / "x.db")
    assert refused.returncode == 2
    assert all(f"'{name}'" in refused.stderr for name in READER_SECTIONS)
