"""What one event says about talks (``parley.analysis.stance``), and how statements combine in
the map: recency, precision of dates, ties, blockers, talks."""

from __future__ import annotations

from typing import Any

import pytest

from parley.analysis import negotiation_map
from parley.analysis.stance import is_lift, talk_stance, talk_status
from parley.errors import InputError
from parley.records import ActorRef, Article, Blocker, Condition, Event

A = ActorRef(name="Ana Alves", country="AAA", sector="GOV", id="ANA_ALVES")
B = ActorRef(name="Bo Berg", country="BBB", sector="GOV", id="BO_BERG")
C = ActorRef(name="Cy Cole", country="AAA", sector="GOV", id="CY_COLE")
STATE_A = ActorRef(name="Aland", country="AAA", sector="GOV", id="AAA")


def ev(type_: str, cameo: str | None = None, trigger: str = "", **kw: Any) -> Event:
    kw.setdefault("source", A)
    kw.setdefault("target", B)
    return Event(type=type_, cameo=cameo, trigger=trigger, **kw)


def cond(text: str, kind: str = "precondition") -> Condition:
    return Condition(text=text, kind=kind)  # type: ignore[arg-type]


@pytest.mark.parametrize("event, expected", [
    (ev("AGREE", "036", "ready to meet"), "willing"),
    (ev("AGREE", "036", "talks", conditions=[cond("on an equal basis", "requirement")]),
     "conditional"),
    (ev("AGREE", "036", "will negotiate", conditions=[cond("the shelling stops", "unless")]),
     "conditional"),
    (ev("AGREE", "036", "will not negotiate", negated=True), "refuses"),
    (ev("AGREE", "036", "will not negotiate", negated=True,
        conditions=[cond("the troops leave", "unless")]), "conditional"),
    (ev("REJECT", "125", "refused to meet", conditions=[cond("the prisoners are freed")]),
     "conditional"),
    (ev("REJECT", "125", "decree", conditions=[cond("the war ends")],
        blocker=Blocker(text="a decree")), "refuses"),
    (ev("AGREE", None, "open to dialogue"), "willing"),
    (ev("AGREE", "030", "ready for peace talks"), "willing"),
    (ev("AGREE", "057", "signed a trade deal"), None),
    (ev("REJECT", "125", "turned down the offer"), "refuses"),
    (ev("REJECT", "120", "refused to meet"), "refuses"),
    (ev("REJECT", "120", "rejected the accusation"), None),
    (ev("REJECT", "125", "did not reject talks", negated=True), None),
    (ev("REJECT", "128", "issued a decree", blocker=Blocker(text="a decree")), "refuses"),
    (ev("CONSULT", "040", "talks"), None),
    (ev("ACCUSE", "111", "criticized"), None),
])
def test_stance_rules_talk_stance(event: Event, expected: str | None) -> None:
    assert talk_stance(event) == expected


@pytest.mark.parametrize("event, expected", [
    (ev("CONSULT", "044", "met in Geneva"), "held"),
    (ev("CONSULT", "040", "talks are under way"), "ongoing"),
    (ev("CONSULT", "040", "discussions are ongoing"), "ongoing"),
    (ev("CONSULT", "040", "will meet next week", modality="intended"), "proposed"),
    (ev("CONSULT", "040", "would meet", modality="hypothetical"), "proposed"),
    (ev("CONSULT", "040", "did not meet", negated=True), "collapsed"),
    (ev("CONSULT", "046", "negotiations broke down"), "collapsed"),
    (ev("SANCTION", "164", "halted negotiations"), "collapsed"),
    (ev("AGREE", "036", "ready to meet"), None),
])
def test_stance_rules_talk_status(event: Event, expected: str | None) -> None:
    assert talk_status(event) == expected


@pytest.mark.parametrize("event, expected", [
    (ev("CONCEDE", "081", "revoked the decree"), True),
    (ev("CONCEDE", "081", "lifted the ban on talks"), True),
    (ev("CONCEDE", "081", "repealed", sentence="Parliament repealed the law on talks."), True),
    (ev("RETREAT", "085", "lifted sanctions"), False),
    (ev("CONCEDE", "081", "did not revoke the decree", negated=True), False),
])
def test_stance_rules_lift(event: Event, expected: bool) -> None:
    assert is_lift(event) is expected


def art(id_: str, published: str | None) -> Article:
    return Article(id=id_, text=f"text of {id_}", published=published)


def stance_of(events: list[Event], articles: list[Article], **kw: Any) -> tuple[Any, ...]:
    m = negotiation_map(events, articles, **kw)
    [s] = [s for s in m.stances if s.actor == "Ana Alves"]
    return s.stance, s.date, s.conditions


