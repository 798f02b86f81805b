"""Connected accounts and signed webhook requests for the channel tests."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from escalada.brands.service import add_account
from escalada.channels.credentials import SecretBox, connect
from escalada.config import Settings
from tests.channels.fakes import FakePlatform
from tests.conftest import ADMIN

FIXTURES = Path(__file__).parent / "fixtures"
X_SECRET = "x-consumer-secret-for-tests"
META_SECRET = "meta-app-secret-for-tests"
VERIFY_TOKEN = "verify-me-please"
X_BRAND_ID = "4337869213"
PAGE_ID = "106543210987654"
IG_ID = "17841405309211844"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def fixture_json(name: str) -> dict:
    return json.loads(fixture_bytes(name))


def x_signature(body: bytes, secret: str = X_SECRET) -> str:
    return "sha256=" + base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def meta_signature(body: bytes, secret: str = META_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@pytest.fixture
def box(settings: Settings) -> SecretBox:
    return SecretBox.from_settings(settings)


@pytest.fixture
def fake() -> Iterator[FakePlatform]:
    with FakePlatform() as platform:
        yield platform


@pytest.fixture
def settings(fake: FakePlatform) -> Settings:
    """The shared settings, plus a credentials key and the platform APIs on a local fake."""
    from cryptography.fernet import Fernet

    return Settings(
        database_url="sqlite://", secret_key="test-secret", cookie_secure=False, jobs="inline",
        outbox_sweep_seconds=0, admin_password="correct horse battery",
        channel_key=Fernet.generate_key().decode(),
        x_api_base=fake.base, meta_graph_base=f"{fake.base}/v21.0", channel_timeout_seconds=0.5,
    )


@pytest.fixture
def connected(session, brand, box):  # noqa: ANN001, ANN201
    """Acme's X, Messenger, Facebook and Instagram accounts, connected with credentials."""
    from escalada.brands.service import find_account

    accounts = {
        "x": find_account(session, platform="x", handle="AcmeHelp"),
        "messenger": find_account(session, platform="messenger", handle="acme.page"),
        "facebook": add_account(session, brand=brand, platform="facebook", handle="acme.page", actor=ADMIN),
        "instagram": add_account(session, brand=brand, platform="instagram", handle="acme.brand", actor=ADMIN),
    }
    connect(session, account=accounts["x"], external_id=X_BRAND_ID, box=box, principal=ADMIN,
            secrets={"consumer_secret": X_SECRET, "access_token": "x-user-token"})
    for platform, external_id in (("messenger", PAGE_ID), ("facebook", PAGE_ID), ("instagram", IG_ID)):
        connect(session, account=accounts[platform], external_id=external_id, box=box, principal=ADMIN,
                secrets={"app_secret": META_SECRET, "verify_token": VERIFY_TOKEN,
                         "access_token": f"{platform}-page-token"})
    session.commit()
    return accounts


@pytest.fixture
def cli_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A migrated SQLite file the ``escalada`` command uses through its environment."""
    from escalada import migrate
    from escalada.config import get_settings
    from escalada.db import make_engine

    url = f"sqlite:///{tmp_path}/cli.db"
    monkeypatch.setenv("ESCALADA_DATABASE_URL", url)
    monkeypatch.setenv("ESCALADA_CHANNEL_KEY_FILE", str(tmp_path / "channel_key"))
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()
