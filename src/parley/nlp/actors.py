"""Actor recognition and resolution: the ``parley_actors`` spaCy component.

Sets ``doc._.actors: list[ActorMention]``, in text order, one mention per actor reference:

- ``name`` / ``alias``: a dictionary actor ("Ukrainian President Volodymyr Zelensky", "Putin",
  "Hamas"), resolved *as of the article date* ``doc._.published``: the dated roles decide country
  and sector (Donald Trump is USA GOV in 2019 and 2025, a US person without sector in 2022);
- ``country`` / ``metonym``: a state named as a whole or by its capital or seat of government
  ("Russia said", "Moscow", "the Kremlin", "Kyiv") -> name "Russia", RUS, GOV;
- ``agent``: a sector noun with its country ("Ukrainian rebels", "the Israeli military",
  "Foreign Minister Oleh Tarasenko" when the person is unknown: named as written, UKR GOV when
  the text gives the country; "the army" takes the country of the actor just named);
- ``surname``, ``pronoun`` ("he", "she", "they", "it"), ``anaphor`` ("the latter", "the former",
  "the president"): references to an earlier mention in the article, whose actor they take;
  ``antecedent`` points to it.

Example::

    >>> doc = nlp("Ukrainian President Volodymyr Zelensky met Putin. He said ...")
    >>> [(m.text, m.ref.name, m.ref.country, m.ref.sector, m.kind) for m in doc._.actors]
    [('Ukrainian President Volodymyr Zelensky', 'Volodymyr Zelensky', 'UKR', 'GOV', 'name'),
     ('Putin', 'Vladimir Putin', 'RUS', 'GOV', 'surname'),
     ('He', 'Volodymyr Zelensky', 'UKR', 'GOV', 'pronoun')]

The dictionary (``data/actors/actors.json.gz``, built from PETRARCH2's Phoenix dictionaries by
``scripts/build_actor_dictionary.py``, plus the hand-written ``data/actors/current.yaml``) is
loaded once per process; lookup is one walk down a token trie from each token (the answer of
a spaCy PhraseMatcher on LOWER, without the seconds it takes to build one for 30,000 aliases;
see ``ActorDictionary.match``). Among several actors of one alias, the one with a role on the
article's date wins, then the hand-written one, then the most recent. A bare name the NER calls
a person ("Kim" in 2018) is the most prominent office holder of that name on the date.
"""

from __future__ import annotations

import gzip
import json
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from spacy.language import Language
from spacy.strings import hash_string  # type: ignore[attr-defined]
from spacy.tokens import Doc, Span, Token

from parley.config import DATA_DIR
from parley.records import ActorRef

__all__ = ["ActorDictionary", "ActorMention", "Entry", "actor_at", "load_dictionary",
           "mentions_in"]

ACTOR_DIR = DATA_DIR / "actors"

if not Doc.has_extension("actors"):
    Doc.set_extension("actors", default=None)
if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)

PRONOUNS = {
    "he": "m", "him": "m", "his": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
    "they": "group", "them": "group", "their": "group", "themselves": "group",
    "it": "thing", "its": "thing", "itself": "thing",
}
TITLE_TOKENS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sen.", "rep.", "gov.",
                "gen.", "lt.", "col.", "maj.", "sheikh", "ayatollah", "mullah", "prince",
                "king", "queen", "crown", "emir", "pope"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
# sector nouns that name one person (referred to as "he"/"she", not "it"/"they")
PERSON_NOUNS = {"president", "minister", "secretary", "spokesman", "spokeswoman",
                "spokesperson", "official", "leader", "ambassador", "envoy", "chief", "premier",
                "chancellor", "commander", "general", "lawmaker", "senator", "judge",
                "prosecutor", "negotiator", "diplomat", "king", "queen", "prince", "emir",
                "governor", "mayor", "counterpart", "adviser", "advisor", "aide", "director",
                "head", "chairman", "speaker", "officer", "representative", "deputy"}
# offices by prominence, for a bare surname ("Kim" in 2018 is Kim Jong Un)
OFFICE_RANK: tuple[tuple[str, ...], ...] = (
    ("president", "leader", "king", "queen", "emir", "prime minister", "premier", "chancellor",
     "pope", "secretary-general"),
    ("vice president", "foreign minister", "secretary of state", "foreign secretary"),
)


def _office_rank(title: str | None) -> int:
    """0 for heads of state and government, 1 for deputies and foreign ministers, 2 else."""
    if not title:
        return len(OFFICE_RANK)
    deputy = any(w in title for w in ("vice", "deputy", "acting", "former"))
    for r, words in enumerate(OFFICE_RANK):
        if any(w in title for w in words):
            return max(r, 1) if deputy else r
    return len(OFFICE_RANK)


_ISO_DATE = re.compile(r"^\d{4}(-\d{2}){0,2}")
_THE = hash_string("the")
_COUNTRY_NOUNS = frozenset(hash_string(w) for w in ("country", "nation"))
_REF_HASHES = frozenset(hash_string(w) for w in [*PRONOUNS, "the"])
_KOREAS = {"north": "PRK", "south": "KOR"}
# words of a title, not of a name ("Vice Minister", "Deputy Foreign Minister")
_TITLE_WORDS = frozenset(("vice", "deputy", "first", "acting", "former", "interim", "senior",
                          "chief", "assistant", "under", "principal", "special"))
_HALVES = frozenset(hash_string(w) for w in _KOREAS)
_APOSTROPHES = {hash_string("\u2019s"): hash_string("'s"), hash_string("\u2019"): hash_string("'")}


# --- the dictionary ---------------------------------------------------------------------------

Role = tuple[str | None, str | None, str | None, str | None, str | None]


