"""Blockers: standing acts that forbid talks (a decree, a law, a ban).

"Zelensky had enacted a decree prohibiting himself from negotiating with Putin" is a REJECT
event (125, refuse to negotiate) whose ``blocker`` records the act; a later sentence about the
same act ("This legislation is still in effect, as confirmed by Foreign Minister Andrey Sibiga
earlier this month") sets ``in_effect``, ``confirmed_by`` and ``confirmed``; "the decree was
lifted" sets ``in_effect`` to False. Words are data (``data/lexicons/blockers.yaml``).

Example ``Blocker``::

    {"text": "a decree prohibiting himself from negotiating with Putin", "since": "2022",
     "in_effect": true, "confirmed_by": {"name": "Andrey Sibiga", ...}, "confirmed": "2025-01"}
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml
from spacy.tokens import Doc, Span, Token

from parley.config import DATA_DIR
from parley.extract.triggers import doc_index
from parley.records import ActorRef, Blocker


@functools.cache
def words() -> dict[str, frozenset[str]]:
    raw: dict[str, Any] = yaml.safe_load(
        (DATA_DIR / "lexicons" / "blockers.yaml").read_text(encoding="utf-8"))
    return {k: frozenset(v) for k, v in raw.items()}


@dataclass
class Act:
    """A standing act found in a sentence."""

    act: int  # the act noun ("decree")
    forbid: int  # the forbidding verb ("prohibiting")
    talk: int  # the forbidden talks ("negotiating")
    start: int  # token span of the blocker text
    end: int
    lifted: bool = False  # "lifted the ban on talks"


def find_acts(sent: Span) -> list[Act]:
    w = words()
    out = []
    index = doc_index(sent.doc)
    for k in range(sent.start, sent.end):
        if index.lemma[k] not in w["acts"] or index.pos[k] not in ("NOUN", "PROPN"):
            continue
        tok = sent.doc[k]
        for forbid in tok.children:
            if forbid.dep_ not in ("acl", "relcl") or forbid.lemma_.lower() not in w["forbid_verbs"]:
                continue
            talk = next((t for t in forbid.subtree if t.lemma_.lower() in w["talk_words"]), None)
            if talk is None:
                # "a decree barring the army from negotiating": the parser may attach the
                # from-phrase to the verb that governs the act; take the next few words
                gov = tok.head
                talk = next((t for t in gov.subtree if forbid.i < t.i <= forbid.right_edge.i + 4
                             and t.lemma_.lower() in w["talk_words"]), None)
            if talk is None:
                continue
            end = talk.i + 1
            for c in talk.children:  # "negotiating with Putin"
                if c.dep_ == "prep" and c.lower_ in ("with", "to"):
                    end = max(end, c.right_edge.i + 1)
            start = tok.left_edge.i
            out.append(Act(tok.i, forbid.i, talk.i, start, end))
    return out


def _refers_to_act(tok: Token) -> bool:
    w = words()
    return tok.lemma_.lower() in w["acts"] or tok.lower_ in ("it", "this", "that")


def status(doc: Doc, act: Act, actor_of: Callable[[Token], ActorRef | None],
           date_of: Callable[[list[Token]], str | None]) -> dict[str, Any]:
    """``in_effect``, ``confirmed_by`` and ``confirmed`` from the act's sentence and the next
    two sentences that speak of it."""
    w = words()
    sent = doc[act.act].sent
    sents = [sent]
    nxt = sent.end
    while nxt < len(doc) and len(sents) < 3:
        s = doc[nxt].sent
        sents.append(s)
        nxt = s.end
    out: dict[str, Any] = {}
    for s in sents:
        for tok in s:
            if s is not sent and tok.dep_ in ("nsubj", "nsubjpass") and _refers_to_act(tok):
                head = tok.head
                effect = any(t.lemma_.lower() in w["in_effect_words"] for t in head.subtree
                             if t.dep_ in ("pobj", "acomp", "attr") and t.head.i != tok.i)
                lifted = head.lemma_.lower() in w["lifted_verbs"]
                negated = any(c.dep_ == "neg" for c in head.children)
                if effect:
                    out["in_effect"] = not negated
                elif lifted:
                    out["in_effect"] = negated
                else:
                    continue
                for c in head.subtree:
                    if c.lemma_.lower() in w["confirm_verbs"] and c.pos_ == "VERB":
                        agent = [a for a in c.children if a.dep_ in ("agent", "nsubj")]
                        for a in agent:
                            target = a
                            if a.dep_ == "agent":
                                pobj = [p for p in a.children if p.dep_ == "pobj"]
                                if not pobj:
                                    continue
                                target = pobj[0]
                            ref = actor_of(target)
                            if ref is not None:
                                out["confirmed_by"] = ref
                                out["confirmed"] = date_of([c])
                                break
                return out
    return out


def blocker_for(doc: Doc, act: Act, since: str | None,
                actor_of: Callable[[Token], ActorRef | None],
                date_of: Callable[[list[Token]], str | None]) -> Blocker:
    st = status(doc, act, actor_of, date_of)
    return Blocker(text=doc[act.start:act.end].text, since=since,
                   in_effect=st.get("in_effect"), confirmed_by=st.get("confirmed_by"),
                   confirmed=st.get("confirmed"))
