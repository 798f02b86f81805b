"""Row ids as they arrive in paths and queries: positive and within the database's
INTEGER range, so an id too large for PostgreSQL is a 422 at the edge, not a 500."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

MAX_ID = 2_147_483_647

RowId = Annotated[int, Path(ge=1, le=MAX_ID, description="Row id")]