@dataclass
class Entry:
    """One dictionary actor. ``roles``: (country, sector, start, end, title) with ISO dates."""

    id: str
    name: str
    kind: str  # "person" | "state" | "org"
    country: str | None
    sector: str | None
    roles: list[Role]
    gender: str | None = None
    rank: int = 1  # 0: hand-written (current.yaml), 1: converted reference data

    def role_at(self, date: str | None) -> tuple[str | None, str | None, str | None]:
        """(country, sector, title) as of ``date`` (ISO; None = the latest role)."""
        if not self.roles:
            return self.country, self.sector, None
        if date is None:
            best = max(self.roles, key=lambda r: (r[2] or "0000", r[3] or "9999"))
            return best[0], best[1], best[4]
        active = [r for r in self.roles
                  if (r[2] is None or r[2] <= date) and (r[3] is None or date < r[3])
                  and r[1] is not None]
        if active:
            # the most specific: latest start, then bounded over open
            best = max(active, key=lambda r: (r[2] or "0000", r[3] is not None))
            return best[0], best[1], best[4]
        if self.kind != "person":
            return self.country, self.sector, None
        return self.country, None, None

    def active(self, date: str | None) -> bool:
        if date is None or not self.roles:
            return True
        return any((r[2] is None or r[2] <= date) and (r[3] is None or date < r[3])
                   for r in self.roles if r[1] is not None)

    def latest(self) -> str:
        return max(((r[3] or "9999") for r in self.roles), default="0000")


@dataclass
class ActorDictionary:
    entries: dict[str, Entry]
    aliases: dict[str, list[tuple[str, str]]]  # normalised alias -> [(entry id, alias kind)]
    agents: dict[str, str]  # normalised agent phrase -> sector
    surnames: dict[str, list[str]] = field(default_factory=dict)  # surname -> entry ids
    genders: dict[str, str] = field(default_factory=dict)  # first name (lower) -> "m" / "f"
    _tries: tuple[dict[int, Any], dict[int, Any]] | None = None

    def candidates(self, key: str) -> list[tuple[str, str]]:
        return self.aliases.get(key, [])

    def tries(self) -> tuple[dict[int, Any], dict[int, Any]]:
        """Token tries of the names and of the agent nouns, keyed by the 64-bit hashes of the
        lower-cased tokens (as spaCy stores them in ``Doc`` arrays); a node's ``0`` entry is the
        phrase ending there. Built once, on first use."""
        if self._tries is None:
            built: list[dict[int, Any]] = []
            for table in (self.aliases, self.agents):
                root: dict[int, Any] = {}
                for key in table:
                    node = root
                    for w in key.split(" "):
                        node = node.setdefault(hash_string(w), {})
                    node[0] = key
                built.append(root)
            self._tries = (built[0], built[1])
        return self._tries

    def match(self, doc: Doc) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
        """All (start, end, key) of dictionary names and of agent nouns in a Doc.

        One walk down a token trie from each token, on the hashes of the lower-cased forms read
        from the Doc's array (no Token objects made): the same answer as a spaCy PhraseMatcher
        on LOWER, with no matcher to build (building one for 30,000 aliases takes seconds)."""
        names_trie, agents_trie = self.tries()
        hashes: list[int] = doc.to_array("LOWER").tolist() if len(doc) else []
        hashes = [_APOSTROPHES.get(h, h) for h in hashes]
        n = len(hashes)
        names: list[tuple[int, int, str]] = []
        agents: list[tuple[int, int, str]] = []
        for trie, out in ((names_trie, names), (agents_trie, agents)):
            for i, h in enumerate(hashes):
                node = trie.get(h)
                j = i + 1
                while node is not None:
                    key = node.get(0)
                    if key is not None:
                        out.append((i, j, key))
                    if j >= n:
                        break
                    node = node.get(hashes[j])
                    j += 1
        return names, agents


_TOKEN_RE = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:[.'\u2019-][A-Za-z0-9\u00C0-\u024F]+)*\.?"
                       r"|[^\sA-Za-z0-9]")


def normalise(text: str) -> str:
    """An alias as the space-joined lower-cased tokens spaCy's English tokenizer gives it
    (an approximation good for names: "U.S." stays one token, "Russia's" splits "'s")."""
    text = text.strip().lower().replace("\u2019", "'")
    out: list[str] = []
    for tok in _TOKEN_RE.findall(text):
        if tok.endswith("'s") and len(tok) > 2:
            out.extend([tok[:-2], "'s"])
        elif tok.endswith(".") and tok.count(".") == 1 and len(tok) > 2 and not re.match(
                r"^(mr|mrs|ms|dr|st|jr|sr|gen|sen|gov|rep|lt|col|maj|no)\.$", tok):
            out.extend([tok[:-1], "."])
        else:
            out.append(tok)
    return " ".join(out)


def _date(value: Any) -> str | None:
    return None if value is None else str(value)[:10]


def load_dictionary(directory: Path | None = None, tokenizer: Any = None) -> ActorDictionary:
    """The actor dictionary (cached per process). ``tokenizer`` (a spaCy tokenizer) splits the
    hand-written aliases as the pipeline will; without it a close approximation is used."""
    return _load(str(directory or ACTOR_DIR), tokenizer)


_CACHE: dict[str, ActorDictionary] = {}


def _load(directory: str, tokenizer: Any) -> ActorDictionary:
    if directory in _CACHE:
        return _CACHE[directory]
    base = Path(directory)
    entries: dict[str, Entry] = {}
    aliases: dict[str, list[tuple[str, str]]] = {}
    path = base / "actors.json.gz"
    if path.exists():
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
        for eid, name, kind, country, sector, roles, keys in data["actors"]:
            entries[eid] = Entry(eid, name, kind, country, sector,
                                 [(r[0], r[1], r[2], r[3], None) for r in roles], None, 1)
            akind = "country" if kind == "state" else "alias"
            for k in keys:
                lst = aliases.get(k)
                if lst is None:
                    aliases[k] = [(eid, akind)]
                else:
                    lst.append((eid, akind))
    agents: dict[str, str] = {}
    apath = base / "agents.json"
    if apath.exists():
        agents = json.loads(apath.read_text("utf-8"))
    surnames: dict[str, list[str]] = {}
    cpath = base / "current.yaml"
    if cpath.exists():
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        cur = yaml.load(cpath.read_text("utf-8"), Loader=loader) or {}
        if tokenizer is not None:
            def norm(text: str) -> str:
                return " ".join(t.lower_ for t in tokenizer(text.replace("\u2019", "'")))
        else:
            norm = normalise
        _merge_current(cur, entries, aliases, surnames, norm)
    for key, sector in list(agents.items()):  # agent words that are actor names stay names
        if key in aliases and sector:
            del agents[key]
    if cpath.exists():
        for phrase, sector in (cur.get("agents") or {}).items():
            key = norm(str(phrase))
            agents[key] = sector  # hand-written sector nouns win over converted names
            if key in aliases and all(entries[e].rank > 0 for e, _ in aliases[key]
                                      if e in entries):
                del aliases[key]
    genders: dict[str, str] = {}
    if cpath.exists():
        for g, names in (cur.get("first_names") or {}).items():
            for first in names or []:
                genders.setdefault(str(first).lower(), str(g))
    result = ActorDictionary(entries, aliases, agents, surnames, genders)
    _CACHE[directory] = result
    return result


