"""Attribution: who said it (``said_by``) and who reported it (``reported_by``).

Doc in, records out; dependency patterns over spaCy's parse plus two lexicons
(``data/lexicons/attribution.yaml`` for cues, ``data/lexicons/outlets.yaml`` for outlets). No
extra model, one pass over the tokens.

    atts = find_attributions(doc)
    span, outlet = attribution_for(doc, trigger.i)     # speaker Span (or None), outlet name
    said_by, reported_by = said_by_for(doc, trigger.i) # the speaker as an ActorRef

Constructions found (each is a rule id in ``Attribution.rule``):

- ``verb``: "X said (that) ...", "..., X said.", "..., said X", "X told reporters ...",
  "X warned/insisted/argued/... that ...", "X's spokesman said", a quote before, after or
  around the cue; participles and conjuncts share their subject ("..., adding that ...");
- ``passive``: "it was reported by Bloomberg", "This development was reported by Bloomberg on
  Thursday" (an anaphoric subject makes the previous sentence the content);
- ``according``: "according to X, ...", "..., according to a translation by RIA Novosti";
- ``citing``: "state media cited him as saying ...", "..., citing officials";
- ``nominal``: "X's claim that ...", "a statement from X that ...";
- ``light-verb``: "X made the allegation that ...", "X took a shot at Y";
- ``adjective``: "X is confident that ...", "X was critical of Y";
- ``colon`` / ``headline``: "Erdogan: Turkey Will Not Accept ...", "PENCE: Well, ...",
  "Obama Says Museum Will Tell ..." (a "said:" with the quote outside the verb is ``verb``);
- ``poll``: "In a new Quinnipiac poll, 45 percent back X" (the poll is the source);
- learned cue verbs (``learned`` in attribution.yaml, derived from PolNeAR train by
  ``scripts/polnear_attribution_lexicon.py``): "X lambasted Y", never a speaker for ``said_by``;
- a dateline "(Reuters) -" gives every attribution (and every event) its outlet when nothing
  closer is cited.

Example (``find_attributions(nlp("Reuters reported that officials said talks had failed."))``)::

    [Attribution(source=TextSpan(0, 7, "Reuters"), cue=TextSpan(8, 16, "reported"),
                 content=TextSpan(17, 55, "that officials said talks had failed"),
                 reported_by="Reuters", kind="speech", rule="verb", ...),
     Attribution(source=TextSpan(22, 31, "officials"), cue=TextSpan(32, 36, "said"),
                 content=TextSpan(37, 55, "talks had failed"), reported_by="Reuters", ...)]

``said_by`` follows the project's gold convention: the speaker of the innermost statement
(kinds ``speech``, ``cognition``, ``according``) that contains the event, or whose cue *is* the
event ("Trump expressed readiness to meet Putin" is Trump's statement); an outlet is never a
speaker (it is ``reported_by``) unless it is a state agency that speaks for its government
(``speaks_for`` in outlets.yaml). ``reported_by`` is the outermost outlet cited around the
event ("The AP reported that officials said ..." -> the AP), an outlet in the cue's own words
("told CNN", "in an interview with Bloomberg"), else the dateline.

Who the speaker is (``speaker_ref``): the actor at the head of the source phrase, unless that
names nobody ("the spokesman") and a person stands in apposition ("Vice Minister of the
Foreign Ministry, Choe Son Hui") or an affiliation is named ("officials in Washington"); a bare
surname is the person named in full earlier ("According to Zhou"). A document as subject
("the white paper said") speaks for its named issuer ("a statement from the Kremlin") or gives
no speaker; reciprocal and quantifier subjects ("each thanked the other") are no speakers; in
reported speech inside reported speech the outer speaker is the one the article quotes.
``statement_covers`` tells a caller that a None speaker is a decision, not a gap.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import spacy
import yaml
from spacy.attrs import IS_SPACE, LEMMA, LOWER, ORTH, SENT_START
from spacy.strings import hash_string  # type: ignore[attr-defined]
from spacy.tokens import Doc, Span, Token

from parley.config import DATA_DIR
from parley.records import ActorRef

__all__ = [
    "Attribution",
    "Outlet",
    "TextSpan",
    "attribution_for",
    "find_attributions",
    "find_outlets",
    "said_by_for",
    "speaker_ref",
    "statement_covers",
]

LEXICON_DIR = DATA_DIR / "lexicons"
STATEMENT_KINDS = frozenset({"speech", "cognition", "according"})


# --- records ------------------------------------------------------------------------------

@dataclass(frozen=True)
class TextSpan:
    """A span of the document: character offsets (end exclusive), token offsets, and its
    ``text`` (read from the Doc on first use)."""

    start: int
    end: int
    tok_start: int = 0
    tok_end: int = 0
    doc: Doc | None = field(default=None, repr=False, compare=False)

    @functools.cached_property
    def text(self) -> str:
        if self.doc is None or self.tok_end <= self.tok_start:
            return ""
        return self.doc[self.tok_start:self.tok_end].text

    def span(self, doc: Doc) -> Span:
        return doc[self.tok_start:self.tok_end]

    def __repr__(self) -> str:
        return f"TextSpan({self.start}, {self.end}, {self.text!r})"

    @classmethod
    def of(cls, doc: Doc, tok_start: int, tok_end: int) -> TextSpan:
        if tok_end <= tok_start:
            idx = doc[tok_start].idx if tok_start < len(doc) else len(doc.text)
            return cls(idx, idx, tok_start, tok_start, doc)
        last = doc[tok_end - 1]
        return cls(doc[tok_start].idx, last.idx + len(last), tok_start, tok_end, doc)


@dataclass(frozen=True)
class Outlet:
    """An outlet mention: canonical ``name`` (or the words, for "state media"), token span."""

    name: str
    tok_start: int
    tok_end: int
    speaks_for: ActorRef | None = None
    canonical: str | None = None  # the outlets.yaml name ("AP" -> "The Associated Press")


@dataclass
class Attribution:
    """One attribution relation.

    ``source`` is None when the text names nobody ("it was reported that ..."). ``scope`` is
    the token range whose events the attribution covers (the content and the cue; the
    previous sentence for "This development was reported by ..."). ``kind`` is ``speech``,
    ``evidence``, ``expressive``, ``decision``, ``cognition``, ``intent``, ``stance``,
    ``learned`` (the lists of ``attribution.yaml``) or ``according``; ``rule`` names the pattern
    (``verb``, ``verb-inverted``, ``passive``, ``according``, ``citing``, ``nominal``,
    ``light-verb``, ``adjective``, ``colon``, ``headline``, ``poll``). ``nested`` and
    ``in_quote`` mark attributions inside another one's content or inside a quotation, ``weak``
    the constructions annotators rarely mark (PolNeAR annotates none of these).
    """

    cue: TextSpan
    content: TextSpan | None
    source: TextSpan | None
    reported_by: str | None = None
    kind: str = "speech"
    rule: str = "verb"
    scope: tuple[int, int] = (0, 0)
    source_outlet: Outlet | None = None
    cue_head: int = 0
    in_quote: bool = False  # the cue is inside quotation marks (a quote within a quote)
    nested: bool = False  # the cue is in the content of another attribution's cue
    parent: int | None = field(default=None, repr=False)  # index of the enclosing attribution
    weak: bool = False  # a construction PolNeAR annotators rarely mark (see ``_WEAK``)


# --- lexicons -----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Lexicon:
    verbs: dict[str, str]  # lemma -> kind
    lemma_aliases: dict[str, str]
    light_verbs: frozenset[str]
    light_objects: frozenset[str]
    adjectives: dict[str, str]  # lemma -> kind
    colon_labels: frozenset[str]
    needs_complement: frozenset[str]
    source_nouns: frozenset[str]
    candidate_hashes: frozenset[int]  # hashes of every word that can start a cue
    phrasal: dict[str, frozenset[str]]
    nominal: frozenset[str]
    medium: frozenset[str]
    anaphoric: frozenset[str]
    poll_nouns: frozenset[str]
    object_cognition: frozenset[str]
    as_cognition: frozenset[str]
    audience: frozenset[str]
    named_outlets: dict[int, list[tuple[tuple[str, ...], str, ActorRef | None, bool]]]
    generic_outlets: dict[int, list[tuple[str, ...]]]
    outlets: dict[str, tuple[str, ActorRef | None]]  # alias -> (name, speaks_for)
    non_speakers: frozenset[str] = frozenset()  # "each", "both": no speaker for said_by
    document_nouns: frozenset[str] = frozenset()  # "the white paper said": the issuer speaks


@functools.lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    """The cue and outlet lexicons, read once."""
    att = yaml.safe_load((LEXICON_DIR / "attribution.yaml").read_text(encoding="utf-8"))
    out = yaml.safe_load((LEXICON_DIR / "outlets.yaml").read_text(encoding="utf-8"))
    verbs: dict[str, str] = {}
    for kind in ("speech", "evidence", "expressive", "decision", "cognition", "intent",
                 "stance"):
        for lemma in att["verbs"].get(kind) or []:
            verbs.setdefault(str(lemma).lower(), kind)
    for lemma in att.get("learned") or []:  # scripts/polnear_attribution_lexicon.py
        verbs.setdefault(str(lemma).lower(), "learned")
    adjectives: dict[str, str] = {}
    for kind, words in (att.get("adjectives") or {}).items():
        for word in words or []:
            adjectives.setdefault(str(word).lower(), str(kind))
    aliases: dict[str, tuple[str, ActorRef | None]] = {}
    for entry in out["outlets"]:
        speaks = ActorRef(**entry["speaks_for"]) if entry.get("speaks_for") else None
        for alias in [entry["name"], *(entry.get("aliases") or [])]:
            aliases.setdefault(str(alias), (str(entry["name"]), speaks))
    tokenizer = spacy.blank("en").tokenizer
    named: dict[int, list[tuple[tuple[str, ...], str, ActorRef | None, bool]]] = {}
    for alias, (name, speaks) in aliases.items():
        needs_the = alias.startswith("The ")
        words = tuple(t.text for t in tokenizer(alias[4:] if needs_the else alias))
        named.setdefault(hash_string(words[0]), []).append((words, name, speaks, needs_the))
    generic: dict[int, list[tuple[str, ...]]] = {}
    for phrase in out.get("generic") or []:
        words = tuple(t.lower_ for t in tokenizer(str(phrase)))
        generic.setdefault(hash_string(words[0]), []).append(words)
    for table in (named, generic):
        for entries in table.values():
            entries.sort(key=lambda e: -len(e[0]))
    words = (set(verbs) | set(map(str, att.get("lemma_aliases") or {}))
             | set(map(str, att.get("light_verbs") or [])) | set(map(str, att["phrasal"]))
             | set(map(str, att["nominal"])) | set(adjectives) | {"according"}
             | set(map(str, att.get("poll_nouns") or []))
             | set(map(str, att.get("as_cognition") or [])))
    hashes = frozenset(hash_string(w) for w in words)
    return _Lexicon(
        candidate_hashes=hashes,
        verbs=verbs,
        lemma_aliases={str(k): str(v) for k, v in (att.get("lemma_aliases") or {}).items()},
        light_verbs=frozenset(map(str, att.get("light_verbs") or [])),
        light_objects=frozenset(map(str, att.get("light_objects") or []))
        | frozenset(map(str, att["nominal"])),
        adjectives=adjectives,
        source_nouns=frozenset(str(w).lower() for w in att.get("source_nouns") or []),
        needs_complement=frozenset(map(str, att.get("object_needs_complement") or [])),
        colon_labels=frozenset(str(w).lower() for w in att.get("colon_labels") or []),
        phrasal={str(k): frozenset(map(str, v or [])) for k, v in att["phrasal"].items()},
        nominal=frozenset(map(str, att["nominal"])),
        medium=frozenset(str(m) for m in att["medium_nouns"] if " " not in str(m)),
        anaphoric=frozenset(map(str, att["anaphoric_heads"])),
        poll_nouns=frozenset(map(str, att.get("poll_nouns") or [])),
        object_cognition=frozenset(map(str, att.get("object_cognition") or []))
        | frozenset(map(str, att.get("as_cognition") or [])),
        as_cognition=frozenset(map(str, att.get("as_cognition") or [])),
        audience=frozenset(map(str, att["audience"])),
        named_outlets=named,
        generic_outlets=generic,
        outlets=aliases,
        non_speakers=frozenset(str(w).lower() for w in att.get("non_speakers") or []),
        document_nouns=frozenset(str(w).lower() for w in att.get("document_nouns") or []),
    )


# --- outlets ------------------------------------------------------------------------------

def find_outlets(doc: Doc) -> list[Outlet]:
    """Outlet mentions in the document, named outlets and generic ones ("state media")."""
    lex = lexicon()
    found: list[Outlet] = []
    taken: set[int] = set()
    rows = doc.to_array([ORTH, LOWER]).tolist()
    n = len(doc)
    named, generic = lex.named_outlets, lex.generic_outlets
    for i in [i for i, row in enumerate(rows) if row[0] in named]:
        if i in taken:
            continue
        for words, name, speaks, needs_the in named[rows[i][0]]:
            end = i + len(words)
            if end > n or any(doc[i + k].text != w for k, w in enumerate(words[1:], 1)):
                continue
            has_the = i > 0 and doc[i - 1].lower_ == "the"
            if needs_the and not has_the:
                continue
            last = doc[end - 1]
            if not (last.pos_ in ("PROPN", "NOUN", "X") or last.is_upper):
                continue
            start = i - 1 if has_the else i
            # the words of the text ("Yonhap News Agency"), or the canonical name when it is
            # only those words with "The" ("The Associated Press")
            surface = doc[i:end].text
            shown = name if name in (f"The {surface}", surface) or needs_the else surface
            found.append(Outlet(shown, start, end, speaks, canonical=name))
            taken.update(range(start, end))
            break
    for i in [i for i, row in enumerate(rows) if row[1] in generic]:
        if i in taken:
            continue
        for gwords in generic[rows[i][1]]:
            end = i + len(gwords)
            if end > n or any(doc[i + k].lower_ != w for k, w in enumerate(gwords[1:], 1)):
                continue
            head = doc[end - 1]
            np_span = _noun_phrase(head)
            if taken.intersection(range(head.left_edge.i, head.right_edge.i + 1)) or (
                    head.dep_ in ("compound", "appos", "nmod") and head.head.i in taken):
                break  # "Russia's state-run news agency, RIA Novosti" is RIA Novosti
            nxt = np_span.end + (1 if np_span.end < n and doc[np_span.end].text == "," else 0)
            named_next = next((o for o in found if o.tok_start == nxt or (
                o.tok_start == nxt - 1 and doc[nxt - 1].lower_ == "the")), None)
            if named_next is not None and head.i == np_span.end - 1:
                # "China's official news agency Xinhua" (parsed as two subjects): the
                # description is the named outlet
                found.append(Outlet(named_next.name, np_span.start, np_span.end,
                                    named_next.speaks_for, canonical=named_next.canonical))
                taken.update(range(np_span.start, np_span.end))
                break
            found.append(Outlet(_clean_np(np_span).text, np_span.start, np_span.end, None))
            taken.update(range(np_span.start, np_span.end))
            break
    found.sort(key=lambda o: o.tok_start)
    return found


def _noun_phrase(tok: Token) -> Span:
    """The noun phrase headed by ``tok`` without relative clauses or trailing punctuation."""
    doc = tok.doc
    left = tok.left_edge.i
    right = tok.i
    for child in tok.rights:
        if child.dep_ in ("relcl", "acl", "appos", "punct", "cc", "conj", "advcl"):
            break
        right = child.right_edge.i
    return doc[left:right + 1]


def _clean_np(span: Span) -> Span:
    while len(span) > 1 and (span[-1].is_punct or span[-1].is_space):
        span = span[:-1]
    while len(span) > 1 and (span[0].is_punct or span[0].is_space):
        span = span[1:]
    return span


# --- finding attributions -----------------------------------------------------------------

_SUBJ = ("nsubj", "nsubjpass", "csubj")
# (kind, dependency of the cue) of verb cues that PolNeAR marks less than a third of the time
# (counted on polnear/train): a belief, intent or finding in a non-finite or clausal subject
# position ("the effort to learn about", "a reluctance to concede", "plans that show") or a
# speech verb as a preposition or a subject clause. Still found (events use them), not scored.
_WEAK = frozenset({("cognition", "xcomp"), ("cognition", "pcomp"), ("cognition", "acl"),
                   ("intent", "ccomp"), ("intent", "acl"), ("intent", "xcomp"),
                   ("evidence", "xcomp"), ("evidence", "acl"), ("speech", "prep"),
                   ("speech", "csubj")})
_FIRST_PERSON = frozenset(("i", "we", "me", "us", "you", "myself", "ourselves"))
_QUOTES = "\"“”‘’'«»"
_DATELINE = re.compile(r"\(([A-Z][A-Za-z .&-]{1,40})\)\s*[-—–]")


def find_attributions(doc: Doc) -> list[Attribution]:
    """Every attribution in the document, in text order, with ``reported_by`` resolved.

    The result is cached per Doc object (the last few documents), so the events code may ask
    :func:`attribution_for` once per event at no extra cost.
    """
    return list(_analyse(doc).attributions)


@dataclass
class _Analysis:
    doc: Doc
    attributions: list[Attribution]
    outlets: list[Outlet]
    dateline: Outlet | None


_RECENT: OrderedDict[int, _Analysis] = OrderedDict()


def _analyse(doc: Doc) -> _Analysis:
    hit = _RECENT.get(id(doc))
    if hit is not None and hit.doc is doc:
        return hit
    lex = lexicon()
    _sentence_index(doc)
    outlets = find_outlets(doc)
    outlet_at = {i: o for o in outlets for i in range(o.tok_start, o.tok_end)}
    atts: list[Attribution] = []
    seen_cues: set[int] = set()
    cand = lex.candidate_hashes
    rows = doc.to_array([LEMMA, LOWER, ORTH, IS_SPACE]).tolist()
    quotes = [i for i, row in enumerate(rows) if row[2] in _QUOTE_HASHES]
    for i in [i for i, row in enumerate(rows) if row[0] in cand or row[1] in cand]:
        if i in seen_cues:
            continue
        att = _attribution_at(doc[i], lex)
        if att is not None and att.cue_head not in seen_cues:
            att.weak = (att.kind, doc[att.cue_head].dep_) in _WEAK and att.rule == "verb"
            seen_cues.add(att.cue_head)
            atts.append(att)
    head_att = _headline(doc, lex, seen_cues)
    if head_att is not None:
        atts.append(head_att)
        seen_cues.add(head_att.cue_head)
    for i in [i for i, row in enumerate(rows) if row[2] == _COLON]:
        if i not in seen_cues:
            att = _colon(doc, i, lex)
            if att is not None:
                atts.append(att)
    atts.sort(key=lambda a: a.cue.start)
    if quotes:
        breaks = [i for i, row in enumerate(rows) if row[3] and "\n" in doc[i].text]
        quoted = _quoted_tokens(doc, quotes, breaks)
        for att in atts:
            att.in_quote = any(a <= att.cue_head < b for a, b in quoted)
    _mark_nested(doc, atts)
    dateline = _dateline(doc, outlets)
    _resolve_outlets(doc, atts, outlet_at, dateline)
    result = _Analysis(doc, atts, outlets, dateline)
    _RECENT[id(doc)] = result
    while len(_RECENT) > 8:
        _RECENT.popitem(last=False)
    return result


def _sentence_index(doc: Doc) -> None:
    """Sentence bounds by token, computed once per document (``tok.sent`` is linear)."""
    if id(doc) in _SENTS and _SENTS[id(doc)][0] is doc:
        return
    starts = doc.to_array([SENT_START])
    idx = np.flatnonzero(starts == 1).tolist() if len(doc) else []
    if not idx or idx[0] != 0:
        idx = [0, *idx]
    bounds = [*idx, len(doc)]
    sent_of = np.repeat(np.arange(len(idx)), np.diff(bounds)) if len(doc) else np.zeros(0)
    _SENTS[id(doc)] = (doc, bounds, sent_of)
    while len(_SENTS) > 8:
        _SENTS.popitem(last=False)


_SENTS: OrderedDict[int, tuple[Doc, list[int], Any]] = OrderedDict()


def _sent(doc: Doc, i: int) -> tuple[int, int]:
    """(start, end) token offsets of the sentence holding token i."""
    _sentence_index(doc)
    _, bounds, sent_of = _SENTS[id(doc)]
    k = int(sent_of[i])
    return bounds[k], bounds[k + 1]


def _attribution_at(tok: Token, lex: _Lexicon) -> Attribution | None:
    lemma = tok.lemma_.lower()
    lemma = lex.lemma_aliases.get(lemma, lemma)
    if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
        return _according(tok)
    if tok.dep_ == "pobj" and tok.lemma_.lower() in lex.poll_nouns:
        prep = tok.head  # "in a new poll", "in the average of polls"
        if prep.lower_ == "of" and prep.head.dep_ == "pobj":
            prep = prep.head.head
        return _in_poll(prep, lex) if prep.lower_ == "in" and prep.dep_ == "prep" else None
    if tok.pos_ == "VERB" and lemma in lex.light_verbs:
        att = _light_verb(tok, lex) if lemma != "make" else _made_clear(tok) or _light_verb(
            tok, lex)
        if att is not None:
            return att
    if tok.pos_ == "ADJ" and tok.lower_ in lex.adjectives and tok.dep_ in ("acomp", "oprd"):
        return _adjective(tok, lex.adjectives[tok.lower_])
    if tok.pos_ in ("VERB", "AUX") and tok.dep_ != "aux" and lemma in lex.verbs:
        return _verb(tok, lemma, lex.verbs[lemma], lex)
    if tok.pos_ == "VERB" and lemma in lex.as_cognition and _has_as(tok):
        return _verb(tok, lemma, "cognition", lex)  # "voters see him as an outsider"
    if tok.pos_ in ("VERB",) and lemma in lex.phrasal:
        parts = {c.lower_ for c in tok.children if c.dep_ in ("prt", "prep")}
        if parts & lex.phrasal[lemma]:
            return _verb(tok, lemma, "speech", lex)
    if tok.pos_ == "NOUN" and tok.lemma_.lower() in lex.nominal:
        return _nominal(tok)
    return None


def _verb(tok: Token, lemma: str, kind: str, lex: _Lexicon) -> Attribution | None:
    doc = tok.doc
    children = list(tok.children)
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in children) or (
        tok.tag_ == "VBN" and any(c.dep_ == "agent" for c in children))
    content_tok = _clausal_complement(tok)
    rule = "verb"
    source: Token | None = None
    content: tuple[int, int] | None = None
    scope_extra: tuple[int, int] | None = None

    if passive:
        agent = next((c for c in children if c.dep_ == "agent"), None)
        pobj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent else None
        subj = next((c for c in children if c.dep_ == "nsubjpass"), None)
        if pobj is None and content_tok is None:
            return None
        source = pobj
        rule = "passive"
        if content_tok is not None:
            content = _subtree(content_tok)
        elif subj is not None and subj.lower_ != "it":
            content = _subtree(subj)
            if _anaphoric(subj, lex):
                prev = _previous_sentence(tok)
                if prev is not None:
                    scope_extra = prev
        elif subj is None and tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):
            head = tok.head  # "the plan, endorsed by the council, ..."
            content = (head.left_edge.i, head.i + 1)
        elif subj is None:
            return None
    elif lemma in ("cite", "quote") and tok.tag_ == "VBG" and tok.dep_ in (
            "advcl", "xcomp", "conj") and tok.head.pos_ in ("VERB", "AUX"):
        return _citing(tok)
    else:
        inverted = _inverted_subject(tok) if kind == "speech" else None
        if inverted is not None:
            source, content = inverted
            src = _source_span(source)
            cue = _cue_span(tok)
            return Attribution(cue=cue, content=TextSpan.of(doc, *content), source=src,
                               kind=kind, rule="verb-inverted",
                               scope=(content[0], max(content[1], cue.tok_end)),
                               cue_head=tok.i)
        source = _subject(tok)
        if source is not None and source.i < tok.i:
            source = _outside_quote(source, tok)
        if source is None and kind == "speech":
            source = _left_neighbour_subject(tok)
        if content_tok is not None:
            content = _subtree(content_tok)
        elif kind in ("cognition", "decision"):
            content = _phrasal_object(tok, lemma, lex)  # "agreed with the analysis"
            if content is None and lemma in lex.object_cognition and source is not None:
                content = _object_content(tok, kind, lemma, lex)  # "officials expect a record"
            if content is None:
                return None
        else:
            content = _object_content(tok, kind, lemma, lex)
            if content is None and kind == "speech":
                content = _quote_or_host(tok)
            if content is None and kind != "speech":
                return None
            if content is None and source is None:
                return None
            if lemma in ("call", "fire", "hit", "release", "issue", "publish", "post",
                         "list", "order", "brief", "read", "show", "continue", "lash",
                         "rail", "answer", "inform", "object", "protest", "counter",
                         "broadcast", "express", "voice", "signal", "reference",
                         "cite", "quote", "mention", "ask", "remind") and content is None:
                return None
    if source is not None and source.lower_ == "it" and source.dep_ == "expl":
        source = None
    if source is not None and source.lower_ == "it" and tok.dep_ == "xcomp" and (
            tok.head.pos_ == "ADJ" or any(c.dep_ == "acomp" for c in tok.head.children)):
        source = None  # "it is easy to criticize", "it's safe to say": nobody says it
    src = _source_span(source) if source is not None else None
    if src is None and kind in ("stance", "intent", "expressive", "decision", "learned"):
        return None
    cue = _cue_span(tok)
    content_span = TextSpan.of(doc, *content) if content is not None else None
    lo = min(cue.tok_start, content[0] if content else cue.tok_start)
    hi = max(cue.tok_end, content[1] if content else cue.tok_end)
    if content is not None and content[0] > tok.i:
        for c in tok.rights:  # "expressing a desire for X prior to any talks": the
            if c.dep_ in ("prep", "advmod") and c.lower_ not in (
                    "according", "in", "during", "at", "also", "later", "then"):
                hi = max(hi, c.right_edge.i + 1)  # modifiers of what is said belong to it
    if scope_extra is not None:
        lo = min(lo, scope_extra[0])
    return Attribution(cue=cue, content=content_span, source=src, kind=kind, rule=rule,
                       scope=(lo, hi), cue_head=tok.i)


def _citing(tok: Token) -> Attribution | None:
    """"Reuters reported that ..., citing officials": the officials are the source of what the
    host clause says; the host's subject, when an outlet, is the reporter."""
    doc = tok.doc
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if obj is None or not (obj.pos_ in ("PROPN", "PRON") or obj.ent_type_ in (
            "PERSON", "ORG", "NORP", "GPE") or obj.lemma_.lower() in lexicon().source_nouns
            or obj.lower_ in lexicon().source_nouns):
        return None
    head = tok.head
    lo, hi = head.left_edge.i, tok.left_edge.i
    subj = next((c for c in head.children if c.dep_ in _SUBJ), None)
    if subj is not None and subj.i < tok.i:
        lo = subj.right_edge.i + 1  # the clause without its subject
    content = _trim(doc, lo, hi)
    src = _source_span(obj)
    if content is None or src is None:
        return None
    return Attribution(cue=TextSpan.of(doc, tok.i, tok.i + 1),
                       content=TextSpan.of(doc, *content), source=src, kind="according",
                       rule="citing", scope=(content[0], tok.i + 1), cue_head=tok.i)


