"""Lead-editable rules: conditions on a message and its triage, actions before routing.

``engine`` is pure (validate, evaluate); ``service`` stores rules, applies their actions
at ingest and dry-runs them on recent messages.
"""
