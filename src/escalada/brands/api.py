from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from escalada.auth.dependencies import SessionDep, require
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.brands import service
from escalada.inbox.schemas import Platform

router = APIRouter(prefix="/api/v1/brands", tags=["brands"])


class AccountOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    platform: str
    display_handle: str


class BrandOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    slug: str
    name: str
    accounts: list[AccountOut]


class BrandIn(BaseModel):
    slug: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=120)


class AccountIn(BaseModel):
    platform: Platform
    handle: str = Field(min_length=1, max_length=120)


@router.get("", response_model=list[BrandOut])
def list_brands(
    session: SessionDep, _: Annotated[Principal, Depends(require(Permission.BRANDS_VIEW))]
) -> list[BrandOut]:
    return [BrandOut.model_validate(b) for b in service.list_brands(session)]


@router.post("", response_model=BrandOut, status_code=201)
def create_brand(
    body: BrandIn,
    session: SessionDep,
    principal: Annotated[Principal, Depends(require(Permission.BRANDS_MANAGE))],
) -> BrandOut:
    brand = service.create_brand(session, slug=body.slug, name=body.name, actor=principal)
    return BrandOut.model_validate(service.get_brand(session, slug=brand.slug))


@router.post("/{slug}/accounts", response_model=BrandOut, status_code=201)
def add_account(
    slug: str,
    body: AccountIn,
    session: SessionDep,
    principal: Annotated[Principal, Depends(require(Permission.BRANDS_MANAGE))],
) -> BrandOut:
    brand = service.get_brand(session, slug=slug)
    service.add_account(session, brand=brand, platform=body.platform, handle=body.handle, actor=principal)
    session.expire(brand)
    return BrandOut.model_validate(service.get_brand(session, slug=slug))
