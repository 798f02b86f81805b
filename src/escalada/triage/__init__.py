"""Triage: language, sentiment, categories, tier, priority, troll, privacy and executive flags.

Pure functions over plain data (no database, no network); the word lists ship as
JSON in ``lexicon/``, the learned model in ``models/``. The public surface is what this
module exports; everything else is an implementation detail. A brand's policy
(``TriagePolicy``, built from its stored JSON by ``policy_from_json``) is passed in.
"""

from .contract import CATEGORIES, PRIORITIES, AuthorSignals, TriageInput, TriageResult
from .jsonl import run_jsonl
from .pipeline import triage, triage_many
from .settings import DEFAULT_POLICY, TriagePolicy, policy_from_json

__all__ = [
    "CATEGORIES",
    "DEFAULT_POLICY",
    "PRIORITIES",
    "AuthorSignals",
    "TriageInput",
    "TriagePolicy",
    "TriageResult",
    "run_jsonl",
    "policy_from_json",
    "triage",
    "triage_many",
]