def _light_verb(tok: Token, lex: _Lexicon) -> Attribution | None:
    """"X made the allegation that ...", "X took a shot at Y", "X issued a statement"."""
    doc = tok.doc
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if obj is None or obj.lemma_.lower() not in lex.light_objects and (
            obj.lower_ not in lex.light_objects):
        return None
    source = _subject(tok)
    content: tuple[int, int] | None = None
    for c in list(obj.children) + list(tok.children):
        if c.dep_ in ("acl", "ccomp", "relcl") and any(
                g.dep_ == "mark" and g.lower_ == "that" for g in c.children):
            content = _subtree(c)
            break
        if c.dep_ == "prep" and c.lower_ in ("at", "of", "about", "on", "against", "for",
                                             "to", "over"):
            pobj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                content = _subtree(pobj)
                break
    if content is None:
        content = _quote_or_host(tok)
    if source is None or content is None:
        return None
    src = _source_span(source)
    if src is None:
        return None
    lo, hi = tok.i, obj.i + 1 if obj.i > tok.i else tok.i + 1
    cue = TextSpan.of(doc, lo, hi)
    return Attribution(cue=cue, content=TextSpan.of(doc, *content), source=src, kind="speech",
                       rule="light-verb", scope=(min(lo, content[0]), max(hi, content[1])),
                       cue_head=tok.i)