def _claim(aliases: dict[str, list[tuple[str, str]]], key: str, eid: str, kind: str,
           claimed: set[str]) -> None:
    """current.yaml owns its aliases: the first hand-written claim drops converted ones."""
    if not key:
        return
    if key not in claimed:
        aliases[key] = []
        claimed.add(key)
    if (eid, kind) not in aliases[key]:
        aliases[key].append((eid, kind))


def _merge_current(cur: dict[str, Any], entries: dict[str, Entry],
                   aliases: dict[str, list[tuple[str, str]]],
                   surnames: dict[str, list[str]], normalise: Any) -> None:
    claimed: set[str] = set()
    redirect: dict[str, str] = {}  # converted person id -> hand-written person id
    for iso3, info in (cur.get("states") or {}).items():
        old = entries.get(iso3)
        entries[iso3] = Entry(iso3, info["name"], "state", iso3, "GOV", [], None, 0)
        _claim(aliases, normalise(info["name"]), iso3, "country", claimed)
        for a in info.get("aliases") or []:
            _claim(aliases, normalise(a), iso3, "metonym", claimed)
        if old is None:
            continue
    for org in cur.get("orgs") or []:
        eid = re.sub(r"[^A-Z0-9]+", "_", org["name"].upper()).strip("_")
        roles: list[Role] = [(r[0], r[1], _date(r[2]), _date(r[3]), None)
                             for r in org.get("roles") or []]
        entries[eid] = Entry(eid, org["name"], "org", org.get("country"), org.get("sector"),
                             roles, None, 0)
        for a in [org["name"], *(org.get("aliases") or [])]:
            _claim(aliases, normalise(a), eid, "name" if a == org["name"] else "alias", claimed)
    for p in cur.get("persons") or []:
        eid = re.sub(r"[^A-Z0-9]+", "_", p["name"].upper()).strip("_")
        proles: list[Role] = [(r[0], r[1], _date(r[2]), _date(r[3]),
                               r[4] if len(r) > 4 else None) for r in p.get("roles") or []]
        entries[eid] = Entry(eid, p["name"], "person", p.get("country"), None, proles,
                             p.get("g"), 0)
        for a in [p["name"], *(p.get("aliases") or [])]:
            key = normalise(a)
            if key not in claimed:  # the converted person of this name is this person
                for prev_id, _ in aliases.get(key, []):
                    prev = entries.get(prev_id)
                    if prev_id != eid and prev is not None and prev.kind == "person" and \
                            prev.rank > 0 and " " in key:
                        redirect[prev_id] = eid
            _claim(aliases, key, eid, "name" if a == p["name"] else "alias", claimed)
        surname = p.get("surname", p["name"].split()[-1]) if "surname" in p \
            else p["name"].split()[-1]
        for tok in {p["name"].split()[0], p["name"].split()[-1]}:
            if len(tok) > 1 and tok[:1].isupper() and tok.lower() not in TITLE_TOKENS:
                surnames.setdefault(tok.lower(), []).append(eid)
        if surname:
            key = normalise(surname)
            if key not in claimed or all(k == "surname" for _, k in aliases.get(key, [])):
                _claim(aliases, key, eid, "surname", claimed)
    # every other alias of a converted person now known by hand goes to the hand-written entry
    # ("foreign minister sergey lavrov" -> Sergei Lavrov, not a second Lavrov)
    if redirect:
        for key, cands in aliases.items():
            if any(e in redirect for e, _ in cands):
                merged: list[tuple[str, str]] = []
                for e, kind in cands:
                    pair = (redirect.get(e, e), kind)
                    if pair not in merged:
                        merged.append(pair)
                aliases[key] = merged
        for gone in redirect:
            entries.pop(gone, None)


# --- mentions -----------------------------------------------------------------------------------

@dataclass(eq=False)
class ActorMention:
    """One reference to an actor in a Doc (token and char offsets, the resolved actor)."""

    start: int  # token offsets, end exclusive
    end: int
    start_char: int
    end_char: int
    text: str
    ref: ActorRef
    kind: str  # name | alias | agent | country | metonym | pronoun | surname | anaphor
    antecedent: ActorMention | None = None
    entry_id: str | None = None
    gender: str | None = None  # "m", "f" or None
    title: str | None = None  # "president", "foreign minister", ...
    group: bool = False  # a state, organisation or plural agent (referred to as "they"/"it")

    @property
    def is_reference(self) -> bool:
        return self.antecedent is not None

    def span(self, doc: Doc) -> Span:
        return doc[self.start:self.end]


def mentions_in(doc: Doc) -> list[ActorMention]:
    actors = doc._.actors
    return list(actors) if actors else []


def actor_at(doc: Doc, token_i: int) -> ActorMention | None:
    """The actor mention covering token ``token_i`` (None when there is none)."""
    for m in mentions_in(doc):
        if m.start <= token_i < m.end:
            return m
    return None


def _cap(tok: Token) -> bool:
    return not tok.text[:1].islower()


