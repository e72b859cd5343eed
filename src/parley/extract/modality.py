"""Modality (asserted / intended / hypothetical) and negation of an event.

Cues are data (``data/lexicons/modality.yaml``):

- a verbal act (a demand, threat, accusation, rejection, appeal, praise) is *asserted*: the
  statement is the act;
- an expressed intent (AGREE; an intent frame such as "ready to meet"; a future "will"; a
  nominal event that is "anticipated" or "planned") is *intended*;
- "may", "might", "could" on a material event is *hypothetical*;
- "not", "n't", "never", "no" on the trigger, its intent word or its predicate negate it,
  except that a negated acceptance ("won't agree", "could not accept negotiation") is a
  refusal: the event becomes REJECT and is not negated. "refused to meet" is REJECT already.

Example: "Iran did not meet the envoy" -> ``("asserted", True)``; "Russia will withdraw its
troops" -> ``("intended", False)``.
"""

from __future__ import annotations

import functools
from typing import Any

import yaml
from spacy.tokens import Doc, Token

from parley.config import DATA_DIR
from parley.extract.triggers import Trigger


@functools.cache
def cues() -> dict[str, frozenset[str]]:
    raw: dict[str, Any] = yaml.safe_load(
        (DATA_DIR / "lexicons" / "modality.yaml").read_text(encoding="utf-8"))
    return {k: frozenset(str(x) for x in v) for k, v in raw.items() if isinstance(v, list)}


def _verb_chain(doc: Doc, trig: Trigger) -> list[Token]:
    """The trigger's own words that can carry an auxiliary or a negation."""
    toks = [doc[trig.anchor], doc[trig.head]]
    if trig.predicate is not None:
        toks.append(doc[trig.predicate])
    out: list[Token] = []
    for t in toks:
        out.append(t)
        # "would only be willing": the copula's head is the adjective itself; "is expected to"
        if t.dep_ in ("xcomp", "acomp", "attr") and t.head.i != t.i:
            out.append(t.head)
    if trig.kind in ("noun", "intent"):
        # "would return to nuclear negotiations": the verb that governs the event noun
        cur = doc[trig.anchor]
        for _ in range(3):
            if cur.dep_ not in ("pobj", "prep", "dobj") or cur.head.i == cur.i:
                break
            cur = cur.head
            if cur.pos_ in ("VERB", "AUX"):
                out.append(cur)
                break
    seen: set[int] = set()
    return [t for t in out if not (t.i in seen or seen.add(t.i))]  # type: ignore[func-returns-value]


def auxiliaries(doc: Doc, trig: Trigger) -> set[str]:
    return {c.lower_ for t in _verb_chain(doc, trig) for c in t.children
            if c.dep_ in ("aux", "auxpass")}


def is_future(doc: Doc, trig: Trigger) -> bool:
    """Will / would / shall / 'll on the trigger's words, or "is going to"."""
    aux = auxiliaries(doc, trig)
    if aux & (cues()["future_aux"] | cues()["conditional_aux"]):
        return True
    head = doc[trig.head]
    return head.dep_ == "xcomp" and head.head.lemma_.lower() == "go" and \
        any(c.dep_ == "aux" for c in head.head.children)


_TEMPORAL_MARKS = frozenset({"when", "once", "after", "while"})
_PLAN_LEMMAS = frozenset({"plan", "intend", "expect", "hope", "aim", "schedule", "prepare"})


def in_future_frame(doc: Doc, trig: Trigger) -> bool:
    """A present-tense clause of time under a future or planned act is itself to come: "Putin
    plans to discuss it with Bolton when he visits Russia", "Xi will meet Abe once he arrives
    in Beijing" (not "met him when he visited")."""
    head = doc[trig.head]
    if head.dep_ != "advcl" or head.tag_ not in ("VBZ", "VBP") or not any(
            c.dep_ in ("mark", "advmod") and c.lower_ in _TEMPORAL_MARKS for c in head.children):
        return False
    gov = head.head
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in cues()["future_aux"] | cues()["conditional_aux"]
               for c in gov.children) or (gov.lemma_.lower() in _PLAN_LEMMAS and
                                          gov.tag_ not in ("VBN",)):
            return True
        if gov.dep_ != "xcomp" or gov.head.i == gov.i:
            return False
        gov = gov.head
    return False


