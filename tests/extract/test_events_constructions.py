"""Construction classes of events, each on sentences written for these tests (none is copied
from a gold file): every case names a class of wording, not one sentence, and varies it.

Each case: text, publication date, and the events that must come out as
(type, source name, target name or None, modality, negated); ``absent`` lists
(type, source, target) triples that must not.
"""

from __future__ import annotations

from typing import Any

import pytest

from parley.evaluate.passages import actor_match

Actor = str | tuple[str, str, str]  # a name, or (name, country, sector)
Expected = tuple[str, Actor, Actor | None, str, bool]
IRN, CHN, USA = ("Iran", "IRN", "GOV"), ("China", "CHN", "GOV"), ("United States", "USA", "GOV")

CASES: list[tuple[str, str, list[Expected], list[tuple[str, Actor, Actor | None]]]] = [
    # a title in apposition to a named person is that person, not a second actor: the speaker
    ('"If Washington keeps the sanctions, we will no longer be interested in talks," said the '
     "statement attributed to Sergei Lavrov, Russia's foreign minister.", "2021-03-10",
     [("THREATEN", "Sergei Lavrov", "United States", "asserted", False)], []),
    # harm done, reported by a speaker of another side: the speaker accuses the doer
    ("The Iranian foreign minister said Washington had sabotaged the nuclear talks.",
     "2021-03-10", [("ACCUSE", IRN, USA, "asserted", False)],
     [("ACCUSE", USA, None)]),
    ("Beijing's envoy said that Washington had squandered a chance for a trade deal.",
     "2019-05-10", [("ACCUSE", CHN, USA, "asserted", False)], []),
    # "the North" / "the South" in an article about the Koreas
    ("North Korea's leader Kim Jong Un met Moon Jae-in in May. The North said it was ready to "
     "resume talks with Washington.", "2018-06-01",
     [("AGREE", "North Korea", "United States", "intended", False)], []),
    ("Seoul and Pyongyang traded warnings. The South urged the North to return to talks.",
     "2018-06-01", [("REQUEST", "South Korea", "North Korea", "asserted", False)], []),
    # "X says it ...": the pronoun subject of a reported clause is the speaker
    ("The U.S. initially wanted Iran to cut its stockpile, but says it can accept a smaller cut "
     "if Tehran allows inspections.", "2014-11-24",
     [("AGREE", "United States", "Iran", "intended", False)], [("AGREE", "Iran", None)]),
    # a punitive measure that waits on a condition is a threat
    ("But Chancellor Olaf Scholz added that new sanctions against Russia are held in reserve in "
     "case of an attack on Ukraine.", "2022-02-01",
     [("THREATEN", "Olaf Scholz", "Russia", "asserted", False)],
     [("COERCE", "Olaf Scholz", "Russia")]),
    # talks only spoken of as the object of preconditions or a timetable are not held
    ("Blinken outlined what preconditions the United States has for talks with Tehran.",
     "2021-03-10", [], [("CONSULT", "United States", "Iran")]),
    ("Iran laid out its conditions for negotiations with Washington.", "2021-03-10", [],
     [("CONSULT", "Iran", "United States")]),
    # an intent inside another intent's complement is one expressed intent
    ("Iran agreed to arrange talks with the European Union.", "2021-03-10",
     [("AGREE", "Iran", "European Union", "intended", False)], []),
    # reciprocal acts: "each ... the other", "each other"
    ("Macron phoned Scholz, and each praised the other's efforts.", "2023-01-05",
     [("SUPPORT", "Emmanuel Macron", "Olaf Scholz", "asserted", False),
      ("SUPPORT", "Olaf Scholz", "Emmanuel Macron", "asserted", False)], []),
    # "when X, then Y": X is a condition of Y, and what X names is no event of its own
    ('"When Israel ends the blockade of Gaza, then we will be ready to release the hostages," '
     "a Hamas spokesman said.", "2024-01-10",
     [("AGREE", "Hamas", "Israel", "intended", False)], [("RETREAT", "Israel", None)]),
    # a stated lack of interest is a refusal
    ("Moscow has shown no interest in negotiations with Kyiv, the Russian foreign minister "
     "said.", "2023-01-05", [("REJECT", "Russia", "Ukraine", "asserted", False)],
     [("CONSULT", "Russia", "Ukraine")]),
    ("Hamas has lost interest in the Egyptian proposal.", "2024-01-10",
     [("REJECT", "Hamas", "Egypt", "asserted", False)], []),
    ("The Kremlin said the American side had shown little interest.", "2023-01-05",
     [("REJECT", USA, None, "asserted", False)], []),
    # a deal declared void (or talks off) on a condition is a threat; plainly, a refusal
    ("Turkey warned the European Union that the migration deal will be void if visa-free travel "
     "is not granted.", "2016-05-10",
     [("THREATEN", "Turkey", "European Union", "asserted", False)],
     [("AGREE", "Turkey", "European Union")]),
    ("Washington said the talks with the Taliban will be off unless the attacks stop.",
     "2019-09-08", [("THREATEN", "United States", "Taliban", "asserted", False)], []),
    # "put/bring an end to X" is the verb "end" with X; in an intent frame, an intent
    ("Putin voiced a firm resolve to put an end to hostilities with Ukraine if Kyiv drops its "
     "NATO bid.", "2023-06-01", [("AGREE", "Vladimir Putin", "Ukraine", "intended", False)], []),
    # "the two sides" when the text names one side only: no event with a guessed party
    ("A Turkish foreign ministry spokesman said on Friday that both countries intend to hold "
     "talks in Ankara next week.", "2023-06-02", [], [("AGREE", ("x", "TUR", "GOV"), None)]),
    ("Armenia accused Azerbaijan of shelling. The two countries agreed to meet in Brussels.",
     "2023-06-02", [("AGREE", "Armenia", "Azerbaijan", "intended", False),
                    ("AGREE", "Azerbaijan", "Armenia", "intended", False)], []),
    # a conjoined target spreads to the event only in the clause or condition that names it
    ("Although Israel agreed to a truce, Defense Minister Yoav Gallant warned of strikes if Hamas "
     "or Hezbollah fires rockets.", "2023-06-02",
     [("THREATEN", "Yoav Gallant", "Hamas", "asserted", False),
      ("THREATEN", "Yoav Gallant", "Hezbollah", "asserted", False)],
     [("RETREAT", "Israel", "Hezbollah")]),
    # a passive requirement "from" an actor is a request of that actor, by the speaker
    ("Guarantees from NATO are required before any deal, the Russian foreign minister said.",
     "2021-12-10", [("REQUEST", ("minister", "RUS", "GOV"), "NATO", "asserted", False)], []),
    ("Iran's envoy said a clear answer from Washington will be required within days.",
     "2021-12-10", [("REQUEST", ("envoy", "IRN", "GOV"), USA, "asserted", False)], []),
    # a hostile exchange is mutual, and not cooperation
    ("India and Pakistan exchanged fire along the border on Sunday.", "2021-02-10",
     [("ASSAULT", "India", "Pakistan", "asserted", False),
      ("ASSAULT", "Pakistan", "India", "asserted", False)], [("COOPERATE", "India", "Pakistan")]),
    ("Serbia and Kosovo traded accusations over the clashes.", "2023-06-02",
     [("ACCUSE", "Serbia", "Kosovo", "asserted", False),
      ("ACCUSE", "Kosovo", "Serbia", "asserted", False)], []),
    # a null verb with object patterns of its own is no event by a PETRARCH group pattern
    ("The Japanese prime minister expressed willingness to meet Kim Jong Un.", "2019-05-10",
     [("AGREE", ("prime minister", "JPN", "GOV"), "Kim Jong Un", "intended", False)], []),
    # "stop/cease doing X": ending a cooperative act (a threat when announced on a condition),
    # or, for fighting, a de-escalation
    ("Israel will cease negotiating with Hamas if the attacks continue, the minister said.",
     "2024-01-10", [("THREATEN", "Israel", "Hamas", "asserted", False)],
     [("AGREE", "Israel", "Hamas"), ("CONSULT", "Israel", "Hamas")]),
    ("North Korea stopped cooperating with the IAEA inspectors in 2009.", "2012-01-10",
     [("SANCTION", "North Korea", "International Atomic Energy Agency", "asserted", False)],
     [("COOPERATE", "North Korea", None)]),
    # a nationality word inside the condition is not the event's target; the condition's
    # subject is ("the Europeans")
    ("If the Europeans fail to offset the American sanctions, Iran will resume uranium "
     "enrichment, the president said.", "2019-05-08",
     [("THREATEN", "Iran", "Europe", "asserted", False)], [("THREATEN", "Iran", USA)]),
    # an unnamed armed group takes the country of the place it is in
    ("Gunmen in Donetsk attacked a police station on Monday.", "2014-05-05",
     [("ASSAULT", ("armed group", "UKR", "REB"), None, "asserted", False)], []),
    ("Armed men in Benghazi stormed the U.S. consulate, and they later fled.", "2012-09-12",
     [("ASSAULT", ("armed group", "LBY", "REB"), USA, "asserted", False)], []),
    # a present-tense "when/once/after" clause under a planned or future act is to come: intent
    ("Russian President Vladimir Putin plans to discuss the treaty with US national security "
     "adviser John Bolton when he visits Russia this week.", "2018-10-21",
     [("AGREE", "John Bolton", "Russia", "intended", False)],
     [("CONSULT", "John Bolton", "Russia"), ("CONSULT", "Vladimir Putin", "Russia")]),
    ("Chinese President Xi Jinping will host Japanese Prime Minister Shinzo Abe when he travels "
     "to Beijing next month.", "2018-10-01",
     [("AGREE", "Shinzo Abe", CHN, "intended", False)], [("CONSULT", "Shinzo Abe", CHN)]),
    ("Biden intends to raise human rights with Chinese officials once he visits China in May.",
     "2021-03-01", [("AGREE", "Joe Biden", CHN, "intended", False)],
     [("CONSULT", "Joe Biden", CHN)]),
    # ... but not in the past, nor for a conflictual act
    ("Vladimir Putin met Emmanuel Macron when he visited France.", "2019-08-20",
     [("CONSULT", "Vladimir Putin", "France", "asserted", False)],
     [("AGREE", "Vladimir Putin", "France")]),
    ("The United States will retaliate when Iran attacks its ships.", "2019-06-20",
     [], [("THREATEN", IRN, USA), ("AGREE", IRN, USA)]),
    # what pressure will never force a side to do is that side's refusal, and one refusal
    ("Iran said threats would not force it to negotiate or to abandon its nuclear program.",
     "2019-06-20", [("REJECT", IRN, None, "asserted", False)],
     [("CONCEDE", IRN, None), ("THREATEN", IRN, None)]),
    ("Pyongyang said U.S. pressure would never make it give up its nuclear weapons.",
     "2017-08-07", [("REJECT", "North Korea", None, "asserted", False)],
     [("CONCEDE", "North Korea", None)]),
    ("Sanctions will never make Iran surrender, Iran's president said.", "2019-06-20",
     [("REJECT", IRN, None, "asserted", False)], [("CONCEDE", IRN, None)]),
    ("No amount of pressure will compel Tehran to return to the talks, Iran's foreign minister "
     "said.", "2019-06-20", [], [("THREATEN", IRN, None)]),
    # ... not an assurance by the one who would force ("Washington will not force Kyiv ...")
    ("Washington will not force Kyiv to cede territory, Blinken said.", "2022-06-01",
     [], [("REJECT", "Ukraine", None)]),
    # and pressure that worked: the one forced acts
    ("Sanctions forced Iran to negotiate with the United States.", "2015-04-01",
     [("CONSULT", IRN, USA, "asserted", False)], []),
    # an open question ("whether X will ...") is neither an act nor a stated intent
    ("It is unclear whether Iran will join the talks in Vienna.", "2021-04-01", [],
     [("AGREE", IRN, None)]),
    ("Officials did not say whether Kim would meet Trump in Hanoi.", "2019-02-20", [],
     [("AGREE", "Kim Jong Un", "Donald Trump")]),
    ("Whether Russia will accept the ceasefire depends on Washington, Lavrov said.",
     "2022-04-01", [], [("AGREE", "Russia", None)]),
    ("Kim asked whether Trump would lift sanctions.", "2019-02-20", [],
     [("AGREE", "Donald Trump", None)]),
    # ... while "whether or not" is no question: the intent stands
    ("Iran said it will join the talks whether or not Washington lifts sanctions.",
     "2021-04-01", [("AGREE", IRN, None, "intended", False)], []),
    # "may or may not": both outcomes, no negation; an only possible easing stays hypothetical
    ("Biden said the tariffs on Mexico, which may or may not be removed depending on the talks, "
     "would stay for now.", "2022-03-10",
     [("RETREAT", "Joe Biden", "Mexico", "hypothetical", False)], []),
]


