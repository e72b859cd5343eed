"""Conditions on events: what must hold first ("if", "contingent upon", "provided that", ...),
what must not ("unless"), and stated terms ("on an equal and mutually respectful basis").

Markers are data (``data/lexicons/conditions.yaml``), matched with a spaCy ``PhraseMatcher`` on
lower-case token text. The condition text is the clause or phrase that the marker introduces,
found by climbing the dependency tree from the first word after the marker up to the head that
the marker attaches to, without the marker itself ("receiving security guarantees from U.S.
President Donald Trump"); requirement terms keep their noun ("on an equal and mutually
respectful basis"). ``before``/``prior to`` are read the other way round: in "assurances from
Trump prior to any discussions with Putin" the event is the talks and the condition is what
comes first.

Example::

    >>> [c.model_dump() for c in find_conditions(doc, trigger_span)]
    [{"text": "the latter were to hold an election and secure a victory",
      "kind": "precondition", "span": [1018, 1074]}]
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import yaml
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from spacy.vocab import Vocab

from parley.config import DATA_DIR
from parley.extract.triggers import doc_index
from parley.records import Condition

_CLAUSE_STOP = {",", ";", ":", "—", "–", "(", ")"}
_QUOTES = {'"', "“", "”", "'", "‘", "’"}


@dataclass
class CondClause:
    """A condition found in a sentence, before it is attached to an event."""

    kind: str  # precondition | unless | requirement | before
    text: str
    start: int  # token span of the condition text
    end: int
    marker_start: int
    marker_end: int
    anchor: int  # token the marker attaches to (the event it modifies, or its clause)
    head: int  # head token of the condition content

    @property
    def tokens(self) -> range:
        return range(self.start, self.end)

    def condition(self, doc: Doc, kind: str | None = None) -> Condition:
        span = doc[self.start:self.end]
        k = kind or ("precondition" if self.kind == "before" else self.kind)
        return Condition(text=self.text, kind=k,  # type: ignore[arg-type]
                         span=(span.start_char, span.end_char))


@functools.cache
def _config() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (DATA_DIR / "lexicons" / "conditions.yaml").read_text(encoding="utf-8"))
    return data


@functools.cache
def _matcher(vocab: Vocab) -> PhraseMatcher:
    cfg = _config()
    matcher = PhraseMatcher(vocab, attr="LOWER")
    from spacy.lang.en import English

    tok = English().tokenizer
    for kind in ("precondition", "before", "unless", "requirement"):
        matcher.add(kind, [tok(m) for m in cfg.get(kind, [])])
    matcher.add("then", [tok(m) for m in cfg.get("then_markers", [])])
    return matcher


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Cut a condition at a non-restrictive clause and strip edge punctuation and quotes."""
    stops = set(_config().get("stop_after_comma", []))
    for i in range(start, end - 1):
        if doc[i].text == "," and doc[i + 1].lower_ in stops:
            end = i
            break
        if doc[i].text in (";", ":", "—", "–"):
            end = i
            break
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space) and \
            doc[end - 1].text not in _QUOTES - {"'", "’"}:
        end -= 1
    while start < end and (doc[start].is_punct or doc[start].lower_ in ("then",)):
        start += 1
    while end > start and doc[end - 1].lower_ in ("then", "and", "but", "or"):
        end -= 1
    return start, end


def _clause_end(doc: Doc, start: int, limit: int) -> int:
    speech = _speech_verbs()
    for i in range(start, limit):
        t = doc[i]
        if i > start and t.text in ("”", '"') and (i + 1 == limit or doc[i + 1].is_punct):
            return i
        if t.text == "," and any(doc[k].lemma_.lower() in speech and doc[k].pos_ == "VERB"
                                 for k in range(i + 1, min(i + 8, limit))):
            return i
    return limit


@functools.cache
def _speech_verbs() -> frozenset[str]:
    from parley.extract.triggers import load_lexicon

    return load_lexicon().speech_verbs


