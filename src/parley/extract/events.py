"""Events of an annotated article: ``extract_events(doc, article) -> list[Event]``.

For each sentence: triggers (:mod:`parley.extract.triggers`), then for each trigger its source
and target (:mod:`parley.extract.roles`, from ``doc._.actors``), its CAMEO code, PLOVER type
(the official crosswalk), Goldstein score and quad class (:mod:`parley.codebook`), modality and
negation (:mod:`parley.extract.modality`), conditions (:mod:`parley.extract.conditions`), the
speaker and the cited outlet (:mod:`parley.extract.attribution`), its date (``doc._.timexes``),
and, for a standing act that forbids talks, a blocker (:mod:`parley.extract.blockers`).

Example record (the seed article, ``Event.model_dump(mode="json")``, abridged)::

    {"type": "AGREE", "cameo": "036", "goldstein": 4.0, "quad": 1,
     "source": {"name": "Volodymyr Zelensky", ...}, "target": {"name": "Vladimir Putin", ...},
     "modality": "intended", "negated": false,
     "trigger": "willingness to engage in direct peace negotiations",
     "conditions": [{"text": "receiving security guarantees from U.S. President Donald Trump",
                     "kind": "precondition", "span": [251, 313]}],
     "said_by": {"name": "Volodymyr Zelensky", ...}, "reported_by": "Bloomberg",
     "date": "2025-01-23", "rule": "intent:willingness>noun:negotiation", "confidence": 0.7}
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span, Token

from parley.codebook import lookup, plover_type
from parley.extract import blockers as blk
from parley.extract import conditions as cnd
from parley.extract import modality as mod
from parley.extract.triggers import (
    ADJUNCT_PREPS,
    Trigger,
    doc_index,
    find_triggers,
    intent_code,
    load_lexicon,
    noun_key,
)
from parley.records import SECTORS, ActorRef, Article, Condition, Event

log = logging.getLogger(__name__)

_PRONOUNS = {"he", "she", "him", "her", "his", "they", "them", "their", "it", "its", "we", "us",
             "our", "i", "me", "my", "himself", "herself", "themselves"}
_REPORT_VERBS = {"report", "say", "confirm", "announce", "carry", "publish", "break", "air",
                 "run", "broadcast", "reveal"}
_REPORT_NOUNS = {"report", "development", "news", "story", "statement", "remark", "comment",
                 "interview", "announcement", "decision", "move"}
_STATE_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", None}
_DELEGATION_NOUNS = {"delegation", "envoy", "negotiator", "team", "official", "embassy",
                     "diplomat", "force", "troop", "military", "army", "navy", "warplane", "jet"}
_PAIR_NOUNS = {"side", "leader", "country", "nation", "government", "party", "two", "president",
               "delegation"}
_PLACED_SECTORS = {"REB", "MIL", "COP", "CVL", "OPP"}
_STATE_ANAPHORS = {"nation", "country", "regime", "government", "state"}
_TARGET_PREPS = ("with", "against", "to", "on", "from", "at", "toward", "towards", "for", "of",
                 "between", "into")


# --- components: actors, roles, attribution, dates ----------------------------------------

def _mentions(doc: Doc) -> list[Any]:
    if Doc.has_extension("actors") and doc._.actors is not None:
        return list(doc._.actors)
    return []


def _mention_bounds(m: Any) -> tuple[int, int]:
    """Token offsets of an ``ActorMention`` (end exclusive)."""
    return int(m.start), int(m.end)


def _ref_of(m: Any, doc: Doc) -> ActorRef | None:
    ref = getattr(m, "ref", None)
    if ref is None:
        return None
    if isinstance(ref, ActorRef) and ref.mention and ref.span and ref.country not in SECTORS:
        return ref  # the component's record, complete: no copy
    s, e = _mention_bounds(m)
    span = doc[s:e]
    data = ref.model_dump() if hasattr(ref, "model_dump") else dict(ref)
    data["mention"] = data.get("mention") or span.text
    data["span"] = data.get("span") or (span.start_char, span.end_char)
    if data.get("country") in SECTORS and not data.get("sector"):
        # work-around: the actor dictionary gives outlets country "MED" and no sector
        data["sector"], data["country"] = data["country"], None
    return ActorRef(**{k: v for k, v in data.items() if k in ActorRef.model_fields})


class Actors:
    """Actor lookup over a doc, from ``doc._.actors`` (the ``parley_actors`` component), plus
    two readings the component leaves to events: nationality adjectives on event nouns ("an
    Israeli proposal") and "the nation"/"the country" for the state last named."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.sents = list(doc.sents)
        self.by_token: dict[int, ActorRef] = {}
        self._per_sent: dict[int, list[ActorRef]] = {}
        for m in _mentions(doc):
            ref = _ref_of(m, doc)
            if ref is None:
                continue
            s, e = _mention_bounds(m)
            for i in range(s, e):
                self.by_token[i] = ref
        self._placed()
        self._demonyms()

    def _placed(self) -> None:
        """"armed men in Slovyansk", "gunmen from Idlib": an unnamed armed or civil group takes
        the country of the place it is said to be in or from (and so do its references)."""
        places = self.doc._.places if Doc.has_extension("places") else None
        if not places:
            return
        where = {i: p.place.country for p in places if p.place.country
                 for i in range(p.start, p.end)}
        fixed: dict[str, ActorRef] = {}
        for i, ref in self.by_token.items():
            if ref.country or ref.id or ref.sector not in _PLACED_SECTORS or \
                    ref.name in fixed or ref.span is None:
                continue
            tok = self.doc[i]
            if tok.head.i == tok.i or self.by_token.get(tok.head.i) is ref:
                continue  # only the head word of the mention
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in ("in", "from"):
                    iso = next((where[p.i] for p in c.children if p.dep_ == "pobj" and
                                p.i in where), None)
                    if iso:
                        fixed[ref.name] = ref.model_copy(update={"country": iso})
        if not fixed:
            return
        for i, ref in list(self.by_token.items()):
            new = fixed.get(ref.name)
            if new is not None and not ref.country and not ref.id:
                self.by_token[i] = new.model_copy(update={"mention": ref.mention,
                                                          "span": ref.span})

    def placed(self, ref: ActorRef | None) -> ActorRef | None:
        """``ref`` with the country :meth:`_placed` found for its mention, if any."""
        if ref is None or ref.country or ref.id or ref.span is None or \
                ref.sector not in _PLACED_SECTORS:
            return ref
        span = self.doc.char_span(ref.span[0], ref.span[1], alignment_mode="expand")
        known = self.by_token.get(span.start) if span is not None else None
        if known is not None and known.country and known.name == ref.name:
            return known
        return ref

    def of_phrase(self, tok: Token) -> ActorRef | None:
        """"leaders of the Tigray People's Liberation Front" -> the front."""
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for p in c.children:
                    if p.dep_ == "pobj" and self.at(p.i) is not None:
                        return self.at(p.i)
        return None

    def at(self, i: int) -> ActorRef | None:
        return self.by_token.get(i)

    def _demonyms(self) -> None:
        """"an Israeli proposal", "the U.S. delegation": a nationality word names its state."""
        index = doc_index(self.doc)
        for k, pos in enumerate(index.pos):
            if pos not in ("ADJ", "PROPN") or k in self.by_token:
                continue
            tok = self.doc[k]
            if not tok.text[:1].isupper():
                continue
            if pos == "ADJ" or (tok.pos_ == "PROPN" and tok.dep_ == "compound" and
                                     tok.head.lemma_.lower() in _DELEGATION_NOUNS):
                ref = _demonym(tok)
                if ref is not None:
                    self.by_token[tok.i] = ref

    def in_sentence(self, sent: Span) -> list[ActorRef]:
        """The actors named in a sentence, once each, in order."""
        if sent.start not in self._per_sent:
            seen: dict[str, ActorRef] = {}
            for i in range(sent.start, sent.end):
                ref = self.by_token.get(i)
                if ref is not None and ref.name not in seen:
                    seen[ref.name] = ref
            self._per_sent[sent.start] = list(seen.values())
        return self._per_sent[sent.start]

    def pair(self, tok: Token) -> tuple[ActorRef, ActorRef] | None:
        """"the two sides", "both countries", "the two leaders": the two parties last named
        before (on different sides)."""
        words = {c.lower_ for c in tok.children} | {tok.lower_}
        if not ({"two", "both"} & words) or tok.lemma_.lower() not in _PAIR_NOUNS:
            return None
        found: list[ActorRef] = []
        for i in range(tok.i - 1, -1, -1):
            ref = self.by_token.get(i)
            if ref is None or not (ref.country or ref.id) or ref.sector == "MED":
                continue
            if found and (_same_side(found[-1], ref) or len(found) == 2):
                if len(found) == 2:
                    break
                continue
            found.append(ref)
        return (found[1], found[0]) if len(found) == 2 else None

    def anaphor(self, tok: Token) -> ActorRef | None:
        """"the nation", "the country", "the regime": the state last named before it."""
        if tok.lower_ not in _STATE_ANAPHORS or not any(c.lower_ == "the" for c in tok.children):
            return None
        for i in range(tok.i - 1, -1, -1):
            ref = self.by_token.get(i)
            if ref is not None and ref.sector == "GOV" and ref.country:
                return ref
        return None

    def in_phrase(self, tok: Token) -> ActorRef | None:
        """The actor of a noun phrase headed by ``tok`` (the head, its compounds, a possessor)."""
        ref = self.at(tok.i) or self.anaphor(tok)
        if ref is not None and not ref.country:
            inner = self.of_phrase(tok)
            if inner is not None:
                return inner
        if ref is not None:
            return ref
        for c in tok.children:
            if c.dep_ in ("compound", "amod", "poss", "nmod") and c.i < tok.i:
                ref = self.at(c.i)
                if ref is not None:
                    return ref
        for c in tok.children:
            if c.dep_ == "appos":
                ref = self.at(c.i)
                if ref is not None:
                    return ref
        return None


def _demonym(tok: Token) -> ActorRef | None:
    """"American prisoners", "an Israeli proposal": a nationality adjective names its state."""
    state = _state_of(tok.lower_)
    if state is None:
        return None
    name, country, eid = state
    return ActorRef(name=name, country=country, sector="GOV", id=eid, mention=tok.text,
                    span=(tok.idx, tok.idx + len(tok)))


@functools.lru_cache(maxsize=4096)
def _state_of(word: str) -> tuple[str, str, str] | None:
    try:
        from parley.nlp.actors import load_dictionary
    except ImportError:
        return None
    book = load_dictionary()
    for eid, kind in book.candidates(word):
        if kind in ("country", "metonym"):
            entry = book.entries.get(eid)
            if entry is not None and entry.kind == "state":
                return entry.name, entry.country or eid, eid
    return None


def _roles_module() -> Callable[..., Any] | None:
    try:
        from parley.extract.roles import roles_for
    except ImportError:
        return None
    return roles_for  # type: ignore[no-any-return]


def _clause_subject(tok: Token, actors: Actors) -> ActorRef | None:
    """The actor who is the subject of the clause of ``tok``, climbing through complements."""
    cur = tok
    for _ in range(6):
        agent = [c for c in cur.children if c.dep_ == "agent"]
        for a in agent:
            for p in a.children:
                if p.dep_ == "pobj":
                    ref = actors.in_phrase(p)
                    if ref is not None:
                        return ref
        for c in cur.children:
            if c.dep_ in ("nsubj", "poss") or (c.dep_ == "nsubjpass" and not agent and
                                               cur.pos_ in ("ADJ",)):
                ref = actors.in_phrase(c)
                if ref is not None:
                    return ref
                if c.dep_ == "nsubj":
                    for cc in c.children:
                        if cc.dep_ == "conj":
                            ref = actors.in_phrase(cc)
                            if ref is not None:
                                return ref
        if cur.dep_ in ("ROOT",) or cur.head.i == cur.i:
            return None
        if cur.dep_ in ("relcl",):
            return actors.in_phrase(cur.head)
        if cur.dep_ == "conj" and cur.head.lemma_.lower() in load_lexicon().speech_verbs:
            # "X said that Beijing remained committed ..., but would not give ground": the
            # parser hung the second verb on "said"; its subject is the reported clause's
            for comp in cur.head.children:
                if comp.dep_ == "ccomp" and comp.i < cur.i:
                    for c in comp.children:
                        if c.dep_ == "nsubj" and actors.in_phrase(c) is not None:
                            return actors.in_phrase(c)
        if cur.dep_ in ("ccomp",) and cur.head.lemma_.lower() in load_lexicon().speech_verbs:
            return None
        cur = cur.head
    return None


def _target(doc: Doc, trig: Trigger, actors: Actors, source: ActorRef | None,
            outside: set[int]) -> ActorRef | None:
    """The actor acted upon: an object or a with/against/to phrase of the trigger words."""
    heads = [doc[trig.head], doc[trig.anchor]]
    if trig.predicate is not None:
        heads.append(doc[trig.predicate])
    cands: list[tuple[int, int, ActorRef]] = []
    blocked = {"ccomp", "advcl", "relcl", "parataxis", "nsubj", "nsubjpass", "mark"}

    def same(a: ActorRef | None, b: ActorRef | None) -> bool:
        return _same_side(a, b)

    def visit(tok: Token, depth: int, rank: int) -> None:
        if depth > 4:
            return
        for c in tok.children:
            if c.dep_ in blocked or c.i in outside:
                continue
            r = rank
            if c.dep_ == "prep":
                low = c.lower_
                r = _TARGET_PREPS.index(low) if low in _TARGET_PREPS else 20
                if low == "by":
                    continue
            elif c.dep_ in ("dobj", "dative", "iobj"):
                r = min(rank, 2)
            ref = actors.in_phrase(c) if c.pos_ in ("PROPN", "NOUN", "PRON", "ADJ") else None
            if ref is not None and not same(ref, source) and c.dep_ not in ("poss",) or \
                    ref is not None and c.dep_ == "poss" and tok.i == trig.head and \
                    not same(ref, source) and doc[trig.head].pos_ == "NOUN" and False:
                cands.append((r, depth, ref))  # type: ignore[arg-type]
            visit(c, depth + 1, r)

    for h in heads:
        visit(h, 0, 10)
        if cands:
            break
    head = doc[trig.head]
    if not cands and head.pos_ == "VERB" and any(c.dep_ == "auxpass" for c in head.children) \
            and not any(c.dep_ == "agent" for c in head.children):
        # "an explanation from the US will be required": who is asked, in the passive subject
        for c in head.children:
            if c.dep_ != "nsubjpass":
                continue
            for p in c.children:
                if p.dep_ == "prep" and p.lower_ == "from":
                    for o in p.children:
                        ref = actors.in_phrase(o) if o.dep_ == "pobj" else None
                        if ref is not None and not same(ref, source):
                            cands.append((0, 0, ref))
    if not cands:
        # "an Egyptian truce proposal": an adjective of nationality on the event noun
        for h in heads:
            for c in h.subtree:
                if c.dep_ == "amod" and c.i not in outside and actors.at(c.i) is not None and \
                        not same(actors.at(c.i), source):
                    return actors.at(c.i)
        return None
    cands.sort(key=lambda x: (x[0], x[1]))
    return cands[0][2]


def roles(doc: Doc, trig: Trigger, actors: Actors, outside: set[int] | None = None,
          ) -> tuple[ActorRef | None, ActorRef | None]:
    """Source and target: the roles component, completed by the local reading (a nominal
    event's own agent, "the annexation ... by Russia", wins over the clause subject)."""
    ms, mt = None, None
    roles_for = _roles_module()
    if roles_for is not None:
        try:
            src, tgt = roles_for(doc, doc[trig.start:trig.end])
            ms = _ref_of(src, doc) if src is not None else None
            mt = _ref_of(tgt, doc) if tgt is not None else None
        except Exception:  # noqa: BLE001 - fall back to the local reading
            log.debug("roles_for failed", exc_info=True)
    ls, lt, nominal = _local_roles(doc, trig, actors, outside or set())
    source = ls if (nominal and ls is not None) or ms is None else ms
    if mt is not None and mt.span is not None and outside:
        span = doc.char_span(mt.span[0], mt.span[1], alignment_mode="expand")
        if span is not None and span.start in outside:
            mt = None  # "... contingent upon guarantees from Trump": not the event's target
    if not _good_target(doc, mt, source):
        mt = None
    if not _good_target(doc, lt, source):
        lt = None
    target = mt if mt is not None else lt
    if trig.addressee is not None and actors.in_phrase(doc[trig.addressee]) is not None:
        target = actors.in_phrase(doc[trig.addressee])
    target = actors.placed(_refine_ref(doc, target, actors))
    source = actors.placed(_refine_ref(doc, source, actors))
    agent = _object_event_agent(doc, trig, actors)
    if agent is not None and not _same_side(agent, source):
        target = agent  # "condemned the Israeli strike": aimed at the striker
    if source is not None and target is not None and source.name == target.name:
        target = lt if lt is not None and lt.name != source.name else None
    return source, target


_LOCATIVE = {"in", "near", "inside", "across", "throughout", "around", "outside", "within",
             }


def _good_target(doc: Doc, ref: ActorRef | None, source: ActorRef | None,
                 places: bool = False) -> bool:
    """A target is an actor of its own: not a bare agent noun without a country ("troops",
    "the spokesman"), not a place the event happens in, not the source's own side."""
    if ref is None:
        return False
    if not (ref.country or ref.id) and (ref.sector in _STATE_SECTORS or
                                        not any(w[:1].isupper() for w in ref.name.split())):
        return False  # "the spokesman", "troops", "the militant group": no actor of its own
    if ref.sector == "MED" or _same_side(ref, source):
        return False
    if ref.span is not None and not places:
        span = doc.char_span(ref.span[0], ref.span[1], alignment_mode="expand")
        if span is not None:
            root = span.root
            if root.dep_ == "pobj" and root.head.lower_ in _LOCATIVE and \
                    root.head.head.pos_ in ("VERB", "NOUN"):
                return False
    return True


def _refine_ref(doc: Doc, ref: ActorRef | None, actors: Actors) -> ActorRef | None:
    if ref is None or ref.country or ref.span is None:
        return ref
    span = doc.char_span(ref.span[0], ref.span[1], alignment_mode="expand")
    if span is None:
        return ref
    return actors.of_phrase(span.root) or ref


def _object_event_agent(doc: Doc, trig: Trigger, actors: Actors) -> ActorRef | None:
    """The agent of an event noun that is the object of a verbal act ("condemned the Israeli
    strike", "rejected an Egyptian truce proposal")."""
    if trig.type not in ("ACCUSE", "REJECT", "SUPPORT", "REQUEST") or trig.kind != "verb":
        return None
    lex = load_lexicon()
    for c in doc[trig.head].children:
        if c.dep_ not in ("dobj", "nsubjpass"):
            continue
        # "demands a lifting of the border closure imposed by Israel and Egypt": those who
        # imposed what is demanded or rejected
        for t in c.subtree:
            if t.dep_ == "agent" and t.head.i != trig.head:
                for p in t.children:
                    if p.dep_ == "pobj" and actors.in_phrase(p) is not None:
                        return actors.in_phrase(p)
        if noun_key(c) in lex.nouns or c.lemma_.lower() in ("proposal", "plan", "offer", "move",
                                                              "decision", "demand", "call"):
            for m in c.children:
                if m.dep_ in ("amod", "poss", "compound") and m.i < c.i:
                    ref = actors.at(m.i)
                    if ref is not None:
                        return ref
    return None


def _local_roles(doc: Doc, trig: Trigger, actors: Actors, outside: set[int],
                 ) -> tuple[ActorRef | None, ActorRef | None, bool]:
    anchor = doc[trig.anchor]
    head = doc[trig.head]
    source = None
    if head.pos_ == "NOUN":
        for c in head.children:
            if c.dep_ in ("poss",):
                source = actors.in_phrase(c)
            elif c.dep_ == "prep" and c.lower_ == "by":
                for p in c.children:
                    if p.dep_ == "pobj":
                        source = actors.in_phrase(p)
            elif c.dep_ == "amod" and actors.at(c.i) is not None and trig.kind == "noun" and \
                    not trig.intent and trig.code[:2] in ("18", "19", "17", "15", "20"):
                source = actors.at(c.i)
    if source is None and head.pos_ == "NOUN":
        # "the annexation of regions by Russia": by-phrase one level down
        for t in head.subtree:
            if t.dep_ == "prep" and t.lower_ == "by" and t.head.i != head.i:
                for p in t.children:
                    if p.dep_ == "pobj" and actors.in_phrase(p) is not None:
                        source = actors.in_phrase(p)
                        break
                if source is not None:
                    break
    if source is None and anchor.pos_ == "NOUN":
        for c in anchor.children:
            if c.dep_ == "poss":
                source = actors.in_phrase(c)
    if source is None and head.pos_ in ("NOUN", "PROPN"):
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ == "between":
                pobj = [p for p in c.children if p.dep_ == "pobj"]
                if pobj:
                    conj = [x for x in pobj[0].children if x.dep_ == "conj"]
                    a = actors.in_phrase(pobj[0])
                    b = actors.in_phrase(conj[0]) if conj else None
                    if a is not None and b is not None:
                        return a, b, True
    nominal = source is not None and trig.kind == "noun"
    if source is None:
        source = _clause_subject(anchor, actors)
    target = _target(doc, trig, actors, source, outside)
    return source, target, nominal


def _module_attribution(doc: Doc, token_i: int, attribution_for: Callable[..., Any] | None,
                        ) -> tuple[ActorRef | None, str | None]:
    if attribution_for is None:
        return None, None
    try:
        from parley.extract.attribution import speaker_ref

        span, reported_by = attribution_for(doc, token_i)
        said_by = speaker_ref(doc, span) if span is not None else None
    except Exception:  # noqa: BLE001 - fall back to the local reading
        log.debug("attribution_for failed", exc_info=True)
        return None, None
    if said_by is not None and said_by.name.lower() in _PRONOUNS:
        said_by = None
    return said_by, reported_by


def _attribution_module() -> Callable[..., Any] | None:
    try:
        from parley.extract.attribution import attribution_for
    except ImportError:
        return None
    return attribution_for  # type: ignore[no-any-return]


# --- dates ---------------------------------------------------------------------------------

# occasions of a statement whose own date is the statement's ("in an interview Wednesday")
_STATEMENT_NOUNS = frozenset({
    "interview", "statement", "briefing", "conference", "speech", "address", "meeting",
    "session", "hearing", "call", "remark", "comment", "appearance", "post", "message",
    "letter", "communique", "broadcast", "summit", "rally", "visit", "talk"})


@dataclass
class Dates:
    """Time expressions of a doc, with the token each one is attached to."""

    doc: Doc
    by_token: dict[int, str | None] = field(default_factory=dict)
    roots: list[tuple[int, str | None, str]] = field(default_factory=list)

    @classmethod
    def of(cls, doc: Doc) -> Dates:
        out = cls(doc)
        timexes = doc._.timexes if Doc.has_extension("timexes") else None
        try:
            from parley.nlp.timex import event_date, find_timexes
        except ImportError:
            return out
        if timexes is None:
            published = doc._.published if Doc.has_extension("published") else None
            try:
                timexes = find_timexes(doc, published)
            except Exception:  # noqa: BLE001 - no dates rather than no events
                log.debug("find_timexes failed", exc_info=True)
                timexes = []
        for tx in timexes or []:
            if tx.type not in ("DATE", "TIME"):
                continue
            span = doc.char_span(tx.start, tx.end, alignment_mode="expand")
            if span is None:
                continue
            value = event_date(tx.value)
            if value is None:
                continue
            root = span.root
            for t in span:
                out.by_token[t.i] = value
            out.roots.append((root.i, value, tx.text.lower()))
        return out

    def attached(self, tok: Token) -> str | None:
        """A date whose phrase attaches to ``tok`` (a child, or the object of a child prep)."""
        for c in tok.children:
            if c.dep_ == "advcl" and c.lemma_ in ("speak", "talk", "address", "appear", "brief"):
                d = self.attached(c)  # "Speaking at a briefing Tuesday, the spokesman said"
                if d is not None:
                    return d
            if c.i in self.by_token and c.dep_ in ("npadvmod", "prep", "pobj", "advmod", "tmod",
                                                   "nummod", "compound", "obl", "dobj"):
                return self.by_token[c.i]
            if c.dep_ == "prep" and c.lower_ in ("on", "in", "at", "during", "since", "earlier",
                                                 "last", "this"):
                for p in c.children:
                    if p.dep_ == "pobj" and p.i in self.by_token:
                        return self.by_token[p.i]
                    if p.dep_ == "pobj" and p.lemma_ in _STATEMENT_NOUNS:
                        # "said in an interview Wednesday", "at a briefing Thursday": the
                        # date of the occasion is the date of the statement
                        for q in p.children:
                            if q.dep_ in ("npadvmod", "compound") and q.i in self.by_token:
                                return self.by_token[q.i]
        return None


# parts of a day: "by midmorning", "at noon", "that evening", "later in the day" carry on the day
# of the story told so far
_DAY_PARTS = frozenset({
    "midmorning", "mid-morning", "noon", "midday", "mid-day", "afternoon", "evening", "morning",
    "nightfall", "dusk", "dawn", "daybreak", "sunrise", "sunset", "midnight", "night",
    "lunchtime", "mid-afternoon", "midafternoon"})
_DAY_PART_PREPS = frozenset({"by", "at", "around", "until", "till", "before", "after", "in",
                             "during", "toward", "towards", "later"})


def _day_part(tok: Token) -> bool:
    """Whether the clause of ``tok`` is timed by a part of a day only ("By midmorning, Israel
    had launched ...", "later that evening", "later in the day")."""
    cur = tok
    for _ in range(8):
        for c in cur.children:
            if c.dep_ == "prep" and c.lower_ in _DAY_PART_PREPS:
                for p in c.children:
                    if p.dep_ == "pobj" and (p.lower_ in _DAY_PARTS or (
                            p.lower_ == "day" and c.lower_ == "in" and any(
                                a.lower_ in ("later", "earlier") for a in
                                (cur.children if c.head.i == cur.i else ())))):
                        if c.lower_ != "in" or any(d.lower_ == "the" for d in p.children) \
                                or p.lower_ != "day":
                            return True
            if c.dep_ in ("npadvmod", "advmod", "tmod", "obl") and \
                    c.lower_ in _DAY_PARTS and any(
                        d.lower_ in ("that", "this", "later") for d in c.children):
                return True
        if cur.head.i == cur.i or (cur.dep_ == "prep" and cur.lower_ in ADJUNCT_PREPS):
            return False
        cur = cur.head
    return False


def _last_day(dates: Dates, before: int) -> str | None:
    """The latest day-precise date named before token ``before`` (the story's day so far)."""
    best: tuple[int, str] | None = None
    for i, value, _text in dates.roots:
        if i < before and value and len(value) == 10 and (best is None or i > best[0]):
            best = (i, value)
    return best[1] if best else None


def _date_chain(tok: Token, dates: Dates, after: str | None = None) -> str | None:
    """The date of the clause of ``tok`` or of the statement that reports it (skipping dates
    later than ``after``, the publication date: "will meet next month, he said on Monday")."""
    cur = tok
    for _ in range(8):
        d = dates.attached(cur)
        if d is not None and (after is None or d[:len(after)] <= after[:len(d)]):
            return d
        if cur.head.i == cur.i:
            return None
        if cur.dep_ == "prep" and cur.lower_ in ADJUNCT_PREPS:
            return None  # "following the annexation": another event, with its own time
        cur = cur.head
    return None


# --- attribution (local reading) -----------------------------------------------------------

@dataclass
class Said:
    speaker: ActorRef | None = None
    outlet: str | None = None
    verb: int | None = None  # the speech verb


class Attribution:
    """said_by / reported_by for a token: ``parley.extract.attribution`` when installed, else a
    local reading of speech verbs, "according to", "told <outlet>", "in an interview with"."""

    def __init__(self, doc: Doc, actors: Actors) -> None:
        self.doc = doc
        self.actors = actors
        self.lex = load_lexicon()
        self.sent_outlet: dict[int, tuple[str, Token | None]] = {}
        self._cross_sentence()

    def outlet_of(self, tok: Token) -> str | None:
        """The outlet named by the phrase of ``tok`` ("Bloomberg", "state media"), or None."""
        words = [t.text for t in tok.subtree if not t.is_punct]
        if len(words) > 12:
            return None
        aliases = _outlet_aliases()
        for n in (4, 3, 2, 1):
            for k in range(len(words) - n + 1):
                name = aliases.get(" ".join(words[k:k + n]))
                if name:
                    return name
        low = " ".join(words).lower()
        for g in ("state media", "news agency", "state television", "state tv",
                  "newspaper", "media"):
            if g in low:
                return " ".join(words).removeprefix("the ").removeprefix("The ")
        return None

    def _cross_sentence(self) -> None:
        """"This development was reported by Bloomberg on Thursday": the outlet and date
        belong to the previous sentence's events."""
        sents = list(self.doc.sents)
        for k, s in enumerate(sents[1:], start=1):
            root = s.root
            if root.lemma_.lower() not in _REPORT_VERBS:
                continue
            subj = [c for c in root.children if c.dep_ in ("nsubjpass", "nsubj")]
            if not subj or not any(t.lower_ in ("this", "that", "it", "these") or
                                   t.lemma_.lower() in _REPORT_NOUNS for t in subj[0].subtree):
                continue
            outlet = None
            for c in root.children:
                if c.dep_ == "agent":
                    for p in c.children:
                        outlet = self.outlet_of(p) or outlet
            if outlet:
                self.sent_outlet[sents[k - 1].start] = (outlet, root)

    def speech_of(self, tok: Token) -> Said:
        said = Said()
        cur = tok
        for _ in range(10):
            head = cur.head
            if head.i == cur.i:
                break
            if cur.dep_ in ("ccomp", "parataxis", "advcl", "xcomp", "conj", "dobj") and \
                    head.lemma_.lower() in self.lex.speech_verbs and head.pos_ == "VERB":
                self._fill(head, said)
                if said.speaker is not None:
                    return said
            cur = head
        # the sentence root is a speech verb with the event before it ("..., Trump said")
        root = tok.sent.root
        if said.speaker is None and root.lemma_.lower() in self.lex.speech_verbs and \
                root.i != tok.i and tok.i not in {c.i for c in root.children if c.dep_ == "nsubj"}:
            self._fill(root, said)
        return said

    def _fill(self, verb: Token, said: Said) -> None:
        said.verb = verb.i
        for c in verb.children:
            if c.dep_ == "nsubj":
                outlet = self.outlet_of(c)
                ref = self.actors.in_phrase(c)
                if outlet and (ref is None or ref.sector == "MED"):
                    said.outlet = said.outlet or outlet
                else:
                    said.speaker = said.speaker or self.actors.in_phrase(c)
                    if said.speaker is None:
                        for t in c.subtree:
                            ref = self.actors.at(t.i)
                            if ref is not None:
                                said.speaker = ref
                                break
            elif c.dep_ in ("dative",) or (c.dep_ == "dobj" and verb.lemma_.lower() == "tell"):
                outlet = self.outlet_of(c)
                if outlet:
                    said.outlet = said.outlet or outlet
        if said.speaker is None:
            # nested: "Reuters reported that the minister said ..." handled by the caller's
            # climb; "..., the statement attributed to Kim said": the speaker inside the subject
            for c in verb.children:
                if c.dep_ == "nsubj":
                    for t in c.subtree:
                        ref = self.actors.at(t.i)
                        if ref is not None:
                            said.speaker = ref
                            break

    def sentence_outlet(self, sent: Span) -> str | None:
        """"according to Reuters", "in an interview with Bloomberg", "(Reuters)" in a sentence."""
        index = doc_index(self.doc)
        for k in range(sent.start, sent.end):
            if index.lower[k] not in _OUTLET_CUES and index.lemma[k] not in _OUTLET_CUE_LEMMAS:
                continue
            tok = self.doc[k]
            if tok.lower_ == "according" and tok.i + 1 < sent.end and \
                    self.doc[tok.i + 1].lower_ == "to":
                for t in self.doc[tok.i + 1].children:
                    o = self.outlet_of(t)
                    if o:
                        return o
            if tok.lower_ in ("interview", "report", "reports", "reported", "told") or \
                    tok.lemma_.lower() in ("report", "tell", "cite", "carry", "note"):
                for c in tok.children:
                    if c.dep_ in ("prep", "agent", "dative", "nsubj") and c.lower_ != "of":
                        targets = [p for p in c.children if p.dep_ == "pobj"] or [c]
                        for p in targets:
                            o = self.outlet_of(p)
                            ref = self.actors.in_phrase(p)
                            if o and (ref is None or ref.sector == "MED"):
                                return o
        return None

    def according_to(self, sent: Span) -> ActorRef | None:
        index = doc_index(self.doc)
        for k in range(sent.start, sent.end):
            if index.lower[k] != "according":
                continue
            tok = self.doc[k]
            if tok.lower_ == "according" and tok.i + 1 < sent.end and \
                    self.doc[tok.i + 1].lower_ == "to":
                for p in self.doc[tok.i + 1].children:
                    ref = self.actors.in_phrase(p)
                    if ref is not None and not self.outlet_of(p):
                        return ref
        return None


_OUTLET_CUES = frozenset(("according", "interview", "report", "reports", "reported", "told"))
_OUTLET_CUE_LEMMAS = frozenset(("report", "tell", "cite", "carry", "note"))


@functools.cache
def _outlet_aliases() -> dict[str, str]:
    return {a: name for name, aliases in _outlets() for a in aliases}


@functools.cache
def _outlets() -> list[tuple[str, list[str]]]:
    import yaml

    from parley.config import DATA_DIR

    path = DATA_DIR / "lexicons" / "outlets.yaml"
    if not path.is_file():
        return []
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = []
    for o in raw.get("outlets", []):
        out.append((str(o["name"]), [str(a) for a in o.get("aliases", [])] + [str(o["name"])]))
    return out


# --- assembling events --------------------------------------------------------------------

_VERBAL = {"REQUEST", "ACCUSE", "REJECT", "THREATEN"}
_COOPERATIVE = {"AGREE", "CONSULT", "COOPERATE", "AID", "RETREAT", "CONCEDE", "SUPPORT"}
_CONFLICTUAL = {"SANCTION", "COERCE", "ASSAULT", "MOBILIZE"}


def _is_headline(sent: Span) -> bool:
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    if len(words) < 3:
        return False
    caps = sum(1 for t in words if t.text[0].isupper())
    return caps / len(words) > 0.7 and not sent.text.rstrip().endswith((".", "?", "!", '"', "”"))


def _trigger_text(doc: Doc, trig: Trigger) -> tuple[int, int]:
    s, e = trig.start, trig.end
    head = doc[trig.head]
    if trig.kind in ("intent", "noun"):
        # the noun phrase with its with/between phrase: "discussions with Zelensky"
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in ("with", "between", "to", "on", "of") and c.i > e - 1:
                e = max(e, min(c.right_edge.i + 1, c.i + 6))
    while e > s + 1 and (doc[e - 1].is_punct or doc[e - 1].lower_ in ("which", "who", "that")):
        e -= 1
    return s, e


def _event(doc: Doc, trig: Trigger, code: str, source: ActorRef | None, target: ActorRef | None,
           modality: str, negated: bool, confidence: float, rule: str,
           sent: Span | None = None) -> Event:
    entry = lookup(code)
    s, e = _trigger_text(doc, trig)
    span = doc[s:e]
    if sent is None:
        sent = doc[trig.anchor].sent
    text = doc_index(doc).text
    return Event(
        type=plover_type(code) or "",
        mode=entry.mode if entry else None,
        cameo=code,
        goldstein=entry.goldstein if entry else None,
        quad=entry.quad if entry else None,
        source=source, target=target, modality=modality,  # type: ignore[arg-type]
        negated=negated, trigger=text[span.start_char:span.end_char],
        trigger_span=(span.start_char, span.end_char),
        span=(span.start_char, span.end_char), sentence=text[sent.start_char:sent.end_char],
        rule=rule,
        confidence=confidence,
    )


def _attach_conditions(doc: Doc, sent: Span, trigs: list[Trigger],
                       clauses: list[cnd.CondClause],
                       before: bool = False) -> dict[int, list[Condition]]:
    """Conditions per trigger anchor: each condition goes to the event of the clause it
    modifies (the trigger words it attaches to, else the nearest event up or down the tree).
    ``before`` clauses are left out unless ``before`` is set."""
    out: dict[int, list[Condition]] = {}
    for c in clauses:
        if c.kind == "before" and not before:
            continue
        anchor = doc[c.anchor]
        best: Trigger | None = None
        best_rank = 99
        chain = [anchor] + list(anchor.ancestors)
        for t in trigs:
            words = {t.anchor, t.head} | ({t.predicate} if t.predicate is not None else set()) | \
                set(range(t.start, t.end))
            if c.anchor in words:
                rank = 0
            elif any(a.i in words for a in chain):
                rank = 1 + next(k for k, a in enumerate(chain) if a.i in words)
            elif anchor.is_ancestor(doc[t.anchor]):
                rank = 10 + sum(1 for _ in doc[t.anchor].ancestors)
            else:
                continue
            if rank < best_rank:
                best, best_rank = t, rank
        if best is None:
            continue
        cond = c.condition(doc)
        out.setdefault(best.anchor, []).append(cond)
    return out


def _reversed_conditions(doc: Doc, clauses: list[cnd.CondClause],
                         trigs: list[Trigger]) -> dict[int, list[Condition]]:
    out: dict[int, list[Condition]] = {}
    for c in clauses:
        if c.kind != "before":
            continue
        inner = [t for t in trigs if c.start <= t.head < c.end and
                 (t.type in ("AGREE", "CONSULT") or t.code.startswith("057"))]
        if not inner:
            continue
        if not inner[0].intent:
            # talks that are to come after something are an intent ("prior to any discussions")
            inner[0].code = intent_code(inner[0].code, load_lexicon())
            inner[0].intent = True
        span = cnd.reversed_text(doc, c)
        if span is None:
            continue
        s, e = span
        text = doc[s:e]
        cond = Condition(text=text.text, kind="precondition",
                         span=(text.start_char, text.end_char))
        out.setdefault(inner[0].anchor, []).append(cond)
        # the talks are those of whoever sets the condition ("X wants Y ... prior to talks")
        main = [t for t in trigs if t is not inner[0] and
                (t.anchor == c.anchor or t.head == c.anchor or
                 doc[t.anchor].is_ancestor(doc[c.anchor]))]
        if main:
            inner[0].outer = main[0].anchor
    return out


def extract_events(doc: Doc, article: Article) -> list[Event]:
    """Every event of an annotated article, with provenance."""
    actors = Actors(doc)
    dates = Dates.of(doc)
    attr = Attribution(doc, actors)
    attribution_for = _attribution_module()
    events: list[Event] = []

    def actor_of(tok: Token) -> ActorRef | None:
        return actors.in_phrase(tok)

    def date_of(toks: list[Token]) -> str | None:
        for t in toks:
            d = _date_chain(t, dates)
            if d:
                return d
        return None

    published = doc._.published if Doc.has_extension("published") else None
    published = published or article.published
    prev_dates: dict[str, str] = {}
    cur_dates: dict[str, str] = {}
    pairs: list[Event] = []
    agentless: dict[int, str | None] = {}
    refused: set[int] = set()  # coercion verbs denied ("will never force X to ...")
    index = doc_index(doc)
    for sent in actors.sents:
        if not any(w.isalpha() for w in index.lower[sent.start:sent.end]):
            continue
        prev_dates, cur_dates = cur_dates, {}
        clauses = cnd.find_clauses(sent)
        inside = {i for c in clauses if c.kind != "before" for i in c.tokens}
        # a "before" clause holds the event itself (the talks) only when it names one
        trigs = find_triggers(sent, skip=inside)
        acts = blk.find_acts(sent)
        act_tokens = {i for a in acts for i in range(a.start, a.end)} | \
            {doc[a.act].head.i for a in acts}
        trigs = [t for t in trigs if t.anchor not in act_tokens and t.head not in act_tokens
                 and not _act_status(doc[t.head])]
        if not trigs and not acts:
            continue
        conds = _attach_conditions(doc, sent, trigs, clauses)
        for k, v in _reversed_conditions(doc, clauses, trigs).items():
            conds.setdefault(k, []).extend(v)
        # "could not accept negotiation before the sanctions were lifted", "won't talk until
        # ...": a refusal that lasts until something holds has that as its precondition (a
        # before/until clause with no talks of its own; a noun phrase, "until the fall", and
        # the same clause on other events are only a time)
        waits = _attach_conditions(doc, sent, trigs, [
            c for c in clauses if c.kind == "before" and doc[c.head].pos_ in ("VERB", "AUX")
            and not any(
                c.start <= t.head < c.end and (t.type in ("AGREE", "CONSULT") or
                                               t.code.startswith("057")) for t in trigs)],
            before=True)
        headline = _is_headline(sent) if trigs else False
        main_roles: dict[int, tuple[ActorRef | None, ActorRef | None]] = {}
        cross = attr.sent_outlet.get(sent.start)
        sent_outlet = attr.sentence_outlet(sent) if trigs else None
        according = attr.according_to(sent) if trigs else None
        for trig in trigs:
            code = trig.code
            type_ = plover_type(code)
            if not type_:
                continue
            negated = mod.is_negated(doc, trig)
            future = mod.is_future(doc, trig)
            rule = trig.rule
            if negated and (mod.becomes_reject(doc, trig, type_) or
                            (future and type_ in _COOPERATIVE)):
                # "won't agree", "will not resume talks": a refusal
                code, negated = mod.reject_code(code), False
                type_ = plover_type(code)
                rule += "+neg>reject"
                if future and any(c.kind == "precondition" for c in conds.get(trig.anchor, [])):
                    # "if the U.S. ..., we will no longer be interested in dialogue": a threat
                    tcode = mod.threat_code(code)
                    if tcode:
                        code, type_ = tcode, plover_type(tcode)
                        rule += ">threat"
            elif type_ == "REJECT" and "@void:" in rule and (future or mod.predicate_future(
                    doc, trig)) and any(
                    c.kind in ("precondition", "unless") for c in conds.get(trig.anchor, [])):
                # "any agreements will be void if Washington implements tariffs": a threat
                tcode = mod.threat_code(code)
                if tcode:
                    code, type_ = tcode, plover_type(tcode)
                    rule += ">threat"
            elif type_ in _COOPERATIVE and type_ != "AGREE" and not trig.intent and (
                    future or mod.in_future_frame(doc, trig)):
                # "will hold talks", "would provide aid": an expressed intent (AGREE 03x);
                # "may be removed depending on ...": only possible, left hypothetical
                code = intent_code(code, load_lexicon())
                type_ = plover_type(code)
                trig.intent = True
                rule += "+future>intent"
            elif type_ in _CONFLICTUAL and (
                    future or ((mod.is_hypothetical(doc, trig) or trig.hypo) and
                               (conds.get(trig.anchor) or mod.under_threat_verb(doc, trig))) or
                    (any(c.kind in ("precondition", "unless") for c in conds.get(trig.anchor, []))
                     and not mod.is_past(doc, trig) and index.pos[trig.head] != "VERB")):
                # "sanctions are held in reserve in case of aggression": only on a condition
                # "would cancel the summit unless ...": a threat
                tcode = mod.threat_code(code)
                if tcode:
                    code, type_ = tcode, plover_type(tcode)
                    rule += "+future>threat"
            if _open_question(doc, trig):
                continue  # "it is unclear whether Iran will join the talks": no act, no intent
            coerced = _coerced(doc, trig)
            if coerced is not None and coerced[2] and (doc[trig.head].i == coerced[3] or
                                                       coerced[3] in refused):
                # "no pressure will compel Tehran to ...": the refusal is Tehran's, one refusal
                # however many things it will not be forced to do
                continue
            if coerced is not None and coerced[2]:
                refused.add(coerced[3])
            source, target = roles(doc, trig, actors, inside)
            if coerced is not None and doc[trig.head].i != coerced[3]:
                # "sanctions will never force the country to negotiate": the one forced acts,
                # and where nothing can force it, it refuses
                forced = actors.in_phrase(doc[coerced[0]])
                forcer = actors.in_phrase(doc[coerced[1]]) if coerced[1] >= 0 else None
                if forced is None and forcer is not None and _same_side(source, forcer):
                    source, target = None, forcer  # not the one who forces ("the country")
                if forced is not None:
                    source = forced
                    target = forcer if forcer is not None and not _same_side(forcer, forced) \
                        else None
                if coerced[2] and type_ != "REJECT":
                    code, negated = mod.reject_code(code), False
                    type_ = plover_type(code)
                    rule += "+never-forced>reject"
                elif coerced[2]:
                    negated = False
            unagented = source is None and trig.kind == "verb" and \
                _agentless_passive(doc[trig.head])
            if trig.outer is not None and trig.outer in main_roles:
                osrc, otgt = main_roles[trig.outer]
                source = osrc or source
                if target is None or _same_side(target, source):
                    target = otgt
            main_roles[trig.anchor] = (source, target)
            pair = _subject_pair(doc, trig, actors)
            if pair is False:
                continue  # "the two sides planned talks", and the text names one side only
            if isinstance(pair, tuple):
                source, target = pair
            else:
                pair = None
            setting = _setting(doc[trig.head], actors) if trig.kind == "noun" else None
            if setting is not None:
                source, target = setting
            elif trig.kind == "noun" and not trig.intent and trig.predicate is None and \
                    not _own_actor(doc[trig.head], actors):
                continue  # a bare event noun needs an actor of its own ("his meeting with Kim")
            if target is not None and target.sector == "MED":
                target = None  # the outlet that reports it ("The BBC reports that ...")
            if trig.kind == "noun" and not trig.intent and trig.predicate is None and \
                    target is None:
                continue  # "an annual United Nations meeting": no dyad, no event
            if target is not None and target.sector == "BUS" and target.country and \
                    code.startswith(("0842", "171", "0353", "1243")):
                # property returned or seized ("a British-flagged oil tanker") stands for its state
                target = target.model_copy(update={"sector": "GOV"})
            if target is not None and target.country and len(target.country) > 3 and \
                    (type_ == "COERCE" or code.startswith("19")):
                # a territory seized or attacked stands for the state that holds it
                target = target.model_copy(update={"country": target.country[:3],
                                                   "sector": "GOV"})
            modality = mod.modality(doc, trig, type_)
            if trig.hypo and modality == "asserted" and type_ not in _VERBAL:
                modality = "hypothetical"
            ev = _event(doc, trig, code, source, target, modality, negated,
                        0.6 if trig.kind == "noun" else 0.7, rule, sent)
            if pair is not None:
                pairs.append(ev)
            ev.conditions = conds.get(trig.anchor, [])
            if waits.get(trig.anchor) and (negated or type_ == "REJECT"):
                ev.conditions = ev.conditions + waits[trig.anchor]
            # attribution: the attribution component, gaps filled by the local reading
            said_by, reported_by = _module_attribution(doc, trig.anchor, attribution_for)
            said = attr.speech_of(doc[trig.anchor])
            if said_by is None:
                said_by = said.speaker or according
            speaker = said_by
            if reported_by is None:
                reported_by = said.outlet or sent_outlet or (cross[0] if cross else None)
            if said_by is None and not headline and (
                    type_ in _VERBAL or modality == "intended" or type_ == "SUPPORT"):
                said_by = source
            if headline:
                said_by, reported_by = None, None
            if ev.source is None and isinstance(said_by, ActorRef) and \
                    (trig.kind in ("noun", "intent") or trig.predicate is not None):
                # "He noted that discussions with Zelensky are ongoing": the speaker's talks
                ev.source = said_by
                if ev.target is not None and ev.target.name == said_by.name:
                    ev.target = None
            ev.said_by = said_by
            if type_ == "ACCUSE" and trig.kind == "verb" and \
                    index.lemma[trig.head] in mod.cues()["misconduct_verbs"] and \
                    speaker is not None and speaker.sector != "MED" and \
                    (speaker.country or speaker.id) and ev.source is not None and \
                    not _same_side(ev.source, speaker):
                # "Ri said Washington had wasted an opportunity": the speaker accuses the one
                # who did the harm, not the other way round
                ev.source, ev.target = speaker, ev.source
            if ev.target is None and said_by is not None and trig.addressee is not None and \
                    doc[trig.addressee].lower_ in ("me", "us"):
                ev.target = said_by  # "Iran wanted me to lift the sanctions," Trump said
            if ev.target is None and type_ not in ("PROTEST", "MOBILIZE"):
                ev.target = _implicit_target(doc, sent, ev, actors) or \
                    _counterpart(events, ev)
                if not _good_target(doc, ev.target, ev.source, places=True):
                    ev.target = None
            if ev.source is not None and not ev.source.country and \
                    ev.source.sector in _STATE_SECTORS and said_by is not None and \
                    (said_by.country or said_by.id) and said_by.sector != "MED":
                ev.source = said_by  # "Negotiators agreed ..., said Gao Feng": his side
            if ev.target is not None and not _good_target(doc, ev.target, ev.source):
                ev.target = _implicit_target(doc, sent, ev, actors)
            if ev.source is None and said_by is not None and not headline and \
                    said_by.sector != "MED":
                # "airstrikes killed 13 Taliban, the U.S. military said": the speaker's own act
                ev.source = said_by
                if ev.target is not None and _same_side(ev.target, said_by):
                    ev.target = None
            if ev.source is None or not (ev.source.country or ev.source.sector or ev.source.id):
                continue  # an event needs an actor who acts
            if not (ev.source.country or ev.source.id) and ev.source.sector in _STATE_SECTORS:
                continue  # "officials", "the spokesman": whose, the text does not say
            if trig.kind == "request" and ev.target is None:
                continue  # "the need for a commitment": a request of nobody in particular
            if reported_by and reported_by.startswith("the "):
                reported_by = reported_by[4:]  # "the state broadcaster": a description
            ev.reported_by = reported_by
            # date: the event's own clause, else the statement or report that carries it
            date = dates.attached(doc[trig.head]) if trig.head != trig.anchor else None
            for c in doc[trig.head].children:
                if date is None and c.dep_ == "xcomp":
                    date = dates.attached(c)  # "refused to meet them on Sunday"
            if date is None:
                date = _date_chain(doc[trig.anchor], dates)
            if date is not None and published and date[:len(published)] > published[:len(date)]:
                date = _date_chain(doc[trig.anchor], dates, after=published)
            if date is None and cross is not None and cross[1] is not None:
                date = _date_chain(cross[1], dates)
            reported = speaker is not None and said.verb is not None and \
                said.verb != trig.anchor and said.verb != trig.head
            if date is None and said_by is not None and reported:
                # "On Tuesday, Trump said ... He noted that ...": the same speaker goes on
                # (with a speech verb of its own; "Hamas demands ...", the next sentence of a
                # story, is not his statement going on)
                date = prev_dates.get(said_by.name)
            if date is None and not future and _day_part(doc[trig.anchor]):
                date = _last_day(dates, sent.start)  # "On Friday ... By midmorning, ..."
            ev.date = None if headline else date
            if ev.date and said_by is not None and reported:
                # only a statement's date goes on ("North Korea threatened last week to back
                # out. North Korea said it won't agree ...": the threat is not the statement)
                cur_dates.setdefault(said_by.name, ev.date)
            if unagented:
                agentless[id(ev)] = _passive_theme(doc[trig.head])
            events.append(ev)
        # standing acts that forbid talks
        for act in acts:
            governor = doc[act.act].head
            source = _clause_subject(governor, actors) if governor.i != act.act else None
            talk = doc[act.talk]
            target = None
            for t in talk.subtree:
                if t.dep_ == "pobj" and t.head.lower_ in ("with", "to"):
                    target = actors.in_phrase(t) or _named(t)
                    if target is not None:
                        break
            since = _date_chain(governor, dates)
            pseudo = Trigger(head=act.talk, anchor=governor.i, code="125",
                             rule="blocker:" + doc[act.act].lemma_.lower(), kind="verb",
                             start=min(governor.i, act.start), end=act.end)
            ev = _event(doc, pseudo, "125", source, target, "asserted", False, 0.7,
                        pseudo.rule, sent)
            ev.date = since
            ev.blocker = blk.blocker_for(doc, act, since, actor_of, date_of)
            events.append(ev)
    for ev in pairs:  # "the two sides planned talks": one event each way
        if ev in events and ev.source is not None and ev.target is not None:
            events.append(ev.model_copy(update={"source": ev.target, "target": ev.source}))
    from parley.nlp.geo import event_places  # where each event happened (issue 8)

    if agentless:
        events = _drop_agentless_repeats(events, agentless)
    events = _dedupe(_reciprocal(doc, events, actors))
    event_places(doc, events)
    return events


def _same_side(a: ActorRef | None, b: ActorRef | None) -> bool:
    if a is None or b is None:
        return False
    if a.name == b.name or (a.id is not None and a.id == b.id):
        return True
    if a.country and b.country:
        # one state's organs are one side; its rebels or opposition are another
        return a.country[:3] == b.country[:3] and \
            (a.sector in _STATE_SECTORS) == (b.sector in _STATE_SECTORS)
    return False


def _subject_pair(doc: Doc, trig: Trigger, actors: Actors,
                  ) -> tuple[ActorRef, ActorRef] | bool | None:
    """The two parties of a subject "the two sides", "both countries"; False when the subject
    is such a phrase but the text names only one of them (None: no such subject)."""
    cur = doc[trig.anchor]
    for _ in range(4):
        for c in cur.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                pair = actors.pair(c)
                if pair is None and ({"two", "both"} & ({x.lower_ for x in c.children} |
                                                        {c.lower_})) and \
                        c.lemma_.lower() in _PAIR_NOUNS and c.lower_ != "two":
                    return False
                return pair
        if cur.head.i == cur.i or cur.dep_ not in ("xcomp", "acl", "pcomp", "pobj", "prep",
                                                   "dobj", "conj"):
            return None
        cur = cur.head
    return None


def _named(tok: Token) -> ActorRef | None:
    """A proper name the actor dictionary does not know ("the Clan del Golfo"), as itself."""
    if tok.pos_ != "PROPN":
        return None
    words = [t for t in tok.subtree if t.i <= tok.i or t.dep_ in ("compound", "flat", "pobj",
                                                                   "prep")]
    words = [t for t in words if t.lower_ != "the" and not t.is_punct]
    if not words:
        return None
    span = tok.doc[words[0].i:words[-1].i + 1]
    return ActorRef(name=span.text, mention=span.text, span=(span.start_char, span.end_char))


def _act_status(tok: Token) -> bool:
    """"The decree was lifted", "the ban remains": news about a standing act, not an event."""
    w = blk.words()
    if tok.lemma_.lower() not in w["lifted_verbs"]:
        return False
    return any(c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.lemma_.lower() in w["acts"]
               for c in tok.children)


def _setting(tok: Token, actors: Actors) -> tuple[ActorRef, ActorRef] | None:
    """"At a closed meeting, Pompeo told Moon ...": a meeting that sets the scene of a clause is
    held between the clause's subject and its addressee."""
    if tok.dep_ != "pobj" or tok.head.lower_ not in ("at", "during", "in", "after") or \
            tok.lemma_.lower() not in ("meeting", "talk", "summit", "negotiation", "call"):
        return None
    verb = tok.head.head
    if verb.pos_ != "VERB":
        return None
    subj = [c for c in verb.children if c.dep_ == "nsubj"]
    obj = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    a = actors.in_phrase(subj[0]) if subj else None
    b = actors.in_phrase(obj[0]) if obj else None
    if a is None or b is None or _same_side(a, b):
        return None
    return a, b


def _own_actor(tok: Token, actors: Actors) -> bool:
    """An event noun with its own participant: a possessor, a nationality, a by/with phrase."""
    for c in tok.children:
        if c.dep_ in ("poss", "amod", "compound") and actors.at(c.i) is not None:
            return True
        if c.dep_ == "prep" and c.lower_ in ("by", "with", "between", "against", "on", "at", "of"):
            for p in c.children:
                if p.dep_ == "pobj" and actors.in_phrase(p) is not None:
                    return True
    # "the annexation of the regions by Russia": an agent one level down
    return any(t.dep_ == "agent" or (t.dep_ == "prep" and t.lower_ == "by") for t in tok.subtree
               if t.i != tok.i and any(actors.at(p.i) is not None for p in t.children))


def _implicit_target(doc: Doc, sent: Span, ev: Event, actors: Actors) -> ActorRef | None:
    """The actor an event is aimed at when the clause names none: the actor of its condition
    ("would shred the deal if Washington quit"), else the one other party of the sentence."""
    found = _implicit_target_any(doc, sent, ev, actors)
    return found if _good_target(doc, found, ev.source, places=True) else None


def _implicit_target_any(doc: Doc, sent: Span, ev: Event, actors: Actors) -> ActorRef | None:
    for c in ev.conditions:
        if c.span is None:
            continue
        span = doc.char_span(c.span[0], c.span[1], alignment_mode="expand")
        for t in span or []:
            ref = actors.at(t.i)
            if ref is not None and not _same_side(ref, ev.source):
                return ref
    sents = actors.sents
    k = next(n for n, x in enumerate(sents) if x.start == sent.start)
    near = sents[max(0, k - 1):k + 2]
    # the sentence, then its neighbours; places ("tensions in Washington") only when no actor
    # is named otherwise; two sentences away last
    for window, places in (([sent], False), ([sent], True), (near, False), (near, True),
                           (sents[max(0, k - 2):k + 3], False)):
        others: list[ActorRef] = []
        for s in window:
            for ref in actors.in_sentence(s):
                if _same_side(ref, ev.said_by) or \
                        not _good_target(doc, ref, ev.source, places=places):
                    continue
                if not any(o.name == ref.name for o in others):
                    others.append(ref)
        known = [o for o in others if o.country] or others
        sides = {(o.country or o.name)[:3] for o in known}
        if len(sides) == 1:
            return known[0]
        if known:
            return None
    return None


def _counterpart(previous: list[Event], ev: Event) -> ActorRef | None:
    """"He emphasized that any dialogue must be conducted ...": talks just spoken of, between
    this event's source (or its side) and another party."""
    if ev.type not in ("AGREE", "CONSULT", "REJECT"):
        return None
    for prev in reversed(previous[-4:]):
        if prev.type not in ("AGREE", "CONSULT", "REJECT"):
            continue
        if _same_side(prev.target, ev.source) and prev.source is not None and \
                not _same_side(prev.source, ev.source):
            return prev.source
        if _same_side(prev.source, ev.source) and prev.target is not None:
            return prev.target
    return None


def _conjoined(doc: Doc, ref: ActorRef | None, actors: Actors) -> list[ActorRef]:
    """Other actors coordinated with a target ("Hamas or Islamic Jihad")."""
    if ref is None or ref.span is None:
        return []
    span = doc.char_span(ref.span[0], ref.span[1], alignment_mode="expand")
    if span is None:
        return []
    out = []
    for c in span.root.children:
        if c.dep_ == "conj":
            other = actors.in_phrase(c)
            if other is not None and other.name != ref.name and (other.country or other.id):
                out.append(other)
    return out


def _each_other(verb: Token, subj: Token) -> bool:
    """A reciprocal act of a subject that does not name both sides: "each thanked the other",
    "they praised one another" (a conjoined subject is handled by its conjuncts)."""
    if any(c.dep_ == "conj" for c in subj.children):
        return False
    if subj.lower_ == "each" or any(c.lower_ == "each" for c in subj.children):
        return True
    for c in verb.children:
        if c.dep_ in ("dobj", "pobj", "prep"):
            for t in (c, *[p for p in c.children if p.dep_ == "pobj"]):
                if t.lower_ == "other" and any(x.lower_ in ("each", "one") for x in
                                               t.children) or \
                        t.lower_ == "another" and any(x.lower_ == "one" for x in t.children):
                    return True
    return False


def _own_target(doc: Doc, ev: Event) -> bool:
    """The target is named in the event's own clause or conditions (not borrowed from another
    clause of the sentence: "Although Israel agreed to a truce, Netanyahu warned of action if
    Hamas or Islamic Jihad breaks it": the truce is not with Islamic Jihad)."""
    if ev.target is None or ev.target.span is None or ev.span is None:
        return True
    t0 = ev.target.span[0]
    if any(c.span is not None and c.span[0] <= t0 < c.span[1] for c in ev.conditions):
        return True
    span = doc.char_span(ev.span[0], ev.span[1], alignment_mode="expand")
    if span is None:
        return True
    root = span.root
    while root.pos_ not in ("VERB", "AUX") and root.head.i != root.i and \
            root.dep_ not in ("ROOT", "ccomp", "advcl"):
        root = root.head
    return doc[root.left_edge.i].idx <= t0 < doc[root.right_edge.i].idx + \
        len(doc[root.right_edge.i])


def _reciprocal(doc: Doc, events: list[Event], actors: Actors) -> list[Event]:
    """"Israel and Hamas extended their cease-fire": one event each way."""
    out = []
    for ev in events:
        out.append(ev)
        others = _conjoined(doc, ev.target, actors)
        for other in others if others and _own_target(doc, ev) else []:
            if not _same_side(other, ev.source):
                out.append(ev.model_copy(update={"target": other}))
        if ev.source is None or ev.span is None or \
                ev.type in ("ACCUSE", "THREATEN", "REQUEST") and \
                not (ev.rule or "").startswith(("lex:exchange", "lex:trade")):
            continue  # "X and Y accused Z"; but "X and Y exchanged threats" is mutual
        span = doc.char_span(ev.span[0], ev.span[1], alignment_mode="expand")
        if span is None:
            continue
        verb = span.root
        while verb.dep_ not in ("ROOT", "ccomp", "conj") and verb.pos_ != "VERB" and \
                verb.head.i != verb.i:
            verb = verb.head
        subj = [c for c in verb.children if c.dep_ == "nsubj"]
        if not subj and verb.dep_ == "conj":
            # "Trump and Kim first met ... and agreed to ...": the shared subject
            subj = [c for c in verb.head.children if c.dep_ == "nsubj"]
        if subj and ev.target is not None and _each_other(verb, subj[0]):
            # "Obama called Morsi and each thanked the other": one event each way
            out.append(ev.model_copy(update={"source": ev.target, "target": ev.source}))
            continue
        if not subj:
            continue
        conj = [c for c in subj[0].children if c.dep_ == "conj"]
        if not conj:
            continue
        a, b = actors.in_phrase(subj[0]), actors.in_phrase(conj[0])
        if a is None or b is None or a.name == b.name or ev.source.name not in (a.name, b.name):
            continue
        first = ev.model_copy(update={"source": a, "target": b})
        second = ev.model_copy(update={"source": b, "target": a})
        if ev.type in _VERBAL and ev.said_by is not None and ev.said_by.name == ev.source.name:
            # "X and Y exchanged accusations": each one's own words
            first.said_by, second.said_by = a, b
        out[-1] = first
        out.append(second)
    return out


_COERCION_VERBS = frozenset({"force", "compel", "make", "push", "pressure", "coerce", "drive",
                             "pressurize", "pressurise", "bully", "blackmail"})


_PRESSURES = frozenset({"sanction", "pressure", "threat", "amount", "measure", "blackmail",
                        "intimidation", "force", "attempt", "step", "action", "tariff",
                        "isolation", "provocation", "coercion", "bullying", "campaign"})


def _coerced(doc: Doc, trig: Trigger) -> tuple[int, int, bool, int] | None:
    """(forced actor token, forcing subject token or -1, whether the forcing is denied, the
    coercion verb) when the trigger is what a coercion verb would make someone do ("sanctions
    will never force the country to negotiate", "pressure would never make it give up ...");
    also when the trigger is the coercion verb itself."""
    head = doc[trig.head]
    while head.dep_ == "conj" and head.head.i != head.i and \
            head.lemma_.lower() not in _COERCION_VERBS:
        head = head.head  # "to negotiate ... or to give up its nuclear drive"
    verb = head if head.lemma_.lower() in _COERCION_VERBS or head.dep_ not in (
        "xcomp", "ccomp") else head.head
    if verb.lemma_.lower() not in _COERCION_VERBS or verb.pos_ != "VERB":
        return None
    kids = list(verb.children)
    forced = next((c for c in kids if c.dep_ == "dobj"), None)
    if forced is None and head.i != verb.i:
        forced = next((c for c in head.children if c.dep_ == "nsubj"), None)
    if forced is None:
        return None
    subj = next((c for c in kids if c.dep_ in ("nsubj", "nsubjpass")), None)
    denied = any(c.dep_ == "neg" or c.lower_ == "never" for c in kids) or (
        subj is not None and any(d.dep_ == "det" and d.lower_ == "no" for d in subj.children))
    if head.i == verb.i and not any(c.dep_ in ("xcomp", "ccomp") for c in kids):
        return None
    if denied and subj is not None and (subj.pos_ in ("PROPN", "PRON") or
                                         subj.lemma_.lower() not in _PRESSURES):
        # "Washington will not force Kyiv to cede land": an assurance, not Kyiv's refusal
        return None
    return forced.i, subj.i if subj is not None else -1, denied, verb.i


def _open_question(doc: Doc, trig: Trigger) -> bool:
    """Whether the trigger's clause is an open question, a finite "whether" clause ("did not
    say whether Kim would meet Trump", "whether the U.S. will meet us ... depends on"): neither
    an act nor a stated intent. "decide whether to resume talks" (no subject of its own) is
    left to the verb that governs it."""
    cur = doc[trig.head]
    for _ in range(3):
        if cur.pos_ in ("VERB", "AUX"):
            return any(c.dep_ == "mark" and c.lower_ == "whether" for c in cur.children) and \
                any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in cur.children)
        if cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def _agentless_passive(head: Token) -> bool:
    """"Talks were broken off", "the deal has been suspended": a passive with no "by" agent."""
    kids = [c.dep_ for c in head.children]
    return ("auxpass" in kids or "nsubjpass" in kids) and "agent" not in kids