def _name(a: dict[str, Any] | None) -> str:
    return a["name"] if a else "-"


@pytest.mark.slow
@pytest.mark.parametrize(("text", "published", "expected", "absent"), CASES,
                         ids=[c[0][:48] for c in CASES])
def test_event_construction(nlp: Any, text: str, published: str, expected: list[Expected],
                            absent: list[tuple[str, Actor, Actor | None]]) -> None:
    from parley.pipeline import extract

    events = [e.model_dump(mode="json") for e in extract(text, published=published, nlp=nlp)]
    got = "; ".join(f"{e['type']} {_name(e['source'])} -> {_name(e['target'])} "
                    f"[{e['modality']}{', negated' if e['negated'] else ''}] ({e['rule']})"
                    for e in events) or "no events"

    def actor(a: Actor) -> dict[str, Any]:
        if isinstance(a, str):
            return {"name": a}
        return {"name": a[0], "country": a[1], "sector": a[2]}

    def same(e: dict[str, Any], type_: str, src: Actor, tgt: Actor | None) -> bool:
        return e["type"] == type_ and actor_match(actor(src), e["source"]) and \
            (tgt is None or actor_match(actor(tgt), e["target"]))

    for type_, src, tgt, modality, negated in expected:
        hits = [e for e in events if same(e, type_, src, tgt)]
        assert hits, f"{type_} {src} -> {tgt} not found; got {got}"
        assert any(e["modality"] == modality and e["negated"] == negated for e in hits), got
    for type_, src, tgt in absent:
        assert not [e for e in events if same(e, type_, src, tgt)], \
            f"unexpected {type_} {src} -> {tgt}; got {got}"