def test_stance_rules_latest_statement_wins_across_articles() -> None:
    arts = [art("a1", "2024-01-10"), art("a2", "2024-02-10")]
    old = ev("AGREE", "036", "talks", article_id="a1", date="2024-01-09",
             conditions=[cond("a ceasefire holds")])
    new = ev("AGREE", "036", "ready to meet", article_id="a2")  # undated: its article's date
    assert stance_of([new, old], arts) == ("willing", None, [])
    # as of a date between the two, the older conditional one stands
    assert stance_of([new, old], arts, as_of="2024-02-01") == (
        "conditional", "2024-01-09", ["a ceasefire holds"])


def test_stance_rules_dated_statement_beats_undated_of_same_day() -> None:
    arts = [art("a1", "2024-01-10")]
    headline = ev("AGREE", "036", "open to talks", article_id="a1")
    dated = ev("AGREE", "036", "willing to negotiate", article_id="a1", date="2024-01-10",
               conditions=[cond("guarantees are given")], reported_by="Reuters")
    other = ev("AGREE", "036", "discussions", article_id="a1",
               conditions=[cond("the troops leave")])
    m = negotiation_map([headline, dated, other], arts)
    [s] = m.stances
    assert (s.stance, s.date, s.conditions, s.reported_by) == (
        "conditional", "2024-01-10", ["guarantees are given"], "Reuters")
    assert s.previous is None  # statements of one day are one moment, not a shift


def test_stance_rules_date_of_a_repeated_stance_is_its_latest_dated_statement() -> None:
    arts = [art("a1", "2024-01-10"), art("a2", "2024-03-01")]
    first = ev("AGREE", "036", "ready to meet", article_id="a1", date="2024-01-08")
    again = ev("AGREE", "036", "ready to meet", article_id="a2")  # undated repetition
    assert stance_of([first, again], arts) == ("willing", "2024-01-08", [])


def test_stance_rules_future_date_counts_from_publication() -> None:
    arts = [art("a1", "2024-01-10")]
    plan = ev("CONSULT", "044", "will meet in Oslo", article_id="a1", date="2024-02-20",
              modality="intended")
    [talk] = negotiation_map([plan], arts, as_of="2024-01-15").talks
    assert (talk.status, talk.date) == ("proposed", "2024-02-20")


def test_stance_rules_as_of_accepts_a_year_and_rejects_nonsense() -> None:
    arts = [art("a1", "2024-06-10")]
    offer = ev("AGREE", "036", "ready to meet", article_id="a1")
    assert negotiation_map([offer], arts, as_of="2024").stances
    assert not negotiation_map([offer], arts, as_of="2023").stances
    with pytest.raises(InputError, match="--as-of"):
        negotiation_map([offer], arts, as_of="yesterday")


def test_stance_rules_blocker_record_saying_no_longer_in_effect() -> None:
    arts = [art("a1", "2022-05-01"), art("a2", "2024-05-01")]
    ban = ev("REJECT", "125", "decreed a ban on talks", article_id="a1", date="2022-04-30",
             blocker=Blocker(text="a ban on talks with Berg", since="2022-04-30"))
    gone = ev("REJECT", "125", "the ban on talks", article_id="a2",
              blocker=Blocker(text="the ban on talks with Berg", in_effect=False,
                              since="2022-04-30"))
    [b] = negotiation_map([ban, gone], arts).blockers
    assert (b.since, b.in_effect, b.lifted) == ("2022-04-30", False, "2024-05-01")
    [b] = negotiation_map([ban, gone], arts, as_of="2023-01-01").blockers
    assert b.in_effect is True


def test_stance_rules_later_confirmation_is_kept() -> None:
    arts = [art("a1", "2022-05-01"), art("a2", "2024-05-01")]
    sib = ActorRef(name="Di Dahl", country="AAA", sector="GOV")
    ban = ev("REJECT", "125", "decree", article_id="a1", date="2022-04-30", id="e1",
             blocker=Blocker(text="a decree banning talks", since="2022-04-30"))
    still = ev("REJECT", "125", "decree", article_id="a2", id="e2",
               blocker=Blocker(text="the decree banning talks", in_effect=True,
                               confirmed_by=sib, confirmed="2024-04"))
    [b] = negotiation_map([ban, still], arts).blockers
    assert (b.in_effect, b.confirmed_by, b.confirmed, b.evidence) == (
        True, "Di Dahl", "2024-04", ["e1", "e2"])


