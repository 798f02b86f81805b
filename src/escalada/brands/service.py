from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from escalada.audit.service import record
from escalada.auth.principal import Principal
from escalada.errors import Conflict, InvalidInput, NotFound
from escalada.inbox.schemas import PLATFORMS
from escalada.models import Brand, BrandAccount

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def normalise_handle(handle: str) -> str:
    return handle.strip().removeprefix("@").casefold()


def create_brand(session: Session, *, slug: str, name: str, actor: Principal) -> Brand:
    slug = slug.strip().lower()
    if not _SLUG.match(slug):
        raise InvalidInput("brand slug must be lowercase letters, digits and dashes")
    if session.scalar(select(Brand.id).where(Brand.slug == slug)) is not None:
        raise Conflict(f"brand {slug!r} already exists")
    brand = Brand(slug=slug, name=name.strip() or slug)
    session.add(brand)
    session.flush()
    record(session, actor=actor, action="brand.created", brand_id=brand.id, slug=slug)
    return brand


def add_account(
    session: Session, *, brand: Brand, platform: str, handle: str, actor: Principal
) -> BrandAccount:
    if platform not in PLATFORMS:
        raise InvalidInput(f"unknown platform {platform!r}; use one of: {', '.join(PLATFORMS)}")
    key = normalise_handle(handle)
    if not key:
        raise InvalidInput("account handle must not be empty")
    taken = session.scalar(
        select(BrandAccount).where(BrandAccount.platform == platform, BrandAccount.handle == key)
    )
    if taken is not None:
        raise Conflict(f"{platform} account @{key} is already connected")
    account = BrandAccount(
        brand_id=brand.id, platform=platform, handle=key, display_handle=handle.strip().removeprefix("@")
    )
    session.add(account)
    session.flush()
    record(session, actor=actor, action="brand.account_added", brand_id=brand.id,
           platform=platform, handle=key)
    return account


def get_brand(session: Session, *, slug: str) -> Brand:
    brand = session.scalar(
        select(Brand).where(Brand.slug == slug).options(selectinload(Brand.accounts))
    )
    if brand is None:
        raise NotFound(f"brand {slug!r} not found")
    return brand


def list_brands(session: Session) -> list[Brand]:
    return list(session.scalars(select(Brand).order_by(Brand.name).options(selectinload(Brand.accounts))))


def find_account(session: Session, *, platform: str, handle: str) -> BrandAccount | None:
    return session.scalar(
        select(BrandAccount).where(
            BrandAccount.platform == platform, BrandAccount.handle == normalise_handle(handle)
        )
    )