def _has_as(tok: Token) -> bool:
    """"see him as a fighter": an "as" on the verb or on its object."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "as":
            return True
        if c.dep_ == "dobj" and any(g.dep_ == "prep" and g.lower_ == "as" for g in c.children):
            return True
    return False


def _made_clear(tok: Token) -> Attribution | None:
    """"X made (it) clear that ...": the cue is "made ... clear", the content what follows."""
    doc = tok.doc
    clear = next((c for c in tok.children if c.lower_ == "clear" and c.i > tok.i), None)
    source = _subject(tok)
    if clear is None or source is None or clear.i - tok.i > 3:
        return None
    _, hi = _subtree(tok)
    content = _trim(doc, clear.i + 1, min(hi, _sent(doc, tok.i)[1]))
    src = _source_span(source)
    if content is None or src is None:
        return None
    cue = TextSpan.of(doc, tok.i, clear.i + 1)
    return Attribution(cue=cue, content=TextSpan.of(doc, *content), source=src, kind="speech",
                       rule="light-verb", scope=(tok.i, max(content[1], clear.i + 1)),
                       cue_head=tok.i)


def _adjective(tok: Token, kind: str) -> Attribution | None:
    """"X is confident that ...", "X was critical of Y", "X is ready to talk"."""
    doc = tok.doc
    head = tok.head
    source = _subject(head) if head.pos_ in ("AUX", "VERB") else None
    if source is None:
        return None
    content: tuple[int, int] | None = None
    for c in tok.children:
        if c.dep_ in ("ccomp", "xcomp"):
            content = _subtree(c)
            break
        if c.dep_ == "prep" and c.lower_ in ("of", "about", "to", "with", "that", "on",
                                             "toward", "towards", "in"):
            pobj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                content = _subtree(pobj)
                break
    if content is None:
        return None
    src = _source_span(source)
    if src is None:
        return None
    lo = head.i if 0 <= tok.i - head.i <= 3 else tok.i
    cue = TextSpan.of(doc, lo, tok.i + 1)
    return Attribution(cue=cue, content=TextSpan.of(doc, *content), source=src, kind=kind,
                       rule="adjective", scope=(min(lo, content[0]), max(tok.i + 1, content[1])),
                       cue_head=tok.i)


def _left_neighbour_subject(verb: Token) -> Token | None:
    """A finite cue verb the parser left without a subject ("Mr. Slinker, whose start-up ...,
    said", "Senator Harry Reid, the minority leader, said"): the noun phrase just before it,
    climbing appositions and compounds to their head."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP") or verb.dep_ not in ("ROOT", "ccomp", "conj"):
        return None
    doc = verb.doc
    k = verb.i - 1
    while k >= 0 and (doc[k].is_punct or doc[k].is_space) and doc[k].text not in _QUOTES:
        k -= 1
    if k < 0 or doc[k].pos_ not in ("PROPN", "NOUN", "PRON") or doc[k].text in _QUOTES:
        return None
    if doc[k].pos_ == "PRON" and doc[k].lower_ in ("it", "that", "this", "what"):
        return None
    tok = doc[k]
    steps = 0
    while tok.dep_ in ("appos", "compound", "flat") and tok.head.i < verb.i and steps < 6:
        tok, steps = tok.head, steps + 1
    return tok


