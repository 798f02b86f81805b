"""Secrets in webhook verification requests never reach the access log."""

from __future__ import annotations

import logging

from escalada.presence.live import RedactSecrets


def test_the_meta_verify_token_is_redacted_from_access_lines():
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5000", "GET",
                                "/api/v1/webhooks/meta?hub.mode=subscribe&hub.verify_token=s3cret-tok&hub.challenge=42",
                                "1.1", 200), None)
    assert RedactSecrets().filter(record)
    line = record.getMessage()
    assert "s3cret-tok" not in line and "hub.verify_token=[redacted]" in line and "hub.challenge=42" in line
