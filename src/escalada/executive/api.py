"""Executive sponsorship API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from escalada.auth.dependencies import SessionDep, require
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.executive import service

router = APIRouter(prefix="/api/v1/executive", tags=["executive"])
Viewer = Annotated[Principal, Depends(require(Permission.CONVERSATIONS_VIEW))]
Manager = Annotated[Principal, Depends(require(Permission.EXECUTIVE_MANAGE))]


class EnrolIn(BaseModel):
    conversation_id: int
    sponsor_user_id: int
    entry_criteria: str = Field(min_length=1, max_length=2000)
    exit_criteria: str = Field(min_length=1, max_length=2000)


class ExitIn(BaseModel):
    note: str = Field(min_length=1, max_length=2000)


class SponsorshipOut(BaseModel):
    id: int
    author_id: int
    brand_id: int
    sponsor_user_id: int
    conversation_id: int | None
    entry_criteria: str
    exit_criteria: str
    status: str
    enrolled_at: datetime
    exited_at: datetime | None
    exit_note: str | None


@router.get("/sponsorships", response_model=list[SponsorshipOut])
def get_sponsorships(session: SessionDep, _: Viewer) -> list[SponsorshipOut]:
    return [SponsorshipOut.model_validate(s, from_attributes=True) for s in service.list_sponsorships(session)]


@router.post("/sponsorships", response_model=SponsorshipOut, status_code=201)
def post_sponsorship(body: EnrolIn, session: SessionDep, principal: Manager) -> SponsorshipOut:
    row = service.enrol(session, principal=principal, **body.model_dump())
    return SponsorshipOut.model_validate(row, from_attributes=True)


@router.post("/sponsorships/{sponsorship_id}/exit", response_model=SponsorshipOut)
def post_exit(sponsorship_id: int, body: ExitIn, session: SessionDep, principal: Manager) -> SponsorshipOut:
    row = service.exit_programme(session, sponsorship_id=sponsorship_id, note=body.note, principal=principal)
    return SponsorshipOut.model_validate(row, from_attributes=True)
