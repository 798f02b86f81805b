"""Triage: language, sentiment, categories, tier, priority, troll, privacy and executive flags.

Pure functions over plain data (no database, no network); the word lists ship as
JSON in ``lexicon/``. The public surface is what this module exports; everything
else is an implementation detail that a learned engine can later replace behind
the same ``triage()`` contract.
"""

from .contract import CATEGORIES, PRIORITIES, AuthorSignals, TriageInput, TriageResult
from .jsonl import run_jsonl
from .pipeline import triage

__all__ = [
    "CATEGORIES",
    "PRIORITIES",
    "AuthorSignals",
    "TriageInput",
    "TriageResult",
    "run_jsonl",
    "triage",
]
