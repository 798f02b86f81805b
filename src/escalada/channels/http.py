"""One HTTP call to a platform API, with its failures mapped to :class:`ChannelError`.

    timeout, connection error, 5xx   → retryable
    429                              → retryable after Retry-After / x-rate-limit-reset
    other 4xx                        → not retryable, with the platform's own message
    2xx without the expected id      → not retryable: the platform may have posted it,
                                       so sending again could post twice
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from escalada.channels.base import ChannelError
from escalada.kit.clock import utc_now

USER_AGENT = "Escalada/0.1"


def _retry_after(response: httpx.Response) -> float | None:
    header = response.headers.get("retry-after")
    if header and header.strip().isdigit():
        return float(header)
    reset = response.headers.get("x-rate-limit-reset") or response.headers.get("x-ratelimit-reset")
    if reset and reset.strip().isdigit():
        return max(0.0, float(reset) - utc_now().timestamp())
    return None


def _platform_message(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200] or response.reason_phrase
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and error.get("message"):  # Graph API
            return str(error["message"])
        if body.get("detail"):  # X API v2 problem
            return str(body["detail"])
        errors = body.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            return str(errors[0].get("message") or errors[0].get("detail") or errors[0])
        if body.get("title"):
            return str(body["title"])
    return json.dumps(body)[:200]


def post_json(client: httpx.Client, url: str, *, token: str, platform: str,
              json_body: dict[str, Any] | None = None, form: dict[str, str] | None = None) -> dict[str, Any]:
    """POST and return the decoded 2xx answer; raise ChannelError otherwise."""
    return call_json(client, "POST", url, token=token, platform=platform, json_body=json_body, form=form)


def call_json(client: httpx.Client, method: str, url: str, *, token: str, platform: str,
              json_body: dict[str, Any] | None = None, form: dict[str, str] | None = None,
              params: dict[str, Any] | None = None) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}", "User-Agent": USER_AGENT}
    try:
        response = client.request(method, url, json=json_body, data=form, params=params,
                                  headers=headers)
    except httpx.TimeoutException as exc:
        raise ChannelError(f"{platform} did not answer in time ({type(exc).__name__})",
                           retryable=True) from exc
    except httpx.TransportError as exc:
        raise ChannelError(f"could not reach {platform}: {type(exc).__name__}", retryable=True) from exc
    if response.status_code == 429:
        wait = _retry_after(response)
        when = f"; retry in {int(wait)} s" if wait is not None else ""
        raise ChannelError(f"{platform} rate limit reached (429){when}", retryable=True, retry_after=wait)
    if response.status_code >= 500:
        raise ChannelError(f"{platform} server error {response.status_code}", retryable=True)
    if response.status_code >= 400:
        raise ChannelError(
            f"{platform} refused the message ({response.status_code}): {_platform_message(response)}",
            retryable=False,
        )
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise ChannelError(
            f"{platform} answered {response.status_code} with something that is not JSON; "
            "check on the platform whether it was posted before sending again", retryable=False,
        )
    return body


def require_id(body: dict[str, Any], *path: str, platform: str) -> str:
    value: Any = body
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    if not isinstance(value, str | int) or value == "":
        raise ChannelError(
            f"{platform} answered without {'.'.join(path)}; check on the platform whether it "
            "was posted before sending again", retryable=False,
        )
    return str(value)