def test_stance_rules_negated_meeting_is_collapsed_talks() -> None:
    arts = [art("a1", "2024-01-10"), art("a2", "2024-01-20")]
    plan = ev("CONSULT", "044", "will meet", article_id="a1", modality="intended")
    fail = ev("CONSULT", "044", "did not meet", article_id="a2", negated=True)
    [t] = negotiation_map([plan, fail], arts).talks
    assert (t.status, t.previous.status if t.previous else None) == ("collapsed", "proposed")


def test_stance_rules_stance_needs_two_parties() -> None:
    arts = [art("a1", "2024-01-10")]
    alone = ev("AGREE", "036", "ready for talks", article_id="a1", target=None)
    self_ = ev("AGREE", "036", "ready for talks", article_id="a1", target=A)
    assert negotiation_map([alone, self_], arts).stances == []


def test_stance_rules_state_folds_only_into_a_clear_leader() -> None:
    arts = [art("a1", "2024-01-10"), art("a2", "2024-01-11")]
    # a1: Alves and Cole both speak for AAA, once each: no fold, Aland stays a party
    evs = [
        ev("AGREE", "036", "ready to meet", article_id="a1", source=STATE_A),
        ev("ACCUSE", "111", "criticized", article_id="a1", source=A),
        ev("ACCUSE", "111", "criticized", article_id="a1", source=C),
        # a2: Alves alone leads AAA
        ev("AGREE", "036", "ready to meet", article_id="a2", source=STATE_A),
        ev("ACCUSE", "111", "criticized", article_id="a2", source=A),
    ]
    m = negotiation_map(evs[:3], arts)
    assert [(s.actor, s.toward) for s in m.stances] == [("Aland", "Bo Berg")]
    assert m.same_side == {}
    m = negotiation_map(evs[3:], arts)
    assert [(s.actor, s.toward) for s in m.stances] == [("Ana Alves", "Bo Berg")]
    assert m.same_side == {"Ana Alves": ["Aland"]}


def test_stance_rules_surname_only_reference_joins_its_person() -> None:
    arts = [art("a1", "2024-01-10")]
    short = ActorRef(name="Berg", country="BBB", sector="GOV")
    evs = [ev("AGREE", "036", "talks", article_id="a1", date="2024-01-05"),
           ev("AGREE", "036", "talks", article_id="a1", source=short, target=A)]
    m = negotiation_map(evs, arts)
    assert sorted((s.actor, s.toward) for s in m.stances) == [
        ("Ana Alves", "Bo Berg"), ("Bo Berg", "Ana Alves")]


def test_stance_rules_one_word_name_joins_the_person_of_its_article() -> None:
    arts = [art("a1", "2018-03-09")]
    kim = ActorRef(name="Kim Jong Un", country="PRK", sector="GOV", id="KIM_JONG_UN")
    trump = ActorRef(name="Donald Trump", country="USA", sector="GOV", id="DONALD_TRUMP")
    short = ActorRef(name="Kim", country="PRK")
    evs = [ev("ACCUSE", "111", "criticized", article_id="a1", source=kim, target=trump),
           ev("AGREE", "036", "accepted an invitation to meet", article_id="a1", source=trump,
              target=short)]
    m = negotiation_map(evs, arts)
    assert [(s.actor, s.toward) for s in m.stances] == [("Donald Trump", "Kim Jong Un")]


def test_stance_rules_unplaceable_and_self_dyads_are_left_out() -> None:
    arts = [art("a1", "2024-01-10")]
    bare = ActorRef(name="Twitter")
    state_b = ActorRef(name="Bland", country="BBB", sector="GOV", id="BBB")
    evs = [ev("AGREE", "036", "touted the summit on Twitter", article_id="a1", target=bare),
           # Berg and his own state are one side: not a dyad
           ev("REJECT", "125", "would not negotiate", article_id="a1", source=B,
              target=state_b)]
    assert negotiation_map(evs, arts).stances == []


def test_stance_rules_agent_phrase_is_never_the_leader() -> None:
    arts = [art("a1", "2014-08-06")]
    minister = ActorRef(name="Egypt's foreign minister", country="EGY", sector="GOV")
    egypt = ActorRef(name="Egypt", country="EGY", sector="GOV", id="EGY")
    evs = [ev("CONSULT", "040", "met", article_id="a1", source=minister, target=B),
           ev("AGREE", "036", "ready to host talks", article_id="a1", source=egypt, target=B)]
    m = negotiation_map(evs, arts)
    assert m.same_side == {}
    assert [(s.actor, s.toward) for s in m.stances] == [("Egypt", "Bo Berg")]
