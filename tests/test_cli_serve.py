"""``escalada serve``: links in outbound messages point where the server really is."""

from __future__ import annotations

import os

import pytest
from typer.testing import CliRunner

from escalada import cli
from escalada.config import get_settings
from escalada.presence import live


@pytest.fixture
def served(monkeypatch):  # noqa: ANN201
    calls = []
    monkeypatch.setattr(live, "run_server", lambda *args, **kwargs: calls.append(kwargs))
    monkeypatch.delenv("ESCALADA_PUBLIC_URL", raising=False)
    yield calls
    os.environ.pop("ESCALADA_PUBLIC_URL", None)  # serve sets it for its own process
    get_settings.cache_clear()


def test_survey_links_follow_the_port_served_on(served, monkeypatch):
    result = CliRunner().invoke(cli.app, ["serve", "--host", "0.0.0.0", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert served[0]["port"] == 8123
    assert get_settings().public_url == "http://127.0.0.1:8123"
    assert "links in messages use http://127.0.0.1:8123" in " ".join(result.output.split())


def test_an_explicit_public_url_wins(served, monkeypatch):
    monkeypatch.setenv("ESCALADA_PUBLIC_URL", "https://care.example.com")
    CliRunner().invoke(cli.app, ["serve", "--port", "9000"])
    assert get_settings().public_url == "https://care.example.com"


def test_served_url_brackets_ipv6():
    assert cli.served_url("::1", 8000) == "http://[::1]:8000"
