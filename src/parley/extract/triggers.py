"""Event triggers: which words of a sentence name an event, and with which CAMEO code.

Triggers come from ``data/lexicons/triggers.yaml`` (built by ``scripts/build_trigger_lexicon.py``
from PETRARCH2's verb dictionary plus hand-written diplomacy patterns). Matching is a dict lookup
on token lemmas and a short walk of the dependency tree, never a regex over the text:

- a verb whose lemma has a code (``criticize`` -> 111), refined by its particle (``rule out``)
  and by the words of its object or prepositional phrase (``reject`` + ``talks`` -> 125);
- a noun that names an event (``annexation`` -> 192, ``talks`` -> 040);
- an *intent frame*: an event in the complement of an intent word ("willingness to engage in
  negotiations", "ready to meet", "agreed to meet") becomes an expressed intent, coded with the
  AGREE code of the inner event (04x -> 036, 085 -> 0354, ...);
- a negotiation noun with a predicate of its own ("talks are anticipated" -> intent,
  "discussions are ongoing" -> CONSULT).

Example: in "Trump expressed readiness to meet with Putin", :func:`find_triggers` returns one
``Trigger(head=<meet>, anchor=<readiness>, code="036", intent=True, rule="intent:readiness>meet")``.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import yaml
from spacy.attrs import LEMMA, LOWER, POS
from spacy.tokens import Doc, Span, Token

from parley.codebook import plover_type
from parley.config import DATA_DIR

LEXICON_DIR = DATA_DIR / "lexicons"

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: dependency labels through which an object/PP word belongs to its verb
_OBJ_DEPS = {"dobj", "prep", "pobj", "prt", "dative", "attr", "xcomp", "compound", "pcomp",
             "amod", "nsubjpass", "oprd", "acomp", "agent", "conj", "acl", "nmod", "appos"}
#: prepositions of adjuncts (time, cause, manner): their object is no argument of the verb
ADJUNCT_PREPS = {"following", "after", "before", "during", "despite", "amid", "amidst", "since",
                  "until", "prior", "ahead", "because", "due", "through", "under", "as", "like",
                  "without", "besides", "except", "given", "including", "regarding", "among"}
#: dependency labels along which an intent word governs its complement
_INTENT_PATH = {"xcomp", "acl", "pcomp", "pobj", "prep", "dobj", "attr", "acomp", "advcl",
                "compound", "relcl", "ccomp", "conj", "nsubjpass", "nsubj", "oprd"}


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, str | None]
    phrasal: dict[str, str | None]
    verb_group: dict[str, str]
    group_objects: dict[str, list[tuple[tuple[str, ...], str | None]]]
    verb_objects: dict[str, list[tuple[tuple[str, ...], str | None]]]
    synsets: dict[str, frozenset[str]]
    nouns: dict[str, str]
    negotiation_nouns: frozenset[str]
    asserted_predicates: frozenset[str]
    intended_predicates: frozenset[str]
    intent_adjs: frozenset[str]
    intent_nouns: frozenset[str]
    intent_verbs: frozenset[str]
    intent_codes: dict[str, str | None]
    speech_verbs: frozenset[str]
    request_nouns: frozenset[str]
    request_codes: dict[str, str | None]
    hypothetical_nouns: frozenset[str]
    light_verbs: frozenset[str]
    persist: frozenset[str]
    persist_code: str
    person_object_codes: dict[str, str]
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    def is_intent(self, tok: Token) -> bool:
        lem = tok.lemma_.lower()
        if tok.pos_ == "PROPN" and lem in self.intent_adjs and \
                any(c.lower_ == "to" for c in tok.children):
            return True  # a title-case headline: "Zelensky Open to Peace Talks"
        if tok.pos_ in ("NOUN", "PROPN"):
            return lem in self.intent_nouns
        if tok.pos_ in ("ADJ",):
            return lem in self.intent_adjs
        if tok.pos_ in ("VERB", "AUX"):
            return lem in self.intent_verbs
        return False


def _code(v: Any) -> str | None:
    if v is None:
        return None
    return str(v)


def _patterns(raw: Any) -> list[tuple[tuple[str, ...], str | None]]:
    out = []
    for words, code in raw or []:
        out.append((tuple(str(words).lower().split()), _code(code)))
    # longest (most specific) pattern first
    out.sort(key=lambda p: -len(p[0]))
    return out


@functools.cache
def load_lexicon() -> Lexicon:
    """The trigger lexicon (read once per process)."""
    raw = yaml.load((LEXICON_DIR / "triggers.yaml").read_text(encoding="utf-8"), Loader=_LOADER)
    intent = raw.get("intent", {})
    preds = raw.get("noun_predicates", {})
    return Lexicon(
        verbs={k: _code(v) for k, v in raw.get("verbs", {}).items()},
        phrasal={k: _code(v) for k, v in raw.get("phrasal", {}).items()},
        verb_group=dict(raw.get("verb_group", {})),
        group_objects={g: _patterns(p) for g, p in raw.get("group_objects", {}).items()},
        verb_objects={v: _patterns(p) for v, p in raw.get("verb_objects", {}).items()},
        synsets={k: frozenset(v) for k, v in raw.get("synsets", {}).items()},
        nouns={k: str(v) for k, v in raw.get("nouns", {}).items()},
        negotiation_nouns=frozenset(raw.get("negotiation_nouns", [])),
        asserted_predicates=frozenset(preds.get("asserted", [])),
        intended_predicates=frozenset(preds.get("intended", [])),
        intent_adjs=frozenset(intent.get("adjectives", [])),
        intent_nouns=frozenset(intent.get("nouns", [])),
        intent_verbs=frozenset(intent.get("verbs", [])),
        intent_codes={str(k): _code(v) for k, v in raw.get("intent_codes", {}).items()},
        speech_verbs=frozenset(raw.get("speech_verbs", [])),
        request_nouns=frozenset(raw.get("request_nouns", [])),
        request_codes={str(k): _code(v) for k, v in raw.get("request_codes", {}).items()},
        light_verbs=frozenset(raw.get("light_verbs", [])),
        hypothetical_nouns=frozenset(raw.get("hypothetical_nouns", [])),
        persist=frozenset(raw.get("persist_predicates", [])),
        persist_code=str(raw.get("persist_code", "1244")),
        person_object_codes={k: str(v) for k, v in raw.get("person_object_codes", {}).items()},
        raw=raw,
    )


@dataclass
class Trigger:
    """One event trigger in a sentence.

    ``head`` is the token of the event word (verb or noun); ``anchor`` the token that heads the
    whole trigger phrase (the intent word of an intent frame, else ``head``); ``start``/``end``
    the token span of the trigger phrase; ``intent`` whether it is an intent frame.
    """

    head: int
    anchor: int
    code: str
    rule: str
    kind: str  # "verb" | "noun" | "intent"
    start: int
    end: int
    intent: bool = False
    predicate: int | None = None  # the predicate of a nominal event ("are anticipated")
    absorbed: set[int] = field(default_factory=set)  # event words folded into this trigger
    addressee: int | None = None  # the actor asked to act ("wants Armenia to withdraw")
    outer: int | None = None  # anchor of the event whose condition this event waits on
    hypo: bool = False  # only a possibility ("the possibility of imposing tariffs")

    @property
    def type(self) -> str | None:
        return plover_type(self.code)


# --- per-document token index --------------------------------------------------------------
# ``doc[i]`` and ``for tok in sent`` build a new Token object each time, and the extractor scans
# every sentence several times (triggers, conditions, acts, outlets); the tokens and the strings
# that the scans test are made once per document here and shared.

class DocIndex:
    """The lower-case form, lower-case lemma and coarse POS of every token of a doc, computed
    once per document (from ``Doc.to_array``: no Token objects are made for the scans), and
    the doc's text (``Doc.text`` joins every token's text on each call)."""

    __slots__ = ("doc", "lower", "lemma", "pos", "_text")

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        rows = doc.to_array([LOWER, LEMMA, POS]).tolist() if len(doc) else []
        strings = doc.vocab.strings
        if len(_STRINGS) > 500_000:
            _STRINGS.clear()
            _LOWERED.clear()

        def string(h: int) -> str:
            value = _STRINGS.get(h)
            if value is None:
                value = _STRINGS[h] = strings[h]
            return value

        def lowered(h: int) -> str:
            value = _LOWERED.get(h)
            if value is None:
                value = _LOWERED[h] = strings[h].lower()
            return value

        self.lower: list[str] = [string(r[0]) for r in rows]
        self.lemma: list[str] = [lowered(r[1]) for r in rows]
        self.pos: list[str] = [string(r[2]) for r in rows]
        self._text: str | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = self.doc.text
        return self._text


# string store hash -> string (and -> lower-case string), shared by all documents
_STRINGS: dict[int, str] = {}
_LOWERED: dict[int, str] = {}

_INDEXES: OrderedDict[int, DocIndex] = OrderedDict()


def doc_index(doc: Doc) -> DocIndex:
    """The :class:`DocIndex` of ``doc`` (the last few documents are kept)."""
    hit = _INDEXES.get(id(doc))
    if hit is not None and hit.doc is doc and len(hit.pos) == len(doc):
        return hit
    index = DocIndex(doc)
    _INDEXES[id(doc)] = index
    while len(_INDEXES) > 4:
        _INDEXES.popitem(last=False)
    return index


def noun_key(tok: Token) -> str:
    """Lemma of a noun, joining "cease - fire" and "air strike" style compounds."""
    doc = tok.doc
    lem = tok.lemma_.lower()
    if tok.i >= 2 and doc[tok.i - 1].text == "-":
        return f"{doc[tok.i - 2].lower_}-{lem}"
    return lem


def _object_words(tok: Token, depth: int = 3) -> set[str]:
    """Lemmas and lower forms of the words in the object and PPs of a verb (a few levels)."""
    words: set[str] = set()
    frontier = [tok]
    rel = tok.head if tok.dep_ == "conj" and tok.head.dep_ == "relcl" else tok
    if rel.dep_ == "relcl" and any(c.dep_ in ("nsubjpass", "dobj", "nsubj") and
                                   c.lower_ in ("which", "that") for c in rel.children) and \
            (rel is not tok or not any(c.dep_ == "nsubj" for c in tok.children)):
        # "tariffs, which may be removed": the relative pronoun's noun is the object
        low = rel.head.lower_
        words.update((rel.head.lemma_.lower(), low, low[:-1] if low.endswith("s") else low))
    for _ in range(depth):
        nxt = []
        for t in frontier:
            for c in t.children:
                if c.ent_type_ in ("DATE", "TIME", "CARDINAL"):
                    continue
                if c.dep_ == "det" and c.lower_ == "no":
                    words.add("no")  # "showed no interest": the quantifier is the content
                    continue
                if c.dep_ in _OBJ_DEPS and c.dep_ not in ("nsubj",):
                    words.add(c.lemma_.lower())
                    words.add(c.lower_)
                    words.add(noun_key(c))
                    nxt.append(c)
        frontier = nxt
    return words


_FUNCTION_WORDS = {"to", "with", "in", "on", "at", "for", "of", "from", "by", "into", "against",
                   "over", "about", "up", "out", "off", "down", "back", "away", "under", "a", "the",
                   "and", "or", "as", "after", "before", "toward", "towards", "through"}


def _content(words: tuple[str, ...]) -> bool:
    """A pattern must name a thing, not only a preposition ("meet at" says nothing)."""
    return any(w not in _FUNCTION_WORDS for w in words)


def _matches(words: tuple[str, ...], have: set[str], lex: Lexicon) -> bool:
    for w in words:
        if w.startswith("&"):
            members = lex.synsets.get(w, frozenset())
            if not (members & have):
                return False
        elif w not in have:
            return False
    return True


def refine(lemma: str, obj: set[str], lex: Lexicon) -> tuple[str | None, str] | None:
    """The code of a verb given its object words, from hand-written then PETRARCH patterns."""
    for words, code in lex.verb_objects.get(lemma, []):
        if _matches(words, obj, lex):
            return code, "obj:" + "_".join(words)
    group = lex.verb_group.get(lemma)
    if group:
        index = _group_index(group)
        # only the patterns that name one of the object's words, most specific first
        cands = {k for w in obj for k in index.get(w, ())}
        pats = lex.group_objects.get(group, [])
        for k in sorted(cands):
            words, code = pats[k]
            if _matches(words, obj, lex):
                return code, "petrarch:" + group + "+" + "_".join(words)
    return None


@functools.cache
def _group_index(group: str) -> dict[str, tuple[int, ...]]:
    """Content word -> indices of a verb group's usable patterns that need it."""
    lex = load_lexicon()
    index: dict[str, list[int]] = {}
    for k, (words, code) in enumerate(lex.group_objects.get(group, [])):
        if not code or not _content(words) or not plover_type(code):
            continue
        for w in words:
            if w in _FUNCTION_WORDS:
                continue
            for member in (lex.synsets.get(w, frozenset()) if w.startswith("&") else {w}):
                index.setdefault(member, []).append(k)
            break  # one required content word is enough to find the pattern
    return {w: tuple(v) for w, v in index.items()}


