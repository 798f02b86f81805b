"""The learned tier decision: expected-cost choice, policy on top, training reproducible."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from escalada.triage import AuthorSignals, TriageInput, TriagePolicy, triage
from escalada.triage.evaluate_tiers import Gold, consistent_groups, f1, tier_figures, urgent_in_top_n
from escalada.triage.tier import COSTS, TierScores, load_tier_model
from escalada.triage.tier_train import corpus_examples, featurize_for_tier, fit_tier, language_weights, verdicts


def test_an_unsure_urgent_case_is_raised_not_dropped():
    # 30% urgent, 40% FAQ: the expected cost of missing the urgent case outweighs.
    assert TierScores((0.1, 0.4, 0.2, 0.3), 0.0).best_tier() == 3
    assert TierScores((0.05, 0.9, 0.04, 0.01), 0.0).best_tier() == 1
    # an unclear case leans sincere: tier 2 rather than noise
    assert TierScores((0.45, 0.1, 0.4, 0.05), 0.0).best_tier() == 2


def test_missing_an_urgent_message_costs_most():
    assert all(COSTS[3][chosen] >= max(COSTS[true][chosen] for true in range(3)) for chosen in range(3))
    assert COSTS[3][0] > COSTS[2][0] > COSTS[1][0]


def test_the_shipped_model_matches_the_code_and_says_how_it_was_made():
    model = load_tier_model()
    assert model is not None
    meta = model.meta
    corpus = {"en", "es", "pt", "fr", "de", "it", "pl", "ro", "nl", "zh"}
    assert corpus <= set(meta["examples"])
    assert sum(meta["examples"][language] for language in corpus) >= 8000
    assert meta["costs"] == [list(row) for row in COSTS]
    assert 0 < meta["executive_threshold"] < 1


@pytest.mark.parametrize("text", [
    "@brand are you down rn",
    "the parcel says delivered but nobody came",
    "is it just me or is the app dead since 7?",
    "where is my order, it was due on the 20th?",
    "thanks for charging me twice",
    "Bravo, another lost parcel",
])
def test_problems_without_a_tidy_phrase_are_urgent(text):
    assert triage(TriageInput(text=text)).tier == 3


@pytest.mark.parametrize("text", [
    "I'd like to cancel my subscription. Thank you!",
    "je résilie mon abonnement dès demain, ras le bol",
    "disdico il contratto, basta",
    "Reporting you to the consumer ombudsman if this isn't fixed",
])
def test_churn_and_legal_intent_as_people_write_it_is_executive(text):
    result = triage(TriageInput(text=text))
    assert result.executive and result.tier == 3


def test_brand_policy_rules_stay_and_say_so():
    technical = "the export button throws an error every time"
    assert triage(TriageInput(text=technical)).tier < 3
    brand = TriagePolicy(category_tiers=(("technical", 3),))
    result = triage(TriageInput(text=technical), brand)
    assert result.tier == 3 and "brand policy: technical is tier 3" in result.reasons
    callout = "Your staff were racist to my friend at the store, shame on you"
    loud = triage(TriageInput(text=callout, author=AuthorSignals(followers=48_000)))
    assert loud.tier == 3 and any("influential" in r for r in loud.reasons)


def test_every_decision_names_the_tier_model():
    result = triage(TriageInput(text="hello, what time do you open on sunday?"))
    assert any(r.startswith("tier model:") for r in result.reasons)


def test_training_is_reproducible_and_learns(tmp_path: Path):
    lines = [{"id": f"en-x-{i}", "text": text, "language": "en", "tier": tier, "executive": tier == 3 and i % 2 == 0}
             for i, (text, tier) in enumerate([("my card was charged twice", 3), ("love this shop", 1),
                                               ("follow me for free followers", 0), ("how much is the pro plan", 2)] * 10)]
    (tmp_path / "en-x.jsonl").write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    examples = corpus_examples(tmp_path)
    matrix = featurize_for_tier([e.text for e in examples])
    tiers = np.asarray([e.tier for e in examples])
    executive = np.asarray([e.executive for e in examples], dtype=np.float32)
    first = fit_tier(matrix, tiers, executive, language_weights(examples), epochs=40)
    again = fit_tier(matrix, tiers, executive, language_weights(examples), epochs=40)
    assert np.array_equal(first, again)
    chosen = [v.best_tier() for v in verdicts(first, matrix)]
    assert chosen[:4] == [3, 1, 0, 2]


def _result(tier: int, priority: str = "normal", executive: bool = False):  # noqa: ANN202
    return type("R", (), {"tier": tier, "priority": priority, "executive": executive})()


def test_evaluation_figures():
    gold = [Gold("a", "en", "x", 3, True), Gold("b", "en", "y", 2, False), Gold("c", "en", "z", 0, False),
            Gold("d", "en", "w", 3, False)]
    results = [_result(3, "urgent", True), _result(3), _result(0, "low"), _result(1)]
    figures = tier_figures(gold, results)
    assert figures.tier_accuracy == 0.5 and figures.tier3_recall == 0.5 and figures.urgent_in_tier_0_1 == 1
    assert figures.executive_f1 == 1.0
    assert urgent_in_top_n([True, False, False, True], results) == 0.5
    assert f1([False], [False]) is None
    groups = [Gold("1", "en", "", 3, True, "g1"), Gold("2", "pl", "", 3, True, "g1"), Gold("3", "en", "", 3, False, "g2")]
    assert consistent_groups(groups, [_result(3, executive=True), _result(3, executive=True), _result(2)]) == (1, 2)
