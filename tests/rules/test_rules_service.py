"""Rules at ingest through the API and the page: actions, audit trail, dry run, YAML import."""

from __future__ import annotations

from sqlalchemy import select

from escalada.models import AuditEvent, Conversation, ConversationTag, Message
from tests.conftest import inbound, login, make_user, token_headers
from tests.inbox.test_ingest_api import post
from tests.routing.helpers import add_agent, add_team

BILLING = "You charged my card twice for order 5531, refund me"

RULES_YAML = """
rules:
  - name: Influencers first
    conditions:
      - {field: author.followers, op: gte, value: 10000}
    actions:
      - {type: tag, value: influencer}
      - {type: set_priority, value: urgent}
      - {type: assign_team, value: escalations}
  - name: Spam out
    conditions:
      - {field: categories, op: contains, value: spam}
    actions:
      - {type: archive}
    stop_processing: true
  - name: Acknowledge DMs
    conditions:
      - {field: visibility, op: eq, value: private}
    actions:
      - {type: auto_acknowledge, value: "Thanks for your message, we'll be with you shortly."}
"""


def test_imported_rules_act_at_ingest_and_leave_a_trail(client, session, brand):
    headers = token_headers(session)
    add_team(client, headers, "social", "social")
    add_team(client, headers, "escalations", "escalations")
    add_agent(client, session, headers, "Sid", "social", tier=3)
    esc = add_agent(client, session, headers, "Eli", "escalations", tier=3)
    response = client.post("/api/v1/rules/import", headers=headers, json={"yaml": RULES_YAML})
    assert response.status_code == 201, response.text
    assert [r["name"] for r in response.json()] == ["Influencers first", "Spam out", "Acknowledge DMs"]

    cid = post(client, headers, inbound("1", text="Where is my parcel? Order 7781 is late", followers=50000)).json()["conversation_id"]
    conversation = session.get(Conversation, cid)
    assert conversation.priority == "urgent" and conversation.assignee_id == esc.id
    assert session.get(ConversationTag, (cid, "influencer")) is not None
    [applied] = session.scalars(select(AuditEvent).where(AuditEvent.conversation_id == cid,
                                                         AuditEvent.action == "rule.applied")).all()
    assert applied.details["to"] == "Influencers first" and "team escalations" in applied.details["reason"]

    spam = post(client, headers, inbound("2", handle="promo", text="Follow me for free crypto giveaway, click the link in bio")).json()["conversation_id"]
    assert session.get(Conversation, spam).status == "closed"
    assert session.get(Conversation, spam).assignee_id is None

    dm = post(client, headers, inbound("3", handle="dm_user", platform="messenger", brand_account="acme.page",
                                       visibility="private", text=BILLING)).json()["conversation_id"]
    outbound = session.scalars(select(Message).where(Message.conversation_id == dm, Message.direction == "outbound")).all()
    assert [m.text for m in outbound] == ["Thanks for your message, we'll be with you shortly."]
    # A second message in the same thread is not acknowledged again.
    post(client, headers, inbound("4", handle="dm_user", platform="messenger", brand_account="acme.page",
                                  visibility="private", text="Any news?"))
    assert len(session.scalars(select(Message).where(Message.conversation_id == dm, Message.direction == "outbound")).all()) == 1


def test_dry_run_changes_nothing_and_bad_yaml_is_refused(client, session, brand):
    headers = token_headers(session)
    post(client, headers, inbound("1", text=BILLING))
    post(client, headers, inbound("2", handle="b", text="Love the new app!"))
    rule = {"name": "billing", "conditions": [{"field": "categories", "op": "contains", "value": "billing"}],
            "actions": [{"type": "tag", "value": "money"}]}
    result = client.post("/api/v1/rules/test", headers=headers, json={"rule": rule, "last": 10}).json()
    assert result["tested"] == 2 and result["matched"] == 1 and "charged" in result["matches"][0]["text"]
    assert session.scalar(select(ConversationTag).where(ConversationTag.tag == "money")) is None
    bad = client.post("/api/v1/rules/import", headers=headers, json={"yaml": "- name: x\n  actions: [{type: fly}]"})
    assert bad.status_code == 422 and "rule 1 (x)" in bad.text
    assert client.get("/api/v1/rules", headers=headers).json() == []
    agent = token_headers(session, role="agent")
    assert client.post("/api/v1/rules", headers=agent, json=rule).status_code == 403


def test_rules_page_save_test_reorder(client, session, brand):
    headers = token_headers(session)
    post(client, headers, inbound("1", text=BILLING))
    lead = make_user(session, "lead")
    csrf = login(client, lead.email)
    tested = client.post("/rules", data={"name": "Money", "conditions": "categories contains billing",
                                         "actions": "tag money", "intent": "test", "last": 50, "csrf_token": csrf})
    assert "fires on 1 of the last 1 messages" in tested.text
    client.post("/rules", data={"name": "Money", "conditions": "categories contains billing",
                                "actions": "tag money", "intent": "save", "csrf_token": csrf})
    page = client.post("/rules", data={"name": "Night", "conditions": "hour between 22,6",
                                       "actions": "tag night", "stop_processing": "true", "csrf_token": csrf})
    assert "Rule “Night” saved" in page.text
    night_id = [r["id"] for r in client.get("/api/v1/rules", headers=headers).json() if r["name"] == "Night"][0]
    client.post(f"/rules/{night_id}/move", data={"direction": -1, "csrf_token": csrf})
    assert [r["name"] for r in client.get("/api/v1/rules", headers=headers).json()] == ["Night", "Money"]
    bad = client.post("/rules", data={"name": "Bad", "conditions": "mood eq sad", "actions": "tag x", "csrf_token": csrf})
    assert bad.status_code == 422 and "unknown condition field" in bad.text
    # the error sits next to the form, which keeps what was typed
    assert 'id="rule-error"' in bad.text and 'value="Bad"' in bad.text and ">mood eq sad</textarea>" in bad.text


