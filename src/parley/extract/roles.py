"""Source and target of an event, read from the dependency tree.

``roles_for(doc, trigger_span) -> (source, target)`` gives the actor mentions (from
``doc._.actors``, see :mod:`parley.nlp.actors`) that act and are acted upon:

- source: the subject of the trigger's clause ("Russia attacked ..."), the agent of a passive
  ("... was attacked by Russia"), the possessor or by-phrase of a nominal trigger ("Trump's
  willingness", "an attack by Russia"), a nationality adjective on it ("a Russian attack"), or the
  subject of the governing clause for complements and nominal triggers ("Zelensky has indicated
  willingness to engage in negotiations with Putin": Zelensky);
- target: the object, the subject of a passive, or the object of with/to/against/on/at/from/
  toward/into/of ("talks with Putin", "sanctions against Iran", "guarantees from Trump"),
  searched below the trigger without entering conditions ("contingent upon ...") or other clauses.
  With conjoined subjects and no other target ("Trump and Kim met"), the second is the target.
Pronoun subjects come back resolved, as the actor component resolved them.

``tag_roles(doc) -> [(start_char, end_char, "S"|"T"|"R")]`` marks, for the main event of each
sentence, the full noun phrases of its source and target ("a car bomb", "another ethnic
Chechen"), or both as R for a meeting ("Trump will meet Macron"): the CoNLL role format of
``parley.evaluate.conll``.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from parley.nlp.actors import ActorMention, actor_at, load_dictionary, mentions_in
from parley.records import ActorRef

__all__ = ["np_span", "predicate_roles", "role_lists", "roles_for", "tag_roles"]

TARGET_PREPS: tuple[str, ...] = ("with", "against", "to", "on", "toward", "towards", "at",
                                 "into", "from", "for", "about", "over", "of")
VERB_TARGET_PREPS = TARGET_PREPS[:-1]
# children never searched for a target: other clauses, conditions, the subject side
BLOCKED_DEPS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "ccomp", "advcl", "relcl",
                "parataxis", "mark", "agent", "punct", "cc", "conj", "expl", "aux", "auxpass",
                "neg", "advmod", "npadvmod", "appos"}
CONDITION_WORDS = {"contingent", "conditional", "dependent", "subject", "provided", "providing",
                   "if", "unless", "before", "after", "once", "until", "whether", "while",
                   "upon", "conditioned", "conditions", "condition", "provision"}
SPEECH_VERBS = {"say", "tell", "talk", "speak", "state", "announce", "claim", "add", "insist", "report",
                "declare", "warn", "write", "confirm", "note", "stress", "believe", "think",
                "argue", "suggest", "reiterate", "allege", "deny", "indicate", "acknowledge"}
# verbs of moving forces or measures: the place they leave or apply to is the target
PLACE_VERBS = {"withdraw", "pull", "evacuate", "lay", "deploy", "station", "extend", "impose",
               "lift", "ease", "relax", "remove", "return", "move", "redeploy", "reduce"}
# verbs of giving: the recipient (to/for) is the target, not the thing given
GIVE_VERBS = {"give", "provide", "donate", "send", "supply", "offer", "grant", "deliver",
              "allocate", "contribute", "hand", "transfer", "pledge", "extend", "sell", "ship",
              "lend", "award", "dispatch", "export", "disburse", "channel"}
# verbs whose complement clause's subject is the one addressed
ADDRESS_VERBS = {"suggest", "propose", "demand", "urge", "ask", "want", "request", "recommend",
                 "insist", "call", "press", "pressure", "push", "encourage", "invite", "allow",
                 "order", "expect", "need", "require", "tell", "warn", "advise", "beg"}
# joint acts: conjoined parties (or a with-partner) are reciprocal, not source and target
RECIPROCAL_VERBS = {"agree", "sign", "share", "cooperate", "negotiate", "meet", "talk",
                    "conclude", "reach", "exchange", "undertake", "hold", "conduct", "collaborate",
                    "partner", "ink", "trade", "discuss", "establish", "resume", "normalize",
                    "normalise", "restore"}
MEET_VERBS = {"meet", "talk", "gather", "negotiate", "confer", "converse", "consult"}
MEET_NOUNS = {"talk", "talks", "meeting", "meetings", "negotiation", "negotiations",
              "discussion", "discussions", "consultation", "consultations", "summit"}
CLIMB_DEPS = {"xcomp", "acl", "dobj", "pobj", "prep", "attr", "acomp", "pcomp", "oprd",
              "advcl", "amod", "nmod", "compound", "appos", "dative", "conj"}


# --- noun phrases -------------------------------------------------------------------------------

def np_span(tok: Token, split_conj: bool = True) -> tuple[int, int]:
    """Token range [start, end) of the noun phrase headed by ``tok``: its subtree without
    relative, infinitival and that-clauses, without its conjuncts (when ``split_conj``), without
    a leading possessive pronoun and edge punctuation; appositions stay ("his counterpart,
    Michel Aoun")."""
    doc = tok.doc
    drop: set[int] = set()
    for c in tok.children:
        clause = c.dep_ in ("relcl", "ccomp") or c.dep_ == "acl" and (
            any(x.dep_ in ("aux", "mark") for x in c.children) or c.i > tok.i + 1 and
            doc[c.i - 1].text == ",")
        if clause or split_conj and c.dep_ in ("conj", "cc"):
            drop.update(t.i for t in c.subtree)
            if c.i > 0 and doc[c.i - 1].text == "," and c.i - 1 > tok.i:
                drop.add(c.i - 1)
        if c.dep_ == "cc" and split_conj or c.dep_ == "preconj":
            drop.add(c.i)
        if c.dep_ == "prep" and c.i > tok.i and any(
                x.dep_ == "pobj" and x.ent_type_ in ("DATE", "TIME") for x in c.children):
            drop.update(t.i for t in c.subtree)  # "refugees in May": not part of the actor
    start = tok.left_edge.i
    end = tok.i + 1
    for t in tok.subtree:
        if t.i > tok.i:
            if t.i in drop:
                break
            end = t.i + 1
    while start < tok.i and (start in drop or doc[start].is_punct or
                             doc[start].tag_ == "PRP$"):
        start += 1
    while end - 1 > tok.i and (doc[end - 1].is_punct and doc[end - 1].text not in (")",)
                               or doc[end - 1].dep_ == "cc"):
        end -= 1
    return start, end


def _conjuncts(tok: Token) -> list[Token]:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj":
            out.extend(_conjuncts(c))
    return out


# --- predicates ---------------------------------------------------------------------------------

def _subject(verb: Token) -> tuple[list[Token], list[Token]]:
    """(source heads, passive target heads) of a verb's own clause."""
    agent = [p for a in verb.children if a.dep_ == "agent" for p in a.children
             if p.dep_ == "pobj"]
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    passive = [c for c in verb.children if c.dep_ in ("nsubjpass", "csubjpass")]
    if agent:
        return agent, passive
    if subj:
        return subj, []
    return [], passive


def _nominal_source(noun: Token) -> list[Token]:
    for c in noun.children:
        if c.dep_ == "poss":
            return [c]
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "by":
            return [p for p in c.children if p.dep_ == "pobj"]
    return []


def _source_heads(tok: Token) -> tuple[list[Token], list[Token]]:
    """Source heads for a trigger, climbing from complements and nominal triggers to the
    governing clause; also the passive target found on the way."""
    cur = tok
    path: set[int] = {tok.i}
    for _ in range(8):
        if cur.pos_ in ("NOUN", "PROPN"):
            src = _nominal_source(cur)
            if src:
                return src, []
        elif cur.pos_ in ("VERB", "AUX", "ADJ"):
            src, passive = _subject(cur)
            src = [s for s in src if s.i not in path]
            if src or passive:
                return src, passive
        if cur.dep_ == "relcl":  # "the group that attacked ...": the group
            return [cur.head], []
        if cur.dep_ == "ROOT" or cur.head.i == cur.i:
            break
        if cur.dep_ == "ccomp" or cur.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in CONDITION_WORDS for c in cur.children):
            break
        if cur.dep_ not in CLIMB_DEPS and cur.dep_ not in ("nsubj", "nsubjpass"):
            break
        cur = cur.head
        path.add(cur.i)
    return [], []