def _outside_quote(subj: Token, verb: Token) -> Token | None:
    """'"My reaction was outrageous," the strategist said': a parse that takes the subject
    from inside the quote is corrected to the noun phrase between the quote and the verb."""
    doc = verb.doc
    between = doc[subj.i + 1:verb.i]
    marks = [t.i for t in between if t.text in _QUOTES or t.text in ("''", "``")]
    if len(marks) % 2 == 0 and not any(doc[m].text == "”" for m in marks[:1]):
        marks = []  # a whole quotation between ("X slammed the move as "revolting" and said")
    # a subject in an earlier paragraph ("2:45 p.m.\n\nThe commissioner says"): the parse
    # runs over the paragraph break, the source is in the cue's own paragraph
    breaks = [t.i for t in doc[subj.i:verb.i] if "\n" in t.text or "\n" in t.whitespace_]
    if breaks:
        marks = [max(breaks[-1], marks[-1] if marks else -1)]
    if not marks:
        return subj
    start = marks[-1] + 1
    while start < verb.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    if start >= verb.i:
        return None
    nouns = [t for t in doc[start:verb.i] if t.pos_ in ("PROPN", "NOUN", "PRON")]
    if not nouns:
        return None
    head = nouns[-1]
    while head.head.i != head.i and start <= head.head.i < verb.i:
        head = head.head
    return head


def _inverted_subject(tok: Token) -> tuple[Token, tuple[int, int]] | None:
    """"..., notes the Financial Times." parsed with the outlet as an object: a speech verb
    after a comma, without a subject, whose object ends the sentence, is an inverted cue."""
    doc = tok.doc
    if tok.i == 0 or doc[tok.i - 1].text not in (",", "”", "\"", "''") or tok.tag_ not in (
            "VBZ", "VBD"):
        return None
    if any(c.dep_ in _SUBJ for c in tok.children):
        return None
    obj = next((c for c in tok.children if c.dep_ in ("dobj", "attr") and c.i > tok.i), None)
    if obj is None or obj.pos_ not in ("PROPN", "NOUN"):
        return None
    sent_start, sent_end = _sent(doc, tok.i)
    tail = obj.right_edge.i + 1
    while tail < sent_end and (doc[tail].is_punct or doc[tail].is_space):
        tail += 1
    if tail != sent_end:
        return None
    content = _trim(doc, sent_start, tok.i)
    return (obj, content) if content is not None else None


def _clausal_complement(tok: Token) -> Token | None:
    """The ccomp (or a quoted xcomp/dobj clause) of a cue verb, or the clause it is inside
    of when the verb is parenthetical ("the talks, he said, failed")."""
    ccomps = [c for c in tok.children if c.dep_ == "ccomp"]
    if ccomps:
        # "...: At the meeting, Pompeo told Moon that they agreed ...": a parse that hangs the
        # clause before a colon on the cue as well; what follows the cue is what was told
        after = [c for c in ccomps if c.i > tok.i]
        if after and ccomps[0].i < tok.i and any(
                t.text == ":" for t in tok.doc[ccomps[0].i:tok.i]):
            return after[0]
        return ccomps[0]
    for c in tok.children:
        if c.dep_ in ("xcomp", "advcl") and c.tag_ in ("VB", "TO") and c.i > tok.i:
            return c if tok.lemma_.lower() not in ("say", "tell") else None
    return None


def _object_content(tok: Token, kind: str, lemma: str, lex: _Lexicon) -> tuple[int, int] | None:
    """Content as an object: "X called for Y", "X wants to Z", "X criticized the move"."""
    for c in tok.children:
        if c.dep_ == "xcomp" or (c.dep_ == "advcl" and c.tag_ == "VB"):
            return _subtree(c)
    for c in tok.children:
        if c.dep_ in ("dobj", "attr", "oprd") and c.lower_ not in ("it", "so", "this"):
            if lemma == "tell":
                continue  # "told reporters" is the audience, not the content
            if lemma in lex.needs_complement and not any(
                    g.dep_ in ("oprd", "xcomp", "ccomp") for g in tok.children) and not any(
                    g.dep_ in ("oprd", "appos", "acl") for g in c.children):
                continue  # "called Mr. Morsi" (a phone call), not "called him a liar"
            lo, hi = _subtree(c)
            for g in tok.children:  # "cited him as saying ...": the object and its "as"
                if g.dep_ == "prep" and g.lower_ == "as" and g.i > c.i:
                    hi = max(hi, g.right_edge.i + 1)
            return lo, hi
    for c in tok.children:
        if c.dep_ in ("prep", "prt") and c.lower_ in lex.phrasal.get(lemma, frozenset()):
            obj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                return _subtree(obj)
        if c.dep_ == "prep" and c.lower_ in ("of", "about", "against", "for") and kind in (
                "speech", "stance"):
            obj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                return _subtree(obj)
    return None


def _phrasal_object(tok: Token, lemma: str, lex: _Lexicon) -> tuple[int, int] | None:
    parts = lex.phrasal.get(lemma)
    if not parts:
        return None
    for c in tok.children:
        if c.dep_ in ("prep", "prt") and c.lower_ in parts:
            obj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                return _subtree(obj)
    return None


def _quote_or_host(tok: Token) -> tuple[int, int] | None:
    """Content for a cue without a complement: the clause it interrupts or follows
    ("X will come, he said"), or text after a colon ("He said: ...")."""
    doc = tok.doc
    sent_start, sent_end = _sent(doc, tok.i)
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if nxt is not None and nxt.text == ":":
        start = nxt.i + 1
        while start < sent_end and (doc[start].is_space or doc[start].text in _QUOTES):
            start += 1
        end = sent_end
        if start >= end and end < len(doc):  # the quote is the next sentence
            start, end = _sent(doc, end)
        if start < end:
            return _trim(doc, start, end)
    if nxt is not None and nxt.text == "," and nxt.i + 1 < sent_end and doc[nxt.i + 1].text in (
            "“", '"', "``"):
        # 'Trump boasted, "That makes me smart."': the quote that follows the cue
        start = nxt.i + 1
        end = start + 1
        while end < sent_end and doc[end].text not in ("”", '"', "''"):
            end += 1
        return _trim(doc, start, min(end + 1, sent_end))
    if tok.dep_ in ("parataxis", "ccomp", "conj", "advcl") and tok.head.pos_ in ("VERB", "AUX"):
        head = tok.head
        own = _subtree(tok)
        lo, hi = _subtree(head)
        if own[0] > head.i:
            return _trim(doc, lo, own[0])
        if own[1] <= head.i:
            return _trim(doc, own[1], hi)
    # a quote that ends right before the cue's clause: '"...," said X.'
    left = tok.left_edge.i
    if left > sent_start and doc[left - 1].text in (",", "”", "\"", "’", "'"):
        return _trim(doc, sent_start, left)
    if left == sent_start and left > 0:
        # '"... two decades?" he asks.' split into two sentences: the quote is the previous one
        k = left - 1
        while k > 0 and doc[k].is_space:
            k -= 1
        if doc[k].text in ("”", "\"", "''") and "\n" not in doc[k].whitespace_:
            return _trim(doc, *_sent(doc, k))
    return None


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    while start < end and (doc[start].is_punct and doc[start].text not in _QUOTES
                           or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct and doc[end - 1].text not in _QUOTES
                           or doc[end - 1].is_space):
        end -= 1
    return (start, end) if start < end else None


