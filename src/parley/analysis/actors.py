"""Who is who across events: one party per actor, and a state folded into its leader.

Actors are unified by dictionary id, then by canonical name (case-insensitive), then by surname
for a name-only reference ("Zelensky" -> the one "Volodymyr Zelensky" of the same country).

**Same side.** A state named as a whole (``Russia``, and its metonyms ``Moscow``, ``Kremlin``,
which the actor recogniser resolves to Russia GOV) is folded into the person who leads its
government *in the same article*: the person of that country with sector GOV (the sector is
already dated by the recogniser: Trump is USA GOV in 2025, not in 2022) who appears as a source or
target there, the most frequent one when several do; none when two tie. A person is a dictionary
actor, or a name of capitalised words ("Vladimir Putin"), not an agent phrase ("Egypt's foreign
minister", "North Korean leader"). So "Trump's willingness to revive channels
between Moscow and Washington" (Trump -> Russia) is Trump's stance toward Putin in an article
where Putin is Russia's GOV person. Direction is kept: nothing is created for the other side.
A state with no such person in its article stays a party of its own.

A state is recognised by the actor-dictionary convention (its id is its ISO code, ``RUS``), or,
for a reference without an id, by a government word in its name ("Ukrainian government").
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from parley.analysis.text import has_phrase, words
from parley.records import ActorRef, Event


def is_state(ref: ActorRef) -> bool:
    """True for a state or its government named as a whole: a dictionary state (its id is its
    ISO code: "Russia", and "Moscow", "the Kremlin" resolved to it), or a reference without an id
    whose name is a government word with a country ("Ukrainian government", "Russian
    officials"; words in ``data/lexicons/analysis.yaml``: ``government_words``)."""
    if ref.sector not in (None, "GOV") or not ref.country:
        return False
    if ref.id:
        return ref.id.upper() == ref.country.upper()
    return has_phrase(ref.name, words("government_words"))


def _personal(ref: ActorRef) -> bool:
    """A named individual (or office holder) rather than an agent phrase."""
    if ref.id:
        return True
    parts = ref.name.split()
    return len(parts) > 1 and all(p[:1].isupper() for p in parts) and not any(
        c in ref.name for c in "'’")


def _name_key(name: str) -> str:
    return " ".join(name.lower().split())


def _surname(name: str) -> str:
    parts = _name_key(name).split()
    return parts[-1] if parts else ""


@dataclass
class ActorIndex:
    """Parties of a set of events. ``party(ref, article_id)`` gives the key of the party that
    ``ref`` stands for in that article; ``name(key)`` its display name."""

    events: Iterable[Event]
    _keys: dict[str, str] = field(default_factory=dict, init=False)  # base key -> party key
    _local: dict[tuple[str, str], str] = field(default_factory=dict, init=False)
    _state_keys: set[str] = field(default_factory=set, init=False)
    _names: dict[str, Counter[str]] = field(default_factory=dict, init=False)
    _fold: dict[tuple[str, str], str] = field(default_factory=dict, init=False)
    same_side: dict[str, set[str]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        events = list(self.events)
        self._unify([(ev.article_id, r) for ev in events for r in (ev.source, ev.target)
                     if r is not None])
        self._fold_states(events)

    # -- identity ------------------------------------------------------------------------
    @staticmethod
    def _base(ref: ActorRef) -> str:
        return f"id:{ref.id}" if ref.id else f"name:{_name_key(ref.name)}"

    def _unify(self, refs: list[tuple[str, ActorRef]]) -> None:
        """Name-only references join a dictionary actor: same name; or, for one word, the one
        person of the article with that word in their name ("Kim" -> Kim Jong Un), else the one
        person anywhere with that surname."""
        by_name: dict[str, str] = {}
        by_surname: dict[str, set[str]] = defaultdict(set)
        by_word: dict[tuple[str, str], set[str]] = defaultdict(set)  # (article, word)
        country: dict[str, str | None] = {}
        for article_id, ref in refs:
            if ref.id:
                base = self._base(ref)
                by_name.setdefault(_name_key(ref.name), base)
                country[base] = ref.country
                words_ = _name_key(ref.name).split()
                if not is_state(ref) and len(words_) > 1:
                    by_surname[words_[-1]].add(base)
                    for w in words_:
                        by_word[(article_id, w)].add(base)
        for article_id, ref in refs:
            base = self._base(ref)
            key = base
            if not ref.id:
                name = _name_key(ref.name)
                if name in by_name:
                    key = by_name[name]
                elif len(name.split()) == 1:
                    def fits(c: str, ref: ActorRef = ref) -> bool:
                        return ref.country is None or country.get(c) in (None, ref.country)

                    local = {c for c in by_word.get((article_id, name), set()) if fits(c)}
                    anywhere = {c for c in by_surname.get(name, set()) if fits(c)}
                    if len(local) == 1:
                        key = local.pop()
                    elif not local and len(anywhere) == 1:
                        key = anywhere.pop()
            if key != base and (article_id, base) not in self._local:
                self._local[(article_id, base)] = key
            self._keys.setdefault(base, base)
            # a short name that joined a dictionary actor does not rename it
            self._names.setdefault(key, Counter())[ref.name] += 1 if key == base else 0
            if ref.id and is_state(ref):
                self._state_keys.add(base)

    def key(self, ref: ActorRef, article_id: str | None = None) -> str:
        """The party of ``ref`` (in ``article_id``, where a short name is resolved), before
        folding states into leaders."""
        base = self._base(ref)
        if article_id is not None and (article_id, base) in self._local:
            return self._local[(article_id, base)]
        if base not in self._keys:
            self._keys[base] = base
            self._names.setdefault(base, Counter())[ref.name] += 1
        return self._keys[base]

    def name(self, key: str) -> str:
        names = self._names.get(key)
        if not names:
            return key.split(":", 1)[-1]
        return max(names.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))[0]

    # -- same side -----------------------------------------------------------------------
    def _fold_states(self, events: list[Event]) -> None:
        per_article: dict[str, list[Event]] = defaultdict(list)
        for ev in events:
            per_article[ev.article_id].append(ev)
        for article_id, evs in per_article.items():
            leaders: dict[str, Counter[str]] = defaultdict(Counter)
            states: list[ActorRef] = []
            for ev in evs:
                for ref in (ev.source, ev.target):
                    if ref is None:
                        continue
                    if is_state(ref) or self.key(ref, article_id) in self._state_keys:
                        states.append(ref)
                    elif ref.sector == "GOV" and ref.country and _personal(ref):
                        leaders[ref.country.upper()][self.key(ref, article_id)] += 1
            for ref in states:
                assert ref.country is not None
                ranked = leaders.get(ref.country.upper(), Counter()).most_common(2)
                if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
                    continue
                person = ranked[0][0]
                self._fold[(article_id, self.key(ref, article_id))] = person
                self.same_side.setdefault(person, set()).add(ref.name)

    def party(self, ref: ActorRef | None, article_id: str) -> str | None:
        """The party key that ``ref`` stands for in ``article_id`` (None for no actor)."""
        if ref is None:
            return None
        key = self.key(ref, article_id)
        return self._fold.get((article_id, key), key)

    def same_side_names(self) -> dict[str, list[str]]:
        """Person display name -> the names of the state folded into them."""
        return {self.name(k): sorted(v) for k, v in sorted(self.same_side.items())}

    def match(self, query: str) -> set[str]:
        """Party keys that ``query`` names: a display name, an id, a surname, or a state folded
        into a person ("Russia" -> Putin's key) as well as the state itself."""
        q = _name_key(query)
        out: set[str] = set()
        for key, names in self._names.items():
            cands = {_name_key(n) for n in names} | {_name_key(key.split(":", 1)[-1])}
            if q in cands or any(len(c.split()) > 1 and _surname(c) == q for c in cands):
                out.add(key)
        for person, folded in self.same_side.items():
            if q in {_name_key(n) for n in folded}:
                out.add(person)
        return out


def is_resolved(ref: ActorRef) -> bool:
    """An actor the map can place: a dictionary actor, or one tied to a country ("Ukrainian
    forces"); not a bare name or a sector alone ("Twitter", "officials", "rebels")."""
    return bool(ref.id or ref.country)


def one_side(a: ActorRef, b: ActorRef) -> bool:
    """True when ``a`` and ``b`` are the same government: a state and its own GOV actor (or the
    state twice), which cannot negotiate with each other."""
    for x, y in ((a, b), (b, a)):
        if is_state(x) and y.country and x.country and y.country.upper() == x.country.upper() \
                and y.sector in ("GOV", None) and (is_state(y) or y.sector == "GOV"):
            return True
    return False


def dyad(index: ActorIndex, ev: Event) -> tuple[str, str] | None:
    """The (source, target) parties of ``ev`` for the map, or None when the event has no two
    distinct, placeable parties (a missing or bare-name actor, the same party twice, a state and
    its own government)."""
    if ev.source is None or ev.target is None:
        return None
    if not (is_resolved(ev.source) and is_resolved(ev.target)) or one_side(ev.source, ev.target):
        return None
    a = index.party(ev.source, ev.article_id)
    b = index.party(ev.target, ev.article_id)
    if a is None or b is None or a == b:
        return None
    return a, b
