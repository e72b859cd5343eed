"""Place mentions and where events happen: the ``parley_places`` spaCy component.

Sets ``doc._.places: list[PlaceMention]``, in text order: every GPE, LOC and FAC entity the
gazetteer knows (and a proper noun the NER missed or mislabelled when it is the object of a
locative preposition: "shelling in Kupiansk"), plus the article's dateline ("KABUL (Reuters) -",
"MOSCOW —", "PARIS, Texas (AP) —"), each resolved to one :class:`~parley.records.Place`:

- among same-named places, by clues next to the mention first: a region noun ("the Kherson
  region", "Donetsk, Lugansk, Kherson and Zaporozhye regions" -> the oblasts), a city noun ("the
  city of Kherson"), a place after a comma or before "'s" ("Paris, Texas", "Ukraine's Kherson");
- then by the countries of the article's other, unambiguous, place mentions (Tripoli with
  Beirut in the article is Lebanon's), and weakly by its actors' countries;
- then by the prior of :class:`~parley.nlp.geo.gazetteer.GazEntry`: a country, then a capital
  or big city, then an admin1 region (Georgia the country, Paris in France, Tripoli in Libya).

Each mention also gets a ``role`` from the parse: ``locative`` (object of "in", "at", "near",
..., or of "on"/"to"/"from"/"over" after an attack, motion or withdrawal word: "strikes on
Kharkiv", "flew to Doha"), ``object`` ("shelled Kharkiv", "visited Beijing"), ``modifier``
("the Doha talks"), ``actor`` (a metonym: "Moscow said", "Kyiv's offer": the mention is one of
``doc._.actors`` and not in a place position) or ``other`` ("the annexation of Donetsk").
:func:`place_for_event` reads them. Words are data: ``data/geo/places.yaml``.

Example::

    >>> doc = nlp("KYIV (Reuters) - Russian drones struck Odesa overnight, and Moscow said ...")
    >>> [(m.text, m.place.name, m.place.country, m.role) for m in doc._.places]
    [('KYIV', 'Kyiv', 'UKR', 'dateline'), ('Odesa', 'Odesa', 'UKR', 'object'),
     ('Moscow', 'Moscow', 'RUS', 'actor')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from parley.nlp.geo.gazetteer import GazEntry, Gazetteer, fold, load_cues, load_gazetteer
from parley.records import Event, Place

__all__ = ["PlaceMention", "PlaceRecognizer", "find_dateline", "find_places",
           "place_for_event", "resolve_name"]

if not Doc.has_extension("places"):
    Doc.set_extension("places", default=None)
if not Doc.has_extension("actors"):
    Doc.set_extension("actors", default=None)

PLACE_LABELS = ("GPE", "LOC", "FAC")
_AREA_NOUNS = {"outskirts", "center", "centre", "edge", "north", "south", "east", "west",
               "part", "parts", "area", "areas", "heart", "suburbs", "suburb"}
_NP_DEPS = ("compound", "amod", "nmod", "appos", "conj", "poss", "nummod", "npadvmod")
_CLAUSAL = ("ccomp", "parataxis", "relcl", "advcl", "csubj", "csubjpass")
_NOUN_CLIMB = ("dobj", "nsubj", "nsubjpass", "pobj", "prep", "compound", "attr", "appos",
               "amod", "oprd")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Za-z\u00C0-\u024F.'\u2019\- ]{1,40}?)"
    r"(?:,[ \t]*(?P<region>[A-Z][A-Za-z\u00C0-\u024F.'\u2019\- ]{1,30}?))?"
    r"(?:,?[ \t]+" + _MONTH + r"[ \t]+\d{1,2})?"
    r"[ \t]*(?:\((?P<agency>[^)\n]{1,40})\))?[ \t]*(?:--?|\u2014|\u2013)[ \t]")


@dataclass(eq=False)
class PlaceMention:
    """A place named in a Doc (token and char offsets), resolved, with its syntactic role."""

    start: int  # token offsets, end exclusive
    end: int
    start_char: int
    end_char: int
    text: str
    place: Place
    role: str  # dateline | locative | object | modifier | actor | other
    governor: int | None = None  # the token whose clause the place belongs to
    source: str = "ner"  # ner | dateline | propn

    @property
    def specificity(self) -> int:
        fc, code = self.place.feature_class, self.place.feature_code
        if fc == "P" or fc == "S":
            return 0
        if code in ("ADM1", "RGN"):
            return 1
        if code == "PCLI":
            return 2
        return 3


# --- finding and resolving ------------------------------------------------------------------

@dataclass
class _Raw:
    start: int
    end: int
    text: str
    cands: list[tuple[GazEntry, bool]]
    source: str
    kind_cue: str | None = None  # "region" | "city"
    constraint: tuple[str | None, str | None] | None = None  # (country, admin1) from the text


def find_dateline(text: str) -> tuple[int, int, str, str | None] | None:
    """(start, end, place words, region words) of a dateline opening the article's first line
    or the line after its title; None when there is none."""
    offset = 0
    lines = 0
    for line in text[:600].split("\n"):
        if line.strip():
            m = _DATELINE.match(line)
            if m:
                place = m.group("place").strip()
                if place.upper() == place or m.group("agency"):
                    s = offset + m.start("place")
                    region = (m.group("region") or "").strip() or None
                    return s, s + len(place), place, region
            lines += 1
            if lines >= 2:
                return None
        offset += len(line) + 1
    return None


class PlaceRecognizer:
    """The ``parley_places`` component (see the module docstring)."""

    def __init__(self, nlp: Language | None = None, name: str = "parley_places",
                 gazetteer: Gazetteer | None = None) -> None:
        self.name = name
        self.gazetteer = gazetteer or load_gazetteer()
        self.cues = load_cues()

    def __call__(self, doc: Doc) -> Doc:
        doc._.places = self.find(doc)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    # -- recognition -----------------------------------------------------------------------
    def find(self, doc: Doc) -> list[PlaceMention]:
        raws = self._raw_mentions(doc)
        if not raws:
            return []
        self._local_cues(doc, raws)
        weights, own = self._context(doc, raws)
        actor_tokens = self._actor_tokens(doc)
        out: list[PlaceMention] = []
        for r, mine in zip(raws, own, strict=True):
            entry = self._choose(r, weights, mine)
            span = doc[r.start:r.end]
            if entry.feature_code == "PCLI" and span.root.dep_ == "poss" and \
                    span.root.head.lower_ == "capital" and entry.country:
                entry = self.gazetteer.capitals.get(entry.country, entry)  # "Qatar's capital"
            start_char, end_char = span.start_char, span.end_char
            if r.source == "dateline":
                role, gov = "dateline", None
            else:
                role, gov = self._role(doc, span)
                if role not in ("locative", "object") and any(
                        i in actor_tokens for i in range(r.start, r.end)):
                    role = "actor"
            place = entry.place(mention=span.text, span=(start_char, end_char))
            out.append(PlaceMention(r.start, r.end, start_char, end_char, span.text, place,
                                    role, gov, r.source))
        return out

    def _lookup(self, text: str) -> list[tuple[GazEntry, bool]]:
        return self.gazetteer.candidates(text)

    def _raw_mentions(self, doc: Doc) -> list[_Raw]:
        raws: list[_Raw] = []
        taken = [False] * len(doc)
        dl = find_dateline(doc.text)
        if dl is not None:
            span = doc.char_span(dl[0], dl[1], alignment_mode="expand")
            cands = self._lookup(dl[2])
            if span is not None and cands:
                r = _Raw(span.start, span.end, dl[2], cands, "dateline")
                if dl[3]:
                    r.constraint = self._constraint(dl[3])
                raws.append(r)
                for i in range(span.start, span.end):
                    taken[i] = True
        for ent in doc.ents:
            if ent.label_ not in PLACE_LABELS or any(taken[ent.start:ent.end]):
                continue
            r2 = self._resolve_span(doc, ent, "ner")
            if r2 is not None:
                raws.append(r2)
                for i in range(r2.start, r2.end):
                    taken[i] = True
        # capitalised words the NER missed or mislabelled ("Kherson" as a PERSON,
        # "Zaporozhye" as an adjective), kept only where a place stands: after a locative
        # preposition, as the object of an attack or visit, beside a region or city noun, or
        # in a list with a place the NER found
        persons = self._person_tokens(doc)
        ner_places = {i for r in raws for i in range(r.start, r.end)}
        i, n = 0, len(doc)
        while i < n:
            if taken[i] or not _capitalised(doc[i]) or i in persons:
                i += 1
                continue
            j = i
            while j < n and not taken[j] and _capitalised(doc[j]) and j not in persons:
                j += 1
            r3 = self._resolve_span(doc, doc[i:j], "propn")
            if r3 is not None and self._place_position(doc, doc[r3.start:r3.end], ner_places):
                raws.append(r3)
            i = j
        raws.sort(key=lambda x: x.start)
        return raws

    def _person_tokens(self, doc: Doc) -> set[int]:
        """Tokens that cannot start a place the NER missed: dates, numbers, and actors that are
        persons or references ("Kim", "he", "the president")."""
        out: set[int] = set()
        for ent in doc.ents:
            if ent.label_ in ("DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL",
                              "QUANTITY", "LANGUAGE", "LAW", "WORK_OF_ART", "EVENT"):
                out.update(range(ent.start, ent.end))
        for m in doc._.actors or []:
            kind = getattr(m, "kind", "")
            if kind in ("surname", "pronoun", "anaphor", "agent") or \
                    getattr(m, "gender", None) is not None:
                out.update(range(int(m.start), int(m.end)))
        return out

    def _place_position(self, doc: Doc, span: Span, ner_places: set[int]) -> bool:
        role, _ = self._role(doc, span)
        if role in ("locative", "object"):
            return True
        regions, cities = self.cues["region_nouns"], self.cues["city_nouns"]
        j = span.end
        while j < len(doc) and (doc[j].lower_ in (",", "and", "or") or _capitalised(doc[j])):
            j += 1
        if j < len(doc) and doc[j].lower_ in regions | cities and doc[j].i - span.end < 8:
            return True
        if span.start >= 2 and doc[span.start - 1].lower_ == "of" and \
                doc[span.start - 2].lower_ in regions | cities:
            return True
        root = span.root
        linked = [root.head] if root.dep_ == "conj" else []
        linked += [c for c in root.children if c.dep_ == "conj"]
        return any(t.i in ner_places for t in linked)

    def _resolve_span(self, doc: Doc, span: Span, source: str) -> _Raw | None:
        """The whole span, else the span less a trailing region noun ("Kherson Oblast"),
        else its longest leading run of proper nouns that the gazetteer knows."""
        cands = self._lookup(span.text)
        if span.label_ == "FAC" or (source == "propn" and len(span) > 1):
            # "the White House" is no place, whatever Casablanca's alternate names say
            cands = [c for c in cands if c[1]]
        if cands:
            return _Raw(span.start, span.end, span.text, cands, source)
        words = list(span)
        while words and words[0].lower_ == "the":
            words = words[1:]
        if words and words[-1].lower_ in self.cues["region_nouns"] and len(words) > 1:
            sub = doc[words[0].i:words[-1].i]
            cands = self._lookup(sub.text)
            if cands:
                r = _Raw(sub.start, sub.end, sub.text, cands, source)
                r.kind_cue = "region"
                return r
        for k in range(len(words) - 1, 0, -1):
            sub = doc[words[0].i:words[0].i + k]
            if not all(t.pos_ == "PROPN" for t in sub):
                continue
            cands = [c for c in self._lookup(sub.text) if c[1]]  # canonical names only
            if cands:
                return _Raw(sub.start, sub.end, sub.text, cands, source)
        return None

    def _constraint(self, text: str) -> tuple[str | None, str | None] | None:
        best = self.gazetteer.best(text)
        if best is None:
            return None
        if best.feature_code == "PCLI":
            return (best.country, None)
        if best.feature_code == "ADM1":
            return (best.country, best.admin1)
        return None

    def _local_cues(self, doc: Doc, raws: list[_Raw]) -> None:
        regions, cities = self.cues["region_nouns"], self.cues["city_nouns"]
        inside = {i: r for r in raws for i in range(r.start, r.end)}
        for k, r in enumerate(raws):
            sent_end = doc[r.start].sent.end if doc.has_annotation("SENT_START") or \
                doc.has_annotation("DEP") else len(doc)
            # right: "Kherson region", "Donetsk, Lugansk, Kherson, and Zaporozhye regions"
            j = r.end
            while j < sent_end and (doc[j].lower_ in (",", "and", "or", "&") or j in inside
                                    or _capitalised(doc[j])):
                j += 1
            if r.kind_cue is None and j < sent_end:
                if doc[j].lower_ in regions:
                    r.kind_cue = "region"
                elif doc[j].lower_ in cities and j == r.end:
                    r.kind_cue = "city"
            # left: "the city of Kherson", "the province of Idlib"
            if r.kind_cue is None and r.start >= 2 and doc[r.start - 1].lower_ == "of":
                word = doc[r.start - 2].lower_
                if word in regions:
                    r.kind_cue = "region"
                elif word in cities:
                    r.kind_cue = "city"
            # "Paris, Texas", "Kherson, Ukraine"
            if r.constraint is None and k + 1 < len(raws):
                nxt = raws[k + 1]
                if nxt.start == r.end + 1 and doc[r.end].text == ",":
                    r.constraint = self._constraint(nxt.text)
            # "Ukraine's Kherson"
            if r.constraint is None and k > 0 and r.start >= 1 and \
                    doc[r.start - 1].lower_ in ("'s", "\u2019s"):
                prev = raws[k - 1]
                if prev.end == r.start - 1:
                    r.constraint = self._constraint(prev.text)
        # one place per name in an article: "Paris, Texas ... in Paris" is the same Paris
        said: dict[str, tuple[str | None, str | None]] = {}
        for r in raws:
            if r.constraint is not None:
                said.setdefault(fold(r.text), r.constraint)
        for r in raws:
            if r.constraint is None and fold(r.text) in said:
                r.constraint = said[fold(r.text)]

    def _context(self, doc: Doc, raws: list[_Raw]) -> tuple[dict[str, float],
                                                             list[str | None]]:
        """Country weights of the article: 1 per place mention (as resolved without context),
        0.25 per named actor; and each mention's own country, which is not its own evidence."""
        w: dict[str, float] = {}
        own: list[str | None] = []
        for r in raws:
            country = self._choose(r, {}, None).country
            own.append(country)
            if country:
                w[country] = w.get(country, 0.0) + 1.0
        in_places = {i for r in raws for i in range(r.start, r.end)}
        for m in doc._.actors or []:
            ref = getattr(m, "ref", None)
            country = getattr(ref, "country", None)
            if country and getattr(m, "kind", "") in ("name", "alias", "agent", "country",
                                                       "metonym") and \
                    not any(i in in_places for i in range(int(m.start), int(m.end))):
                w[str(country)[:3]] = w.get(str(country)[:3], 0.0) + 0.25
        return w, own

    def _choose(self, r: _Raw, weights: dict[str, float], own: str | None) -> GazEntry:
        total = sum(weights.values()) - (1.0 if own else 0.0)
        best: GazEntry | None = None
        best_score = float("-inf")
        for e, canonical in r.cands:
            score = e.prior + (1.0 if canonical else 0.0)
            if total > 0 and e.country:
                mine = weights.get(e.country, 0.0) - (1.0 if own == e.country else 0.0)
                score += 3.5 * max(0.0, mine) / total
            if r.kind_cue == "region" and e.feature_code in ("ADM1", "RGN"):
                score += 6.0
            elif r.kind_cue == "city" and e.feature_class == "P":
                score += 3.0
            if r.constraint is not None:
                country, admin1 = r.constraint
                if e.country == country and (admin1 is None or e.admin1 == admin1):
                    score += 10.0
            if score > best_score:
                best, best_score = e, score
        assert best is not None
        return best

    def _actor_tokens(self, doc: Doc) -> set[int]:
        out: set[int] = set()
        for m in doc._.actors or []:
            out.update(range(int(m.start), int(m.end)))
        return out

    def _role(self, doc: Doc, span: Span) -> tuple[str, int | None]:
        cues = self.cues
        root = span.root
        tok = root
        if root.dep_ in ("compound", "nmod", "amod") and root.head.pos_ == "NOUN" and \
                root.head.lower_ not in cues["region_nouns"] | cues["city_nouns"]:
            return "modifier", root.head.i  # "the Doha talks", "Kharkiv strikes"
        for _ in range(8):
            if tok.dep_ in _NP_DEPS and tok.head.i != tok.i:
                tok = tok.head
            elif tok.dep_ == "pobj" and tok.head.lower_ == "of" and (
                    tok.head.head.lower_ in cues["region_nouns"] or
                    tok.head.head.lower_ in cues["city_nouns"] or
                    tok.head.head.lower_ in _AREA_NOUNS):
                tok = tok.head.head  # "the city of Kherson", "the outskirts of Kyiv"
            else:
                break
        if tok.dep_ == "pobj":
            prep = tok.head
            p = prep.lower_
            if p in cues["locative_preps"]:
                return "locative", prep.head.i
            after = cues["preps_after"].get(p)
            if after:
                gov = prep.head  # "strikes on Kharkiv"; "launched an attack on Kyiv"
                words = {gov.lemma_.lower(), gov.lower_} | {
                    c.lemma_.lower() for c in gov.children if c.dep_ in ("dobj", "nsubj")}
                if words & after:
                    return "locative", gov.i
        if tok.dep_ in ("dobj", "nsubjpass") and tok.head.lemma_.lower() in cues["object_verbs"]:
            return "object", tok.head.i  # "shelled Kharkiv", "Kherson was captured"
        return "other", None