_TALK_THEMES = frozenset({"talk", "negotiation", "dialogue", "meeting", "summit", "discussion",
                          "consultation", "negotiating", "participation", "contact"})


def _passive_theme(head: Token) -> str | None:
    """The lemma of the passive subject ("the negotiations were broken off": negotiation)."""
    for c in head.children:
        if c.dep_ == "nsubjpass":
            return c.lemma_.lower()
    if head.dep_ == "xcomp":  # "the talks appear to have been broken off"
        for c in head.head.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                return c.lemma_.lower()
    return None


def _same_theme(theme: str | None, trigger: str) -> bool:
    """Whether a trigger ("cut short our participation in the talks") is about the passive
    subject ``theme`` (talks of any name count as one theme)."""
    if not theme:
        return False
    words = {w.strip('".,\u201c\u201d').lower() for w in trigger.split()}
    stems = {w[:-1] if w.endswith("s") else w for w in words}
    if theme in stems or theme in words:
        return True
    return theme in _TALK_THEMES and bool(stems & _TALK_THEMES)


def _drop_agentless_repeats(events: list[Event], agentless: dict[int, str | None],
                            ) -> list[Event]:
    """An agentless passive whose actors were filled in from around it ("the negotiations were
    broken off ... the U.S. had cut short its participation in the talks") repeats the event
    that names its actor nearby: the same type between the same sides, about the same thing."""
    def near(a: Event, b: Event) -> bool:
        if a.span is None or b.span is None:
            return a.sentence == b.sentence
        return abs(a.span[0] - b.span[0]) < 400

    out = []
    for ev in events:
        if id(ev) in agentless and any(
                id(o) not in agentless and o is not ev and o.type == ev.type and
                _same_theme(agentless[id(ev)], o.trigger) and
                _same_side(o.source, ev.source) and
                (o.target is None or ev.target is None or _same_side(o.target, ev.target))
                and near(o, ev) for o in events):
            continue
        out.append(ev)
    return out


def _dedupe(events: list[Event]) -> list[Event]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for ev in events:
        key = (ev.type, ev.source.name if ev.source else None,
               ev.target.name if ev.target else None, ev.trigger_span)
        if key in seen:
            continue
        seen.add(key)
        out.append(ev)
    return out