def _subject(tok: Token) -> Token | None:
    """The subject of a cue verb, inherited through conjuncts, participles and relatives."""
    seen = 0
    cur = tok
    while seen < 6:
        seen += 1
        for c in cur.children:
            if c.dep_ in _SUBJ:
                return c
        for c in cur.children:
            if c.dep_ == "mark" and c.i < cur.i:
                subj = next((g for g in c.children if g.dep_ in _SUBJ), None)
                if subj is not None:
                    return subj  # "while the president, returning from X, said": a parse
                    # that hangs the subject on "while"
        if cur.dep_ == "relcl" and cur.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return cur.head
        if cur.dep_ == "acl" and cur.tag_ == "VBG" and cur.head.pos_ in ("NOUN", "PROPN"):
            if cur.head.lemma_.lower() in _MEDIA_WORDS and cur.head.dep_ == "dobj" and (
                    cur.head.head.pos_ == "VERB"):
                cur = cur.head.head  # "she issued a statement saying ...": she says it
                continue
            return cur.head  # "Pope Francis calling Christmas a sham"
        if cur.dep_ == "xcomp" and cur is tok and cur.head.pos_ == "VERB":
            obj = next((c for c in cur.head.children if c.dep_ == "dobj" and c.i < cur.i), None)
            if obj is not None and obj.pos_ in ("PROPN", "NOUN", "PRON"):
                return obj  # "it requires delegates to challenge the rules": the delegates
        if cur.dep_ in ("conj", "advcl", "xcomp", "acl") and cur.head.pos_ in ("VERB", "AUX"):
            if cur.dep_ == "advcl" and cur.tag_ != "VBG":
                return None
            if cur is tok and cur.dep_ in ("conj", "advcl") and not (
                    cur.dep_ == "conj" and cur.head.lemma_.lower() in lexicon().verbs
                    and any(c.dep_ in _SUBJ for c in cur.head.children)):
                # (a conjunct of a cue with its own subject shares that subject: "the minister
                # slammed the move and demanded ...")
                cue = _speech_ancestor(cur)
                if cue is not None:  # "X said that A, adding that B" / "X says A and says B"
                    cur = cue
                    continue
            cur = cur.head
            continue
        if cur.dep_ == "pcomp" and cur.head.lower_ == "as":  # "cited him as saying"
            verb = cur.head.head
            obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if obj is not None:
                return obj
        if cur.dep_ == "pcomp" and cur.tag_ == "VBG" and cur.head.dep_ == "prep" and (
                cur.head.head.pos_ in ("VERB", "AUX")):  # "pitched himself by telling them"
            cur = cur.head.head
            continue
        return None
    return None


def _speech_ancestor(tok: Token) -> Token | None:
    """The nearest speech cue above a coordinated or participial cue, when the parse hangs
    it inside what was said ("Gao said that A need ..., adding that B": "adding" under "need")."""
    verbs = lexicon().verbs
    cur = tok.head
    steps = 0
    while steps < 12:
        steps += 1
        if cur is not tok.head and cur.pos_ in ("VERB", "AUX") and verbs.get(
                cur.lemma_.lower()) == "speech" and any(c.dep_ == "ccomp" for c in cur.children):
            return cur
        if cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def _source_span(tok: Token) -> TextSpan | None:
    """The source noun phrase: the subject's subtree without relative clauses."""
    doc = tok.doc
    if tok.pos_ in ("VERB", "AUX"):  # a clausal subject is not a source
        return None
    left = tok.left_edge.i
    right = tok.i
    for child in tok.rights:
        if child.dep_ == "acl" and child.tag_ == "VBN" and tok.lemma_.lower() in _MEDIA_WORDS:
            right = max(right, child.right_edge.i)  # "the statement attributed to X"
            continue
        if child.dep_ in ("relcl", "acl", "punct") and child.i > tok.i + 0:
            if child.dep_ == "punct" and child.text == ",":
                # keep appositives ("Phil Lovas, the chairman,") up to the next clause
                continue
            break
        right = max(right, child.right_edge.i)
    for k in range(tok.i - 1, left - 1, -1):  # "Washington (AFP) - Democrat Hillary Clinton"
        if doc[k].text in _DASHES and (doc[k].text != "-" or doc[k].whitespace_) or (
                "\n" in doc[k].text or "\n" in doc[k].whitespace_):
            left = k + 1  # a dash of a dateline, not the hyphen of "state-run"
            break
    span = _clean_np(doc[left:right + 1])
    if not span.text.strip():
        return None
    return TextSpan.of(doc, span.start, span.end)


def _cue_span(tok: Token) -> TextSpan:
    """The cue verb with its particle ("pointed out") and negation."""
    doc = tok.doc
    lo = hi = tok.i
    for c in tok.children:
        if c.dep_ in ("prt",) and c.i == hi + 1:
            hi = c.i
        if c.dep_ in ("neg", "aux", "auxpass") and c.i >= lo - 2 and c.i < tok.i:
            lo = min(lo, c.i)
    return TextSpan.of(doc, lo, hi + 1)


def _subtree(tok: Token) -> tuple[int, int]:
    return tok.left_edge.i, tok.right_edge.i + 1


def _anaphoric(subj: Token, lex: _Lexicon) -> bool:
    if subj.lower_ in lex.anaphoric and subj.pos_ == "PRON":
        return True
    if subj.lemma_.lower() in lex.anaphoric:
        return any(c.lower_ in ("this", "that", "the", "these", "those") for c in subj.children)
    return False


def _previous_sentence(tok: Token) -> tuple[int, int] | None:
    start, _ = _sent(tok.doc, tok.i)
    if start == 0:
        return None
    return _sent(tok.doc, start - 1)


def _headline(doc: Doc, lex: _Lexicon, seen: set[int]) -> Attribution | None:
    """A Title Case headline on the first line: "Obama Says Museum Will Tell of Suffering",
    "Black Lawmakers Rip Donald Trump As A 'Fraud'" (the tagger reads such words as names)."""
    end = 0
    while end < len(doc) and end < 40 and not (doc[end].is_space and "\n" in doc[end].text):
        end += 1
    words = [t for t in doc[:end] if t.is_alpha]
    if len(words) < 4 or end >= 40 or any(t.i in seen for t in doc[:end]):
        return None
    if sum(1 for t in words if t.text[:1].isupper()) < 0.8 * len(words):
        return None
    for t in doc[1:end]:
        word = t.lower_
        lemma = word[:-1] if word.endswith("s") and not word.endswith("ss") else word
        if lex.verbs.get(lemma) not in ("speech", "evidence", "stance") or t.i < 1:
            continue
        if doc[t.i - 1].is_punct or not doc[0].text[:1].isupper():
            return None
        content = _trim(doc, t.i + 1, end)
        if content is None:
            return None
        return Attribution(cue=TextSpan.of(doc, t.i, t.i + 1),
                           content=TextSpan.of(doc, *content), source=TextSpan.of(doc, 0, t.i),
                           kind=lex.verbs[lemma], rule="headline", scope=(t.i, content[1]),
                           cue_head=t.i)
    return None


_COLON = hash_string(":")
_DASHES = frozenset(("-", "—", "–", "--", "―"))


def _colon(doc: Doc, i: int, lex: _Lexicon) -> Attribution | None:
    """"Cruz: Trump Would Put Liberals On Court", "PENCE: Well, look, ..."."""
    start, end = _sent(doc, i)
    lo = i
    while lo > start and not (doc[lo - 1].text in _DASHES or doc[lo - 1].is_space
                              and "\n" in doc[lo - 1].text):
        lo -= 1
    while lo < i and (doc[lo].is_space or doc[lo].is_punct):
        lo += 1
    n = i - lo
    if n < 1 or n > 6 or i == 0:
        return None
    prefix = doc[lo:i]
    last = doc[i - 1]
    if not prefix.text[:1].isupper() or last.pos_ in ("VERB", "AUX", "ADP", "NUM") or (
            last.pos_ not in ("PROPN", "NOUN") and not last.is_upper):
        return None
    if prefix.text.lower() in lex.colon_labels or last.lower_ in lex.colon_labels or any(
            t.like_num or t.pos_ in ("VERB", "AUX") and not t.is_upper for t in prefix):
        return None
    content = _trim(doc, i + 1, end)
    if content is None and end < len(doc):
        content = _trim(doc, *_sent(doc, end))
    if content is None or doc[content[0]].like_num or doc[content[0]].is_currency:
        return None  # "Sanders: 46", "Price: $20" are figures, not statements
    return Attribution(cue=TextSpan.of(doc, i, i + 1), content=TextSpan.of(doc, *content),
                       source=TextSpan.of(doc, lo, i), kind="speech", rule="colon",
                       scope=(i, content[1]), cue_head=i)


_QUOTE_HASHES = frozenset(hash_string(q) for q in ("“", "”", '"', "``", "''"))


def _quoted_tokens(doc: Doc, quotes: list[int], breaks: list[int]) -> list[tuple[int, int]]:
    """Token ranges inside quotation marks (curly pairs, or straight quotes paired in order);
    an unclosed quote runs to the next paragraph break (``breaks``: blank-line tokens)."""
    out: list[tuple[int, int]] = []
    start: int | None = None
    # a straight quote opening a paragraph with an odd number of them is a continuation
    # mark of a multi-paragraph quote or of a transcript line ('"PENCE: Well, ...'), not an
    # opening to be paired
    # "''" is the straight mark of some outlets (''Even so,'' he said): paired in order too
    straight = [i for i in quotes if doc[i].text in ('"', "''")]
    if straight:
        dangling: set[int] = set()
        for i in straight:
            lo = breaks[bisect.bisect_right(breaks, i) - 1] if breaks and breaks[0] < i else -1
            if all(not doc[j].text.strip() for j in range(lo + 1, i)):
                hi_k = bisect.bisect_right(breaks, i)
                hi = breaks[hi_k] if hi_k < len(breaks) else len(doc)
                if sum(1 for j in straight if i <= j < hi) % 2 == 1:
                    dangling.add(i)
        quotes = [i for i in quotes if i not in dangling]
    for i in quotes:
        if start is not None:
            k = bisect.bisect_left(breaks, start)
            if k < len(breaks) and breaks[k] < i:
                out.append((start, breaks[k]))
                start = None
        ch = doc[i].text
        if ch in ("“", "``") or (ch in ('"', "''") and start is None):
            if start is None:
                start = i + 1
        elif start is not None:
            out.append((start, i))
            start = None
    if start is not None:
        k = bisect.bisect_left(breaks, start)
        out.append((start, breaks[k] if k < len(breaks) else len(doc)))
    return out