def _capitalised(tok: Token) -> bool:
    return tok.text[:1].isupper() and tok.pos_ in ("PROPN", "ADJ", "NOUN") and \
        any(ch.isalpha() for ch in tok.text) and not (tok.is_sent_start and tok.pos_ != "PROPN")


def find_places(doc: Doc) -> list[PlaceMention]:
    """The place mentions of a Doc (``doc._.places`` when the component ran)."""
    if doc._.places is None:
        doc._.places = _default().find(doc)
    return list(doc._.places)


_RECOGNIZER: list[PlaceRecognizer] = []


def _default() -> PlaceRecognizer:
    if not _RECOGNIZER:
        _RECOGNIZER.append(PlaceRecognizer())
    return _RECOGNIZER[0]


def resolve_name(text: str) -> Place | None:
    """A place named on its own, as a user types it: "Ukraine", "UKR", "Kherson" (the city),
    "Kherson region" (the oblast), "Paris, Texas", "Georgia, US" (None when unknown)."""
    rec = _default()
    text = " ".join(text.split())
    gaz = rec.gazetteer
    if len(text) == 3 and text.isupper() and text in gaz.countries:
        return gaz.countries[text].place()
    name, _, rest = text.partition(",")
    words = name.split()
    kind: str | None = None
    if len(words) > 1 and words[-1].lower() in rec.cues["region_nouns"]:
        words, kind = words[:-1], "region"
    elif len(words) > 1 and words[-1].lower() in rec.cues["city_nouns"]:
        words, kind = words[:-1], "city"
    cands = gaz.candidates(" ".join(words)) or gaz.candidates(name)
    if not cands:
        return None
    raw = _Raw(0, 0, name, cands, "query", kind)
    if rest.strip():
        raw.constraint = rec._constraint(rest.strip())
    return rec._choose(raw, {}, None).place()