def _blocked(c: Token) -> bool:
    return c.dep_ in BLOCKED_DEPS or c.lower_ in CONDITION_WORDS


def _target_heads(tok: Token, exclude: set[int], max_depth: int = 5) -> list[Token]:
    """Target heads below a trigger: best-ranked (objects first, then with/against/... in the
    order of TARGET_PREPS), nearest first."""
    cands: list[tuple[int, int, int, Token]] = []

    def visit(t: Token, depth: int, rank: int) -> None:
        if depth > max_depth:
            return
        for c in t.children:
            if _blocked(c) or c.i in exclude:
                continue
            r = rank
            if c.dep_ == "prep":
                low = c.lower_
                preps = TARGET_PREPS if t.pos_ in ("NOUN", "PROPN") else VERB_TARGET_PREPS
                # other prepositions ("engage in negotiations with X") are passed through
                r = min(rank, 2 + preps.index(low)) if low in preps else 50
            elif c.dep_ in ("dobj", "dative", "iobj"):
                # a direct object of the trigger first; objects further down after the
                # with/against/to phrases ("barring the army from negotiating with X")
                r = 1 if depth == 0 else (10 if rank == 1 or rank >= 50 else rank)
            if c.pos_ in ("NOUN", "PROPN", "PRON") and (
                    c.dep_ == "pobj" and r < 50 or c.dep_ in ("dobj", "dative", "iobj")):
                cands.append((r, depth, c.i, c))
            visit(c, depth + 1, r)

    if tok.lemma_ in ADDRESS_VERBS:  # "suggested that the U.S. sign", "wanted Iran to slash"
        for c in tok.children:
            if c.dep_ in ("ccomp", "xcomp"):
                for x in c.children:
                    if x.dep_ in ("nsubj", "nsubjpass") and x.i not in exclude:
                        cands.append((1, 0, x.i, x))
    visit(tok, 0, 50)
    cands.sort(key=lambda x: (x[0], x[1], x[2]))
    return [c[3] for c in cands]