def verb_code(tok: Token, lex: Lexicon) -> tuple[str | None, str]:
    """CAMEO code of a verb token (None when it names no event) and the rule that gave it."""
    lemma = tok.lemma_.lower()
    if lemma in lex.raw.get("light_end_verbs", ()):
        # "put an end to hostilities", "bring an end to the war": the verb "end" with that object
        for c in tok.children:
            if c.dep_ == "dobj" and c.lemma_.lower() == "end":
                ref = refine("end", _object_words(tok) - {"end"}, lex)
                if ref is not None and ref[0]:
                    return ref[0], f"lex:{lemma} an end+{ref[1]}"
    for c in tok.children:
        if c.dep_ in ("prt", "prep", "acomp", "advmod"):
            key = f"{lemma} {c.lower_}"
            if key in lex.phrasal:
                code = lex.phrasal[key]
                if code is None:
                    return None, f"lex:{key}"
                obj = _object_words(tok)
                ref = refine(lemma, obj, lex)
                if ref and ref[0] and plover_type(ref[0]) == plover_type(code):
                    return ref[0], f"lex:{key}+{ref[1]}"
                return code, f"lex:{key}"
    if lemma in lex.person_object_codes:
        for c in tok.children:
            if c.dep_ == "dobj" and c.pos_ == "PROPN" and c.ent_type_ in ("PERSON", "") and \
                    not any(x.dep_ == "prt" for x in tok.children):
                return lex.person_object_codes[lemma], f"lex:{lemma}+person"
    obj = _object_words(tok)
    ref = refine(lemma, obj, lex)
    if lemma in lex.verbs and lex.verbs[lemma] is None and not (
            ref and lemma in lex.verb_objects and
            (ref[1].startswith("obj:") or lemma not in _OBJECT_ONLY)):
        return None, ""
    default = lex.verbs.get(lemma)
    if ref is not None and ref[1].startswith("petrarch:") and default and ref[0] and \
            plover_type(ref[0]) != plover_type(default):
        ref = None  # a verb group's pattern refines a code, it does not change the verb's type
    if ref is not None:
        return ref[0], f"lex:{lemma}+{ref[1]}"
    code = default
    return code, f"lex:{lemma}"