def _according(tok: Token) -> Attribution | None:
    doc = tok.doc
    to = next(c for c in tok.children if c.lower_ == "to")
    pobj = next((g for g in to.children if g.dep_ == "pobj"), None)
    if pobj is None:
        return None
    src = _source_span(pobj)
    phrase_lo, phrase_hi = tok.left_edge.i, max(tok.right_edge.i, to.right_edge.i) + 1
    sent_start, sent_end = _sent(doc, tok.i)
    before = _trim(doc, sent_start, phrase_lo)
    after = _trim(doc, phrase_hi, sent_end)
    sides = [s for s in (before, after) if s is not None]
    if not sides:
        return None
    content = max(sides, key=lambda s: s[1] - s[0])
    cue = TextSpan.of(doc, tok.i, to.i + 1)
    return Attribution(cue=cue, content=TextSpan.of(doc, *content), source=src,
                       kind="according", rule="according",
                       scope=(min(content[0], tok.i), max(content[1], to.i + 1)), cue_head=tok.i)


def _in_poll(tok: Token, lex: _Lexicon) -> Attribution | None:
    """"In a new Quinnipiac poll, 40 percent back X", "X leads by 9 points in the average of
    polls": the poll is the source, "in" the cue, the rest of the sentence the content."""
    doc = tok.doc
    pobj = next((g for g in tok.children if g.dep_ == "pobj"), None)
    if pobj is None:
        return None
    if pobj.tag_ == "NNS" and not any(c.dep_ in ("compound", "amod", "nmod") for c in pobj.children):
        return None  # "slid in the polls": the polls in general, not one cited
    if pobj.lemma_.lower() not in lex.poll_nouns:
        of = next((g for g in pobj.children if g.dep_ == "prep" and g.lower_ == "of"), None)
        inner = next((g for g in of.children if g.dep_ == "pobj"), None) if of else None
        if inner is None or inner.lemma_.lower() not in lex.poll_nouns:
            return None  # "in the share of polls": a poll only through "of" a poll noun
    src = _source_span(pobj)
    phrase_lo, phrase_hi = tok.i, tok.right_edge.i + 1
    sent_start, sent_end = _sent(doc, tok.i)
    before = _trim(doc, sent_start, phrase_lo)
    after = _trim(doc, phrase_hi, sent_end)
    sides = [s for s in (before, after) if s is not None]
    if not sides or src is None:
        return None
    content = max(sides, key=lambda s: s[1] - s[0])
    return Attribution(cue=TextSpan.of(doc, tok.i, tok.i + 1), content=TextSpan.of(doc, *content),
                       source=src, kind="evidence", rule="poll",
                       scope=(min(content[0], tok.i), max(content[1], tok.i + 1)),
                       cue_head=tok.i)


def _nominal(tok: Token) -> Attribution | None:
    """"X's claim that ...", "a statement from X that ...", "the ministry's statement"."""
    doc = tok.doc
    source: Token | None = None
    content: tuple[int, int] | None = None
    for c in tok.children:
        if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN", "PRON"):
            source = c
        elif c.dep_ == "prep" and c.lower_ in ("from", "by"):
            source = next((g for g in c.children if g.dep_ == "pobj"), source)
        elif c.dep_ in ("acl", "ccomp") and any(g.lower_ == "that" and g.dep_ == "mark"
                                                 for g in c.children):
            content = _subtree(c)
    if source is None or content is None:
        return None
    src = _source_span(source)
    cue = TextSpan.of(doc, tok.i, tok.i + 1)
    return Attribution(cue=cue, content=TextSpan.of(doc, *content), source=src,
                       kind="speech", rule="nominal",
                       scope=(min(tok.i, content[0]), max(tok.i + 1, content[1])),
                       cue_head=tok.i)


# --- outlets and nesting --------------------------------------------------------------------

def _mark_nested(doc: Doc, atts: list[Attribution]) -> None:
    """Mark attributions whose cue sits, in the dependency tree, under another cue's content:
    in "Reuters reported that officials said ...", "said" is nested in "reported"."""
    by_head = {a.cue_head: a for a in atts if a.content is not None}
    for att in atts:
        tok = doc[att.cue_head]
        steps = 0
        while tok.head.i != tok.i and steps < 30:
            steps += 1
            tok = tok.head
            host = by_head.get(tok.i)
            if host is not None and host is not att and host.content is not None and (
                    host.content.tok_start <= att.cue_head < host.content.tok_end) and (
                    att.in_quote or not host.in_quote):  # a quoted cue hosts no narration
                att.nested = True
                break


def _dateline(doc: Doc, outlets: list[Outlet]) -> Outlet | None:
    """A wire dateline at the start of the text: "MOSCOW (Reuters) -"."""
    head = doc[:60]
    if not any(t.text == "(" for t in head):
        return None
    m = _DATELINE.search(head.text)
    if m is None:
        return None
    for o in outlets:
        if o.tok_start > 80:
            break
        span = TextSpan.of(doc, o.tok_start, o.tok_end)
        if m.start(1) <= span.start and span.end <= m.end(1):
            return o
    return None


def _resolve_outlets(doc: Doc, atts: list[Attribution], outlet_at: dict[int, Outlet],
                     dateline: Outlet | None) -> None:
    lex = lexicon()
    for att in atts:
        if att.source is not None:
            o = _source_outlet(doc, att.source, outlet_at)
            if o is not None:
                att.source_outlet = o
                att.reported_by = o.name
                continue
        if att.rule == "citing":
            host_subj = next((c for c in doc[att.cue_head].head.children if c.dep_ in _SUBJ),
                             None)
            if host_subj is not None and host_subj.i in outlet_at:
                att.reported_by = outlet_at[host_subj.i].name
                continue
        lo, hi = _sent(doc, att.cue_head)
        if any(lo <= i < hi for i in outlet_at):
            near = _cue_outlet(doc[att.cue_head], att, outlet_at, lex)
            if near is not None:
                att.reported_by = near.name
    if not outlet_at:
        return
    # nesting: parent = the smallest other attribution whose scope holds this cue
    for i, att in enumerate(atts):
        best: tuple[int, int] | None = None
        for j, other in enumerate(atts):
            if i == j:
                continue
            lo, hi = other.scope
            size = hi - lo
            if lo <= att.cue.tok_start and att.cue.tok_end <= hi and (
                    size > att.scope[1] - att.scope[0]) and (best is None or size < best[0]):
                best = (size, j)
        att.parent = best[1] if best else None
    media = _sentence_media(doc, outlet_at, lex)
    last_outlet: Attribution | None = None  # the attribution whose outlet last reported
    prev: Attribution | None = None
    for att in atts:
        outer = _outermost_outlet(atts, att)
        sent_start = _sent(doc, att.cue_head)[0]
        if outer is not None:
            att.reported_by = outer
        elif att.reported_by is None:
            att.reported_by = media.get(sent_start) or _carried_over(doc, att, prev, last_outlet)
        if att.reported_by is None and dateline is not None:
            att.reported_by = (dateline.canonical or dateline.name)
        if att.source_outlet is not None:
            last_outlet = att
        prev = att


_PRONOUNS = frozenset(("he", "she", "they", "it"))
_MEDIA_WORDS = frozenset(("statement", "report", "letter", "message", "communique", "note",
                          "remarks", "comments", "post", "tweet", "translation", "transcript"))
_REPORT_NOUNS = frozenset(("report", "article", "story", "account", "agency", "outlet",
                           "newspaper", "paper", "broadcast", "dispatch", "interview"))


def _carried_over(doc: Doc, att: Attribution, prev: Attribution | None,
                  last_outlet: Attribution | None) -> str | None:
    """reported_by that carries over from the sentence before.

    "KCNA said ... It said ...": "It" is the outlet again; "In an interview with Bloomberg,
    Zelensky said ... He stated ...": a pronoun speaker keeps the previous outlet; "According
    to the report, ..." points to the outlet that last reported.
    """
    if att.source is None or att.source.doc is None:
        return None
    head = att.source.span(doc).root
    if att.rule == "according" and head.lemma_.lower() in _REPORT_NOUNS and any(
            c.lower_ in ("the", "this", "that") for c in head.children):
        return last_outlet.reported_by if last_outlet is not None else None
    if head.lower_ not in _PRONOUNS:
        return None
    this_start = _sent(doc, att.cue_head)[0]
    if head.lower_ == "it" and last_outlet is not None and last_outlet.source_outlet and (
            _sent(doc, last_outlet.cue_head)[1] >= this_start - 1):
        att.source_outlet = last_outlet.source_outlet  # "It said ...": the outlet again
        return last_outlet.reported_by
    if prev is None or prev.reported_by is None:
        return None
    if _sent(doc, prev.cue_head)[1] < this_start - 1:
        return None  # only from the sentence just before
    return prev.reported_by


def _sentence_media(doc: Doc, outlet_at: dict[int, Outlet], lex: _Lexicon) -> dict[int, str]:
    """Sentence start -> an outlet cited through a medium noun anywhere in the sentence: "in a
    statement reported by Yonhap", "in an interview with Bloomberg", "a report by Reuters"."""
    out: dict[int, str] = {}
    for i, o in outlet_at.items():
        tok = doc[i]
        steps = 0
        while tok.head.i != tok.i and steps < 4:
            steps += 1
            tok = tok.head
            if tok.pos_ == "NOUN" and tok.lemma_.lower() in lex.medium:
                out.setdefault(_sent(doc, i)[0], o.name)
                break
            if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() not in ("report", "carry",
                                                                          "publish", "air"):
                break
    return out


