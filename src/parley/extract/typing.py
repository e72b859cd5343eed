"""The event-type decision: a sentence, a source span and a target span in, a PLOVER type out.

``classify`` reads the features that spaCy's parse already gives (lemmas and bigrams with the
actor words marked apart, the words between the actors, the verb that governs each actor, their
lowest common ancestor and the dependency path, the governing verbs' objects, complements,
modals and negation, PETRARCH2 verb-dictionary matches mapped to PLOVER through the official
crosswalk) plus the mean static word vector of the sentence and of the governing verbs' region,
and scores them with three linear models, a multinomial logistic regression and two linear
SVMs (one-vs-rest; one of them without the word vectors), whose softmaxed scores are averaged:
one row gather and a small dot product per call, well under a millisecond (a few per cent of
spaCy's parse of the same sentence).

    >>> doc = nlp("Russia condemned the NATO exercises near its border.")
    >>> classify(doc, (0, 6), (17, 21))                     # char offsets in the sentence
    ('ACCUSE', 0.81)
    >>> classify("Iran threatened to close the Strait.", (0, 4), None)   # parses the text
    ('THREATEN', 0.98)

The model is ``data/models/event_type.npz`` (coefficients, vocabulary, lexicon, word vectors
(all-MiniLM-L6-v2 input embeddings of whole words, PCA to 64 dimensions), the featurized extra
training cases and settings; arrays only, no pickle), trained by ``scripts/train_type_model.py`` on the
development data. The PLV training data merge CONCEDE and RETREAT into YIELD; the model
predicts YIELD and then splits it with a small second model (``yield_*`` arrays) into
CONCEDE (a promise or declaration) or RETREAT (a material act), so ``classify`` always
returns one of the 16 PLOVER types.

``train(examples)`` builds a :class:`TypeModel` from parsed examples; the ``plv`` scorer uses
it for cross-validation.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc, Span, Token

from parley.config import DATA_DIR
from parley.errors import InputError, ModelError
from parley.records import PLOVER_TYPES

MODEL_PATH = DATA_DIR / "models" / "event_type.npz"
YIELD = "YIELD"
YIELD_TYPES = ("CONCEDE", "RETREAT")
FEATURE_VERSION = 1
SVC_SCALE = 3.0  # SVM margins times this go through a softmax before the blend

CharSpan = tuple[int, int]
SpanLike = CharSpan | Span | None
SentenceLike = Doc | Span | str

_VERB_POS = frozenset({"VERB", "AUX"})
_GOVERNOR_POS = frozenset({"VERB", "AUX", "NOUN", "ADJ"})
_MODALS = frozenset({"will", "would", "shall", "should", "could", "can", "may", "might", "must"})


@dataclass
class Example:
    """One parsed training or test case: the sentence, the two spans and (for training)
    the gold label. ``weight`` lets extra, weaker data count for less."""

    sent: Span
    source: Span | None
    target: Span | None
    label: str = ""
    weight: float = 1.0


# ---------------------------------------------------------------------------------------
# Spans


def _as_sentence(obj: SentenceLike) -> Span:
    if isinstance(obj, str):
        from parley.nlp.model import load_base

        obj = load_base()(obj)
    sent = obj[:] if isinstance(obj, Doc) else obj
    if not len(sent):
        raise InputError("cannot type an event in an empty sentence")
    return sent


def resolve_span(sent: Span, span: SpanLike) -> Span | None:
    """A spaCy Span for char offsets relative to the sentence (or a Span, returned as is)."""
    if span is None:
        return None
    if isinstance(span, Span):
        return span if len(span) else None
    start, end = int(span[0]), int(span[1])
    if not 0 <= start < end <= len(sent.text):
        raise InputError(f"actor span {span!r} is not inside the sentence of "
                         f"{len(sent.text)} characters ({sent.text[:60]!r})")
    base = sent.start_char
    got = sent.doc.char_span(base + start, base + end, alignment_mode="expand")
    if got is None or not len(got):
        return None
    return got


# ---------------------------------------------------------------------------------------
# Features


def _lemma(tok: Token) -> str:
    lem = tok.lemma_.lower() if tok.lemma_ else tok.lower_
    if tok.like_num:
        return "<num>"
    return lem


def _governor(tok: Token, sent: Span) -> Token:
    """The nearest verb above ``tok`` (or ``tok`` itself), staying inside the sentence."""
    cur = tok
    for _ in range(40):
        if cur.pos_ in _VERB_POS and cur is not tok:
            return cur
        if cur.pos_ == "VERB" and cur is tok:
            return cur
        head = cur.head
        if head.i == cur.i or head.i < sent.start or head.i >= sent.end:
            return cur
        cur = head
    return cur


def _ancestors(tok: Token, sent: Span) -> list[Token]:
    chain = [tok]
    cur = tok
    for _ in range(60):
        head = cur.head
        if head.i == cur.i or head.i < sent.start or head.i >= sent.end:
            break
        chain.append(head)
        cur = head
    return chain


def _is_neg(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children) or tok.lower_ in {"refuse", "refused"}


def extract_features(
    sent: Span,
    source: Span | None,
    target: Span | None,
    lexicon: dict[str, str] | None = None,
    lexicon_pairs: dict[str, str] | None = None,
) -> list[str]:
    """String features of one (sentence, source, target) case."""
    lexicon = lexicon or {}
    lexicon_pairs = lexicon_pairs or {}
    feats: list[str] = ["bias"]
    s_idx = set(range(source.start, source.end)) if source is not None else set()
    t_idx = set(range(target.start, target.end)) if target is not None else set()
    if source is None:
        feats.append("nosrc")
    if target is None:
        feats.append("notgt")

    # Bag of lemmas and bigrams, with actor words marked apart.
    prev = "<s>"
    for tok in sent:
        if tok.is_space:
            continue
        if tok.i in s_idx:
            lem = "<S>"
            if not (tok.is_punct or tok.is_stop):
                feats.append("sw:" + _lemma(tok))
        elif tok.i in t_idx:
            lem = "<T>"
            if not (tok.is_punct or tok.is_stop):
                feats.append("tw:" + _lemma(tok))
        else:
            lem = _lemma(tok)
            if not (tok.is_punct or tok.is_stop):
                feats.append("w:" + lem)
                if tok.pos_ == "VERB":
                    feats.append("v:" + lem)
            if tok.pos_ in {"VERB", "NOUN"} and lem in lexicon:
                feats.append("lex:" + lexicon[lem])
        if tok.is_punct:
            continue
        if not (prev == lem and lem in {"<S>", "<T>"}):
            feats.append(f"b:{prev}_{lem}")
        prev = lem

    # Words between the two actors.
    if source is not None and target is not None:
        lo, hi = sorted((source.end, target.start)) if source.start < target.start else (
            target.end, source.start)
        between = [t for t in sent.doc[lo:hi] if not (t.is_punct or t.is_space)]
        for tok in between[:12]:
            feats.append("btw:" + _lemma(tok))
        feats.append("order:" + ("st" if source.start < target.start else "ts"))

    # The verbs that govern each actor, their lowest common ancestor, and the path.
    govs: list[Token] = []
    for tag, span in (("s", source), ("t", target)):
        if span is None:
            continue
        root = span.root
        gov = _governor(root, sent)
        govs.append(gov)
        feats.append(f"{tag}dep:{root.dep_}")
        feats.append(f"{tag}gov:{_lemma(gov)}")
        feats.append(f"{tag}govdep:{_lemma(gov)}|{root.dep_}")
        if root.dep_ == "pobj" and root.head.dep_ == "prep":
            feats.append(f"{tag}prep:{root.head.lower_}")
            feats.append(f"{tag}govprep:{_lemma(gov)}|{root.head.lower_}")
    if source is not None and target is not None:
        sa = _ancestors(source.root, sent)
        ta = _ancestors(target.root, sent)
        t_ids = {t.i for t in ta}
        lca = next((t for t in sa if t.i in t_ids), None)
        if lca is not None:
            feats.append("lca:" + _lemma(lca))
            up = [t.dep_ for t in sa[: [t.i for t in sa].index(lca.i)]]
            down = [t.dep_ for t in ta[: [t.i for t in ta].index(lca.i)]]
            feats.append("path:" + ">".join(up) + "^" + "<".join(reversed(down)))
            feats.append("plen:" + str(min(len(up) + len(down), 6)))
            if lca.pos_ in _GOVERNOR_POS:
                govs.append(lca)
    if not govs:
        root_tok = sent.root
        govs.append(root_tok)
        feats.append("rootgov:" + _lemma(root_tok))

    seen: set[int] = set()
    for gov in govs:
        if gov.i in seen:
            continue
        seen.add(gov.i)
        glem = _lemma(gov)
        feats.append("g:" + glem)
        feats.append("gtag:" + gov.tag_)
        if glem in lexicon:
            feats.append("glex:" + lexicon[glem])
        neg = _is_neg(gov)
        if neg:
            feats.append("neg")
            feats.append("neg:" + glem)
        for child in gov.children:
            clem = _lemma(child)
            if child.dep_ in {"aux", "auxpass"} and child.lower_ in _MODALS:
                feats.append("modal:" + child.lower_)
            elif child.dep_ in {"dobj", "attr", "nsubjpass", "oprd"}:
                feats.append(f"go:{glem}_{clem}")
                feats.append("obj:" + clem)
                pair = lexicon_pairs.get(f"{glem} {clem}")
                if pair:
                    feats.append("plex:" + pair)
            elif child.dep_ in {"xcomp", "ccomp", "advcl", "conj"} and child.pos_ == "VERB":
                feats.append(f"gx:{glem}>{clem}")
                feats.append("x:" + clem)
                if clem in lexicon:
                    feats.append("xlex:" + lexicon[clem])
                for gc in child.children:
                    if gc.dep_ in {"dobj", "attr"}:
                        feats.append(f"xo:{clem}_{_lemma(gc)}")
                        pair = lexicon_pairs.get(f"{clem} {_lemma(gc)}")
                        if pair:
                            feats.append("plex:" + pair)
                if neg:
                    feats.append("negx:" + clem)
            elif child.dep_ == "prep":
                for gc in child.children:
                    if gc.dep_ == "pobj":
                        feats.append(f"gp:{glem}_{child.lower_}_{_lemma(gc)}")
            elif child.dep_ == "prt":
                feats.append(f"gprt:{glem}_{child.lower_}")
    return feats


@dataclass
class WordVectors:
    """Static word vectors: ``index`` word -> row of ``matrix`` (float32 in memory)."""

    index: dict[str, int]
    matrix: np.ndarray
    scale: float = 6.0

    @property
    def dim(self) -> int:
        return int(self.matrix.shape[1]) if self.matrix.ndim == 2 else 0

    def mean(self, toks: Iterable[Token]) -> np.ndarray:
        rows = []
        for tok in toks:
            if tok.is_punct or tok.is_stop or tok.is_space:
                continue
            row = self.index.get(tok.lower_)
            if row is None:
                row = self.index.get(tok.lemma_.lower())
            if row is not None:
                rows.append(row)
        if not rows:
            return np.zeros(self.dim, dtype=np.float32)
        return np.asarray(self.matrix[rows].mean(axis=0) * self.scale, dtype=np.float32)


_REGION_DEPS = frozenset({"dobj", "xcomp", "ccomp", "attr", "prep", "pobj", "advcl", "conj",
                          "compound", "amod"})


def dense_features(sent: Span, source: Span | None, target: Span | None,
                   vectors: WordVectors | None) -> np.ndarray:
    """Mean static word vector of the sentence outside the actor spans, and of the region
    of the governing verbs (the verbs, their objects, complements and prepositions)."""
    if vectors is None or not vectors.dim:
        return np.zeros(0, dtype=np.float32)
    actor: set[int] = set()
    govs: list[Token] = []
    for span in (source, target):
        if span is not None:
            actor.update(range(span.start, span.end))
            govs.append(_governor(span.root, sent))
    if not govs:
        govs.append(sent.root)
    region: list[Token] = []
    for gov in govs:
        region.append(gov)
        kids = [c for c in gov.children if c.dep_ in _REGION_DEPS]
        region.extend(kids)
        for kid in kids:
            if kid.dep_ in {"xcomp", "prep"}:
                region.extend(c for c in kid.children if c.dep_ in {"dobj", "pobj"})
    whole = vectors.mean(t for t in sent if t.i not in actor)
    verb = vectors.mean(region)
    return np.concatenate([whole, verb])


@dataclass
class AuxRows:
    """Extra training cases kept with the model as features (so that cross-validation can
    retrain with them without the data they came from)."""

    feats: list[list[str]] = field(default_factory=list)
    dense: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    labels: list[str] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)


# ---------------------------------------------------------------------------------------
# The model


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max())
    return np.asarray(e / e.sum())


@dataclass
class TypeModel:
    """Linear models over string features (+ optional dense features), stored as arrays: a
    logistic regression, optionally blended with linear SVMs (``svc_*``, ``blend``)."""

    classes: list[str]
    vocab: dict[str, int]
    coef: np.ndarray  # (n_classes, n_vocab)
    intercept: np.ndarray  # (n_classes,)
    dense_coef: np.ndarray  # (n_classes, n_dense) or (n_classes, 0)
    lexicon: dict[str, str] = field(default_factory=dict)
    lexicon_pairs: dict[str, str] = field(default_factory=dict)
    yield_vocab: dict[str, int] = field(default_factory=dict)
    yield_coef: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    yield_intercept: float = 0.0
    meta: dict[str, str] = field(default_factory=dict)
    trained_hashes: frozenset[str] = frozenset()  # parley.evaluate.plv.sentence_hash of each
    vectors: WordVectors | None = None
    aux: AuxRows = field(default_factory=AuxRows)
    # The linear SVMs of the blend, stacked by rows (k SVMs: k x n_classes rows, the same
    # classes in the same order; an SVM fitted without the dense features has zeros there);
    # empty arrays: the logistic regression alone.
    svc_coef: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    svc_intercept: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    svc_dense_coef: np.ndarray = field(
        default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    svc_scale: float = SVC_SCALE
    blend: float = 0.0  # weight of the SVMs' (mean) softmax in the averaged probabilities

    def __post_init__(self) -> None:
        # (n_vocab, n_classes), C-contiguous: a sentence's features are a row gather. With the
        # SVMs, their columns follow the regression's in the same row: one gather for all.
        n = len(self.classes)
        k = self.svc_coef.shape[0] // n if n else 0
        self._blended = bool(self.blend) and k > 0 and self.svc_coef.shape == (
            k * n, self.coef.shape[1])
        parts = [self.coef] + ([self.svc_coef] if self._blended else [])
        self._rows = np.ascontiguousarray(np.vstack(parts).T, dtype=np.float32)
        dparts = [self.dense_coef] + ([self.svc_dense_coef] if self._blended else [])
        self._dense = np.ascontiguousarray(np.vstack(dparts), dtype=np.float32) \
            if self.dense_coef.shape[1] else np.zeros((len(parts) * n, 0), dtype=np.float32)
        self._intercepts = np.concatenate(
            [self.intercept] + ([self.svc_intercept] if self._blended else [])
        ).astype(np.float64)

    # -- scoring ---------------------------------------------------------------------
    def features(self, sent: Span, source: Span | None, target: Span | None) -> list[str]:
        return extract_features(sent, source, target, self.lexicon, self.lexicon_pairs)

    def scores(self, sent: Span, source: Span | None, target: Span | None) -> np.ndarray:
        """Class probabilities: the regression's softmax, averaged (weight ``blend``) with the
        mean over the SVMs of the softmax of their margins times ``svc_scale``."""
        vocab = self.vocab
        idx = list({j for f in self.features(sent, source, target)
                    if (j := vocab.get(f)) is not None})
        logits = self._intercepts.copy()
        if idx:
            logits += self._rows[idx].sum(axis=0)
        if self._dense.shape[1]:
            dense = dense_features(sent, source, target, self.vectors)
            if dense.shape[0] == self._dense.shape[1]:
                logits += self._dense @ dense
        n = len(self.classes)
        probs = _softmax(logits[:n])
        if self._blended:
            margins = logits[n:].reshape(-1, n) * self.svc_scale
            svm = np.mean([_softmax(row) for row in margins], axis=0)
            probs = (1.0 - self.blend) * probs + self.blend * svm
        return np.asarray(probs)

    def split_yield(self, sent: Span, source: Span | None, target: Span | None) -> tuple[str, float]:
        """CONCEDE (verbal, promised) or RETREAT (material, done), with P(RETREAT)."""
        if not self.yield_vocab:
            return "CONCEDE", 0.5
        feats = self.features(sent, source, target)
        idx = sorted({self.yield_vocab[f] for f in feats if f in self.yield_vocab})
        z = self.yield_intercept + (float(self.yield_coef[idx].sum()) if idx else 0.0)
        p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
        return ("RETREAT", p) if p >= 0.5 else ("CONCEDE", 1.0 - p)

    def predict(self, sent: Span, source: Span | None, target: Span | None,
                collapse_yield: bool = False) -> tuple[str, float]:
        probs = self.scores(sent, source, target)
        best = int(np.argmax(probs))
        label, conf = self.classes[best], float(probs[best])
        if label == YIELD and not collapse_yield:
            sub, p = self.split_yield(sent, source, target)
            return sub, conf * p
        return label, conf

    # -- storage ---------------------------------------------------------------------
    def save(self, path: Path) -> None:
        vocab = sorted(self.vocab, key=self.vocab.__getitem__)
        yvocab = sorted(self.yield_vocab, key=self.yield_vocab.__getitem__)
        lex_keys = sorted(self.lexicon)
        pair_keys = sorted(self.lexicon_pairs)
        words = sorted(self.vectors.index, key=self.vectors.index.__getitem__) \
            if self.vectors else []
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            np.savez_compressed(
                fh,
                classes=np.array(self.classes, dtype=str),
                vocab=np.array(vocab, dtype=str),
                coef=self.coef.astype(np.float16),
                intercept=self.intercept.astype(np.float32),
                dense_coef=self.dense_coef.astype(np.float16),
                lex_keys=np.array(lex_keys, dtype=str),
                lex_vals=np.array([self.lexicon[k] for k in lex_keys], dtype=str),
                pair_keys=np.array(pair_keys, dtype=str),
                pair_vals=np.array([self.lexicon_pairs[k] for k in pair_keys], dtype=str),
                yield_vocab=np.array(yvocab, dtype=str),
                yield_coef=self.yield_coef.astype(np.float16),
                yield_intercept=np.array([self.yield_intercept], dtype=np.float32),
                meta_keys=np.array(sorted(self.meta), dtype=str),
                meta_vals=np.array([self.meta[k] for k in sorted(self.meta)], dtype=str),
                trained_hashes=np.array(sorted(self.trained_hashes), dtype=str),
                word_keys=np.array(words, dtype=str),
                word_matrix=(self.vectors.matrix if self.vectors else
                             np.zeros((0, 0))).astype(np.float16),
                word_scale=np.array([self.vectors.scale if self.vectors else 0.0],
                                    dtype=np.float32),
                aux_feats=np.array(["\t".join(f) for f in self.aux.feats], dtype=str),
                aux_dense=self.aux.dense.astype(np.float16),
                aux_labels=np.array(self.aux.labels, dtype=str),
                aux_weights=np.array(self.aux.weights, dtype=np.float32),
                svc_coef=self.svc_coef.astype(np.float16),
                svc_intercept=self.svc_intercept.astype(np.float32),
                svc_dense_coef=self.svc_dense_coef.astype(np.float16),
                svc_blend=np.array([self.blend, self.svc_scale], dtype=np.float32),
            )

    @classmethod
    def from_file(cls, path: Path) -> TypeModel:
        try:
            with np.load(path, allow_pickle=False) as z:
                arr = {k: z[k] for k in z.files}
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(
                f"cannot read the event-type model {path} ({exc}); rebuild it with "
                "'python scripts/train_type_model.py'"
            ) from exc
        meta = dict(zip(arr["meta_keys"].tolist(), arr["meta_vals"].tolist(), strict=True))
        if int(meta.get("feature_version", "0")) != FEATURE_VERSION:
            raise ModelError(
                f"the event-type model {path} was built for feature version "
                f"{meta.get('feature_version')}, this code reads {FEATURE_VERSION}; rebuild it "
                "with 'python scripts/train_type_model.py'"
            )
        return cls(
            classes=arr["classes"].tolist(),
            vocab={w: i for i, w in enumerate(arr["vocab"].tolist())},
            coef=arr["coef"].astype(np.float32),
            intercept=arr["intercept"].astype(np.float32),
            dense_coef=arr["dense_coef"].astype(np.float32),
            lexicon=dict(zip(arr["lex_keys"].tolist(), arr["lex_vals"].tolist(), strict=True)),
            lexicon_pairs=dict(zip(arr["pair_keys"].tolist(), arr["pair_vals"].tolist(),
                                   strict=True)),
            yield_vocab={w: i for i, w in enumerate(arr["yield_vocab"].tolist())},
            yield_coef=arr["yield_coef"].astype(np.float32),
            yield_intercept=float(arr["yield_intercept"][0]),
            meta=meta,
            trained_hashes=frozenset(arr["trained_hashes"].tolist()),
            vectors=WordVectors(
                index={w: i for i, w in enumerate(arr["word_keys"].tolist())},
                matrix=arr["word_matrix"].astype(np.float32),
                scale=float(arr["word_scale"][0]),
            ) if arr["word_keys"].size else None,
            aux=AuxRows(
                feats=[f.split("\t") for f in arr["aux_feats"].tolist()],
                dense=arr["aux_dense"].astype(np.float32),
                labels=arr["aux_labels"].tolist(),
                weights=[float(w) for w in arr["aux_weights"].tolist()],
            ),
            **_svc_arrays(arr),
        )

    @classmethod
    def load(cls, path: Path | None = None) -> TypeModel:
        """The committed model (cached per process and path)."""
        return _load_cached(str(path or MODEL_PATH))


def _svc_arrays(arr: dict[str, np.ndarray]) -> dict[str, Any]:
    """The SVM half of the blend from a stored model (none in files written before it)."""
    if "svc_coef" not in arr or not arr["svc_coef"].size:
        return {}
    blend, scale = (float(v) for v in arr["svc_blend"].tolist())
    return {"svc_coef": arr["svc_coef"].astype(np.float32),
            "svc_intercept": arr["svc_intercept"].astype(np.float32),
            "svc_dense_coef": arr["svc_dense_coef"].astype(np.float32),
            "blend": blend, "svc_scale": scale}


@functools.lru_cache(maxsize=4)
def _load_cached(path: str) -> TypeModel:
    p = Path(path)
    if not p.is_file():
        raise ModelError(
            f"the event-type model {p} is missing; build it with "
            "'python scripts/train_type_model.py' (needs ../shared/data)"
        )
    return TypeModel.from_file(p)


# ---------------------------------------------------------------------------------------
# Public entry points


def classify(
    sentence: SentenceLike,
    source_span: SpanLike,
    target_span: SpanLike,
    model: TypeModel | None = None,
) -> tuple[str, float]:
    """The PLOVER type (one of the 16) of the event between source and target, with a
    confidence in [0, 1].

    ``sentence`` is a parsed spaCy ``Doc`` or sentence ``Span`` (or a string, parsed with
    the base pipeline). ``source_span``/``target_span`` are char offsets relative to the
    sentence's first character, spaCy Spans, or None when the actor is absent.
    """
    sent = _as_sentence(sentence)
    m = model or TypeModel.load()
    return m.predict(sent, resolve_span(sent, source_span), resolve_span(sent, target_span))


def classify_many(
    items: Iterable[tuple[SentenceLike, SpanLike, SpanLike]],
    model: TypeModel | None = None,
) -> list[tuple[str, float]]:
    """``classify`` over (sentence, source_span, target_span) triples. String sentences are
    parsed in one ``nlp.pipe`` batch."""
    m = model or TypeModel.load()
    triples = list(items)
    texts = [i for i, t in enumerate(triples) if isinstance(t[0], str)]
    parsed: dict[int, Doc] = {}
    if texts:
        from parley.nlp.model import load_base

        nlp = load_base()
        for i, doc in zip(texts, nlp.pipe([str(triples[i][0]) for i in texts]), strict=True):
            parsed[i] = doc
    out: list[tuple[str, float]] = []
    for i, (obj, src, tgt) in enumerate(triples):
        sent = _as_sentence(parsed.get(i, obj))  # type: ignore[arg-type]
        out.append(m.predict(sent, resolve_span(sent, src), resolve_span(sent, tgt)))
    return out


# ---------------------------------------------------------------------------------------
# Training (scikit-learn is imported only here)


@dataclass
class TrainSettings:
    c: float = 16.0
    dense: bool = True
    min_count: int = 1
    class_weight: str | None = None
    yield_c: float = 1.0
    svc_c: float = 0.1  # C of the linear SVMs blended with the regression; 0: no SVM
    svc_sparse: bool = True  # a second SVM on the string features alone (no word vectors)
    blend: float = 2 / 3  # the SVMs' share: with two SVMs, a third for each of the three
    seed: int = 13
    extra: dict[str, Any] = field(default_factory=dict)


def _matrix(feats: Sequence[list[str]], vocab: dict[str, int]) -> Any:
    from scipy.sparse import csr_matrix

    rows: list[int] = []
    cols: list[int] = []
    for r, fs in enumerate(feats):
        for c in sorted({vocab[f] for f in fs if f in vocab}):
            rows.append(r)
            cols.append(c)
    data = np.ones(len(rows), dtype=np.float64)
    return csr_matrix((data, (rows, cols)), shape=(len(feats), len(vocab)))


def _vocab(feats: Sequence[list[str]], min_count: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    for fs in feats:
        for f in set(fs):
            counts[f] = counts.get(f, 0) + 1
    keep = sorted(f for f, n in counts.items() if n >= min_count)
    return {f: i for i, f in enumerate(keep)}


def featurize(examples: Sequence[Example], lexicon: dict[str, str],
              lexicon_pairs: dict[str, str], vectors: WordVectors | None) -> AuxRows:
    """Features of parsed examples, in the shape the model keeps its extra cases."""
    feats = [extract_features(e.sent, e.source, e.target, lexicon, lexicon_pairs)
             for e in examples]
    dim = 2 * vectors.dim if vectors else 0
    dense = np.vstack([dense_features(e.sent, e.source, e.target, vectors) for e in examples]) \
        if dim and examples else np.zeros((len(examples), dim), dtype=np.float32)
    return AuxRows(feats, dense.astype(np.float32), [e.label for e in examples],
                   [e.weight for e in examples])


def train(
    examples: Sequence[Example],
    lexicon: dict[str, str] | None = None,
    lexicon_pairs: dict[str, str] | None = None,
    yield_examples: Sequence[Example] = (),
    settings: TrainSettings | None = None,
    vectors: WordVectors | None = None,
    aux: AuxRows | None = None,
) -> TypeModel:
    """Fit the type model on ``examples`` plus the already featurized ``aux`` cases (kept in
    the model), and the YIELD splitter when ``yield_examples`` are given (labelled CONCEDE or
    RETREAT). Deterministic for a given input and settings."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    st = settings or TrainSettings()
    lexicon = lexicon or {}
    lexicon_pairs = lexicon_pairs or {}
    vectors = vectors if st.dense else None
    own = featurize(examples, lexicon, lexicon_pairs, vectors)
    extra = aux or AuxRows()
    feats = own.feats + extra.feats
    vocab = _vocab(feats, st.min_count)
    x = _matrix(feats, vocab)
    dim = 2 * vectors.dim if vectors else 0
    if dim:
        parts = [own.dense] + ([extra.dense] if extra.feats else [])
        x = hstack([x, csr_matrix(np.vstack(parts).astype(np.float64))]).tocsr()
    labels = own.labels + extra.labels
    weights = np.array(own.weights + extra.weights, dtype=np.float64)
    clf = LogisticRegression(C=st.c, max_iter=5000, random_state=st.seed,
                             class_weight=st.class_weight)
    clf.fit(x, labels, sample_weight=weights)
    coef = np.asarray(clf.coef_, dtype=np.float32)
    intercept = np.asarray(clf.intercept_, dtype=np.float32)
    if len(clf.classes_) == 2:  # one logit z for the second class: softmax over (0, z)
        coef = np.vstack([np.zeros_like(coef), coef])
        intercept = np.concatenate([np.zeros(1, dtype=np.float32), intercept])
    n_vocab = len(vocab)
    use_svc = st.svc_c > 0 and st.blend > 0 and len(clf.classes_) > 2
    model = TypeModel(
        classes=[str(c) for c in clf.classes_],
        vocab=vocab,
        coef=coef[:, :n_vocab],
        intercept=intercept,
        dense_coef=coef[:, n_vocab:] if dim else np.zeros((len(clf.classes_), 0),
                                                          dtype=np.float32),
        lexicon=dict(lexicon),
        lexicon_pairs=dict(lexicon_pairs),
        meta={"feature_version": str(FEATURE_VERSION), "c": str(st.c),
              "svc_c": str(st.svc_c if use_svc else 0.0),
              "svc_sparse": str(int(use_svc and st.svc_sparse and bool(dim))),
              "blend": str(st.blend if use_svc else 0.0)},
        vectors=vectors,
        aux=extra,
    )
    if use_svc:
        views = [x] + ([x[:, :n_vocab]] if st.svc_sparse and dim else [])
        scoefs, sints = [], []
        for view in views:
            svm = LinearSVC(C=st.svc_c, max_iter=20000, random_state=st.seed)
            svm.fit(view, labels, sample_weight=weights)
            if [str(c) for c in svm.classes_] != model.classes:
                raise ModelError("the SVM and the regression disagree on the classes")
            sc = np.zeros((len(model.classes), x.shape[1]), dtype=np.float32)
            sc[:, :view.shape[1]] = svm.coef_
            scoefs.append(sc)
            sints.append(np.asarray(svm.intercept_, dtype=np.float32))
        scoef = np.vstack(scoefs)
        model = TypeModel(
            classes=model.classes, vocab=vocab, coef=model.coef, intercept=model.intercept,
            dense_coef=model.dense_coef, lexicon=model.lexicon,
            lexicon_pairs=model.lexicon_pairs, meta=model.meta, vectors=vectors, aux=extra,
            svc_coef=scoef[:, :n_vocab],
            svc_intercept=np.concatenate(sints),
            svc_dense_coef=scoef[:, n_vocab:],
            blend=st.blend,
        )
    if yield_examples:
        yfeats = [extract_features(e.sent, e.source, e.target, lexicon, lexicon_pairs)
                  for e in yield_examples]
        yvocab = _vocab(yfeats, 2)
        yx = _matrix(yfeats, yvocab)
        yy = np.array([1 if e.label == "RETREAT" else 0 for e in yield_examples])
        ybin = LogisticRegression(C=st.yield_c, max_iter=3000, random_state=st.seed,
                                  class_weight="balanced")
        ybin.fit(yx, yy, sample_weight=np.array([e.weight for e in yield_examples]))
        model.yield_vocab = yvocab
        model.yield_coef = np.asarray(ybin.coef_[0], dtype=np.float32)
        model.yield_intercept = float(ybin.intercept_[0])
    return model


