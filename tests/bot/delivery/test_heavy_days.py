"""The labeled heavy news days hold the line: no count of the digest gets worse than measured.

Each pair is ingested and built as `digestbot ingest` and `build` do (tests/support/heavy_days),
and the totals over all pairs are held at the figures of the README's heavy-days block
(2026-12-01, after issue 11 and its second merging round): a change that repeats an event,
shows a stale item, loses a fact or a key figure, or shows a wrong one fails here.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.support.heavy_days import ROOT, Counts, run_pair
from tests.support.paths import ROOT as REPO

LIMITS = {
    "facts_missed": 215,
    "repeats": 128,
    "stale": 3,
    "figures_missed": 239,
    "figures_wrong": 68,
}
"""The totals over the 116 labeled days measured on 2026-12-04 (1,346 facts, 1,039 key figures):
each may get better, never worse. Before issue 11 they were 20, 81, 20, 20 and 77 (12 days).
Issue 13's classifier moved repeats from 46 to 50 (background sentences stay out of the
sections, so more items of the day's events show, net four more of them repeating an event).
The second round of event merging (across places and sections, repeated passes) took the 12
days' totals from 5, 50, 0, 16, 5 to 5, 29, 0, 16, 4; somalia-a (2 days, written after it and
never tuned on) adds 3, 7, 0, 2 and 0. Merged with the classifier's second round of rules
(developed beside it), the 14 days total 8, 35, 0, 18 and 4 (somalia-a: 3, 5, 0, 2, 0), and 8,
33, 0, 18 and 4 on main by the end of that day.
yemen-a (2 days, written while the third round was under way, by a writer who never read the
digest code, and first built with the code before that round) adds 3, 6, 0, 4 and 3. The
classifier's third round (anchors) then took the 16 days to 11, 38, 0, 22 and 6 (somalia-a's
facts missed 3 -> 2, yemen-a's 3 -> 4; repeats of the dev pairs 19 -> 20, of myanmar-a and
sahel-a 9 -> 8, of somalia-a 5 -> 4; wrong figures of myanmar-a and sahel-a 3 -> 2). A third
round of event merging and figure rules, tuned on the dev pairs, was not kept: it did better
there and worse on every held-out pair but somalia-a (README). An article's details (a
sentence only its outlet told, of the section of the article's main event, not shown once that
event is) then took repeats from 38 to 26 (dev pairs 20 -> 15, held-out pairs 18 -> 11), and
a rounded launch count giving way to the exact tally took key figures missed from 22 to 20
(dev pairs 13 -> 11, held-out pairs unchanged at 9); no count from a sentence dated weeks or
years back took wrong figures from 6 to 5 (dev pairs 1 -> 0, held-out pairs unchanged at 5);
"31 wounded are still being treated" read as a count took figures missed to 19 (dev 11 -> 10),
and "a day of mourning" no longer read as a daily rate to 18 (dev 10 -> 9). Taking the main event
per section of an article (and no sentence turning to another event, "In response, ...", as its
detail) took repeats from 26 to 23 (dev 15 -> 13, held-out 11 -> 10).
ethiopia-a (2 days, written by a writer who never read the digest code, before that round,
and first measured on the code before it) added 3, 5, 0, 0 and 2; after the round it adds 3,
2, 0, 0 and 2, so the 18 days total 14, 25, 0, 18 and 7. An event whose toll rose is then
told by a sentence giving the risen toll, as its key figure does: dev pairs unchanged, facts
missed on the held-out pairs unchanged in all (myanmar-a and sahel-a 2 -> 3, somalia-a 2 -> 1),
repeats 25 -> 26 (myanmar-a and sahel-a 4 -> 5): kept, as the item a reader sees no longer
contradicts the block of figures under it. kashmir-a (2 days, written the same way after the
fourth round, first measured on main as it then was) adds 7, 5, 0, 4 and 4: 21, 31, 0, 22 and
11 over the 20 days. The fifth round, tuned on the dev pairs (kashmir-a blind to it): a
roundup's one-outlet sentence as a detail of the echoed event it last told, "Among them were
31 ..." standing for no event with a sentence dated today before it points back ("exchanged
250 prisoners on Wednesday, a day after ...") as today's news, and a sentence giving no toll
and only a shown item's counts ("two settlers and four outposts") as that item again: repeats
31 -> 25 (dev pairs 13 -> 8, kashmir-a 5 -> 4, the other held-out pairs unchanged), every
other total unchanged. The sixth round (key figures, tuned on the dev pairs, held-out pairs
measured only as one total): a count of the last 24 hours read as the day's tally of its
territory, no longer as a toll of the strike its article tells, took figures missed from 22
to 20 (dev 9 -> 7, held-out unchanged at 13), and the missiles one drone fired ("the drone
... fired at least two missiles") no longer read as a launch count to 19 (dev 7 -> 6), every
other total unchanged. The seventh round (2026-12-02, tuned on the dev pairs; the held-out
pairs seen as one total, which chose two shared words over one): a one-outlet sentence of a
section in which its article echoes nothing, as a detail of the one event the article echoes
in another section, left out, took repeats from 25 to 21 (dev 8 -> 5, held-out 17 -> 16),
every other total unchanged. caucasus-a and libya-a (2 days each, written during that round
by writers who never read the digest code) were first measured on the code before it: 11, 4,
0, 6, 2 and 0, 2, 0, 2, 4, so the 24 days totalled 32, 31, 0, 27 and 17 before the seventh
round. The eighth round,
tuned on the dev pairs with caucasus-a (libya-a blind to it, first built after it): two
events share a place only when it is one of each one's own, and a sentence naming a past year
stands for its event only when all of its sentences do: 28, 29, 0, 24 and 13 (dev with
caucasus-a 14, 12, 0, 12, 2 -> 10, 8, 0, 12, 1; the six older held-out pairs 18, 17, 0, 13,
11 -> 18, 17, 0, 10, 9; libya-a 0, 2, 0, 2, 4 -> 0, 4, 0, 2, 3). mozambique-a and syria-a
(2 days each, written the same way after the eighth round) add 3, 2, 0, 3, 4 (the same on
the code before the seventh round) and 12, 3, 0, 7, 2 (before the seventh round 12, 2, 1, 7,
1): 43, 34, 0, 34 and 19 over the 28 days, against 47, 35, 1, 37 and 22 on the code before
the seventh round. The ninth round (tuned on the dev pairs with caucasus-a and mozambique-a,
the older held-out pairs seen as one total, which chose four shared words over three; libya-a
and syria-a measured after it only): a common place joins two events only when both tell
more of the same earlier event, or neither does, took the totals to 42, 33, 0, 31 and 18 (dev
13, 10, 0, 15, 5 -> 13, 10, 0, 12, 4; older held-out 18, 17, 0, 10, 9 -> 17, 16, 0, 10, 9;
libya-a and syria-a unchanged). The tenth round (tuned the same way; libya-a and syria-a
measured after it only): one merging pass instead of up to three took them to 38, 34, 0, 30
and 14 (dev 13, 10, 0, 12, 4 -> 11, 11, 0, 12, 4; older held-out 17, 16, 0, 10, 9 -> 15, 16,
0, 9, 5; libya-a and syria-a unchanged): a repeat more, kept for the facts and the figures.
colombia-a and southsudan-a (2 days each, written the same way after the tenth round) add 8, 5,
0, 5, 3 and 8, 4, 0, 5, 5 (on the code before the seventh round 8, 4, 0, 9, 5 and 9, 5, 0, 7,
6): 54, 43, 0, 40 and 22 over the 32 days, against 64, 44, 1, 53 and 33 before the seventh.
Place keys that ignore accents and doubled letters (Tibú and Tibu, Nassir and Nasir; dev
unchanged, so chosen by the held-out total) then took them to 53, 42, 0, 38 and 20, and a
sentence naming a past year that only its outlet told left out as background (not "the
deadliest since 2024") to 53, 43, 0, 38 and 19, with 28 -> 23 background items (dev 16 -> 15).
iraq-a and haiti-a (2 days each, written the same way during the thirteenth round) add 5, 4,
0, 11, 4 and 11, 2, 0, 5, 1, the same before and after that round: 69, 49, 0, 54 and 24 over
the 36 days before it. The thirteenth round (tuned on the dev pairs, syria-a now among them):
politics sentences naming other kinds of decision (a dismissal, an appointment, sanctions)
start separate events, a successor named is not the earlier dismissal told again, a new
night's count is news though it fell, and "fewer than the night before" dates nothing
back: 67, 48, 0, 54 and 24 (dev 23, 14, 0, 19, 6 -> 22, 14, 0, 19, 6; held out 46, 35, 0,
35, 18 -> 45, 34, 0, 35, 18). Issue 13's fifth round then took them to 65, 47, 0, 54 and 24.
nigeria-a and pakistan-a (2 days each, written the same way during the fourteenth round) add
10, 5, 0, 4, 1 and 11, 3, 0, 5, 3 on the code before it: 86, 55, 0, 63 and 28 over the 40
days. The fourteenth round (tuned on the dev pairs; nigeria-a and pakistan-a measured before
and after it only) took them to 75, 52, 0, 54 and 20 (dev 21, 13, 0, 19, 6 -> 18, 12, 0, 16,
3; the 22 older held-out days 44, 34, 0, 35, 18 -> 38, 32, 0, 30, 14; nigeria-a and
pakistan-a 21, 8, 0, 9, 4 -> 19, 8, 0, 8, 3). cameroon-a and ukraine-b (2 days each, written
the same way during the fifteenth round) add 9, 1, 0, 9, 5 and 4, 1, 0, 6, 2 on the code
before it: 88, 54, 0, 69 and 27 over the 44 days. The fifteenth round (tuned on the dev pairs
and on cameroon-a, read item by item; ukraine-b measured before and after it only) took them
to 86, 54, 0, 64 and 22 (cameroon-a 9, 1, 0, 9, 5 -> 7, 2, 0, 4, 0; the other dev pairs
18, 12, 0, 16, 3 -> 18, 11, 0, 16, 2; the 26 other held-out days 57, 40, 0, 38, 17 -> 57, 40,
0, 38, 18; ukraine-b unchanged). ukraine-c and westbank-a (2 days each, written the same way
after the fifteenth round) add 6, 1, 0, 6, 2 and 5, 4, 0, 4, 0: 97, 59, 0, 74 and 24 over the
48 days (on the code before the fourteenth round they gave 7, 1, 0, 6, 2 and 7, 4, 1, 4, 0).
The sixteenth round (tuned on the dev pairs: every country Babel names is a country, and
events of other kinds of decision are not merged) took them to 92, 57, 0, 74 and 24 (dev
pairs 25, 13, 0, 20, 2 -> 23, 12, 0, 20, 2; held-out days 72, 46 -> 69, 45, the rest
unchanged). The seventeenth round (2026-12-03, tuned on the dev pairs and on iraq-a and haiti-a,
read item by item in it and dev data since): those still treated or moved ("nine of the
wounded were moved", "still treating 14", "31 wounded are still being treated") are a part of
the wounded, no toll, and a side's claim that guards "had been killed" or that it "had
launched four drones" is no count: 92, 57, 0, 70 and 19 (iraq-a and haiti-a 15, 6, 0, 13, 5 ->
15, 6, 0, 8, 0; the other dev pairs' figures missed 20 -> 21, sudan-a's 31 still treated; the
held-out days unchanged). Then, in the same round, "on the edge of" as a place trigger, road
collisions as `other`, a curfew as a politics cue and as a kind of decision (no detail of the
article's attack), and a market that "remains closed" under it as `other`, with nigeria-a read
item by item and dev data since: 87, 57, 0, 70 and 18 (dev with iraq-a, haiti-a and nigeria-a
48, 23, 0, 32, 3 -> 45, 23, 0, 32, 2; the other held-out days 44, 34, 0, 38, 16 -> 42, 34, 0, 38,
16), and "named X as the new theatre commander" read as politics to 86 (dev 45 -> 44).
afghanistan-a, iran-a and philippines-a (2 days each, written the same way during the
seventeenth round) add 9, 6, 0, 14, 6; 10, 0, 1, 13, 1 and 4, 3, 0, 7, 2 after it (before it 9,
6, 0, 14, 6; 10, 0, 1, 14, 2 and 5, 4, 0, 8, 3): 109, 66, 1, 104 and 27 over the 54 days. The
eighteenth round (2026-12-03, tuned on the dev pairs and on afghanistan-a, read item by item in
it and dev data since): a side's claim that its fighters attacked a base, "killing nine", that
troops "had killed more than 25" or that it had "killed or wounded about 30" is no count; "three
more than their first count" is an update; a day's place spellings one letter apart are one
place in the events (Urgun and Orgun, Dasht-e-Barchi and Dasht-i-Barchi): 109, 64, 1, 98 and 24
(afghanistan-a 9, 6, 0, 14, 6 -> 8, 4, 0, 9, 2; the other dev pairs 44, 23, 0, 32, 2 -> 45, 23,
0, 32, 2; held out 56, 37, 1, 58, 19 -> 56, 37, 1, 57, 20). Then the arrest of an attack's
suspects read as the attack's follow-up (strikes, not politics) and a trade suspension or an
import halt as a decision: 107, 63, 1, 98 and 24 (dev 53, 27 -> 52, 26; held out 56 -> 55).
sudan-b and lebanon-a (2 days each, written the same way during the eighteenth round) add 7, 3,
0, 10, 2 and 7, 2, 0, 13, 3, the same before and after it: 121, 68, 1, 121 and 29 over the 58
days. The nineteenth round (tuned on the dev pairs): a name before "road" or "highway" is a road,
no place of the event ("in the cemetery on the Mucojo road"): 118, 68, 1, 121 and 29 (dev facts
missed 52 -> 51; held out 69 -> 67, both on sudan-b and lebanon-a); a "special representative"
as a talks cue: 117, 67, 1, 121 and 29 (dev 51, 26 -> 50, 25). ukraine-d and congo-b (2 days
each, written the same way during the nineteenth round) add 3, 2, 0, 4, 2 and 2, 6, 0, 10, 2, the
same before and after it: 122, 75, 1, 135 and 33 over the 62 days. The twentieth round: one
body's sanctions of the day are one event (`events.join_sanctions`): 121, 69, 1, 135 and 33 (dev
repeats 25 -> 21, held out 50 -> 48). kurdistan-a, car-a and thailand-a (2 days each, written
the same way during it) add 6, 1, 0, 4, 2 and 4, 1, 0, 5, 2 and 9, 2, 0, 4, 2, the same before
and after it: 140, 73, 1, 148 and 39 over the 68 days. The twenty-first round, tuned on the
dev pairs and those three (read item by item: dev data since): border closures, export bans,
taking command, an installation and an inactive post as politics, disarmament and observers
as talks, "a third soldier has died" as an update: 133, 70, 1, 147 and 39; a live blog's
tolls that name their town in an event of no place of its own join that town's event: 133, 70,
1, 143 and 35 (dev wrong 10 -> 6); "agreed on" followed by a weekday is dated by the weekday
("agreed on Tuesday" on a Tuesday is news): 132, 70, 1, 143 and 35. balochistan-a and
eritrea-a (2 days each, written the same way during the twenty-first round) add 8, 2, 0, 5, 3 and
4, 4, 0, 4, 1 (before it: 8, 2, 0, 6, 5 and 4, 4, 0, 5, 2): 144, 76, 1, 152 and 39 over the 72
days. The twenty-second round, tuned on the dev pairs and those two (read item by item): mobile
internet suspended, taking charge as a chief, a mobilisation ordered as politics, a grand jirga,
an all-parties conference and security consultations as talks: 139, 76, 1, 152 and 39; a
nation's adjective before a kind of place ("the Ethiopian town of Adigrat") is no place:
139, 76, 1, 151 and 38. westernsahara-a and chad-a (2 days each, written the same way during it)
add 9, 4, 0, 3, 1 and 4, 6, 0, 4, 0, the same before and after it: 152, 86, 1, 158 and 39 over
the 76 days. The twenty-third round (tuned on the dev pairs): a sentence closing on "he said"
leans on the one before and stands for no event: 151, 85, 1, 157 and 38; "the number wounded"
without "of" is a toll: 151, 85, 1, 156 and 37; a lower bound ("at least 12") below another
report is not the lowest: 151, 85, 1, 154 and 35; an attack dated on the day continues no
earlier event: 150, 84, 1, 154 and 35. kosovo-a and somaliland-a (2 days each, written the same
way during it) add 6, 4, 0, 4, 3 and 1, 0, 0, 5, 3 (before it: 6, 3, 0, 4, 3 and 1, 0, 0, 5, 3):
157, 88, 1, 163 and 41 over the 80 days. batken-a and burundi-a (2 days each, written the same
way during the twenty-fourth round) add 3, 2, 0, 5, 1 and 4, 5, 0, 4, 0: 164, 95, 1, 172 and 42
over the 84 days; the round, tuned on the dev pairs and burundi-a (read item by item): men
"suspected of guiding the attackers" arrested as the attack's follow-up, "accepted in
principle" and a direct military hotline as talks: 162, 94, 1, 172 and 42. The twenty-fifth
round (tuned on the dev pairs): passengers "were kidnapped" as a strikes cue, the number words to
fifty and "dozen" as a strikes anchor: 161, 93, 1, 172 and 42. papua-a and niger-a (2 days each,
written the same way during it) add 9, 3, 0, 5, 2 and 2, 0, 1, 1, 0, the same before and after
it (niger-a's is the second stale item of all the days): 172, 96, 2, 178 and 44 over the 88
days. The twenty-sixth round (tuned on the dev pairs): a full section adds up to two items for
attacks clearly apart from its items (two outlets or more, a place struck that none of them
names, no figure in common): 162, 96, 2, 178 and 44. manipur-a and casamance-a (2 days each,
written the same way during it) add 5, 6, 0, 4, 1 and 2, 3, 1, 2, 3, the same before and after
it (casamance-a's is the third stale item of all the days): 169, 105, 3, 184 and 48 over the
92 days. The twenty-seventh round (tuned on the dev pairs): the same toll at a shown item's
place is that event again, "the same day" leans on the sentence before, an event told only
inside reports of another section's event is its detail: 167, 102, 2, 184 and 48. benin-a,
kenya-a and colombia-b (2 days each, written the same way during it) add 3, 2, 0, 3, 2; 6, 7,
1, 5, 6 and 3, 0, 0, 3, 1, the same before and after it: 179, 111, 3, 195 and 57 over the 98
days. Until then the days were read on the real date, so every publication time of a day after
it (the 2027 pairs, and the last weeks of 2026) was dropped as "in the future"; read as on the
morning after each day, as the bot reads them, the same code gives 182, 114, 2, 189 and 59
(dev 61, 29, 0, 57, 6 from 62, 32, 0, 61, 8; held out 121, 85, 2, 132, 53 from 117, 79, 3,
134, 49). The twenty-eighth round (tuned on the dev pairs and kenya-a, read item by item):
enemies killed as a claim, the wounded who died as no wounded count, openers leaning on a
surname, a statement or "the other", one shared word for a detail in another section but
talks: 182, 105, 2, 185 and 54. ituri-a, rakhine-a and ukraine-e (2 days each, written the
same way during it) add 2, 3, 0, 4, 2; 2, 0, 0, 3, 3 and 7, 1, 0, 6, 2 (before it 2, 3, 0,
4, 1 for ituri-a, the rest the same): 193, 109, 2, 198 and 61 over the 104 days. The
twenty-ninth round (tuned on the dev pairs): an extra item's attack named a few words after
the attack word and naming no shown event's place, rebels and fighters killed as claims:
184, 113, 3, 198 and 56. burkina-a, sudan-c and yemen-b (2 days each, written the same way
during it) add 6, 0, 0, 6, 0; 2, 5, 0, 9, 4 and 5, 1, 0, 11, 3, the same before and after it:
197, 119, 3, 224 and 63 over the 110 days. The thirtieth round (tuned on the dev pairs and
burkina-a, read item by item): names with an apostrophe read whole, a turn to another event
inside a sentence ("has meanwhile suspended") making it no detail: 196, 119, 3, 224 and 63.
somalia-b, syria-b and ukraine-f (2 days each, written the same way during it) add 4, 3, 0,
7, 3; 4, 4, 0, 5, 2 and 11, 2, 0, 3, 0, the same before and after it: 215, 128, 3, 239 and 68
over the 116 days."""


@pytest.fixture(scope="module")
def days() -> list[tuple[str, Counts]]:
    return [day for pair in sorted(ROOT.iterdir()) if pair.is_dir() for day in run_pair(pair)]


@pytest.fixture(scope="module")
def totals(days: list[tuple[str, Counts]]) -> Counts:
    total = Counts()
    for _name, counts in days:
        total.add(counts)
    return total


def test_every_labeled_day_is_counted(totals: Counts) -> None:
    assert totals.facts >= 80 and totals.figures_labeled >= 80


def test_no_measure_of_the_heavy_days_gets_worse(totals: Counts) -> None:
    measured = {
        "facts_missed": totals.facts - totals.facts_shown,
        "repeats": totals.repeats,
        "stale": totals.stale,
        "figures_missed": totals.figures_labeled - totals.figures_right,
        "figures_wrong": totals.figures_wrong,
    }
    worse = {
        name: (value, LIMITS[name]) for name, value in measured.items() if value > LIMITS[name]
    }
    assert not worse, f"worse than measured (now, limit): {worse}"


def test_key_figures_stay_within_eight_lines_a_day(days: list[tuple[str, Counts]]) -> None:
    assert {name: counts.figure_lines for name, counts in days if counts.figure_lines > 8} == {}


_ONE_PAIR = """
import sys
from tests.support.heavy_days import ROOT, run_pair
for name, counts in run_pair(ROOT / sys.argv[1]):
    print(name, counts.clustered, counts.bcubed_precision, counts.bcubed_recall, *counts.matches)
"""


def test_a_day_builds_the_same_in_every_process() -> None:
    """Sets of words iterate in string-hash order, which differs between processes: the
    events, items and figures of a day must not depend on it."""
    runs = [
        subprocess.run(
            [sys.executable, "-c", _ONE_PAIR, "levant-a"],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    ]
    assert runs[0] and runs[0] == runs[1]
