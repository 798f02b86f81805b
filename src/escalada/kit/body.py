"""Reading a request body without ever buffering more than a limit."""

from __future__ import annotations

from starlette.requests import Request

from escalada.errors import PayloadTooLarge


async def read_capped(request: Request, limit: int, *, what: str = "request body") -> bytes:
    """The body, or PayloadTooLarge as soon as the declared or streamed size passes ``limit``."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"{what} is {declared} bytes; the limit is {limit}")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"{what} is over the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