def _content_head(doc: Doc, m_start: int, m_end: int, limit: int) -> Token | None:
    """The head of the clause or phrase introduced by the marker doc[m_start:m_end]."""
    if m_end >= limit:
        return None
    cur = doc[m_end]
    marker = range(m_start, m_end)
    for _ in range(12):
        if any(doc[i].head.i == cur.i and doc[i].dep_ in ("mark", "prep", "advmod", "aux",
                                                           "dep", "npadvmod", "amod", "cc")
               for i in marker):
            return cur
        head = cur.head
        if head.i == cur.i or head.i in marker or head.i < m_end or head.i >= limit:
            return cur
        cur = head
    return cur


def _anchor(doc: Doc, head: Token, m_start: int, m_end: int) -> int:
    """The token that the condition modifies."""
    marker = range(m_start, m_end)
    if head.head.i not in marker and head.head.i != head.i and \
            not (m_end <= head.head.i <= head.right_edge.i):
        return head.head.i
    for i in marker:
        h = doc[i].head
        while h.i in marker and h.head.i != h.i:
            h = h.head
        if h.i not in marker and not (m_end <= h.i <= head.right_edge.i):
            return h.i
    return head.head.i


_MARKERS: OrderedDict[int, tuple[Doc, list[Span]]] = OrderedDict()


def _doc_markers(doc: Doc) -> list[Span]:
    """The condition markers of a whole document (the matcher runs once per document, not
    once per sentence; the last few documents are kept)."""
    hit = _MARKERS.get(id(doc))
    if hit is not None and hit[0] is doc:
        return hit[1]
    spans = list(_matcher(doc.vocab)(doc, as_spans=True))
    _MARKERS[id(doc)] = (doc, spans)
    while len(_MARKERS) > 4:
        _MARKERS.popitem(last=False)
    return spans


def find_clauses(sent: Span) -> list[CondClause]:
    """All conditions of a sentence, with the token each one modifies."""
    doc = sent.doc
    cfg = _config()
    spans = [sp for sp in _doc_markers(doc) if sent.start <= sp.start and sp.end <= sent.end]
    thens = [sp.start for sp in spans if sp.label_ == "then"]
    spans = [sp for sp in spans if sp.label_ != "then"]
    out: list[CondClause] = []
    for sp in filter_spans(spans):
        kind = sp.label_
        first = doc[sp.start]
        low = sp.text.lower()
        if low in ("once", "before", "until", "after", "pending") and \
                first.dep_ not in ("mark", "prep"):
            continue
        if low in ("provided", "providing") and any(c.dep_ in ("dobj", "dative")
                                                    for c in first.children):
            continue  # "provided no date", "providing a window": the verb, not the marker
        if low == "if" and sp.start > sent.start and doc[sp.start - 1].lower_ in ("as", "even",
                                                                                  "what"):
            continue
        if kind == "requirement":
            head = _content_head(doc, sp.start, sp.end, sent.end)
            if head is None:
                continue
            s, e = _trim(doc, sp.start, head.right_edge.i + 1)
            out.append(CondClause(kind, doc[s:e].text, s, e, sp.start, sp.end,
                                  _anchor(doc, head, sp.start, sp.end), head.i))
            continue
        head = _content_head(doc, sp.start, sp.end, sent.end)
        if head is None:
            continue
        end = min(max(head.right_edge.i + 1, sp.end + 1), sent.end)
        if head.pos_ in ("VERB", "AUX"):
            # "if they stop X, dismantle Y and turn over Z": verbs the parser coordinated with
            # the main clause but that continue the condition right after it
            cur_end = end
            for c in sorted(head.head.children, key=lambda x: x.i):
                if c.dep_ == "conj" and c.pos_ == "VERB" and c.i >= cur_end and \
                        all(doc[k].text in (",", "and", "or") for k in range(cur_end, c.i)) and \
                        not any(x.dep_ in ("nsubj", "nsubjpass") for x in c.children):
                    cur_end = min(c.right_edge.i + 1, sent.end)
            end = _clause_end(doc, sp.end, cur_end)
        s, e = _trim(doc, sp.end, end)
        if e <= s:
            continue
        out.append(CondClause(kind, doc[s:e].text, s, e, sp.start, sp.end,
                              _anchor(doc, head, sp.start, sp.end), head.i))
    index = doc_index(doc)
    if thens:
        out.extend(_then_clauses(sent, thens, index.lower,
                                 {i for c in out for i in range(c.start, c.end)}))
    # requirement terms: "on an equal and mutually respectful basis", "on equal terms"
    nouns = set(cfg.get("requirement_nouns", []))
    taken = {i for c in out for i in range(c.marker_start, c.end)}
    for k in range(sent.start, sent.end):
        if index.lower[k] != "on":
            continue
        tok = doc[k]
        if tok.lower_ == "on" and tok.dep_ == "prep" and tok.i not in taken:
            pobj = [c for c in tok.children if c.dep_ == "pobj"]
            if pobj and pobj[0].lemma_.lower() in nouns:
                s, e = _trim(doc, tok.i, pobj[0].right_edge.i + 1)
                out.append(CondClause("requirement", doc[s:e].text, s, e, tok.i, tok.i + 1,
                                      tok.head.i, pobj[0].i))
    return out