def _outermost_outlet(atts: list[Attribution], att: Attribution) -> str | None:
    chain = [att]
    cur = att
    while cur.parent is not None and len(chain) < 10:
        cur = atts[cur.parent]
        chain.append(cur)
    for a in reversed(chain):
        if a.reported_by is not None and (a.source_outlet is not None or a is not att):
            return a.reported_by
    return att.reported_by


def _source_outlet(doc: Doc, source: TextSpan, outlet_at: dict[int, Outlet]) -> Outlet | None:
    """The outlet that a source *is*: one covering the source's head word, or in apposition to
    it ("Russia's state-run news agency, RIA Novosti"); not one merely named inside it ("the
    translation by RIA Novosti", "a reporter for USA Today")."""
    head = source.span(doc).root
    if head.i in outlet_at:
        return outlet_at[head.i]
    for c in head.children:
        if c.dep_ == "appos" and c.i in outlet_at:
            return outlet_at[c.i]
    if head.lemma_.lower() in _OUTLET_HEADS:
        for c in head.children:  # "the official Xinhua news agency", "Syria's state news
            # agency, SANA," (parsed as a modifier)
            if c.dep_ in ("compound", "nmod", "amod", "npadvmod") and c.i in outlet_at:
                return outlet_at[c.i]
    return None


_OUTLET_HEADS = frozenset(("agency", "media", "television", "tv", "radio", "broadcaster",
                           "newspaper", "paper", "daily", "outlet", "network", "channel",
                           "station", "wire", "service", "magazine", "website", "tabloid",
                           "news"))


def _outlet_in(start: int, end: int, outlet_at: dict[int, Outlet]) -> Outlet | None:
    for i in range(start, end):
        o = outlet_at.get(i)
        if o is not None:
            return o
    return None


def _cue_outlet(cue: Token, att: Attribution, outlet_at: dict[int, Outlet],
                lex: _Lexicon) -> Outlet | None:
    """An outlet in the cue's own words: "told CNN", "said in an interview with Bloomberg",
    "according to a translation by RIA Novosti", "in a statement carried by Xinhua"."""
    if att.rule == "according" and att.source is not None:
        return _outlet_in(att.source.tok_start, att.source.tok_end, outlet_at)
    content = (att.content.tok_start, att.content.tok_end) if att.content else (0, 0)
    heads = [cue]
    if cue.dep_ in ("conj", "advcl", "xcomp") and cue.head.pos_ in ("VERB", "AUX"):
        heads.append(cue.head)  # "Zelensky, in an interview with X, ..., adding that"
    root = cue
    steps = 0
    while root.head.i != root.i and steps < 40:
        root, steps = root.head, steps + 1
    if root not in heads:
        heads.append(root)
    for head in heads:
        for c in head.children:
            if c.dep_ in _SUBJ or content[0] <= c.i < content[1]:
                continue
            if head is not cue and c.dep_ not in ("prep",):
                continue
            if c.dep_ in ("dative", "dobj", "npadvmod") and head is cue:
                o = outlet_at.get(c.i)
                if o is not None:
                    return o
            if c.dep_ == "prep":
                o = _outlet_under_prep(c, outlet_at, lex, direct=head is cue)
                if o is not None:
                    return o
    return None


def _outlet_under_prep(prep: Token, outlet_at: dict[int, Outlet], lex: _Lexicon,
                       direct: bool) -> Outlet | None:
    """"to CNN", "on Fox News", "in an interview with Bloomberg" (two levels deep)."""
    for pobj in prep.children:
        if pobj.dep_ != "pobj":
            continue
        if direct and prep.lower_ in ("to", "on", "with") and pobj.i in outlet_at:
            return outlet_at[pobj.i]
        if pobj.lemma_.lower() in lex.medium:
            for d in pobj.subtree:
                if d.i in outlet_at and d.i != pobj.i:
                    return outlet_at[d.i]
    return None


# --- per-event answers --------------------------------------------------------------------

def _containing(atts: list[Attribution], token_i: int) -> Iterator[Attribution]:
    for att in atts:
        lo, hi = att.scope
        if lo <= token_i < hi:
            if att.source is not None and att.source.tok_start <= token_i < att.source.tok_end:
                continue
            yield att


def _innermost_statement(doc: Doc, token_i: int) -> tuple[Attribution | None, list[Attribution]]:
    atts = find_attributions(doc)
    around = sorted(_containing(atts, token_i), key=lambda a: a.scope[1] - a.scope[0])
    speakers = [a for a in around if _is_speaker(a, token_i)]
    if not speakers:
        return None, around
    first = speakers[0]
    cur = first
    for outer in speakers[1:]:
        # the event is itself a statement ("X proposed ...", "Pompeo told Moon ..."), or in
        # one: reported inside another speaker's words ("the official said North Korea had
        # proposed ...", "Pompeo told Moon that they agreed to meet, Yoon said"), the one who
        # says so is that speaker; inside an outlet's report it stays X
        if cur.kind != "speech":
            break  # "X believes that ...": a belief is X's, whoever reports it
        if outer.content is not None and outer.kind in ("speech", "according") and (
                outer.content.tok_start <= cur.cue_head < outer.content.tok_end) and (
                _clausal_content(doc, outer)):
            cur = outer
    return cur, around


def _clausal_content(doc: Doc, att: Attribution) -> bool:
    """What the attribution says is a proposition (a clause, a quote, "according to"), not a
    noun phrase it is about: "the doubt the president expressed about the meeting since North
    Korea threatened to back out" does not make the president say that North Korea threatened."""
    if att.rule != "verb" and att.rule not in ("light-verb", "nominal"):
        return True
    if att.content is None:
        return False
    root = att.content.span(doc).root
    return root.pos_ in ("VERB", "AUX") or root.text in _QUOTES or root.dep_ in (
        "ccomp", "xcomp", "parataxis")


def _is_speaker(att: Attribution, token_i: int) -> bool:
    if att.kind not in STATEMENT_KINDS:
        return False
    if att.kind != "speech" and att.cue.tok_start <= token_i < att.cue.tok_end:
        return False  # "X agreed to meet": a belief or decision verb is not itself a statement
    if att.source is None:
        return False
    if att.source.text.lower() in _FIRST_PERSON:
        return False  # "I think ..." inside a quote: the speaker is the one quoted
    if _non_speaker(att.source):
        return False  # "Obama called Morsi and each thanked the other": not a speaker
    if att.source_outlet is not None and att.source_outlet.speaks_for is None:
        return False  # an outlet reports; it is not the speaker
    if att.rule == "according" and _medium_head(att):
        # "according to a translation by RIA Novosti": an outlet, not a speaker; "according
        # to a statement from the Kremlin": the Kremlin speaks
        doc = att.source.doc
        assert doc is not None
        span = att.source.span(doc)
        return _issuer(doc, span, span.root, lexicon()) is not None
    return True


def _non_speaker(source: TextSpan) -> bool:
    """A reciprocal or quantifier subject ("each", "both", "the two", "each of them", "all of
    the leaders"): no speaker of its own (``non_speakers`` in attribution.yaml)."""
    lex = lexicon()
    text = source.text.lower()
    if text in lex.non_speakers or (text.startswith("the ") and text[4:] in lex.non_speakers):
        return True
    if source.doc is None or source.tok_end - source.tok_start > 6:
        return False
    root = source.span(source.doc).root
    if root.pos_ in ("PRON", "DET", "NUM", "ADJ") and root.lower_ in lex.non_speakers:
        return True  # "each of them", "both of the leaders"
    return root.pos_ == "NUM" and root.i == source.tok_end - 1 and root.lower_ in (
        "two", "three", "both")  # "the two"


def statement_covers(doc: Doc, token_i: int) -> bool:
    """Whether the token is inside (or is the cue of) a statement this module found: an
    outlet's report, a document's words, "each said ...". A None speaker from
    :func:`attribution_for` is then a decision (the outlet reports, the document has no named
    issuer), not a gap for a caller's own fallback reading to fill."""
    return any(a.kind in STATEMENT_KINDS and a.source is not None
               for a in _containing(_analyse(doc).attributions, token_i))


def _medium_head(att: Attribution) -> bool:
    if att.source is None or att.source.doc is None:
        return False
    return att.source.span(att.source.doc).root.lemma_.lower() in lexicon().medium


def _reported_by(doc: Doc, around: list[Attribution], outlet: str | None) -> str | None:
    for att in reversed(around):  # outermost first
        if att.reported_by is not None:
            return _not_own(att.reported_by, outlet)
    dateline = _analyse(doc).dateline
    if dateline is not None:
        return _not_own((dateline.canonical or dateline.name), outlet)
    return None


def _not_own(name: str, outlet: str | None) -> str | None:
    """The article's own outlet is not a cited source (an AP story's "(AP)" dateline)."""
    if outlet is None:
        return name
    lex = lexicon()

    def canon(value: str) -> str:
        value = value.strip()
        for key in (value, value[4:] if value.lower().startswith("the ") else value):
            if key in lex.outlets:
                return lex.outlets[key][0].lower()
        return value.lower()

    return None if canon(outlet) == canon(name) else name


def _article_outlet(doc: Doc, outlet: str | None) -> str | None:
    if outlet is not None:
        return outlet
    if Doc.has_extension("outlet"):
        value = doc._.outlet
        return str(value) if value else None
    return None


def attribution_for(doc: Doc, token_i: int,
                    outlet: str | None = None) -> tuple[Span | None, str | None]:
    """(speaker span or None, reported_by or None) for an event whose trigger is token_i.

    The speaker is the source of the innermost statement that contains the token (in its
    content, or as its cue); an outlet source gives no speaker, only ``reported_by``.
    ``outlet`` is the article's own outlet (or ``doc._.outlet``): a dateline of the article's
    own outlet is not a citation.
    """
    att, around = _innermost_statement(doc, token_i)
    span = None
    if att is not None and att.source is not None:
        # an outlet source is returned only when it speaks for a government (KCNA, Xinhua)
        if att.source_outlet is None or att.source_outlet.speaks_for is not None:
            span = _speaker_span(doc, att)
    return span, _reported_by(doc, around, _article_outlet(doc, outlet))