def test_escalate_and_notify_actions(client, session, brand):
    headers = token_headers(session)
    manager = make_user(session, "escalation_manager", email="em@example.com", name="Em")
    rule = {"name": "Press", "conditions": [{"field": "author.verified", "op": "eq", "value": True}],
            "actions": [{"type": "escalate"}, {"type": "notify", "value": "lead"}]}
    lead = make_user(session, "lead", email="lead@example.com", name="Lee")
    assert client.post("/api/v1/rules", headers=headers, json=rule).status_code == 201
    cid = post(client, headers, inbound("1", text="Is the app down for everyone?", verified=True)).json()["conversation_id"]
    conversation = session.get(Conversation, cid)
    assert (conversation.tier, conversation.priority) == (3, "urgent")
    from escalada.models import Notification

    told = {n.user_id for n in session.scalars(select(Notification))}
    assert {manager.id, lead.id} <= told


def _saved(session, title, body, language):
    from escalada.models import SavedReply

    row = SavedReply(title=title, body=body, language=language, created_by_label="lead")
    session.add(row)
    session.commit()
    return row.id


def _outbound(session, cid):
    session.expire_all()
    return [m.text for m in session.scalars(select(Message).where(Message.conversation_id == cid,
                                                                  Message.direction == "outbound"))]


def test_auto_acknowledge_with_a_saved_reply_in_the_customers_language(client, session, brand):
    headers = token_headers(session)
    english = _saved(session, "Got it", "Hi {customer_name}, we've got this: {brand} is on it.", "en")
    _saved(session, "Got it", "Cześć {customer_name}, zajmujemy się tym.", "pl")
    lead = make_user(session, "lead")
    csrf = login(client, lead.email)
    page = client.get("/rules")
    assert "Got it (pl)" in page.text and 'name="ack_saved_reply"' in page.text
    saved = client.post("/rules", data={"name": "Ack DMs", "conditions": "visibility eq private",
                                        "actions": "auto_acknowledge Thanks, we'll be with you shortly.",
                                        "ack_saved_reply": str(english), "csrf_token": csrf})
    assert "Rule “Ack DMs” saved" in saved.text and "Acknowledges with saved reply “Got it (en)”" in saved.text
    [rule] = client.get("/api/v1/rules", headers=headers).json()
    assert rule["actions"] == [{"type": "auto_acknowledge", "value": "Thanks, we'll be with you shortly.",
                                "saved_reply_id": english}]
    edit = client.get(f"/rules?edit={rule['id']}")
    assert f'<option value="{english}" selected>' in edit.text

    def dm(n, text, handle):
        return post(client, headers, inbound(n, handle=handle, platform="messenger", brand_account="acme.page",
                                             visibility="private", text=text)).json()["conversation_id"]

    en = dm("1", BILLING, "jane_doe")
    assert _outbound(session, en) == ["Hi jane_doe, we've got this: Acme is on it."]
    pl = dm("2", "Dzień dobry, obciążyliście moją kartę dwa razy za zamówienie, proszę o zwrot pieniędzy", "ola_k")
    assert session.get(Conversation, pl).language == "pl"
    assert _outbound(session, pl) == ["Cześć ola_k, zajmujemy się tym."]
    de = dm("3", "Guten Tag, Sie haben meine Karte zweimal belastet, ich möchte mein Geld zurück", "hans")
    assert session.get(Conversation, de).language == "de"
    assert _outbound(session, de) == ["Thanks, we'll be with you shortly."]
    reasons = [e.details["reason"] for e in session.scalars(
        select(AuditEvent).where(AuditEvent.action == "rule.applied").order_by(AuditEvent.id))]
    assert "saved reply “Got it” (pl)" in reasons[1] and "rule text (no saved reply in de)" in reasons[2]
    from escalada.models import SavedReply
    assert session.get(SavedReply, english).usage_count == 1


def test_auto_acknowledge_refuses_an_unknown_saved_reply(client, session, brand):
    headers = token_headers(session)
    bad = client.post("/api/v1/rules", headers=headers, json={
        "name": "Ack", "actions": [{"type": "auto_acknowledge", "saved_reply_id": 999}]})
    assert bad.status_code == 422 and "no saved reply 999" in bad.text
    empty = client.post("/api/v1/rules", headers=headers, json={"name": "Ack", "actions": [{"type": "auto_acknowledge"}]})
    assert empty.status_code == 422 and "a text or a saved reply" in empty.text