def predicate_roles(trigger: Token) -> tuple[list[Token], list[Token]]:
    """(source heads, target heads) of a trigger token, in order of preference."""
    src, passive = _source_heads(trigger)
    exclude = {t.i for s in src for t in s.subtree}
    targets = list(passive) + _target_heads(trigger, exclude)
    return src, targets


# --- actor mentions -----------------------------------------------------------------------------

def _state_adjective(doc: Doc, tok: Token) -> ActorMention | None:
    """A nationality adjective ("Russian") as the state it names, or None."""
    d = load_dictionary()
    for eid, _kind in d.candidates(tok.lower_):
        e = d.entries.get(eid)
        if e is not None and e.kind == "state":
            ref = ActorRef(name=e.name, country=e.country, sector="GOV", id=e.id,
                           mention=tok.text, span=(tok.idx, tok.idx + len(tok.text)))
            return ActorMention(tok.i, tok.i + 1, tok.idx, tok.idx + len(tok.text), tok.text,
                                ref, "country", None, e.id, None, None, True)
    return None


def mention_in(doc: Doc, tok: Token) -> ActorMention | None:
    """The actor mention of the phrase headed by ``tok``: the mention covering it, or one on a
    modifier: an apposition ("Russia's foreign minister, Sergei Lavrov"), a possessor or compound
    ("the Hamas leader"), an of-phrase ("the leader of Hamas"), or an unknown proper noun."""
    m = actor_at(doc, tok.i)
    if m is not None:
        return m
    for deps in (("appos",), ("compound", "poss", "nmod", "amod")):  # a named person first
        for c in tok.children:
            if c.dep_ in deps and c.i != tok.i:
                m = actor_at(doc, c.i)
                if m is not None:
                    return m
    if tok.pos_ == "NOUN":
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for p in c.children:
                    if p.dep_ == "pobj":
                        m = actor_at(doc, p.i)
                        if m is not None:
                            return m
    if tok.pos_ == "PROPN" and tok.text[:1].isupper() and tok.ent_type_ not in _NOT_ACTOR_ENTS \
            and tok.ent_type_ not in ("LOC", "FAC", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT"):
        return _unknown_name(doc, tok)
    return None


def _unknown_name(doc: Doc, tok: Token) -> ActorMention:
    """An actor the dictionary and the NER missed, named by a proper noun phrase ("the Clan
    del Golfo"): the head with its compound and flat modifiers."""
    parts = [c for c in tok.children if c.dep_ in ("compound", "flat") and c.i < tok.i]
    start = min([tok.i, *(t.left_edge.i for t in parts)])
    while start < tok.i and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    span = doc[start:tok.i + 1]
    ref = ActorRef(name=span.text, country=None, sector=None, id=None, mention=span.text,
                   span=(span.start_char, span.end_char))
    return ActorMention(span.start, span.end, span.start_char, span.end_char, span.text, ref,
                        "name", None, None, None, None, True)


def _same(a: ActorMention | None, b: ActorMention | None) -> bool:
    if a is None or b is None:
        return False
    return a.ref.name == b.ref.name


def role_lists(doc: Doc, trigger_span: Span) -> tuple[list[ActorMention], list[ActorMention]]:
    """All source and target mentions of an event (conjuncts included), best first."""
    root = trigger_span.root
    src_heads, tgt_heads = predicate_roles(root)
    sources: list[ActorMention] = []
    for h in src_heads:
        for c in _conjuncts(h):
            m = mention_in(doc, c)
            if m is not None and not any(_same(m, x) for x in sources):
                sources.append(m)
    if not sources and root.pos_ == "NOUN":
        for c in root.children:  # "a Russian attack"
            if c.dep_ in ("amod", "compound") and c.i < root.i:
                m = actor_at(doc, c.i) or _state_adjective(doc, c)
                if m is not None:
                    sources.append(m)
                    break
    targets: list[ActorMention] = []
    for h in tgt_heads:
        for c in _conjuncts(h):
            m = mention_in(doc, c)
            if m is None or any(_same(m, x) for x in sources + targets):
                continue
            if m.ref.sector == "MED" and c.head.lemma_ in SPEECH_VERBS:
                continue  # "told CNN": the audience, not the target
            targets.append(m)
    if not targets and len(sources) > 1:
        targets = sources[1:]
        sources = sources[:1]
    return sources, targets


def roles_for(doc: Doc, trigger_span: Span) -> tuple[ActorMention | None, ActorMention | None]:
    """(source, target) actor mentions of the event whose trigger is ``trigger_span``."""
    if not mentions_in(doc):
        return None, None
    sources, targets = role_lists(doc, trigger_span)
    return (sources[0] if sources else None), (targets[0] if targets else None)


# --- the CoNLL role tagging ---------------------------------------------------------------------

def _main_predicate(sent: Span) -> tuple[Token | None, Token | None]:
    """(event predicate, speaker predicate) of a sentence. For "X said Y attacked Z" the speaker
    clause is the root and the event the complement; for "Y attacked Z, a monitor said" the
    event comes first and the speaker does not count."""
    root = sent.root
    if root.lemma_ in SPEECH_VERBS:
        comps = [c for c in root.children if c.dep_ in ("ccomp", "parataxis")]
        if comps:
            comp = comps[0]
            if comp.i < root.i:
                return comp, None
            return comp, root
    if root.pos_ not in ("VERB", "AUX"):
        verbs = [c for c in root.children if c.pos_ == "VERB" and c.dep_ in ("acl", "relcl",
                                                                               "conj")]
        if root.pos_ in ("NOUN", "PROPN") and verbs:
            return verbs[0], None
    return root, None


def _actorish(tok: Token) -> bool:
    """Could this noun be an actor (a name, an actor mention, a sector noun)?"""
    if tok.ent_type_ in _NOT_ACTOR_ENTS or tok.like_num or any(
            c.dep_ == "nummod" and c.ent_type_ in ("MONEY", "QUANTITY", "PERCENT")
            for c in tok.children):
        return False
    if tok.pos_ in ("PROPN", "PRON") or tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return True
    if actor_at(tok.doc, tok.i) is not None:
        return True
    return tok.lower_ in load_dictionary().agents or tok.lemma_ in load_dictionary().agents


_NOT_ACTOR_ENTS = {"DATE", "TIME", "CARDINAL", "MONEY", "QUANTITY", "PERCENT", "ORDINAL"}


def _first_pobj(preps: Iterable[Token]) -> list[Token]:
    for p in preps:
        pobj = [x for x in p.children if x.dep_ == "pobj" and x.ent_type_ not in _NOT_ACTOR_ENTS
                and x.lemma_ not in ("day", "week", "month", "year", "time")]
        if pobj:
            return pobj[:1]
    return []


def _actor_in_phrase(noun: Token, max_depth: int = 4) -> list[Token]:
    """The first actor-like object of a preposition inside a non-actor noun phrase, preferring
    target prepositions (on, against, with, to, ...) over of/by/from/in, nearer first."""
    order = (*_OBJ_PREPS, "of", "by", "from", "in", "between")
    found: list[tuple[int, int, int, Token]] = []

    def visit(t: Token, depth: int) -> None:
        if depth > max_depth:
            return
        for c in t.children:
            if c.dep_ in ("relcl", "ccomp", "advcl", "appos", "punct"):
                continue
            if c.dep_ == "prep" and c.lower_ in order:
                for x in c.children:
                    if x.dep_ == "pobj" and _actorish(x):
                        found.append((order.index(c.lower_), depth, x.i, x))
            visit(c, depth + 1)

    visit(noun, 0)
    found.sort(key=lambda f: (f[0] >= len(_OBJ_PREPS), f[1], f[0], f[2]))
    return [found[0][3]] if found else []


_OBJ_PREPS = ("on", "against", "with", "to", "toward", "towards", "at", "into", "about", "for")


def _verb_target(verb: Token, exclude: set[int]) -> list[Token]:
    """Target heads of a verb for the phrase-level tagging."""
    _, passive = _subject(verb)
    if passive:
        return passive
    objs = [c for c in verb.children if c.dep_ in ("dobj", "dative") and c.pos_ != "ADP" and
            c.i not in exclude]
    preps = [c for c in verb.children if c.dep_ in ("prep", "dative") and c.pos_ == "ADP" and
             c.lower_ in VERB_TARGET_PREPS]
    if verb.lemma_ in PLACE_VERBS:  # "withdrew peacekeepers from Rwanda": the place
        for p in [*verb.children, *(x for o in objs for x in o.children)]:
            if p.dep_ == "prep" and p.lower_ in ("from", "in", "into", "out"):
                pobj = [x for x in p.children if x.dep_ == "pobj" and x.ent_type_ in (
                    "GPE", "LOC", "NORP", "FAC")]
                if pobj:
                    return pobj[:1]
    if verb.lemma_ in GIVE_VERBS:  # "donated $1 million to the WFP": the recipient
        inner = _first_pobj(p for p in preps if p.lower_ in ("to", "for"))
        if inner:
            return inner
    for o in objs:
        if not _actorish(o):
            # "launched an assault on X", "held talks with X", "provided training to X",
            # "eased restrictions on X", "accepted the demands of X"
            inner = _actor_in_phrase(o)
            if inner:
                return inner
            inner = _first_pobj(p for p in preps if p.lower_ in _OBJ_PREPS)
            if inner:
                return inner
            for c in o.children:  # "expressed hopes the government will ..."
                if c.dep_ in ("ccomp", "acl"):
                    subj = [x for x in c.children if x.dep_ in ("nsubj", "nsubjpass")]
                    if subj and subj[0].pos_ != "PRON":
                        return subj[:1]
                    # "accepted an invitation to meet with Kim", "a ban imposed on citizens"
                    if c.pos_ == "VERB":
                        inner = _verb_target(c, exclude | {o.i})
                        if inner and inner[0].i != o.i:
                            return inner
        return [o]
    inner = _first_pobj(preps)
    if inner:
        return inner
    for c in verb.children:
        if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX"):
            inner = _verb_target(c, exclude)
            if inner:
                return inner
    for c in verb.children:
        if c.dep_ == "ccomp":
            subj = [s for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]
            if subj and subj[0].pos_ != "PRON":
                return subj[:1]
            inner = _verb_target(c, exclude)
            if inner:
                return inner
    return []


def _is_meeting(verb: Token) -> bool:
    if verb.lemma_ in MEET_VERBS:
        return True
    return verb.lemma_ in ("hold", "have", "conduct", "begin", "start", "open") and any(
        c.dep_ == "dobj" and c.lower_ in MEET_NOUNS for c in verb.children)


def _chain(verb: Token) -> list[Token]:
    """A verb and the verbs of its open complements ("agreed to sign" -> agreed, sign)."""
    out = [verb]
    for c in verb.children:
        if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX"):
            out.extend(_chain(c))
    return out


def _reciprocal(verb: Token, src_heads: list[Token]) -> tuple[bool, list[Token]]:
    """Is this a joint act of its parties ("X and Y agreed to share ...", "X signed an
    agreement with Y")? Returns (reciprocal, the partner heads of a with-phrase)."""
    chain = _chain(verb)
    if not any(v.lemma_ in RECIPROCAL_VERBS for v in chain):
        return False, []
    partners: list[Token] = []
    for v in chain:
        for c in [*v.children, *(x for o in v.children if o.dep_ == "dobj"
                                 for x in o.children)]:
            if c.dep_ == "prep" and c.lower_ == "with":
                partners.extend(x for x in c.children if x.dep_ == "pobj" and _actorish(x))
    plural = any(c.dep_ == "conj" for h in src_heads for c in h.children) or any(
        h.tag_ in ("NNS", "NNPS") and h.lower_ in ("sides", "parties", "countries", "leaders",
                                                  "negotiators") for h in src_heads)
    return bool(partners) or plural, partners


def _spans(heads: Iterable[Token], split_conj: bool = True) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for h in heads:
        for c in (_conjuncts(h) if split_conj else [h]):
            s, e = np_span(c, split_conj)
            if e > s:
                out.append((s, e))
    return out


def tag_roles(doc: Doc) -> list[tuple[int, int, str]]:
    """Source (S), target (T) or reciprocal (R) noun-phrase spans, as character offsets, for
    the main event of each sentence."""
    out: list[tuple[int, int, str]] = []
    for sent in doc.sents:
        pred, speaker = _main_predicate(sent)
        if pred is None:
            continue
        if speaker is not None:
            src_heads, _ = _subject(speaker)
            exclude = {t.i for s in src_heads for t in s.subtree}
            inner = [c for c in pred.children if c.dep_ in ("nsubj", "nsubjpass")]
            if inner and inner[0].pos_ != "PRON":
                tgt_heads = inner[:1]
            else:
                tgt_heads = _verb_target(pred, exclude)
        else:
            src_heads, _ = _subject(pred)
            src_heads = [h for h in src_heads if h.dep_ != "csubj"]
            if not src_heads and pred.dep_ in ("xcomp", "conj", "advcl"):
                src_heads, _ = _subject(pred.head)
            exclude = {t.i for s in src_heads for t in s.subtree}
            tgt_heads = _verb_target(pred, exclude)
        src_heads = [h for h in src_heads if h.tag_ not in ("WDT", "WP")]
        meeting = _is_meeting(pred) or speaker is not None and _is_meeting(speaker)
        joint, partners = (False, []) if meeting or speaker is not None else \
            _reciprocal(pred, src_heads)
        if meeting:
            spans = _spans(src_heads, split_conj=False) + _spans(tgt_heads)
            labels = ["R"] * len(spans)
        elif joint:
            spans = _spans(src_heads, split_conj=False) + _spans(partners[:1])
            labels = ["R"] * len(spans)
        else:
            s_spans = _spans(src_heads)
            t_spans = [x for x in _spans(tgt_heads[:1]) if not any(
                a < x[1] and x[0] < b for a, b in s_spans)]
            spans = s_spans + t_spans
            labels = ["S"] * len(s_spans) + ["T"] * len(t_spans)
        for (s, e), lab in zip(spans, labels, strict=True):
            span = doc[s:e]
            out.append((span.start_char, span.end_char, lab))
    return out
