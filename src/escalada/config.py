"""Settings, read once from the environment (prefix ``ESCALADA_``) and an optional ``.env``."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cryptography.fernet import Fernet
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///./var/escalada.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ESCALADA_", env_file=".env", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str | None = None
    # Keys and channels this install uses in Redis (several installs may share one server).
    redis_prefix: str = "escalada:"
    # Signs session cookies. When unset, a random key is generated once and kept in
    # ``secret_key_file`` so sessions survive restarts of a single-machine install.
    secret_key: str | None = Field(default=None, repr=False)
    secret_key_file: Path = Path("var/secret_key")
    # Where customers reach public pages (CSAT surveys, tracked links) in messages we send:
    # ESCALADA_PUBLIC_URL, e.g. https://care.example.com. Unset, ``escalada serve`` uses
    # the address it serves on (fine on one machine, wrong behind a proxy: set it there).
    public_url: str = "http://127.0.0.1:8000"
    admin_email: str = "admin@escalada.local"
    admin_password: str | None = Field(default=None, repr=False)
    cookie_secure: bool = True
    session_max_age_seconds: int = 12 * 3600
    max_text_bytes: int = 64 * 1024
    # Triage's learned part: "fast" (hashed-feature model) or "accurate" (sentence
    # embeddings + the fast evidence; needs the [accurate] extra, see docs/triage.md),
    # and the CPU threads the accurate mode's embedding model may use.
    triage_mode: Literal["fast", "accurate"] = "fast"
    triage_threads: int = Field(default=1, ge=1)
    max_batch_items: int = 1000
    max_request_bytes: int = 16 * 1024 * 1024
    # "thread" runs background jobs on an in-process worker pool; "inline" runs them
    # right after the commit that queued them (tests, CLI imports).
    jobs: str = "thread"
    page_size: int = 50
    # How often the in-process sweep re-submits due deliveries; 0 turns it off (tests).
    outbox_sweep_seconds: float = 15.0
    # Encrypts platform credentials at rest (a Fernet key). When unset, one is generated
    # once into ``channel_key_file``; losing it means connecting the accounts again.
    channel_key: str | None = Field(default=None, repr=False)
    channel_key_file: Path = Path("var/channel_key")
    # Largest webhook body accepted from each platform (bigger ones answer 413).
    x_webhook_max_bytes: int = 1024 * 1024
    meta_webhook_max_bytes: int = 1024 * 1024
    # A webhook delivery still pending this long after it arrived is processed again.
    webhook_retry_after_seconds: float = 60.0
    # Platform API base URLs (tests point them at local fake servers).
    x_api_base: str = "https://api.x.com"
    meta_graph_base: str = "https://graph.facebook.com/v21.0"
    channel_timeout_seconds: float = 10.0
    # Run the X mentions poller / the listening search from the in-process sweeper
    # every N seconds (0: off; use `escalada channels poll-x` / `listen` or a timer).
    x_poll_seconds: float = 0
    listening_poll_seconds: float = 0
    # SLA escalation e-mail (unset host: e-mails are recorded but not sent) and a
    # Slack-compatible incoming webhook for level-3 escalations.
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = Field(default=None, repr=False)
    smtp_from: str = "escalada@localhost"
    escalation_webhook_url: str | None = Field(default=None, repr=False)
    # The workspace's reporting time zone (IANA name): the report pages' default, and the
    # zone whose business hours the report facts are measured in (docs/metrics.md).
    report_timezone: str = "UTC"

    @field_validator("report_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"ESCALADA_REPORT_TIMEZONE: unknown time zone {value!r} "
                             "(use an IANA name such as Europe/Dublin)") from exc
        return value

    def resolved_secret_key(self) -> str:
        return self.secret_key or _kept_key(self.secret_key_file, lambda: secrets.token_urlsafe(48))

    def resolved_channel_key(self) -> str:
        return self.channel_key or _kept_key(
            self.channel_key_file, lambda: Fernet.generate_key().decode()
        )


def _kept_key(path: Path, generate: Callable[[], str]) -> str:
    """The key kept in ``path``, generated (readable by this user only) on first use."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = generate()
    path.write_text(key)
    path.chmod(0o600)
    return key


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