class ActorRecognizer:
    """The ``parley_actors`` component (see the module docstring)."""

    def __init__(self, nlp: Language, name: str = "parley_actors",
                 directory: str | None = None) -> None:
        self.name = name
        self.dictionary = load_dictionary(Path(directory) if directory else None,
                                          nlp.tokenizer)
        self.vocab = nlp.vocab

    def __call__(self, doc: Doc) -> Doc:
        doc._.actors = self.find(doc)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    # -- recognition ---------------------------------------------------------------------------
    def find(self, doc: Doc) -> list[ActorMention]:
        d = self.dictionary
        date = doc._.published
        date = str(date)[:10] if date and _ISO_DATE.match(str(date)) else None
        name_hits, agent_hits = d.match(doc)
        hashes: list[int] = doc.to_array("LOWER").tolist() if len(doc) else []
        starts = [sent.start for sent in doc.sents] if doc.has_annotation("DEP") or \
            doc.has_annotation("SENT_START") else [0]
        name_spans = self._name_spans(doc, name_hits)
        agent_keys = {(s, e): k for s, e, k in agent_hits}
        agent_spans = sorted(agent_keys, key=lambda x: (x[0], -x[1]))
        taken = [False] * len(doc)
        mentions: list[ActorMention] = []
        country_at: dict[int, tuple[int, str]] = {}  # token -> (end, iso3) of a state name
        # 1. dictionary names (longest first); states are placed after agents and titles,
        # which may absorb them ("U.S. President Donald Trump", "Russia's military")
        states: list[tuple[int, int, Entry, str]] = []
        state_taken = [False] * len(doc)
        for start, end, cands in name_spans:
            if any(taken[start:end]) or any(state_taken[start:end]):
                continue
            entry, kind = self._choose(cands, date, doc, mentions)
            if entry is None:
                continue
            if entry.kind == "state":
                for i in range(start, end):
                    country_at[i] = (end, entry.id)
                    state_taken[i] = True
                states.append((start, end, entry, kind))
                continue
            m = self._mention(doc, start, end, entry, kind, date)
            for i in range(start, end):
                taken[i] = True
            mentions.append(m)
        # 1b. "the country" names the last state named before it
        for i in self._country_anaphors(doc, hashes, states, taken, state_taken):
            iso = next(st[2].id for st in states if st[0] == i)
            for j in range(i, i + 2):
                state_taken[j] = True
                country_at[j] = (i + 2, iso)
        # 2. extend person mentions over titles on the left ("U.S. President Donald Trump")
        agent_spans = _maximal(agent_spans)
        agent_at: dict[int, tuple[int, int]] = {}
        for s, e in agent_spans:
            for i in range(s, e):
                agent_at.setdefault(i, (s, e))
        for m in mentions:
            if m.kind in ("name", "alias", "surname") and \
                    d.entries[m.entry_id or ""].kind == "person":
                self._extend_left(doc, m, agent_at, country_at, taken,
                                  _sent_start(starts, m.start))
        # 3. agents (with their country) for what is left
        persons = frozenset(i for m in mentions if not m.group for i in range(m.start, m.end))
        for s, e in agent_spans:
            if any(taken[s:e]) or all(state_taken[s:e]):
                continue
            if self._extend_org(doc, s, e, mentions, taken):
                continue
            m2 = self._agent_mention(doc, s, e, agent_keys[(s, e)], country_at, taken,
                                     _sent_start(starts, s), persons)
            if m2 is not None:
                mentions.append(m2)
        # 3b. states named as a whole
        for start, end, entry, kind in states:
            if any(taken[start:end]) or self._adjectival(doc, start, end):
                continue  # absorbed, or "Russian oil": an adjective, not an actor
            m = self._mention(doc, start, end, entry, kind, date)
            for i in range(start, end):
                taken[i] = True
            mentions.append(m)
        # 3c. "the North", "the South": the two Koreas, in an article about either
        mentions.extend(self._korean_halves(doc, hashes, states, taken, date))
        # 4. unknown named actors from the NER
        for ent in doc.ents:
            if ent.label_ not in ("PERSON", "ORG", "NORP", "GPE") or any(
                    taken[ent.start:ent.end]):
                continue
            m3 = self._ner_mention(doc, ent, mentions, date)
            if m3 is not None:
                for i in range(m3.start, m3.end):
                    taken[i] = True
                mentions.append(m3)
        # 4b. surnames of persons named earlier, whatever the NER made of them
        mentions.sort(key=lambda x: x.start)
        mentions.extend(self._surnames(doc, mentions, taken, hashes))
        # 5. references: pronouns, "the latter/former", "the president"
        mentions.sort(key=lambda x: x.start)
        refs = self._references(doc, mentions, taken, agent_spans, hashes, starts)
        mentions.extend(refs)
        mentions.sort(key=lambda x: x.start)
        return mentions

    def _name_spans(self, doc: Doc, hits: list[tuple[int, int, str]]
                    ) -> list[tuple[int, int, list[tuple[str, str]]]]:
        spans = []
        for s, e, key in hits:
            span = doc[s:e]
            if not _cap(span[0]):
                continue
            if e - s == 1 and len(span.text) <= 3 and not span.text.isupper():
                continue  # "us", "Un", "It"
            if e - s == 1 and span[0].pos_ in ("PRON", "DET", "ADP", "AUX", "VERB", "CCONJ"):
                continue
            cands = self.dictionary.candidates(key)
            if e - s == 1 and span[0].pos_ != "PROPN":
                # a bare surname only as a proper noun ("Power said", not "Power was cut")
                cands = [c for c in cands if c[1] != "surname"]
            if cands:
                spans.append((s, e, cands))
        spans.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
        return spans

    def _choose(self, cands: list[tuple[str, str]], date: str | None, doc: Doc,
                previous: list[ActorMention]) -> tuple[Entry | None, str]:
        d = self.dictionary
        seen = {m.entry_id for m in previous}
        best: tuple[Any, ...] | None = None
        chosen: tuple[Entry | None, str] = (None, "")
        for eid, kind in cands:
            e = d.entries.get(eid)
            if e is None:
                continue
            score = (eid in seen, e.active(date), -e.rank, kind != "surname", e.latest())
            if best is None or score > best:
                best, chosen = score, (e, kind)
        return chosen

    def _country_anaphors(self, doc: Doc, hashes: list[int],
                          states: list[tuple[int, int, Entry, str]], taken: list[bool],
                          state_taken: list[bool]) -> list[int]:
        """Positions of "the country"/"the nation" that refer back to a state named earlier;
        each is added to ``states`` (kind "anaphor") so that agents can take it as their
        country ("the country's president")."""
        found: list[int] = []
        n = len(hashes)
        for i, h in enumerate(hashes):
            if h != _THE or i + 1 >= n or hashes[i + 1] not in _COUNTRY_NOUNS or taken[i] or \
                    taken[i + 1] or state_taken[i] or state_taken[i + 1]:
                continue
            prior = [st for st in states if st[1] <= i and st[3] != "anaphor"]
            if not prior:
                continue
            entry = max(prior, key=lambda st: st[0])[2]
            states.append((i, i + 2, entry, "anaphor"))
            found.append(i)
        states.sort(key=lambda st: st[0])
        return found

    def _korean_halves(self, doc: Doc, hashes: list[int],
                       states: list[tuple[int, int, Entry, str]], taken: list[bool],
                       date: str | None) -> list[ActorMention]:
        """"the North was ready to offer ...", "the South's president": in an article that
        names North or South Korea (or Pyongyang, Seoul), the bare halves are those states.
        Not a part of a longer name ("the North Atlantic", "the South China Sea")."""
        if not any(st[2].id in _KOREAS.values() for st in states):
            return []
        found = [i for i, h in enumerate(hashes) if h in _HALVES]
        out: list[ActorMention] = []
        for i in found:
            tok = doc[i]
            if taken[i] or i == 0 or hashes[i - 1] != _THE or not tok.text[:1].isupper() or \
                    tok.dep_ in ("compound", "amod", "nmod") or \
                    (i + 1 < len(doc) and doc[i + 1].pos_ == "PROPN"):
                continue
            entry = self.dictionary.entries.get(_KOREAS[tok.lower_])
            if entry is None:
                continue
            taken[i] = True
            out.append(self._mention(doc, i, i + 1, entry, "metonym", date))
        return out

    def _extend_org(self, doc: Doc, s: int, e: int, mentions: list[ActorMention],
                    taken: list[bool]) -> bool:
        """"Hamas fighters", "Taliban militants": the organisation's own people are the
        organisation (its mention grows over the agent noun)."""
        if s == 0 or not taken[s - 1]:
            return False
        for m in mentions:
            head = doc[m.end - 1].head.i
            if m.end == s and m.group and m.kind in ("name", "alias") and \
                    head in range(s, e + 2):
                if head >= e and doc[head].pos_ == "NOUN" and not taken[head]:
                    e = head + 1  # "the ELN guerrilla group"
                span = doc[m.start:e]
                m.end, m.end_char, m.text = e, span.end_char, span.text
                m.ref = m.ref.model_copy(update={"mention": span.text,
                                                 "span": (span.start_char, span.end_char)})
                for j in range(s, e):
                    taken[j] = True
                return True
        return False

    def _adjectival(self, doc: Doc, start: int, end: int) -> bool:
        last = doc[end - 1]
        if last.pos_ == "ADJ" or last.tag_ in ("JJ", "NNPS", "NNS") and last.dep_ in (
                "amod", "compound"):
            return True
        if last.dep_ in ("amod", "compound") and last.head.i >= end and last.head.pos_ in (
                "NOUN", "PROPN") and last.head.i - end < 4:
            return last.tag_ != "NNP" or doc[last.head.i].pos_ == "NOUN"
        return False

    def _mention(self, doc: Doc, start: int, end: int, entry: Entry, kind: str,
                 date: str | None) -> ActorMention:
        country, sector, title = entry.role_at(date)
        span = doc[start:end]
        sector_ = sector
        if entry.kind == "state" and span[-1].tag_ in ("NNPS", "NNS") and \
                span[-1].lower_.endswith("s") and entry.name.lower() != span.text.lower():
            sector_ = "CVL"  # "Palestinians", "Americans": the people
        ref = ActorRef(name=entry.name, country=country, sector=sector_, id=entry.id,
                       mention=span.text, span=(span.start_char, span.end_char))
        gender = entry.gender
        if gender is None and entry.kind == "person":
            gender = self.dictionary.genders.get(entry.name.split()[0].lower())
        return ActorMention(start, end, span.start_char, span.end_char, span.text, ref,
                            kind, None, entry.id, gender, title, entry.kind != "person")

    def _extend_left(self, doc: Doc, m: ActorMention, agent_at: dict[int, tuple[int, int]],
                     country_at: dict[int, tuple[int, str]], taken: list[bool],
                     sent_start: int) -> None:
        i = m.start - 1
        new_start = m.start
        title = None
        while i >= sent_start:
            tok = doc[i]
            if i in agent_at and _cap(tok) or tok.lower_ in TITLE_TOKENS:
                s, _ = agent_at.get(i, (i, i + 1))
                if title is None and i in agent_at:
                    title = doc[agent_at[i][0]:agent_at[i][1]].text.lower()
                i = s - 1
                new_start = s
                continue
            if i in country_at and _cap(tok):
                new_start = i
                i -= 1
                continue
            if tok.text in ("'s", "\u2019s") and i - 1 in country_at:
                new_start = i - 1
                i -= 2
                continue
            if tok.text == "-" or tok.lower_ in ("vice", "deputy", "first", "acting", "former",
                                                 "interim", "then", "new"):
                if i - 1 >= sent_start and (i - 1 in agent_at or i - 1 in country_at) or \
                        i + 1 < len(doc) and (i + 1 in agent_at):
                    new_start = i
                    i -= 1
                    continue
            break
        if new_start < m.start and any(taken[new_start:m.start]):
            return
        if new_start < m.start:
            for j in range(new_start, m.start):
                taken[j] = True
            span = doc[new_start:m.end]
            m.start, m.start_char, m.text = new_start, span.start_char, span.text
            m.ref = m.ref.model_copy(update={"mention": span.text,
                                             "span": (span.start_char, span.end_char)})
            if title and not m.title:
                m.title = title
            elif title:
                m.title = title

    def _country_near(self, doc: Doc, s: int, e: int,
                      country_at: dict[int, tuple[int, str]],
                      sent_start: int) -> tuple[int, int, str | None]:
        """Extend an agent span over its country ("Russia's military", "the Ukrainian
        army", "the army of Ukraine"); returns (start, end, iso3)."""
        iso = None
        i = s - 1
        start = s
        while i >= 0 and i >= sent_start:
            tok = doc[i]
            if i in country_at:
                iso = iso or country_at[i][1]
                start = i
                i -= 1
                continue
            if tok.text in ("'s", "\u2019s") and i - 1 in country_at:
                start = i
                i -= 1
                continue
            if tok.pos_ in ("ADJ", "NOUN", "PROPN") and tok.dep_ in ("amod", "compound") and \
                    tok.head.i in range(s, e + 3) and (tok.ent_type_ != "PERSON" or doc[
                        e - 1].lower_ not in PERSON_NOUNS):
                start = i
                i -= 1
                continue
            if tok.text == "-" or tok.lower_ in ("pro", "anti"):
                start = i
                i -= 1
                continue
            break
        end = e
        if iso is None and e + 1 < len(doc) and doc[e].lower_ == "of" and e + 1 in country_at:
            iso = country_at[e + 1][1]
            end = country_at[e + 1][0]
        if iso is None:
            for j in range(start, end):
                if j in country_at:
                    iso = country_at[j][1]
        return start, end, iso

    def _agent_mention(self, doc: Doc, s: int, e: int, key: str,
                       country_at: dict[int, tuple[int, str]], taken: list[bool],
                       sent_start: int, persons: frozenset[int] = frozenset(),
                       ) -> ActorMention | None:
        d = self.dictionary
        sector = d.agents.get(key)
        if sector is None:
            return None
        head = doc[e - 1]
        if head.pos_ not in ("NOUN", "PROPN"):
            return None
        root = doc[s:e].root
        if root.dep_ == "appos" and taken[root.head.i] and root.head.i < s:
            # "Kim Kye Gwan, North Korea's first vice-minister of Foreign Affairs": a title in
            # apposition to a person already named describes that person, no actor of its own
            return None
        if any(c.dep_ == "appos" and c.i > e and c.i in persons for c in root.children):
            return None  # "Vice Minister of the Foreign Ministry, Choe Son Hui,": the person
        start, end, iso = self._country_near(doc, s, e, country_at, sent_start)
        if any(taken[start:s]) or any(taken[e:end]):
            start, end = s, e
        # a following unknown person ("Foreign Minister Andrey Sibiga")
        person_name = None
        if end < len(doc) and doc[end].ent_type_ == "PERSON" and doc[end].ent_iob_ == "B" \
                and _cap(doc[e - 1]):
            ent = next((x for x in doc.ents if x.start == end), None)
            if ent is not None and not any(taken[ent.start:ent.end]):
                person_name = ent.text
                end = ent.end
        elif end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].ent_type_ == "PERSON" \
                and doc[end + 1].ent_iob_ == "B":
            # an apposition: "Ukraine's foreign minister, Oleh Tarasenko, said"
            ent = next((x for x in doc.ents if x.start == end + 1), None)
            if ent is not None and not any(taken[ent.start:ent.end]) and \
                    ent.root.dep_ == "appos" and start <= ent.root.head.i < end:
                person_name = ent.text
                end = ent.end
        if person_name is None and end + 1 < len(doc) and doc[end].text == "," and \
                taken[end + 1] and doc[end + 1].dep_ in ("compound", "appos") and \
                any(t.dep_ == "appos" and start <= t.head.i < end
                    for t in doc[end + 1:min(len(doc), end + 6)]):
            return None  # "Russia's foreign minister, Sergei Lavrov,": the person is the actor
        if person_name is not None and iso is None and end + 1 < len(doc) and \
                doc[end].lower_ == "of" and end + 1 in country_at:
            iso = country_at[end + 1][1]  # "Foreign Minister Oleh Tarasenko of Ukraine"
            end = country_at[end + 1][0]
        # a definite agent without country refers back ("the president" -> anaphor)
        while start < s and doc[start].lower_ in DETERMINERS:
            start += 1
        det = doc[s - 1].lower_ if s > 0 else ""
        if person_name is None and iso is None and det == "the" and start == s:
            return None  # resolved among the references
        span = doc[start:end]
        for j in range(start, end):
            taken[j] = True
        proper = [t for t in doc[start:s] if t.pos_ == "PROPN" and t.i not in country_at
                  and t.ent_type_ not in ("GPE", "LOC", "FAC", "NORP") and
                  t.lower_ not in _TITLE_WORDS]
        if person_name is not None:
            name = person_name
        elif proper and all(t.dep_ == "compound" for t in proper):
            name = " ".join(t.text for t in proper)  # "the Fano militia": Fano
        else:
            name = span.text
            if name.lower().startswith("the "):
                name = name[4:]
        ref = ActorRef(name=name, country=iso, sector=sector, id=None, mention=span.text,
                       span=(span.start_char, span.end_char))
        plural = head.tag_ in ("NNS", "NNPS")
        person = person_name is not None or head.lower_ in PERSON_NOUNS
        gender = self.dictionary.genders.get(person_name.split()[0].lower()) \
            if person_name and " " in person_name else None
        return ActorMention(start, end, span.start_char, span.end_char, span.text, ref,
                            "agent", None, None, gender, key, plural or not person)

    def _prominent(self, token: str, date: str | None) -> Entry | None:
        """The hand-written person with this first or last name who held the highest office
        at ``date`` (heads of state and government first); None when nobody with that name
        held any office then."""
        best: tuple[int, int] | None = None
        chosen = None
        for k, eid in enumerate(self.dictionary.surnames.get(token, [])):
            e = self.dictionary.entries.get(eid)
            if e is None or e.kind != "person" or not e.active(date):
                continue
            _, sector, title = e.role_at(date)
            if sector is None:
                continue
            rank = _office_rank(title)
            if best is None or (rank, k) < best:
                best, chosen = (rank, k), e
        return chosen

    def _ner_mention(self, doc: Doc, ent: Span, mentions: list[ActorMention],
                     date: str | None) -> ActorMention | None:
        label = ent.label_
        words = [t for t in ent if t.lower_ not in DETERMINERS]
        if not words:
            return None
        text = doc[words[0].i:ent.end].text
        if label == "PERSON":
            last = ent[-1].lower_
            for prev in reversed(mentions):
                if prev.start >= ent.start:
                    continue
                parts = prev.ref.name.lower().split()
                if parts and last in (parts[-1], parts[0]) and len(parts) > 1 and \
                        prev.kind in ("name", "alias", "agent", "surname") and not prev.group:
                    ref = prev.ref.model_copy(update={"mention": ent.text,
                                                      "span": (ent.start_char, ent.end_char)})
                    return ActorMention(ent.start, ent.end, ent.start_char, ent.end_char,
                                        ent.text, ref, "surname", prev, prev.entry_id,
                                        prev.gender, prev.title, False)
            names = [t for t in words if t.lower_ not in TITLE_TOKENS]
            if len(names) == 1:  # "Kim", "Mr. Xi": the most prominent holder of that name
                entry = self._prominent(names[0].lower_, date)
                if entry is not None:
                    return self._mention(doc, ent.start, ent.end, entry, "surname", date)
            ref = ActorRef(name=text, country=None, sector=None, id=None, mention=ent.text,
                           span=(ent.start_char, ent.end_char))
            gender = self.dictionary.genders.get(words[0].lower_) if len(words) > 1 else None
            return ActorMention(ent.start, ent.end, ent.start_char, ent.end_char, ent.text, ref,
                                "name", None, None, gender, None, False)
        if label == "ORG":
            ref = ActorRef(name=text, country=None, sector=None, id=None, mention=ent.text,
                           span=(ent.start_char, ent.end_char))
            return ActorMention(ent.start, ent.end, ent.start_char, ent.end_char, ent.text, ref,
                                "name", None, None, None, None, True)
        return None  # unknown GPE/NORP: places and peoples, not actors

    def _surnames(self, doc: Doc, mentions: list[ActorMention], taken: list[bool],
                  hashes: list[int]) -> list[ActorMention]:
        persons = [m for m in mentions if not m.group and m.kind in ("name", "alias", "agent")
                   and " " in m.ref.name]
        if not persons:
            return []
        wanted = {hash_string(w.lower()) for m in persons for w in (m.ref.name.split()[0],
                                                                    m.ref.name.split()[-1])}
        out: list[ActorMention] = []
        for i, h in enumerate(hashes):
            if h not in wanted or taken[i]:
                continue
            tok = doc[i]
            if tok.pos_ != "PROPN" or not tok.text[:1].isupper():
                continue
            low = tok.lower_
            for prev in reversed(persons):
                parts = prev.ref.name.lower().split()
                if prev.start < tok.i and low in (parts[0], parts[-1]):
                    if tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN" and \
                            not taken[tok.i + 1]:
                        break  # "Sarkissian Street": part of a longer name
                    out.append(_reference(doc, tok.i, tok.i + 1, prev, "surname"))
                    taken[tok.i] = True
                    break
        return out

    # -- references ----------------------------------------------------------------------------
    def _references(self, doc: Doc, mentions: list[ActorMention], taken: list[bool],
                    agent_spans: list[tuple[int, int]], hashes: list[int],
                    starts: list[int]) -> list[ActorMention]:
        out: list[ActorMention] = []
        by_start = {s: e for s, e in agent_spans}
        resolved: list[ActorMention] = list(mentions)
        n = len(doc)
        skip_to = 0
        for i in [k for k, h in enumerate(hashes) if h in _REF_HASHES]:
            if i < skip_to or taken[i]:
                continue
            tok = doc[i]
            low = tok.lower_
            if low == "the" and i + 1 < n and doc[i + 1].lower_ in ("latter", "former"):
                prior = _distinct_prior(resolved, i, 2)
                if len(prior) == 2:
                    pick = prior[1] if doc[i + 1].lower_ == "latter" else prior[0]
                    out.append(_reference(doc, i, i + 2, pick, "anaphor"))
                    resolved.append(out[-1])
                    resolved.sort(key=lambda x: x.start)
                skip_to = i + 2
                continue
            if low == "the":
                if i + 1 in by_start and not any(taken[i + 1:by_start[i + 1]]):
                    e = by_start[i + 1]
                    title = doc[i + 1:e].text.lower()
                    titled = self._title_antecedent(doc, resolved, i, title, starts)
                    if titled is not None:
                        out.append(_reference(doc, i, e, titled, "anaphor"))
                    else:  # "the army": the country of the actor just mentioned
                        out.append(self._context_agent(doc, i, e, title, resolved, starts))
                    resolved.append(out[-1])
                    resolved.sort(key=lambda x: x.start)
                    skip_to = e
                continue
            if tok.pos_ == "PRON" or low in ("his", "her", "its", "their") and tok.dep_ == "poss":
                if low in ("it", "its") and not _it_referential(tok):
                    continue
                ante = _pronoun_antecedent(doc, resolved, tok, PRONOUNS[low], starts)
                if ante is not None:
                    out.append(_reference(doc, i, i + 1, ante, "pronoun"))
                    resolved.append(out[-1])
                    resolved.sort(key=lambda x: x.start)
        return out

    def _context_agent(self, doc: Doc, i: int, e: int, key: str,
                       mentions: list[ActorMention], starts: list[int]) -> ActorMention:
        """A definite sector noun that names nobody mentioned before ("the army", "the
        government"): an agent of the country of the latest actor with a country in this
        sentence or the one before (None when there is none)."""
        idx = max(0, bisect_right(starts, i) - 1)
        window = starts[max(0, idx - 1)]
        iso = None
        subject = doc[e - 1].dep_ in ("nsubj", "nsubjpass", "poss")  # objects: often foreign
        for m in reversed(mentions if subject else []):
            if window <= m.start < i and m.ref.country and m.ref.sector != "MED":
                iso = m.ref.country
                break
        span = doc[i:e]
        head = doc[e - 1]
        ref = ActorRef(name=doc[i + 1:e].text, country=iso,
                       sector=self.dictionary.agents.get(key), id=None, mention=span.text,
                       span=(span.start_char, span.end_char))
        group = head.tag_ in ("NNS", "NNPS") or head.lower_ not in PERSON_NOUNS
        return ActorMention(i, e, span.start_char, span.end_char, span.text, ref, "agent",
                            None, None, None, key, group)

    def _title_antecedent(self, doc: Doc, mentions: list[ActorMention], i: int,
                          title: str, starts: list[int]) -> ActorMention | None:
        sector = self.dictionary.agents.get(title)
        head = title.split()[-1]
        idx = max(0, bisect_right(starts, i) - 1)
        window = starts[max(0, idx - 4)]
        fallback = None
        for m in reversed(mentions):
            if m.start >= i or m.start < window:
                continue
            base = m.antecedent or m
            if base.group:
                continue
            if base.title and head in base.title:
                return base
            if fallback is None and sector and base.ref.sector == sector and not base.title:
                fallback = base
        return fallback


