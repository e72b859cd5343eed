"""The parley_timex spaCy component inside the pipeline (needs the spaCy model)."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from parley.nlp.timex import find_timexes, make_timex_recognizer, tense_of


@pytest.fixture(scope="module")
def base() -> Language:
    from parley.nlp.model import load_base

    return load_base()


def _doc(nlp: Language, text: str, published: str | None):  # type: ignore[no-untyped-def]
    doc = nlp.make_doc(text)
    doc._.published = published
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def test_timex_component_registered_as_factory() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("parley_timex")
    doc = nlp.make_doc("The decree of 2022 is still in effect, the minister said on Monday.")
    doc._.published = "2025-01-23"
    doc = nlp(doc)
    assert [(t.text, t.value) for t in doc._.timexes] == [("2022", "2022"),
                                                         ("Monday", "2025-01-20")]


@pytest.mark.slow
def test_timex_component_sets_doc_timexes(base: Language) -> None:
    component = make_timex_recognizer(base, "parley_timex")
    doc = component(_doc(base, "Putin met Zelensky on Thursday. Talks will resume next month.",
                         "2025-01-25"))
    assert [(t.text, t.type, t.value) for t in doc._.timexes] == [
        ("Thursday", "DATE", "2025-01-23"), ("next month", "DATE", "2025-02")]


@pytest.mark.slow
def test_timex_component_future_verb_points_weekday_forward(base: Language) -> None:
    doc = base("The ministers will meet on Thursday, officials said.")
    found = find_timexes(doc, "2025-01-25")
    assert [t.value for t in found] == ["2025-01-30"]
    token = next(t for t in doc if t.text == "Thursday")
    assert tense_of(token) == "future"
    doc = base("The ministers met on Thursday, officials said.")
    assert [t.value for t in find_timexes(doc, "2025-01-25")] == ["2025-01-23"]


@pytest.mark.slow
def test_timex_component_without_publication_date(base: Language) -> None:
    doc = base("The decree was signed in 2022 and talks resumed on Tuesday.")
    found = find_timexes(doc, None)
    assert [(t.text, t.value) for t in found] == [("2022", "2022"), ("Tuesday", "XXXX-WXX-2")]
