"""Every API operation, fed inputs generated from its own OpenAPI schema, as an admin and as
an agent: no request may end in a server error (bad input is a 4xx that says why).

Schemathesis reads the schema when the module is collected, so the app (on its own
SQLite file, built by the real migrations) is made here rather than in a fixture."""

from __future__ import annotations

import atexit
import shutil
import tempfile

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from escalada import migrate
from escalada.app import create_app
from escalada.auth.principal import Principal
from escalada.auth.service import create_token
from escalada.brands.service import add_account, create_brand
from escalada.config import Settings
from escalada.db import Database, make_engine

SETUP = Principal(role="admin", label="fuzz")
ROLES = ("admin", "agent")


def _app() -> tuple[object, dict[str, str]]:
    folder = tempfile.mkdtemp(prefix="escalada-fuzz-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    url = f"sqlite:///{folder}/fuzz.db"
    engine = make_engine(url)
    migrate.upgrade(engine)
    db = Database(engine)
    tokens = {}
    with db.unit_of_work() as session:
        for role in ROLES:
            tokens[role] = create_token(session, name=f"fuzz-{role}", role=role, actor=SETUP)[1]
        brand = create_brand(session, slug="acme", name="Acme", actor=SETUP)
        add_account(session, brand=brand, platform="x", handle="AcmeHelp", actor=SETUP)
    return create_app(Settings(database_url=url, secret_key="fuzz", jobs="inline", outbox_sweep_seconds=0,
                               cookie_secure=False), db=db), tokens


APP, TOKENS = _app()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


def setup_module() -> None:
    global CLIENT
    CLIENT = TestClient(APP).__enter__()  # the app's start-up, once for the module


def teardown_module() -> None:
    CLIENT.__exit__(None, None, None)


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_operation_answers_with_a_server_error(case):  # noqa: ANN001
    for role in ROLES:
        response = case.call(headers={"Authorization": f"Bearer {TOKENS[role]}"})
        assert response.status_code < 500, f"{case.method} {case.formatted_path} as {role}: {response.text[:300]}"