def _sent_start(starts: list[int], i: int) -> int:
    """The first token of the sentence of token ``i`` (``starts``: sentence starts)."""
    return starts[max(0, bisect_right(starts, i) - 1)]


def _maximal(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest spans first, dropping any span inside a longer one; back in text order."""
    out: list[tuple[int, int]] = []
    used: set[int] = set()
    for s, e in sorted(spans, key=lambda x: (-(x[1] - x[0]), x[0])):
        if any(i in used for i in range(s, e)):
            continue
        used.update(range(s, e))
        out.append((s, e))
    return sorted(out)


def _reference(doc: Doc, s: int, e: int, ante: ActorMention, kind: str) -> ActorMention:
    base = ante.antecedent or ante
    span = doc[s:e]
    ref = base.ref.model_copy(update={"mention": span.text,
                                      "span": (span.start_char, span.end_char)})
    return ActorMention(s, e, span.start_char, span.end_char, span.text, ref, kind, base,
                        base.entry_id, base.gender, base.title, base.group)


def _distinct_prior(mentions: list[ActorMention], i: int, k: int) -> list[ActorMention]:
    """The last ``k`` distinct actors mentioned before token ``i``, in text order."""
    out: list[ActorMention] = []
    names: set[str] = set()
    for m in reversed(mentions):
        if m.start >= i:
            continue
        base = m.antecedent or m
        if base.ref.name in names:
            continue
        names.add(base.ref.name)
        out.append(base)
        if len(out) == k:
            break
    return list(reversed(out))


def _it_referential(tok: Token) -> bool:
    """'it' as an actor: a subject or possessor that is not an expletive ('it is likely')."""
    if tok.dep_ == "poss":
        return True
    if tok.dep_ not in ("nsubj", "nsubjpass"):
        return False
    head = tok.head
    if head.lemma_ in ("be", "seem", "appear", "remain", "take", "rain", "matter") and any(
            c.dep_ in ("acomp", "attr", "ccomp", "xcomp") for c in head.children):
        return False
    return not any(c.dep_ in ("ccomp", "csubj") and c.i > head.i and c.lemma_ != "say"
                   for c in head.children) or head.lemma_ in ("say", "insist", "warn")


_SAY_LEMMAS = frozenset(("say", "insist", "claim", "warn", "state", "add", "announce", "stress",
                         "argue", "maintain", "declare", "tell", "reply", "respond", "signal",
                         "indicate", "suggest", "acknowledge", "admit", "deny", "confirm"))


def _sayer(doc: Doc, tok: Token, same: list[ActorMention]) -> ActorMention | None:
    """"The U.S. wanted Iran to cut ..., but says it can accept ...": the subject of a clause
    reported by a speech verb is the speaker, when the speaker is a compatible mention
    (climbing to the first verb of a coordination that shares its subject)."""
    if tok.dep_ not in ("nsubj", "nsubjpass") or tok.head.dep_ != "ccomp":
        return None
    verb = tok.head.head
    if verb.lemma_.lower() not in _SAY_LEMMAS or verb.i > tok.i:
        return None
    for _ in range(3):
        subj = [c for c in verb.children if c.dep_ == "nsubj"]
        if subj:
            root = subj[0]
            for m in reversed(same):
                if m.start <= root.i < m.end:
                    return m
            return None
        if verb.dep_ != "conj" or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def _compatible(m: ActorMention, kind: str, doc: Doc) -> bool:
    base = m.antecedent or m
    if kind in ("m", "f"):
        if base.group:
            return False
        if base.gender is not None:
            return base.gender == kind
        return True
    if kind == "group":
        return base.group
    return base.group and doc[base.end - 1].tag_ not in ("NNS", "NNPS")


_VISIT_LEMMAS = frozenset({"visit", "tour"})
_TRAVEL_LEMMAS = frozenset({"travel", "arrive", "fly", "go", "head", "come", "journey"})


def _destination_country(doc: Doc, mentions: list[ActorMention], tok: Token) -> str | None:
    """The country a pronoun subject travels to ("he visits Russia", "she flew to Beijing")."""
    if tok.dep_ != "nsubj":
        return None
    verb = tok.head
    lemma = verb.lemma_.lower()
    place = None
    if lemma in _VISIT_LEMMAS:
        place = next((c for c in verb.children if c.dep_ == "dobj"), None)
    elif lemma in _TRAVEL_LEMMAS:
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ in ("to", "in"):
                place = next((p for p in c.children if p.dep_ == "pobj"), None)
                break
    if place is None:
        return None
    for m in mentions:
        if m.start <= place.i < m.end and m.kind in ("country", "metonym", "name", "alias"):
            country = (m.antecedent or m).ref.country
            return country[:3] if country and (m.antecedent or m).group else None
    return None


def _pronoun_antecedent(doc: Doc, mentions: list[ActorMention], tok: Token,
                        kind: str, starts: list[int]) -> ActorMention | None:
    """Salience: the latest compatible subject in this sentence, then in the three previous
    sentences, then the latest compatible mention."""
    idx = max(0, bisect_right(starts, tok.i) - 1)
    sent_start = starts[idx]
    window = starts[max(0, idx - 3)]
    prior = [m for m in mentions if window <= m.start < tok.i and _compatible(m, kind, doc)
             and not (m.start <= tok.head.i < m.end)]
    if not prior:
        return None
    dest = _destination_country(doc, mentions, tok)
    if dest:
        # "Putin plans to talk to Bolton when he visits Russia": nobody visits his own country
        away = [m for m in prior if ((m.antecedent or m).ref.country or "")[:3] != dest]
        if away:
            prior = away

    def is_subject(m: ActorMention) -> bool:
        root = doc[m.start:m.end].root
        return root.dep_ in ("nsubj", "nsubjpass") or (
            root.dep_ in ("appos", "conj", "compound") and root.head.dep_ in ("nsubj",
                                                                                "nsubjpass"))

    def is_main_subject(m: ActorMention) -> bool:
        """The subject of the sentence's main clause (not of a reported or relative one)."""
        root = doc[m.start:m.end].root
        while root.dep_ in ("appos", "conj", "compound"):
            root = root.head
        if root.dep_ not in ("nsubj", "nsubjpass"):
            return False
        verb = root.head
        while verb.dep_ == "conj":
            verb = verb.head
        return verb.dep_ == "ROOT"

    same = [m for m in prior if m.start >= sent_start]
    sayer = _sayer(doc, tok, same)
    if sayer is not None:
        return sayer
    if tok.dep_ == "poss" and same:  # "Zelensky ... his": the latest of the sentence
        subj = [m for m in same if is_subject(m)]
        return (subj or same)[-1]
    subj = [m for m in same if is_subject(m)]
    if subj:
        return subj[-1]
    earlier = [m for m in prior if m.start < sent_start]
    for test in (is_main_subject, is_subject):
        found = [m for m in earlier if test(m)]
        if found:
            return found[-1]
    return prior[-1]


@Language.factory("parley_actors", assigns=["doc._.actors"],
                  requires=["token.dep", "token.pos", "doc.ents"],
                  default_config={"directory": None})
def make_actor_recognizer(nlp: Language, name: str, directory: str | None) -> ActorRecognizer:
    return ActorRecognizer(nlp, name, directory)
