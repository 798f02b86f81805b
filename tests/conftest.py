"""Shared fixtures.

Database tests run once per backend: SQLite always, PostgreSQL too when
``ESCALADA_TEST_DATABASE_URL`` is set. Each backend's schema is built by the real
Alembic migrations once per run; each test runs inside a transaction that is rolled
back at the end, so no test sees another's leftovers.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from escalada import migrate
from escalada.app import create_app
from escalada.auth.principal import Principal
from escalada.auth.service import create_token, create_user
from escalada.brands.service import add_account, create_brand
from escalada.config import Settings
from escalada.db import Database, make_engine
from escalada.workers.jobs import InlineRunner

PG_URL = os.environ.get("ESCALADA_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
PASSWORD = "correct horse battery"
ADMIN = Principal(role="admin", label="test")


def _build_engine(backend: str, tmp_dir: str) -> Engine:
    if backend == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_dir}/escalada-test.db")
    else:
        assert PG_URL is not None
        engine = make_engine(PG_URL)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    migrate.upgrade(engine)
    return engine


@pytest.fixture(scope="session")
def engines(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Engine]]:
    built: dict[str, Engine] = {}
    yield built
    for engine in built.values():
        engine.dispose()


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, engines: dict[str, Engine],
       tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    backend = request.param
    if backend not in engines:
        engines[backend] = _build_engine(backend, str(tmp_path_factory.mktemp(backend)))
    engine = engines[backend]
    connection = engine.connect()
    outer = connection.begin()

    def session_factory() -> Session:
        return Session(bind=connection, join_transaction_mode="create_savepoint",
                       expire_on_commit=False)

    yield Database(engine, runner=InlineRunner(), session_factory=session_factory)
    outer.rollback()
    connection.close()


@pytest.fixture
def session(db: Database) -> Iterator[Session]:
    """A session for arranging and checking; commit it to make rows visible to requests."""
    s = db.session_factory()
    s.info["database"] = db
    yield s
    s.close()


@pytest.fixture
def settings() -> Settings:
    return Settings(
        database_url="sqlite://", secret_key="test-secret", cookie_secure=False, jobs="inline",
        outbox_sweep_seconds=0, admin_password=PASSWORD,
    )


@pytest.fixture
def client(db: Database, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, db=db)) as c:
        yield c


@pytest.fixture
def brand(session: Session):  # noqa: ANN201
    """Brand "acme" with accounts on X (@AcmeHelp) and Messenger (acme.page)."""
    b = create_brand(session, slug="acme", name="Acme", actor=ADMIN)
    add_account(session, brand=b, platform="x", handle="@AcmeHelp", actor=ADMIN)
    add_account(session, brand=b, platform="messenger", handle="acme.page", actor=ADMIN)
    session.commit()
    return b


def make_user(session: Session, role: str, email: str | None = None, name: str | None = None):  # noqa: ANN201
    user = create_user(session, email=email or f"{role}@example.com", name=name or role.title(),
                       role=role, password=PASSWORD, actor=ADMIN)
    session.commit()
    return user


def token_headers(session: Session, role: str = "lead") -> dict[str, str]:
    _, plain = create_token(session, name=f"{role}-token", role=role, actor=ADMIN)
    session.commit()
    return {"Authorization": f"Bearer {plain}"}


def inbound(platform_message_id: str = "1001", *, text: str = "My card was charged twice for order 5531",
            handle: str = "jane_doe", platform: str = "x", brand_account: str = "AcmeHelp",
            visibility: str = "public", created_at: str = "2026-11-20T10:00:00+00:00",
            in_reply_to: str | None = None, **author: object) -> dict:
    return {
        "platform": platform,
        "platform_message_id": platform_message_id,
        "brand_account": brand_account,
        "author": {"handle": handle, "followers": 120, "following": 80, "has_avatar": True,
                   "account_created_at": "2019-01-01T00:00:00+00:00", **author},
        "text": text,
        "visibility": visibility,
        "created_at": created_at,
        "in_reply_to": in_reply_to,
    }


def at(text_value: str) -> datetime:
    return datetime.fromisoformat(text_value).astimezone(UTC)


def csrf_from(html: str) -> str:
    return html.split('name="csrf_token" value="')[1].split('"')[0]


def login(client: TestClient, email: str, password: str = PASSWORD) -> str:
    """Sign in through the login form; return the session's CSRF token."""
    page = client.get("/login")
    response = client.post("/login", data={"email": email, "password": password,
                                           "csrf_token": csrf_from(page.text), "next": "/inbox"},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return csrf_from(client.get("/inbox").text)


@pytest.fixture
def batch_triage_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ingestion may not triage a message on its own: a batch path must triage it at once."""
    from escalada.inbox import ingest

    def one_at_a_time(*args: object, **kwargs: object) -> None:
        raise AssertionError("a message of a batch was triaged on its own")

    monkeypatch.setattr(ingest, "triage", one_at_a_time)
