"""Starter saved replies and approval rules for the demo (idempotent: adds only what is missing)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from escalada.auth.principal import Principal
from escalada.models import ApprovalRule, SavedReply
from escalada.replies import approvals, saved

DEMO = Principal(role="admin", label="demo")

SAVED_REPLIES = (
    ("Double charge: move to DM", "en", "billing",
     "Sorry about the extra charge, {customer_name}. Please send us a private message with your "
     "order number and we'll sort out the refund today. – {agent_name}"),
    ("Cargo duplicado: a privado", "es", "billing",
     "Lamentamos el cargo, {customer_name}. Envíanos un mensaje privado con el número de pedido y "
     "lo resolvemos hoy. – {agent_name}"),
    ("Outage: we're on it", "en", "outage",
     "We know about the problem and our engineers are on it, {customer_name}. We'll post updates "
     "here as soon as we have them."),
    ("Late parcel: DM us", "en", "delivery",
     "So sorry your parcel hasn't arrived, {customer_name}. Please DM us your order number and "
     "we'll chase it with the courier right away."),
    ("Paket verspätet", "de", "delivery",
     "Das tut uns leid, {customer_name}! Schicken Sie uns bitte Ihre Bestellnummer per "
     "Direktnachricht, dann kümmern wir uns sofort darum."),
    ("Colis en retard", "fr", "delivery",
     "Désolés pour ce retard, {customer_name}. Envoyez-nous votre numéro de commande en message "
     "privé et nous relançons le transporteur."),
    ("Thanks for the love", "any", "praise",
     "Thank you so much, {customer_name}! We'll share this with the whole {brand} team."),
    ("Order details (private)", "en", None,
     "Hi {customer_name}, I've found order {order_number}. I'm on it and will update you here "
     "within the hour. – {agent_name}"),
)

RULES = (
    ("Agents on tier-3 conversations", ["agent"], 3, []),
    ("Legal and reputation cases", [], None, ["legal", "reputation"]),
)


def seed_workspace(session: Session) -> int:
    """Add the starter saved replies and approval rules that are not there yet."""
    added = 0
    titles = set(session.scalars(select(SavedReply.title)))
    for title, language, category, body in SAVED_REPLIES:
        if title not in titles:
            saved.create(session, principal=DEMO, data=saved.SavedReplyIn(
                title=title, body=body, language=language, category=category))
            added += 1
    names = set(session.scalars(select(ApprovalRule.name)))
    for name, roles, min_tier, categories in RULES:
        if name not in names:
            approvals.create_rule(session, name=name, roles=roles, min_tier=min_tier,
                                  categories=categories, principal=DEMO)
            added += 1
    return added