# --- where an event happened -----------------------------------------------------------------

def _clause(doc: Doc, head: Token, trigger: set[int]) -> tuple[set[int], Token]:
    """The tokens of the clause of an event whose trigger's head is ``head``: the subtree of
    its verb (a noun trigger climbs to the verb that governs it: "held talks in Doha"),
    without the clauses nested in it (reported speech, relative and adverbial clauses,
    coordinated verbs, a complement verb the trigger does not cover: "announced deals to halt
    strikes in the Black Sea") unless the trigger is inside them."""
    start = head
    if head.dep_ in ("amod", "compound") and head.head.i != head.i:
        start = head.head  # "damaged homes" parsed as an adjective: the phrase it modifies
    verb = start
    for _ in range(4):
        if verb.pos_ in ("VERB", "AUX") or verb.dep_ not in _NOUN_CLIMB or verb.head.i == verb.i:
            break
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        verb = start
    keep = {head.i, *(a.i for a in head.ancestors)}
    out: set[int] = set()
    stack = [verb]
    while stack:
        t = stack.pop()
        out.add(t.i)
        for c in t.children:
            if c.i not in keep and (c.dep_ in _CLAUSAL or (
                    c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")) or (
                    c.dep_ == "acl" and t.i != head.i) or (
                    c.dep_ in ("xcomp", "pcomp") and c.pos_ in ("VERB", "AUX") and
                    c.i not in trigger)):  # "accused Russia of striking ... in Kherson"
                continue
            stack.append(c)
    return out, verb


