"""find_attributions on the construction classes fixed while measuring on PolNeAR.

One hand-written case (or two) per class: a source in its own paragraph after a timestamp
line, NYT-style '' quotation marks, a quote after "boasted,", "issued a statement saying",
object control ("requires delegates to declare"), "In a new poll, ...", a belief verb with an
object ("officials expect a record turnout"), the learned cue verbs, and the constructions
PolNeAR rarely marks (``weak``). The sentences are written for these tests, not taken from any
gold file.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest
from attribution_cases import find_cue as _find  # tests/extract/attribution_cases.py

from parley.evaluate.polnear import top_level
from parley.extract.attribution import find_attributions, lexicon
from parley.nlp.model import load_base

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "polnear_attribution_lexicon.py"


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_base()


def test_source_stays_in_the_cue_paragraph(nlp) -> None:  # type: ignore[no-untyped-def]
    # the parse runs across the blank line; the timestamp line is not the source
    doc = nlp("Morning briefing\n\n9:15 a.m.\n\nThe state tax commissioner says an internal "
              "review found no leak.")
    att = _find(find_attributions(doc), "says")
    assert att.source is not None
    assert att.source.text == "The state tax commissioner"


def test_double_apostrophe_quotes_are_quotes(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("''We will carry this state,'' the senator said. ''I think the voters are "
              "with us.''")
    atts = find_attributions(doc)
    said = _find(atts, "said")
    think = _find(atts, "think")
    assert not said.in_quote
    assert think.in_quote  # inside the second quotation: PolNeAR does not mark it
    assert [a.cue.text for a in top_level(atts)] == ["said"]


def test_quote_after_comma_is_the_content(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("When reporters asked about his taxes, the candidate boasted, \u201cThat makes me "
              "smart.\u201d")
    att = _find(find_attributions(doc), "boasted")
    assert att.content is not None
    assert "smart" in att.content.text
    assert "taxes" not in att.content.text


def test_statement_saying_has_the_issuer_as_source(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The governor issued a statement saying the bridge would reopen on Monday.")
    att = _find(find_attributions(doc), "saying")
    assert att.source is not None and att.source.text == "The governor"
    assert att.content is not None and "bridge" in att.content.text


def test_object_control_source(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The new rule requires delegates to declare their choice before the vote.")
    att = _find(find_attributions(doc), "declare")
    assert att.source is not None and att.source.text == "delegates"


def test_in_a_poll_is_a_source(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("In a new Quinnipiac poll, 45 percent of voters back the senator.")
    att = _find(find_attributions(doc), "In")
    assert att.rule == "poll"
    assert att.source is not None and att.source.text == "a new Quinnipiac poll"
    assert att.content is not None and "45 percent" in att.content.text
    assert att.kind == "evidence"  # a poll is never a speaker for said_by


def test_polls_in_general_are_not_a_source(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The senator slid in the polls after the debate.")
    assert [a for a in find_attributions(doc) if a.rule == "poll"] == []


def test_belief_verb_with_an_object(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Election officials expect a record turnout on Tuesday.")
    att = _find(find_attributions(doc), "expect")
    assert att.kind == "cognition"
    assert att.source is not None and att.source.text == "Election officials"
    assert att.content is not None and "turnout" in att.content.text


def test_learned_cue_verbs(nlp) -> None:  # type: ignore[no-untyped-def]
    assert lexicon().verbs.get("lambast") == "learned"
    doc = nlp("The senator lambasted the proposal as a giveaway to banks.")
    att = _find(find_attributions(doc), "lambasted")
    assert att.kind == "learned"
    assert att.source is not None and att.source.text == "The senator"
    assert att.content is not None and "proposal" in att.content.text


def test_learned_verb_without_a_complement_is_no_cue(nlp) -> None:  # type: ignore[no-untyped-def]
    # like a stance verb, a learned cue needs a source and an object or a clause
    doc = nlp("The senator lambasted.")
    assert [a for a in find_attributions(doc) if a.kind == "learned"] == []


def test_weak_constructions_are_found_but_not_scored(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The governor has a plan to show that the budget works.")
    atts = find_attributions(doc)
    show = _find(atts, "show")
    assert show.weak  # a finding verb in a to-infinitive after a noun
    assert show not in top_level(atts)


@pytest.mark.parametrize("text", ["The governor made it clear that he would veto the bill.",
                                  "The governor made clear that he would veto the bill."])
def test_made_clear(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    att = _find(find_attributions(nlp(text)), "made")
    assert "clear" in att.cue.text
    assert att.source is not None and att.source.text == "The governor"
    assert att.content is not None and "veto" in att.content.text


def test_made_no_secret_of(nlp) -> None:  # type: ignore[no-untyped-def]
    att = _find(find_attributions(nlp("The mayor has made no secret of her disdain for the "
                                      "council.")), "made")
    assert att.source is not None and att.source.text == "The mayor"
    assert att.content is not None and "disdain" in att.content.text


def test_see_as_is_a_belief(nlp) -> None:  # type: ignore[no-untyped-def]
    att = _find(find_attributions(nlp("Many voters see the senator as an outsider.")), "see")
    assert att.kind == "cognition"
    assert att.source is not None and att.source.text == "Many voters"
    assert find_attributions(nlp("She saw the film on Monday.")) == []


def test_hyphen_does_not_cut_the_source(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The country's state-run news agency reported that the talks had ended.")
    att = _find(find_attributions(doc), "reported")
    assert att.source is not None
    assert att.source.text == "The country's state-run news agency"


def test_conjoined_cue_keeps_its_own_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    # "demanded" is a conjunct of "slammed", whose subject is the minister (not the outlet
    # that reports both); a quotation between subject and cue is not a quoted subject
    doc = nlp('The radio station reports that the foreign minister slammed the move as '
              '"reckless" and demanded that the prisoners be released.')
    att = _find(find_attributions(doc), "demanded")
    assert att.source is not None and att.source.text == "the foreign minister"


def test_interview_labels_are_not_sources(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Q: Will you run again?\n\nA: No, I will not run again.")
    assert [a for a in find_attributions(doc) if a.rule == "colon"] == []


def test_impersonal_it_is_no_source(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("It is safe to say that the plan has failed.")
    assert all(a.source is None for a in find_attributions(doc) if "say" in a.cue.text)


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("polnear_attribution_lexicon", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_lexicon_script_selects_frequent_unknown_cues() -> None:
    script = _script()
    heads = Counter({"grumblify": 6, "say": 900, "rarely": 2, "often": 5})
    total = Counter({"grumblify": 8, "say": 1000, "rarely": 2, "often": 50})
    rows = script.select(heads, total, min_count=3, ratio=0.5)
    # "say" is already a cue, "rarely" is too rare, "often" is a cue too seldom
    assert rows == [("grumblify", 6, 8)]


def test_lexicon_script_refuses_other_splits(tmp_path: Path) -> None:
    script = _script()
    with pytest.raises(SystemExit):
        script.count(tmp_path / "dev")