def is_past(doc: Doc, trig: Trigger) -> bool:
    """A past tense on the trigger's words ("imposed", "had launched", "did not meet")."""
    for t in _verb_chain(doc, trig):
        if t.tag_ == "VBD":
            return True
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("had", "did", "was", "were")
               for c in t.children):
            return True
    return False


def predicate_future(doc: Doc, trig: Trigger) -> bool:
    """"the talks will be off": will/would on the verb that carries a nominal's predicate."""
    if trig.predicate is None:
        return False
    verb = doc[trig.predicate].head
    return any(c.dep_ == "aux" and c.lower_ in cues()["future_aux"] | cues()["conditional_aux"]
               for c in verb.children)


def is_hypothetical(doc: Doc, trig: Trigger) -> bool:
    return bool(auxiliaries(doc, trig) & cues()["hypothetical_aux"])


def threat_code(code: str) -> str | None:
    """The THREATEN code of announcing a conflictual act (``163`` sanctions -> ``1312``)."""
    table = cues_raw().get("threat_codes", {})
    for n in range(len(code), 0, -1):
        if code[:n] in table:
            return str(table[code[:n]])
    return None


@functools.cache
def cues_raw() -> dict[str, Any]:
    raw: dict[str, Any] = yaml.safe_load(
        (DATA_DIR / "lexicons" / "modality.yaml").read_text(encoding="utf-8"))
    return raw


def under_threat_verb(doc: Doc, trig: Trigger) -> bool:
    """The event is the content of "warned that ...", "threatened to ..."."""
    verbs = cues()["threat_verbs"]
    cur = doc[trig.anchor]
    for _ in range(4):
        if cur.head.i == cur.i:
            return False
        if cur.dep_ in ("ccomp", "xcomp") and cur.head.lemma_.lower() in verbs:
            return True
        cur = cur.head
    return False


def _either_way(t: Token) -> bool:
    """"may or may not be removed", "will or will not": both outcomes, no negation."""
    aux = [c.lower_ for c in t.children if c.dep_ in ("aux", "auxpass")]
    if any(c.dep_ == "cc" and c.lower_ == "or" for c in t.children) and \
            len(aux) > len(set(aux)):
        return True
    # parsed as "[which may] or [may not be removed]"
    return t.dep_ == "conj" and t.head.pos_ == "AUX" and t.head.lower_ in aux and \
        any(c.dep_ == "cc" and c.lower_ == "or" for c in t.head.children)


def is_negated(doc: Doc, trig: Trigger) -> bool:
    neg = cues()["negation"]
    for t in _verb_chain(doc, trig):
        if _either_way(t):
            continue
        for c in t.children:
            if c.dep_ == "advmod" and c.lower_ == "longer" and \
                    any(x.lower_ == "no" for x in c.children):
                return True  # "will no longer be interested in such dialogue"
            if c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") or \
                    (c.dep_ == "advmod" and c.lower_ == "never"):
                if c.lower_ in neg or c.dep_ == "neg":
                    return True
    return False


def becomes_reject(doc: Doc, trig: Trigger, type_: str | None) -> bool:
    """A negated acceptance or intent is a refusal."""
    if type_ in ("AGREE", "CONCEDE"):
        return True
    lem = {doc[trig.anchor].lemma_.lower(), doc[trig.head].lemma_.lower()}
    return bool(lem & cues()["negated_becomes_reject"])


def reject_code(code: str) -> str:
    """The REJECT code of refusing an event of ``code``."""
    if code.startswith(("036", "04", "026", "106")):
        return "125"
    if code.startswith(("037", "057")):
        return "127"
    if code.startswith(("035", "08")):
        return "124"
    if code.startswith(("031", "06")):
        return "121"
    return "120"


def modality(doc: Doc, trig: Trigger, type_: str | None) -> str:
    c = cues()
    if type_ in c["verbal_types"]:
        return "asserted"
    if type_ == "AGREE" or trig.intent:
        return "intended"
    aux = auxiliaries(doc, trig)
    if aux & c["future_aux"]:
        return "intended"
    if aux & c["hypothetical_aux"]:
        return "hypothetical"
    head = doc[trig.head]
    # "is going to", "plans to", "is set to" on the head verb
    if head.dep_ == "xcomp" and head.head.lemma_.lower() in ("go", "set", "due"):
        return "intended"
    return "asserted"
