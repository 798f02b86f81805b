"""Saved replies: lead-managed, suggested by triage, filled with variables, counted."""

from __future__ import annotations

from escalada.models import SavedReply
from escalada.replies.saved import render, score, unknown_variables
from tests.conftest import token_headers


def test_variables_render_and_unknown_ones_are_named():
    body = "Hi {customer_name} ({handle}), {agent_name} from {brand} here about {order_number}."
    assert render(body, {"customer_name": "Jane", "handle": "@jane", "agent_name": "Ana",
                         "brand": "Acme", "order_number": None}) == \
        "Hi Jane (@jane), Ana from Acme here about [order number]."
    assert unknown_variables("Hi {nmae} {brand}") == ["nmae"]


def test_score_prefers_category_and_language_and_excludes_misfits():
    def reply(**kw):  # noqa: ANN003, ANN202
        return SavedReply(title="t", body="b", language=kw.get("language", "any"),
                          category=kw.get("category"), tag=kw.get("tag"), brand_id=kw.get("brand_id"))

    common = {"language": "es", "categories": {"billing"}, "tags": {"vip"}, "brand_id": 1}
    assert score(reply(language="es", category="billing"), **common) == 4
    assert score(reply(tag="vip"), **common) == 2
    assert score(reply(), **common) == 0
    assert score(reply(language="fr"), **common) is None
    assert score(reply(category="outage"), **common) is None
    assert score(reply(brand_id=2), **common) is None


def test_leads_manage_saved_replies_and_agents_use_them(client, session, feed, agents):
    ana, lea = agents["ana"], agents["lea"]
    new = {"title": "Double charge", "body": "Hola {customer_name}, soy {agent_name} de {brand}. "
           "Revisamos el pedido {order_number} por mensaje privado.", "language": "es", "category": "billing"}
    assert ana.post("/api/v1/saved-replies", json=new).status_code == 403
    bad = lea.post("/api/v1/saved-replies", json={**new, "body": "Hi {nmae}"})
    assert bad.status_code == 422 and "{nmae}" in bad.json()["error"]["message"]
    created = lea.post("/api/v1/saved-replies", json=new)
    assert created.status_code == 201
    sid = created.json()["id"]
    lea.post("/api/v1/saved-replies", json={"title": "Outage", "body": "We're on it.", "category": "outage"})
    lea.post("/api/v1/saved-replies", json={"title": "Thanks", "body": "¡Gracias!", "language": "es"})

    cid = feed("1", "Me cobraron dos veces el pedido 4471, ¿dónde está mi reembolso?", handle="maria_g",
               name="María García")
    suggestions = ana.get(f"/api/v1/conversations/{cid}/saved-replies").json()
    assert [s["title"] for s in suggestions] == ["Double charge", "Thanks"]
    rendered = ana.post(f"/api/v1/conversations/{cid}/saved-replies/{sid}/render").json()
    assert rendered["text"] == ("Hola María, soy Ana Agent de Acme. "
                                "Revisamos el pedido 4471 por mensaje privado.")
    page = ana.post(f"/conversations/{cid}/saved-replies/{sid}/use")
    assert page.status_code == 200 and page.text.startswith("Hola María")
    listed = {s["title"]: s for s in ana.get("/api/v1/saved-replies").json()}
    assert listed["Double charge"]["usage_count"] == 2

    # The lead's page shows usage counts; edits and removal go through forms.
    html = lea.get("/settings/saved-replies").text
    assert "Double charge" in html and '<td class="num">2</td>' in html
    assert lea.post(f"/settings/saved-replies/{sid}", data={
        "title": "Double charge (ES)", "body": "Hola {customer_name}", "language": "es",
        "category": "billing", "csrf_token": lea.csrf}, follow_redirects=False).status_code == 303
    assert lea.post(f"/settings/saved-replies/{sid}/delete", data={"csrf_token": lea.csrf},
                    follow_redirects=False).status_code == 303
    assert "<td>Double charge" not in lea.get("/settings/saved-replies").text
    assert ana.post("/settings/saved-replies", data={"title": "x", "body": "y", "csrf_token": ana.csrf}
                    ).status_code == 403
    assert client.get("/api/v1/saved-replies", headers=token_headers(session, "agent")).status_code == 200


def test_conversation_page_suggests_saved_replies_with_keys(client, session, feed, agents):
    lea = agents["lea"]
    lea.post("/api/v1/saved-replies", json={"title": "Refund steps", "body": "b", "category": "billing"})
    cid = feed("1", "I was charged twice, refund please")
    html = agents["ana"].get(f"/conversations/{cid}").text
    assert "Refund steps" in html and 'data-key="1"' in html and "Alt+1" in html


def test_demo_workspace_seed_is_valid_and_idempotent(session):
    from escalada.replies.demo import RULES, SAVED_REPLIES, seed_workspace

    assert seed_workspace(session) == len(SAVED_REPLIES) + len(RULES)
    assert seed_workspace(session) == 0
