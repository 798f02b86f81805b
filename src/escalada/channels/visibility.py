"""Which way a reply may go on a thread: publicly, or by private message (pure).

A thread is private when its channel only carries private messages (Messenger,
WhatsApp, e-mail) or when the customer's latest message in it was private (an X or
Instagram DM). A private thread takes private replies only: a public one would put
the answer to a private message on the brand's public timeline, for everyone to
read. A public thread takes both: a public reply, or a private message to its author.
"""

from __future__ import annotations

from escalada.errors import PrivateThread

PUBLIC = "public"
PRIVATE = "private"
PRIVATE_CHANNELS = frozenset({"messenger", "whatsapp", "email"})


def thread_visibility(channel: str, last_inbound_visibility: str | None) -> str:
    """``private`` or ``public``: how the customer talks to the brand on this thread."""
    if channel in PRIVATE_CHANNELS or last_inbound_visibility == PRIVATE:
        return PRIVATE
    return PUBLIC


def reply_visibilities(thread: str) -> tuple[str, ...]:
    """The visibilities a reply may take on a thread, the thread's own first."""
    return (PRIVATE,) if thread == PRIVATE else (PUBLIC, PRIVATE)


def reply_visibility(thread: str, requested: str | None) -> str:
    """The visibility of a reply on ``thread``: the thread's own unless another allowed
    one is asked for. A public reply to a private thread is refused, never downgraded
    silently: the sender wrote it for a public audience."""
    if requested is None:
        return thread
    if requested not in reply_visibilities(thread):
        raise PrivateThread(
            "this conversation is private: the customer wrote by private message, so the "
            "reply must be a private message too, not a public reply"
        )
    return requested