_ISSUE_VERBS = frozenset(("issue", "release", "publish", "send", "deliver", "post", "put",
                          "sign", "adopt", "present", "submit", "unveil", "write", "pen",
                          "draft", "produce", "circulate", "make", "give", "file"))


def _speaker_span(doc: Doc, att: Attribution) -> Span | None:
    """The words of the speaker of ``att``: its source, or for a document ("the white paper
    said", "a report by the UN says") the issuer the text names, else None."""
    assert att.source is not None
    span = att.source.span(doc)
    root = span.root
    if root.tag_ in ("WP", "WDT") and root.head.dep_ == "relcl" and root.head.head.pos_ in (
            "NOUN", "PROPN"):
        return _clean_np(_noun_phrase(root.head.head))  # "Putin, who said ...": Putin
    lex = lexicon()
    if root.pos_ not in ("NOUN", "PROPN") or (root.lemma_.lower() not in lex.document_nouns
                                               and root.lower_ not in lex.document_nouns):
        return span
    return _issuer(doc, span, root, lex)


def _issuer(doc: Doc, span: Span, root: Token, lex: _Lexicon) -> Span | None:
    """The issuer of a document named in its noun phrase ("the ministry's statement", "a
    report by the UN", "a statement from the Kremlin", "a Pentagon report", "the statement
    issued by Hamas"), or by an earlier "X issued a statement" (the document is definite)."""
    outlets = {i for o in _analyse(doc).outlets for i in range(o.tok_start, o.tok_end)}

    def named(tok: Token) -> Span | None:
        words = _clean_np(doc[tok.left_edge.i:tok.right_edge.i + 1])
        if tok.i in outlets or not any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in words):
            return None
        while len(words) > 1 and words[-1].dep_ == "case":
            words = words[:-1]
        return words

    for c in root.children:
        if c.dep_ == "poss" and c.lower_ not in ("its", "their", "his", "her"):
            found = named(c)
            if found is not None:
                return found
    for c in root.children:
        if c.dep_ == "prep" and c.lower_ in ("by", "from", "of") and c.i > root.i:
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None and pobj.lemma_.lower() not in lex.document_nouns:
                found = named(pobj)
                if found is not None:
                    return found
        if c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() not in (
                "carry", "report", "publish", "air", "broadcast", "obtain", "see"):
            agent = next((g for g in c.children if g.dep_ == "agent"), None)
            pobj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent else None
            if pobj is not None:
                found = named(pobj)
                if found is not None:
                    return found
    mods = [c for c in root.lefts if c.dep_ in ("compound", "nmod", "amod") and (
        c.pos_ == "PROPN" or c.ent_type_ in ("ORG", "GPE", "NORP", "PERSON"))]
    if mods and not any(m.i in outlets for m in mods):
        lo = min(m.left_edge.i for m in mods)
        return doc[lo:root.i]  # "a Pentagon report", "the Chinese government's white paper"
    if not any(c.lower_ in ("the", "this", "that") for c in root.children):
        return None
    # "The Kremlin issued a statement on Monday. The statement said ...": the issuer
    lo = _sent(doc, root.i)[0]
    for _ in range(2):
        if lo == 0:
            break
        lo = _sent(doc, lo - 1)[0]
    lemma = root.lemma_.lower()
    for k in range(root.i - 1, lo - 1, -1):
        tok = doc[k]
        if tok.lemma_.lower() != lemma or tok.dep_ not in ("dobj", "nsubjpass"):
            continue
        verb = tok.head
        if verb.lemma_.lower() not in _ISSUE_VERBS:
            continue
        if tok.dep_ == "dobj":
            subj = _subject(verb)
        else:
            agent = next((g for g in verb.children if g.dep_ == "agent"), None)
            subj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent else None
        if subj is not None and subj.pos_ in ("PROPN", "NOUN") and subj.i not in outlets:
            return _clean_np(_noun_phrase(subj))
        return None
    return None


def speaker_ref(doc: Doc, source: Span) -> ActorRef:
    """The speaker as an ActorRef: a state agency's government ("KCNA" -> North Korea), else
    the actor mention (``doc._.actors``) at the span's head or inside it when the actors
    component ran, else the words of the span."""
    for att in _analyse(doc).attributions:
        if att.source is not None and att.source.tok_start == source.start and (
                att.source_outlet is not None and att.source_outlet.speaks_for is not None):
            return att.source_outlet.speaks_for.model_copy(update={
                "mention": source.text, "span": (source.start_char, source.end_char)})
    for o in _analyse(doc).outlets:
        if o.speaks_for is not None and source.start <= o.tok_start < source.end:
            words = doc[o.tok_start:o.tok_end]
            return o.speaks_for.model_copy(update={
                "mention": words.text, "span": (words.start_char, words.end_char)})
    mentions: list[Any] = []
    if Doc.has_extension("actors"):
        mentions = [m for m in doc._.actors or () if getattr(m, "start", None) is not None
                    and getattr(m, "end", None) is not None]
    inside = []
    at_root = None
    root = source.root  # (``Span.root`` walks the span: once, not per mention)
    for m in mentions:
        if m.start <= root.i < m.end:
            at_root = m
        elif source.start <= m.start and m.end <= source.end:
            inside.append(m)
    chosen = _choose_mention(doc, source, root, at_root, inside)
    if chosen is not None:
        ref = _full_name(doc, chosen.ref, chosen.start, mentions)
        return _with_mention(ref, doc, chosen.start, chosen.end)
    words = _clean_np(source)
    ref = ActorRef(name=words.text, mention=words.text, span=(words.start_char, words.end_char))
    return _full_name(doc, ref, words.start, mentions) if len(words) == 1 and (
        words[0].pos_ == "PROPN") else ref


def _generic(m: Any) -> bool:
    """A mention that names nobody in particular ("the spokesman", "officials")."""
    return getattr(m, "kind", "") == "agent" and not m.ref.id and not m.ref.country


def _person(m: Any) -> bool:
    return not getattr(m, "group", False) and getattr(m, "kind", "") in (
        "name", "alias", "surname")


def _under_prep(doc: Doc, m: Any, root: Token) -> bool:
    """Whether the mention hangs on the source's head through a preposition ("the head of
    the Security Council", "officials from the group")."""
    tok = doc[m.end - 1]
    steps = 0
    while tok.i != root.i and tok.head.i != tok.i and steps < 12:
        if tok.dep_ in ("pobj", "prep"):
            return True
        tok, steps = tok.head, steps + 1
    return False


def _appositive(doc: Doc, m: Any, source: Span) -> bool:
    """A mention in apposition: "Vice Minister of X, Choe Son Hui," / "the spokesman, Lu"."""
    head = doc[m.end - 1]
    steps = 0
    while m.start <= head.head.i < m.end and head.head.i != head.i and steps < 6:
        head, steps = head.head, steps + 1
    if head.dep_ == "appos":
        return True
    return m.start > source.start and doc[m.start - 1].text == ","


def _choose_mention(doc: Doc, source: Span, root: Token, at_root: Any,
                    inside: list[Any]) -> Any:
    """The actor a speaker phrase names: the mention at its head, unless that names nobody
    ("the spokesman") and a person stands in apposition ("Vice Minister of the Foreign
    Ministry, Choe Son Hui") or the phrase names whose it is ("officials from the Taliban");
    else the person in apposition before an organisation inside a title's of-phrase."""
    if at_root is not None and not _generic(at_root):
        return at_root
    appos = [m for m in inside if _person(m) and _appositive(doc, m, source)]
    if appos:
        return appos[0]
    if at_root is not None:
        whose = [m for m in inside if (m.ref.country or m.ref.id) and m.ref.sector != "MED"
                 and _under_prep(doc, m, root)]
        return whose[0] if whose else at_root
    if not inside:
        return None
    direct = [m for m in inside if not _under_prep(doc, m, root)]
    pool = direct or inside
    return max(pool, key=lambda m: (_person(m), m.end - m.start))


def _full_name(doc: Doc, ref: ActorRef, start: int, mentions: list[Any]) -> ActorRef:
    """A bare surname ("According to Zhou") as the person named in full earlier in the text:
    the actor layer's mention (or, failing one, a PERSON entity) whose first or last word it
    is."""
    if ref.id or " " in ref.name.strip() or not ref.name[:1].isupper():
        return ref
    word = ref.name.strip().lower()
    best = None
    for m in mentions:
        if m.start >= start or getattr(m, "group", False):
            continue
        parts = m.ref.name.lower().split()
        if len(parts) > 1 and word in (parts[0], parts[-1]):
            best = m  # the nearest one before
    if best is not None:
        return best.ref.model_copy(update={"mention": ref.mention, "span": ref.span})
    for ent in doc.ents:
        if ent.start >= start:
            break
        parts = ent.text.lower().split()
        if ent.label_ == "PERSON" and len(parts) > 1 and word in (parts[0], parts[-1]):
            best = ent
    if best is not None:
        return ref.model_copy(update={"name": best.text})
    return ref


def _with_mention(ref: ActorRef, doc: Doc, start: int, end: int) -> ActorRef:
    span = doc[start:end]
    return ref.model_copy(update={"mention": ref.mention or span.text,
                                  "span": ref.span or (span.start_char, span.end_char)})


def said_by_for(doc: Doc, token_i: int,
                outlet: str | None = None) -> tuple[ActorRef | None, str | None]:
    """(said_by as an ActorRef or None, reported_by or None) for an event at token_i.

    Like :func:`attribution_for`, and a state agency that speaks for its government ("KCNA
    said ...") gives that government as the speaker.
    """
    att, around = _innermost_statement(doc, token_i)
    reported = _reported_by(doc, around, _article_outlet(doc, outlet))
    if att is None or att.source is None:
        return None, reported
    if att.source_outlet is not None and att.source_outlet.speaks_for is None:
        return None, reported
    span = _speaker_span(doc, att)
    return (speaker_ref(doc, span) if span is not None else None), reported