def plover_label(label: str) -> str:
    """A gold label as the model learns it: CONCEDE and RETREAT fold into YIELD."""
    return YIELD if label in YIELD_TYPES else label


_TAG_RE = re.compile(r"</?[st]>")


def parse_marked(marked: str) -> tuple[str, list[CharSpan], list[CharSpan]]:
    """Strip ``<s>..</s>`` / ``<t>..</t>`` marks: (text, source spans, target spans)."""
    out: list[str] = []
    pos = 0
    length = 0
    open_at: dict[str, int] = {}
    spans: dict[str, list[CharSpan]] = {"s": [], "t": []}
    for m in _TAG_RE.finditer(marked):
        chunk = marked[pos:m.start()]
        out.append(chunk)
        length += len(chunk)
        tag = m.group(0)
        kind = tag.strip("</>")
        if tag.startswith("</"):
            if kind not in open_at:
                raise ValueError(f"closing {tag} without its opening tag")
            start = open_at.pop(kind)
            spans[kind].append((start, length))
        else:
            if kind in open_at:
                raise ValueError(f"nested {tag}")
            open_at[kind] = length
        pos = m.end()
    out.append(marked[pos:])
    if open_at:
        raise ValueError(f"unclosed <{next(iter(open_at))}>")
    return "".join(out), spans["s"], spans["t"]


def trim_span(text: str, span: CharSpan) -> CharSpan:
    """Offsets with surrounding whitespace removed."""
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


__all__ = [
    "MODEL_PATH",
    "PLOVER_TYPES",
    "AuxRows",
    "Example",
    "TrainSettings",
    "TypeModel",
    "WordVectors",
    "classify",
    "classify_many",
    "dense_features",
    "extract_features",
    "featurize",
    "parse_marked",
    "plover_label",
    "resolve_span",
    "train",
    "trim_span",
]
