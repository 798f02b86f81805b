"""Hand-written word lists shipped as JSON package data.

Each file is small and read once per process; the modules that use them cache the
compiled form. Keeping the words in data files lets a linguist edit them without
touching code, and leaves room for learned weights to sit beside them later.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any


@cache
def load(name: str) -> Any:
    """The parsed content of ``<name>.json`` in this package."""
    return json.loads(files(__name__).joinpath(f"{name}.json").read_text(encoding="utf-8"))