def place_for_event(doc: Doc, event: Event) -> Place | None:
    """Where ``event`` happened: the most specific place in its own clause ("talks in Doha",
    "strikes on Kharkiv", "shelled Kherson", "the Doha talks"; the clause of a purpose or
    complement verb also looks at the verb it completes: "flew to Riyadh to meet Putin"), else
    the article's dateline, else None. Places that are actors ("Moscow said") never count."""
    mentions = find_places(doc)
    if not mentions:
        return None
    dateline = next((m for m in mentions if m.role == "dateline"), None)
    span = None
    for s in (event.trigger_span, event.span):
        if s is not None:
            span = doc.char_span(s[0], s[1], alignment_mode="expand")
            if span is not None and len(span):
                break
    if span is None or not len(span):
        return dateline.place if dateline else None
    head = span.root
    trigger_tokens = set(range(span.start, span.end))
    clause, verb = _clause(doc, head, trigger_tokens)
    found = [m for m in mentions if m.governor is not None and (
        (m.role in ("locative", "object") and m.governor in clause) or
        (m.role == "modifier" and m.governor in trigger_tokens | {head.i}))]
    if not found and verb.head.i != verb.i and (verb.dep_ == "xcomp" or (
            verb.dep_ == "advcl" and any(c.tag_ == "TO" for c in verb.children))):
        parent = verb.head.i  # "traveled to Riyadh to meet Putin"
        found = [m for m in mentions if m.role in ("locative", "object") and
                 m.governor == parent]
    if found:
        best = min(found, key=lambda m: (m.specificity, abs(m.start - head.i)))
        return best.place
    return dateline.place if dateline else None


def event_places(doc: Doc, events: Iterable[Event]) -> None:
    """Set ``place`` on each event (the call ``extract_events`` makes)."""
    for ev in events:
        ev.place = place_for_event(doc, ev)


@Language.factory("parley_places", assigns=["doc._.places"],
                  requires=["token.dep", "token.pos", "doc.ents"],
                  default_config={})
def make_place_recognizer(nlp: Language, name: str) -> PlaceRecognizer:
    return PlaceRecognizer(nlp, name)


def describe(place: Place | None) -> str:
    """A short label: "Kherson (UKR, Kherson)", "Georgia (GEO)", "-"."""
    if place is None:
        return "-"
    parts = [x for x in (place.country, place.admin1 if place.admin1 != place.name else None)
             if x]
    return f"{place.name} ({', '.join(parts)})" if parts else place.name