def _then_clauses(sent: Span, markers: list[int], lower: list[str],
                  taken: set[int]) -> list[CondClause]:
    """"When X, then Y": a time clause answered by "then" is what must hold first for Y (a
    precondition; X runs from the marker at ``markers`` to the comma before "then")."""
    out: list[CondClause] = []
    doc = sent.doc
    for k in markers:
        if k in taken:
            continue
        prev = k - 1
        while prev >= sent.start and lower[prev] in _QUOTES:
            prev -= 1
        if prev >= sent.start and lower[prev] not in (",", ";", "and", "but"):
            continue  # the clause opens the sentence or follows a comma
        then = next((j for j in range(k + 2, sent.end) if lower[j] == "then" and
                     lower[j - 1] == "," and doc[j].dep_ == "advmod"), None)
        if then is None:
            continue
        s, e = _trim(doc, k + 1, then - 1)
        if e - s < 2:
            continue
        head = doc[s:e].root
        out.append(CondClause("precondition", doc[s:e].text, s, e, k, k + 1,
                              doc[then].head.i, head.i))
    return out


def reversed_text(doc: Doc, clause: CondClause) -> tuple[int, int] | None:
    """For "X before Y": the token span of X, what must come first."""
    a = doc[clause.anchor]
    sent = a.sent
    if a.pos_ in ("NOUN", "PROPN"):
        s, e = a.left_edge.i, clause.marker_start
    else:
        subj = [c for c in a.children if c.dep_ == "nsubjpass"]
        if subj and any(c.dep_ == "agent" for c in a.children):
            s, e = subj[0].left_edge.i, subj[0].right_edge.i + 1
        else:
            cur = a
            while cur.dep_ in ("xcomp", "auxpass", "aux") and cur.head.i != cur.i:
                cur = cur.head
            subj = [c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj:
                s = subj[0].left_edge.i
            else:
                dobj = [c for c in a.children if c.dep_ == "dobj"]
                if not dobj:
                    return None
                s = dobj[0].left_edge.i
            e = clause.marker_start
    s = max(s, sent.start)
    while s < e and doc[s].lower_ in ("that", "which", ",") or s < e and doc[s].is_punct:
        s += 1
    s, e = _trim(doc, s, e)
    return (s, e) if e > s else None


def find_conditions(doc: Doc, trigger_span: Span) -> list[Condition]:
    """Conditions attached to the event whose trigger is ``trigger_span`` (architecture
    contract). The event extractor attaches conditions itself, over all the events of a
    sentence at once; this function serves callers that have a single trigger."""
    sent = trigger_span.sent
    out = []
    toks = set(range(trigger_span.start, trigger_span.end))
    for c in find_clauses(sent):
        if c.kind == "before":
            continue
        anchor = doc[c.anchor]
        chain = {anchor.i} | {t.i for t in anchor.ancestors}
        if c.anchor in toks or (toks & chain and c.anchor >= trigger_span.start):
            out.append(c.condition(doc))
    return out
