"""Settings, read once from the environment (prefix ``ESCALADA_``) and an optional ``.env``."""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///./var/escalada.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ESCALADA_", env_file=".env", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str | None = None
    # Signs session cookies. When unset, a random key is generated once and kept in
    # ``secret_key_file`` so sessions survive restarts of a single-machine install.
    secret_key: str | None = Field(default=None, repr=False)
    secret_key_file: Path = Path("var/secret_key")
    # Where customers reach public pages (CSAT surveys, tracked links) in messages we send.
    public_url: str = "http://127.0.0.1:8000"
    admin_email: str = "admin@escalada.local"
    admin_password: str | None = Field(default=None, repr=False)
    cookie_secure: bool = True
    session_max_age_seconds: int = 12 * 3600
    max_text_bytes: int = 64 * 1024
    max_batch_items: int = 1000
    max_request_bytes: int = 16 * 1024 * 1024
    # "thread" runs background jobs on an in-process worker pool; "inline" runs them
    # right after the commit that queued them (tests, CLI imports).
    jobs: str = "thread"
    page_size: int = 50
    # How often the in-process sweep re-submits due deliveries; 0 turns it off (tests).
    outbox_sweep_seconds: float = 15.0

    def resolved_secret_key(self) -> str:
        if self.secret_key:
            return self.secret_key
        path = self.secret_key_file
        if path.exists():
            return path.read_text().strip()
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        path.write_text(key)
        path.chmod(0o600)
        return key


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