#: null verbs that are events only by their own object patterns, never by a PETRARCH group
#: pattern ("showed little interest" is a refusal; "expressed willingness" is no event)
_OBJECT_ONLY = frozenset(("show", "express", "display", "have", "lose"))


def prefix_code(code: str, table: dict[str, str | None]) -> str | None:
    """The value of the longest prefix of ``code`` in ``table``."""
    for n in range(len(code), 0, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None


def _asks_another(tok: Token, gov: Token) -> int | None:
    """"X wants Y to do Z" / "X asked Y to do Z": Z is asked of another actor; the index of Y."""
    if gov.pos_ != "VERB" or gov.lemma_.lower() not in ("want", "ask", "expect", "wish", "need",
                                                         "request", "like"):
        return None
    comp = tok
    while comp.head.i != gov.i and comp.head.i != comp.i:
        comp = comp.head
    if comp.head.i != gov.i or comp.pos_ not in ("VERB", "AUX"):
        return None
    own = [c for c in gov.children if c.dep_ == "nsubj"]
    other = [c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")] or \
        [c for c in gov.children if c.dep_ == "dobj" and c.i < comp.i]
    if not other or (own and other[0].lower_ == own[0].lower_):
        return None
    return other[0].i


def intent_code(code: str, lex: Lexicon) -> str:
    """The AGREE code of an intent to do ``code`` (04x -> 036, 085 -> 0354, 03x unchanged)."""
    for n in range(len(code), 0, -1):
        pre = code[:n]
        if pre in lex.intent_codes:
            return lex.intent_codes[pre] or code
    return code


def _reports_own_stance(tok: Token, lex: Lexicon) -> bool:
    """"Putin suggested that he would ...": a speech verb whose clause is about the speaker
    reports a stance; it is not itself a request."""
    if tok.lemma_.lower() not in lex.speech_verbs:
        return False
    requestish = str(lex.verbs.get(tok.lemma_.lower()) or "").startswith(("02", "10"))
    for c in tok.children:
        if c.dep_ == "ccomp" and requestish and \
                (c.tag_ in ("VBD", "VBN", "VBZ", "VBP") or
                 any(a.dep_ == "aux" and a.lower_ in ("had", "has", "have", "was", "is", "will",
                                                      "would") for a in c.children)):
            return True  # "insisted that Pyongyang had asked ...": a report, not a demand
        if c.dep_ == "ccomp":
            subj = [s for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]
            if not subj:
                return True
            if subj[0].lower_ in ("he", "she", "we", "i", "they", "it"):
                return True
            own = [s for s in tok.children if s.dep_ == "nsubj"]
            if own and own[0].lower_ == subj[0].lower_:
                return True
    return False


def _background(tok: Token) -> bool:
    """A relative clause about its noun ("the tanker it had seized in July", "talks that
    appeared to be nearing the finish line") is background, unless a named actor is its
    subject ("the first time that Iran had supplied ...")."""
    if tok.dep_ != "relcl":
        return False
    subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    return not subj or subj[0].pos_ not in ("PROPN", "NOUN")


_WH = {"what", "whether", "how", "why", "when", "where", "who", "which", "if"}


def _is_question(tok: Token) -> bool:
    """"Asked what would need to happen": asking a question is no request; "what either side
    was demanding" names no demand."""
    if any(c.dep_ == "dobj" and c.lower_ in ("what", "which", "whatever") for c in tok.children):
        return True
    if tok.lemma_.lower() not in ("ask", "wonder", "inquire"):
        return False
    for c in tok.children:
        if c.dep_ in ("ccomp", "dobj", "xcomp") and \
                any(t.lower_ in _WH for t in c.subtree if t.i < c.i + 1 and t.i >= c.left_edge.i):
            return True
    return False


def _base_triggers(sent: Span, lex: Lexicon) -> dict[int, tuple[str, str, str]]:
    """Event words of a sentence: token index -> (code, rule, kind)."""
    found: dict[int, tuple[str, str, str]] = {}
    doc = sent.doc
    index = doc_index(doc)
    verbs = _verb_lemmas()
    nouns = _noun_words()
    lemmas, lowers, poses = index.lemma, index.lower, index.pos
    for k in range(sent.start, sent.end):
        pos = poses[k]
        if pos == "VERB" or pos == "ADJ":
            if lemmas[k] not in verbs:
                continue  # no code, no phrasal verb, no pattern: not an event word
            tok = doc[k]
            if pos == "ADJ" and tok.tag_ != "VBN":
                continue
            if tok.dep_ in ("amod", "compound") or _background(tok) or \
                    _reports_own_stance(tok, lex) or _is_question(tok):
                continue
            code, rule = verb_code(tok, lex)
            if code and plover_type(code):
                found[tok.i] = (code, rule, "verb")
        elif pos == "NOUN" or pos == "PROPN":
            if lemmas[k] not in nouns and lowers[k] not in nouns and \
                    lowers[k][:-1] not in nouns:
                continue  # no noun or compound of the lexicon ends in this word
            tok = doc[k]
            key = noun_key(tok)
            if tok.pos_ == "PROPN" and key not in lex.nouns and key not in lex.negotiation_nouns:
                # title case: "Peace Talks" has the lemma "Talks"
                low = tok.lower_
                key = low[:-1] if low.endswith("s") and low[:-1] in lex.nouns else low
            comp = " ".join([c.lower_ for c in tok.children if c.dep_ == "compound"] + [key])
            if comp in lex.nouns:
                found[tok.i] = (lex.nouns[comp], f"noun:{comp}", "noun")
            elif key in lex.nouns:
                found[tok.i] = (lex.nouns[key], f"noun:{key}", "noun")
            elif key in lex.negotiation_nouns:
                found[tok.i] = ("040", f"noun:{key}", "noun")
    return found


@functools.cache
def _verb_lemmas() -> frozenset[str]:
    """Every verb lemma that :func:`verb_code` can give a code (a quick pre-filter)."""
    lex = load_lexicon()
    return frozenset(set(lex.verbs) | set(lex.verb_objects) | set(lex.verb_group) |
                     {k.split(" ", 1)[0] for k in lex.phrasal} | set(lex.person_object_codes) |
                     set(lex.raw.get("light_end_verbs", ())))


@functools.cache
def _frame_nouns() -> frozenset[str]:
    """Nouns whose for-object is an event only spoken of ("preconditions for talks")."""
    return frozenset(load_lexicon().raw.get("frame_nouns", []))


_STOPPABLE = frozenset(("AGREE", "CONSULT", "COOPERATE", "AID", "SUPPORT", "ASSAULT"))


@functools.cache
def _stop_verbs() -> frozenset[str]:
    """Verbs that end the act in their complement ("stop complying", "cease cooperating")."""
    return frozenset(load_lexicon().raw.get("stop_verbs", []))


@functools.cache
def _void_predicates() -> frozenset[str]:
    """Predicates that undo a deal or talks ("the agreement will be void")."""
    return frozenset(load_lexicon().raw.get("noun_predicates", {}).get("void", []))


def _frames(tok: Token) -> bool:
    """``tok`` is a frame noun, or a verb whose object is one ("what preconditions the U.S.
    has for talks")."""
    frames = _frame_nouns()
    return tok.lemma_.lower() in frames or tok.pos_ in ("VERB", "AUX") and any(
        c.dep_ in ("dobj", "attr") and c.lemma_.lower() in frames for c in tok.children)


@functools.cache
def _noun_words() -> frozenset[str]:
    """The last word of every event noun and compound of the lexicon (a quick pre-filter;
    hyphenated keys "cease-fire" are found by their last part too)."""
    lex = load_lexicon()
    out: set[str] = set()
    for key in list(lex.nouns) + list(lex.negotiation_nouns):
        last = key.split(" ")[-1]
        out.add(last)
        out.add(last.split("-")[-1])
    return frozenset(out)


def _governor(tok: Token, sent: Span, lex: Lexicon, found: dict[int, Any],
              max_hops: int = 4) -> Token | None:
    """The nearest intent word or trigger that governs ``tok`` through its complement."""
    cur = tok
    for _ in range(max_hops):
        if cur.dep_ not in _INTENT_PATH or cur.head.i == cur.i:
            return None
        nxt = cur.head
        if cur.dep_ == "prep" and cur.lower_ in ADJUNCT_PREPS:
            return None
        if cur.dep_ in ("nsubj", "nsubjpass") and not lex.is_intent(nxt):
            return nxt if nxt.i in found and cur.i == tok.i and tok.pos_ == "NOUN" else None
        if cur.dep_ in ("advcl", "xcomp") and nxt.i in found and cur.i == tok.i and \
                any(a.dep_ == "aux" and a.lower_ == "to" for a in cur.children) and \
                found[nxt.i][2] == "verb":
            return nxt  # "agreed to meet soon to discuss the issue": the meeting's purpose
        if cur.dep_ == "ccomp" and nxt.i in found and \
                str(found[nxt.i][0]).startswith(("02", "10", "12")):
            return nxt  # "demanded that Israel halt its offensive"
        if cur.dep_ in ("ccomp", "advcl", "relcl", "conj") and not lex.is_intent(nxt):
            return None
        if lex.is_intent(nxt) or nxt.i in found or nxt.lemma_.lower() in lex.hypothetical_nouns:
            return nxt
        if nxt.pos_ == "VERB" and nxt.lemma_.lower() in lex.speech_verbs:
            return None
        cur = nxt
    return None


def _predicate(tok: Token) -> Token | None:
    """The verb or adjective a nominal event is the subject of ("talks are anticipated")."""
    if tok.dep_ in ("nsubj", "nsubjpass"):
        head = tok.head
        for c in head.children:
            if c.dep_ in ("acomp", "attr") and c.pos_ in ("ADJ", "ADV", "VERB"):
                return c
            if c.lower_ == "off" and head.lemma_ == "be" and c.dep_ in ("advmod", "prt", "prep"):
                return c  # "the talks will be off"
        return head
    return None


def _merge_nested_intents(triggers: dict[int, Trigger], sent: Span, lex: Lexicon,
                          found: dict[int, Any]) -> None:
    """"agreed to arrange a summit", "plans to propose talks": an intent inside another
    intent's complement is one expressed intent, not two (the outer word keeps the anchor,
    the inner event's code wins over a generic 030)."""
    doc = sent.doc
    for t in sorted(triggers.values(), key=lambda x: -x.anchor):
        if not t.intent or triggers.get(t.anchor) is not t:
            continue
        if doc[t.anchor].dep_ in ("conj", "advcl", "relcl", "parataxis"):
            continue  # a second act, not the content of the first
        outer_tok = _governor(doc[t.anchor], sent, lex, found)
        if outer_tok is None or outer_tok.i == t.anchor:
            continue
        outer = triggers.get(outer_tok.i)
        if outer is None or not lex.is_intent(outer_tok) or outer.addressee is not None or \
                t.addressee is not None or not (outer.intent or outer.code == "030"):
            continue
        if outer.code == "030":
            outer.code, outer.head, outer.intent = t.code, t.head, True
            outer.rule = f"intent:{outer_tok.lemma_.lower()}>{t.rule}"
        outer.absorbed |= {t.head} | t.absorbed
        outer.start, outer.end = min(outer.start, t.start), max(outer.end, t.end)
        del triggers[t.anchor]


def find_triggers(sent: Span, skip: set[int] | None = None) -> list[Trigger]:
    """The triggers of one sentence (``skip``: token indices that cannot be triggers)."""
    lex = load_lexicon()
    found = _base_triggers(sent, lex)
    skip_set = skip or set()
    if skip:
        found = {i: v for i, v in found.items() if i not in skip}
    doc = sent.doc
    triggers: dict[int, Trigger] = {}  # by anchor
    suppressed: set[int] = set()
    for i in sorted(found):
        code, rule, kind = found[i]
        tok = doc[i]
        if lex.is_intent(tok):
            continue  # an intent word is an event of its own only without a complement
        if kind == "verb" and tok.dep_ == "xcomp" and tok.head.lemma_.lower() in _stop_verbs() \
                and plover_type(code) in _STOPPABLE and tok.head.i not in found:
            # "would stop complying with the deal", "ceased cooperating": ending cooperation;
            # "stopped fighting": a de-escalation
            stop = tok.head
            new = "087" if plover_type(code) == "ASSAULT" else \
                "164" if code.startswith("04") else "160"
            triggers[stop.i] = Trigger(head=i, anchor=stop.i, code=new,
                                       rule=f"stop:{stop.lemma_.lower()}>{rule}", kind="verb",
                                       start=stop.i, end=i + 1)
            continue
        gov = _governor(tok, sent, lex, found)
        if gov is not None and gov.i in found and not lex.is_intent(gov):
            continue  # folded into the governing trigger ("refused to negotiate")
        if gov is not None and gov.lemma_.lower() in lex.hypothetical_nouns:
            # "discussed the possibility of putting in place further sanctions": the sanctions
            # are the event, only possible; the verb that weighs them is not an event
            outer = _governor(gov, sent, lex, found)
            if outer is not None and outer.i in found:
                suppressed.add(outer.i)
            triggers[gov.i] = Trigger(head=i, anchor=gov.i, code=code,
                                      rule=f"possible:{gov.lemma_.lower()}>{rule}", kind=kind,
                                      start=min(gov.i, i), end=max(gov.i, i) + 1, hypo=True)
            continue
        if gov is not None and lex.is_intent(gov):
            # an intent frame, unless the intent word is itself governed by a trigger
            outer = _governor(gov, sent, lex, found)
            if outer is not None and outer.i in found and not lex.is_intent(outer) and \
                    outer.lemma_.lower() not in lex.speech_verbs:
                continue
            asked = _asks_another(tok, gov)
            if asked is not None:
                # "wants Armenia to withdraw its troops": a request of Armenia
                new_code = prefix_code(code, lex.request_codes) or "020"
                new_rule, intent = f"request:{gov.lemma_.lower()}>{rule}", False
            elif gov.lemma_.lower() == "agree" and kind == "noun" and \
                    noun_key(tok) not in lex.negotiation_nouns:
                new_code, new_rule, intent = code, f"{rule}@agree", False
            else:
                new_code = intent_code(code, lex)
                new_rule, intent = f"intent:{gov.lemma_.lower()}>{rule}", True
            prev = triggers.get(gov.i)
            if prev is not None:
                prev.absorbed.add(i)
                continue
            start, end = min(gov.i, i), max(gov.i, i) + 1
            triggers[gov.i] = Trigger(head=i, anchor=gov.i, code=new_code, rule=new_rule,
                                      kind="intent", start=start, end=end, intent=intent,
                                      addressee=asked)
            continue
        if kind == "noun":
            lem = noun_key(tok)
            if tok.dep_ == "pobj" and tok.head.lower_ == "for" and _frames(tok.head.head):
                continue  # "the preconditions for talks": talks spoken of, not held
            pred = _predicate(tok)
            if lem in lex.negotiation_nouns or lem in lex.nouns and code.startswith("04"):
                if pred is not None and pred.i != tok.i:
                    plem = pred.lemma_.lower()
                    aux = {c.lower_ for c in pred.children if c.dep_ in ("aux", "auxpass")} | \
                        {c.lower_ for c in pred.head.children if c.dep_ == "aux"}
                    future = bool(aux & {"will", "must", "can", "could", "would", "should",
                                         "may", "might", "'ll", "shall"})
                    if plem in _void_predicates():
                        # "any agreements reached will be void": the deal is off, a refusal
                        triggers[i] = Trigger(head=i, anchor=i, code=lex.raw.get("void_code", "127"),
                                              rule=f"{rule}@void:{plem}", kind="noun",
                                              start=i, end=pred.i + 1, predicate=pred.i)
                    elif plem in lex.asserted_predicates and not future:
                        triggers[i] = Trigger(head=i, anchor=i, code=code,
                                              rule=f"{rule}@pred:{plem}", kind="noun",
                                              start=i, end=pred.i + 1, predicate=pred.i)
                    elif plem not in lex.intended_predicates and not future:
                        continue  # "the negotiations appear to ...": no event of its own
                    else:
                        triggers[i] = Trigger(head=i, anchor=i, code=intent_code(code, lex),
                                              rule=f"{rule}@pred:{plem}", kind="noun",
                                              start=i, end=pred.i + 1, intent=True,
                                              predicate=pred.i)
                    continue
            light = tok.dep_ in ("dobj", "nsubjpass") and \
                tok.head.lemma_.lower() in lex.light_verbs
            if pred is not None and pred.i != tok.i and pred.lemma_.lower() in lex.persist:
                # "sanctions will remain in place": a refusal to ease them
                triggers[i] = Trigger(head=i, anchor=i, code=lex.persist_code,
                                      rule=f"{rule}@persist:{pred.lemma_.lower()}", kind="noun",
                                      start=i, end=pred.i + 1, predicate=pred.i)
                continue
            triggers[i] = Trigger(head=i, anchor=i, code=code, rule=rule, kind=kind,
                                  start=min(i, tok.head.i) if light else i, end=i + 1,
                                  predicate=tok.head.i if light else None)
            continue
        end = i + 1
        for c in tok.children:
            if c.dep_ in ("dobj", "prt") and c.i > i:
                end = max(end, min(c.right_edge.i, c.i + 4) + 1)
        triggers[i] = Trigger(head=i, anchor=i, code=code, rule=rule, kind=kind,
                              start=i, end=end)
    # "a desire for assurances from Trump": an intent noun with a for-object is a request
    index = doc_index(doc)
    for k in range(sent.start, sent.end):
        if index.pos[k] != "NOUN" or index.lemma[k] not in lex.request_nouns or k in skip_set:
            continue
        tok = doc[k]
        if tok.i in triggers or any(t.anchor == tok.i for t in triggers.values()):
            continue
        pobj = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "for"
                for p in c.children if p.dep_ == "pobj"]
        if not pobj or pobj[0].i in found:
            continue
        ref = refine("seek", _object_words(tok), lex)
        code = ref[0] if ref and ref[0] else "020"
        triggers[tok.i] = Trigger(head=tok.i, anchor=tok.i, code=code,
                                  rule=f"request:{tok.lemma_.lower()}+for", kind="request",
                                  start=tok.i, end=pobj[0].right_edge.i + 1)
    # intent words with no event in their complement are events of their own
    for i, (code, rule, kind) in found.items():
        if i in triggers or not lex.is_intent(doc[i]):
            continue
        if any(t.anchor == i for t in triggers.values()):
            continue
        gov = _governor(doc[i], sent, lex, found)
        if gov is not None and gov.i in found and gov.i != i:
            continue
        tok = doc[i]
        comps = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ == "VERB"]
        asked = _asks_another(comps[0], tok) if comps else None
        if asked is not None:
            triggers[i] = Trigger(head=comps[0].i, anchor=i, code="020",
                                  rule=f"request:{tok.lemma_.lower()}>{comps[0].lemma_.lower()}",
                                  kind="intent", start=i, end=comps[0].i + 1, addressee=asked)
            continue
        if any(c.dep_ == "ccomp" for c in tok.children):
            continue  # "agreed that sanctions will remain": the clause is the event
        triggers[i] = Trigger(head=i, anchor=i, code=code, rule=rule, kind=kind,
                              start=i, end=i + 1)
    for i in suppressed:
        triggers.pop(i, None)
    _merge_nested_intents(triggers, sent, lex, found)
    for i in list(triggers):
        tok = doc[i]
        if tok.lemma_.lower() != "warn" or triggers[i].kind != "verb":
            continue
        comp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
        if comp is None:
            continue
        inner = [k for k, t in triggers.items() if k != i and comp.left_edge.i <= t.anchor
                 <= comp.right_edge.i]
        modal = any(a.dep_ == "aux" and a.lower_ in ("will", "would", "could", "may", "might",
                                                     "'ll", "shall", "wo") for a in comp.children)
        if modal and inner:
            del triggers[i]  # "warned that sanctions could be placed on Russia if ..."
        elif not modal:
            for k in inner:
                del triggers[k]
            triggers[i].code, triggers[i].rule = "111", triggers[i].rule + "+that>accuse"
    return sorted(triggers.values(), key=lambda t: t.anchor)
