"""Properties of the map over arbitrary events: it never crashes, says nothing the events do not
support, and knows nothing after its date."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parley.analysis import negotiation_map, shifts
from parley.analysis.dates import Period
from parley.records import ActorRef, Article, Blocker, Condition, Event

ACTORS = [
    ActorRef(name="Ana Alves", country="AAA", sector="GOV", id="ANA_ALVES"),
    ActorRef(name="Bo Berg", country="BBB", sector="GOV", id="BO_BERG"),
    ActorRef(name="Aland", country="AAA", sector="GOV", id="AAA"),
    ActorRef(name="Berg", country="BBB"),
    ActorRef(name="Twitter"),
]
ARTICLES = [Article(id=f"a{i}", text="x", published=p)
            for i, p in enumerate(["2022-03-01", "2023-06-15", "2024-01-10", None])]
DATES = st.sampled_from([None, "2021", "2022-03", "2022-03-01", "2023-06-14", "2024-02-01",
                         "2024-W05", "PRESENT_REF"])


@st.composite
def events(draw: st.DrawFn) -> list[Event]:
    out = []
    for i in range(draw(st.integers(0, 12))):
        type_, cameo = draw(st.sampled_from([("AGREE", "036"), ("REJECT", "125"),
                                             ("CONSULT", "040"), ("ACCUSE", "111"),
                                             ("CONCEDE", "081"), ("SANCTION", "164")]))
        blocker = None
        if type_ == "REJECT" and draw(st.booleans()):
            blocker = Blocker(text=draw(st.sampled_from(["a decree banning talks", "a law"])),
                              since=draw(DATES), in_effect=draw(st.sampled_from([None, True,
                                                                                  False])))
        out.append(Event(
            id=f"e{i}", article_id=draw(st.sampled_from([a.id for a in ARTICLES] + ["gone"])),
            type=type_, cameo=cameo, source=draw(st.sampled_from(ACTORS + [None])),
            target=draw(st.sampled_from(ACTORS + [None])),
            modality=draw(st.sampled_from(["asserted", "intended", "hypothetical"])),
            negated=draw(st.booleans()), date=draw(DATES), blocker=blocker,
            trigger=draw(st.sampled_from(["talks", "revoked the decree", "met", "x"])),
            conditions=[Condition(text="the shelling stops", kind="precondition")]
            if draw(st.booleans()) else [],
        ))
    return out


@settings(max_examples=150, deadline=None)
@given(events(), st.sampled_from([None, "2022-12-31", "2023", "2024-01-10"]))
def test_map_properties_supported_and_bounded(evs: list[Event], as_of: str | None) -> None:
    m = negotiation_map(evs, ARTICLES, as_of=as_of)
    ids = {e.id for e in evs}
    by_id = {e.id: e for e in evs}
    published = {a.id: Period.parse(a.published) for a in ARTICLES}
    cutoff = Period.parse(as_of) if as_of else None
    for s in m.stances:
        assert s.actor != s.toward and s.evidence and set(s.evidence) <= ids
        assert "Twitter" not in (s.actor, s.toward)
        for i in s.evidence:
            e = by_id[i]
            assert e.type in ("AGREE", "REJECT")
            if cutoff is not None:
                own = Period.parse(e.date) or (Period.parse(e.blocker.since) if e.blocker
                                               else None)
                pub = published.get(e.article_id)
                known = [p for p in (own, pub) if p is not None]
                assert known and min(p.start for p in known) <= cutoff.end
    for b in m.blockers:
        assert set(b.evidence) <= ids and (b.lifted is None or not b.in_effect)
    for t in m.talks:
        assert len(t.between) == 2 and t.between == sorted(t.between)
        assert all(by_id[i].type in ("CONSULT", "SANCTION") for i in t.evidence)
    for sh in shifts(evs, ARTICLES):
        assert sh.before.stance != sh.after.stance
