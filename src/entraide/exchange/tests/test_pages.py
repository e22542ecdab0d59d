"""The exchange's pages: the node and its keys, peers, the messages sent, refused envelopes, a
request's conversation, and where the request page and the navigation lead to them."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from entraide.audit.models import AuditEvent
from entraide.exchange import envelope, keys, transport
from entraide.exchange.models import Conversation, Evidence, Message, NodeKey, Peer, PeerAuthority, Rejection
from entraide.testing.cases import new_outgoing
from entraide.testing.fixtures import NamedUsers

from .conftest import OTHER_AUTHORITY, OtherNode, conversation_for, message_in

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PEER_URL = "https://so.test.entraide.example"


def text(response: Any) -> str:
    return str(response.content.decode())


# ---------------------------------------------------------------- the node and its keys


def test_the_overview_shows_the_node_and_its_key_fingerprints(users: NamedUsers, client_for: Any) -> None:
    page = client_for(users.administrator).get(reverse("exchange:overview"))
    assert page.status_code == 200
    body = text(page)
    assert "ke.test.entraide.example" in body
    for row in NodeKey.objects.all():
        assert envelope.fingerprint(row.kid) in body
    assert body.count('data-state="current"') == 2
    assert reverse("exchange:node") in body
    assert reverse("exchange:keys-rotate") in body


def test_an_auditor_reads_the_overview_but_cannot_rotate(users: NamedUsers, client_for: Any) -> None:
    client = client_for(users.auditor)
    page = client.get(reverse("exchange:overview"))
    assert page.status_code == 200
    assert reverse("exchange:keys-rotate") not in text(page)
    assert client.get(reverse("exchange:keys-rotate")).status_code == 403
    assert client.post(reverse("exchange:keys-rotate"), {"confirmed": "on"}).status_code == 403


@pytest.mark.parametrize("role", ["officer", "supervisor", "executor"])
def test_case_workers_may_not_see_the_node(users: NamedUsers, client_for: Any, role: str) -> None:
    client = client_for(getattr(users, role))
    for name in ("exchange:overview", "exchange:peers", "exchange:peer-add", "exchange:rejections"):
        assert client.get(reverse(name)).status_code == 403, name


def test_signed_out_visitors_are_sent_to_sign_in(db: None) -> None:
    page = Client().get(reverse("exchange:overview"))
    assert page.status_code == 302
    assert "login" in page["Location"]


def test_rotating_keys_asks_for_confirmation_then_keeps_the_old_keys_for_the_overlap(
    users: NamedUsers, client_for: Any, settings: Any
) -> None:
    settings.ENTRAIDE_EXCHANGE_KEY_OVERLAP_DAYS = 9
    client = client_for(users.administrator)
    keys.ensure()
    before = set(NodeKey.objects.values_list("kid", flat=True))
    step = client.get(reverse("exchange:keys-rotate"))
    assert step.status_code == 200
    assert "9 days" in text(step)

    refused = client.post(reverse("exchange:keys-rotate"), {})
    assert refused.status_code == 400
    assert "Tick the box to confirm the rotation." in text(refused)
    assert set(NodeKey.objects.values_list("kid", flat=True)) == before

    done = client.post(reverse("exchange:keys-rotate"), {"confirmed": "on"}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("exchange:overview")
    old = NodeKey.objects.filter(kid__in=before)
    assert all(not k.current and k.accepted_until is not None for k in old)
    assert old[0].accepted_until is not None
    assert abs(old[0].accepted_until - (timezone.now() + dt.timedelta(days=9))) < dt.timedelta(minutes=1)
    body = text(done)
    assert body.count('data-state="current"') == 2 and body.count('data-state="accepted"') == 2
    assert "Accepted until" in body
    assert AuditEvent.objects.filter(action="exchange.key-rotated", actor=users.administrator).count() == 2


def test_a_key_past_its_overlap_is_shown_retired(users: NamedUsers, client_for: Any) -> None:
    keys.rotate(actor=users.administrator, overlap_days=0)
    body = text(client_for(users.administrator).get(reverse("exchange:overview")))
    assert body.count('data-state="retired"') == 2


# ---------------------------------------------------------------- peers


@pytest.fixture
def serve(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Make ``transport.node_document`` answer what a test gives (a document, or an exception)."""

    def install(answer: Any) -> list[str]:
        asked: list[str] = []

        def node_document(url: str) -> dict[str, Any]:
            asked.append(url)
            if isinstance(answer, Exception):
                raise answer
            return answer

        monkeypatch.setattr(transport, "node_document", node_document)
        return asked

    return install


def _find(client: Client, **data: str) -> Any:
    return client.post(reverse("exchange:peer-add"), {"step": "find", **data})


def _confirm_fields(page: Any) -> dict[str, str]:
    form = page.context["form"]
    return {name: form.initial[name] for name in ("url", "document", "seal")} | {"step": "confirm"}


def test_adding_a_peer_shows_its_fingerprints_then_needs_them_compared(
    users: NamedUsers, client_for: Any, other_node: OtherNode, serve: Any
) -> None:
    asked = serve(other_node.document())
    client = client_for(users.administrator)
    assert client.get(reverse("exchange:peer-add")).status_code == 200

    step = _find(client, url=PEER_URL + "/")
    assert step.status_code == 200
    assert asked == [PEER_URL]
    body = text(step)
    assert other_node.node_id in body
    for fingerprint in other_node.fingerprints():
        assert fingerprint in body
    assert OTHER_AUTHORITY in body
    assert f"I compared these fingerprints with the administrator of {other_node.node_id}" in body

    fields = _confirm_fields(step)
    unconfirmed = client.post(reverse("exchange:peer-add"), fields | {"name": "Somalia", "delivery": "push"})
    assert unconfirmed.status_code == 400
    assert "Compare the fingerprints with the other node&#x27;s administrator first" in text(unconfirmed)
    assert other_node.fingerprints()[0] in text(unconfirmed)  # still shown, with the user's input
    assert 'value="Somalia"' in text(unconfirmed)
    assert not Peer.objects.exists()

    added = client.post(
        reverse("exchange:peer-add"), fields | {"name": "Somalia", "delivery": "push", "confirmed": "on"}
    )
    assert added.status_code == 302 and added["Location"] == reverse("exchange:peers")
    peer = Peer.objects.get()
    assert (peer.node_id, peer.name, peer.url) == (other_node.node_id, "Somalia", PEER_URL)
    assert peer.fingerprints_confirmed_by == users.administrator.email
    mapped = PeerAuthority.objects.get(peer=peer)
    assert (mapped.key, mapped.authority.name) == ("7", OTHER_AUTHORITY)
    assert AuditEvent.objects.filter(action="exchange.peer-added", actor=users.administrator).exists()

    listing = text(client.get(reverse("exchange:peers")))
    assert OTHER_AUTHORITY in listing and other_node.fingerprints()[1] in listing
    assert reverse("directory:authority-detail", args=[mapped.authority_id]) in listing


def test_a_pasted_document_adds_a_node_this_server_cannot_reach(
    users: NamedUsers, client_for: Any, other_node: OtherNode, serve: Any
) -> None:
    asked = serve(transport.Unreachable("ConnectionError: refused"))
    client = client_for(users.administrator)
    unreachable = _find(client, url=PEER_URL)
    assert unreachable.status_code == 400
    assert "could not be reached" in text(unreachable)

    step = _find(client, url=PEER_URL, document=json.dumps(other_node.document()))
    assert step.status_code == 200
    assert asked == [PEER_URL]  # only the first time: a pasted document is not fetched
    fields = _confirm_fields(step) | {"delivery": "pull", "confirmed": "on"}
    assert client.post(reverse("exchange:peer-add"), fields).status_code == 302
    assert Peer.objects.get().delivery == Peer.Delivery.PULL


@pytest.mark.parametrize(
    ("data", "answer", "message"),
    [
        ({"url": "ftp://so.test.entraide.example"}, None, "must be an https:// URL"),
        ({"url": "not an address"}, None, "must be an https:// URL"),
        ({"url": PEER_URL, "document": "{not json"}, None, "This is not JSON"),
        ({"url": PEER_URL, "document": "[1, 2]"}, None, "A node document is a JSON object"),
        ({"url": PEER_URL}, {"signatures": ["a.b.c"]}, "This node document cannot be used"),
        ({"url": PEER_URL}, {"node": "so", "keys": []}, "a list of signatures"),
        ({"url": PEER_URL}, "unsigned", "not signed by a key we know"),
        ({"url": PEER_URL}, envelope.Refused("the node document is not JSON"), "did not answer a node document"),
        ({"url": ""}, None, "This field is required."),
    ],
)
def test_a_bad_address_or_document_is_a_message_on_the_form(
    users: NamedUsers,
    client_for: Any,
    other_node: OtherNode,
    serve: Any,
    data: dict[str, str],
    answer: Any,
    message: str,
) -> None:
    if answer == "unsigned":  # listing its keys but signed by another
        answer = other_node.document(signer=envelope.generate_key("sig"))
    serve(answer if answer is not None else AssertionError("not fetched"))
    page = _find(client_for(users.administrator), **data)
    assert page.status_code == 400
    assert message.replace("'", "&#x27;") in text(page)
    assert not Peer.objects.exists()


def test_our_own_document_and_a_known_peer_are_refused(
    users: NamedUsers, client_for: Any, peer: Peer, other_node: OtherNode, serve: Any
) -> None:
    from entraide.exchange import services

    client = client_for(users.administrator)
    serve(other_node.document())
    assert "already a peer" in text(_find(client, url=PEER_URL))
    serve(services.node_document())
    assert "this node&#x27;s own document" in text(_find(client, url="https://ke.test.entraide.example"))


def test_a_document_changed_between_the_two_steps_is_refused(
    users: NamedUsers, client_for: Any, other_node: OtherNode, serve: Any
) -> None:
    serve(other_node.document())
    client = client_for(users.administrator)
    fields = _confirm_fields(_find(client, url=PEER_URL))
    impostor = OtherNode(other_node.node_id, envelope.generate_key("sig"), envelope.generate_key("enc"))
    fields["document"] = json.dumps(impostor.document(), separators=(",", ":"))
    page = client.post(reverse("exchange:peer-add"), fields | {"delivery": "push", "confirmed": "on"})
    assert page.status_code == 400
    assert "was changed" in text(page)
    assert not Peer.objects.exists()


def test_only_an_administrator_adds_a_peer(users: NamedUsers, client_for: Any, other_node: OtherNode) -> None:
    client = client_for(users.auditor)
    assert client.get(reverse("exchange:peers")).status_code == 200
    assert client.get(reverse("exchange:peer-add")).status_code == 403
    assert _find(client, url=PEER_URL).status_code == 403


def test_suspending_needs_a_reason_and_resuming_does_not(users: NamedUsers, client_for: Any, peer: Peer) -> None:
    client = client_for(users.administrator)
    url = reverse("exchange:peer-suspend", args=[peer.pk])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"reason": "   "})
    assert refused.status_code == 400
    assert "Say why the peer is suspended." in text(refused)
    peer.refresh_from_db()
    assert not peer.suspended

    assert client.post(url, {"reason": "Keys compromised (test)"}).status_code == 302
    peer.refresh_from_db()
    assert (peer.suspended, peer.suspended_reason) == (True, "Keys compromised (test)")
    listing = text(client.get(reverse("exchange:peers")))
    assert "Keys compromised (test)" in listing and "Suspended" in listing

    assert client.post(reverse("exchange:peer-resume", args=[peer.pk])).status_code == 302
    peer.refresh_from_db()
    assert (peer.suspended, peer.suspended_reason) == (False, "")
    actions = set(AuditEvent.objects.filter(actor=users.administrator).values_list("action", flat=True))
    assert {"exchange.peer-suspended", "exchange.peer-resumed"} <= actions


def test_an_administrator_sets_how_messages_travel_with_a_peer(users: NamedUsers, client_for: Any, peer: Peer) -> None:
    client = client_for(users.administrator)
    url = reverse("exchange:peer-delivery", args=[peer.pk])
    assert client.post(url, {"delivery": "pull", "fetch": "on"}).status_code == 302
    peer.refresh_from_db()
    assert (peer.delivery, peer.fetch) == ("pull", True)
    assert client.post(url, {"delivery": "carrier pigeon"}).status_code == 302
    peer.refresh_from_db()
    assert (peer.delivery, peer.fetch) == ("pull", True), "a bad choice changes nothing"
    assert client_for(users.auditor).post(url, {"delivery": "push"}).status_code == 403
    assert AuditEvent.objects.filter(actor=users.administrator, action="exchange.peer-configured").count() == 1


def test_an_auditor_may_not_suspend_resume_or_refresh(users: NamedUsers, client_for: Any, peer: Peer) -> None:
    client = client_for(users.auditor)
    assert client.get(reverse("exchange:peer-suspend", args=[peer.pk])).status_code == 403
    assert client.post(reverse("exchange:peer-suspend", args=[peer.pk]), {"reason": "x"}).status_code == 403
    assert client.post(reverse("exchange:peer-resume", args=[peer.pk])).status_code == 403
    assert client.post(reverse("exchange:peer-refresh", args=[peer.pk])).status_code == 403
    assert client_for(users.administrator).get(reverse("exchange:peer-suspend", args=[999999])).status_code == 404


def test_refreshing_takes_keys_the_old_key_signed_and_says_why_it_cannot(
    users: NamedUsers, client_for: Any, peer: Peer, other_node: OtherNode, serve: Any
) -> None:
    client = client_for(users.administrator)
    url = reverse("exchange:peer-refresh", args=[peer.pk])
    serve(other_node.document())
    assert "have not changed" in text(client.post(url, follow=True))

    new_sig, new_enc = envelope.generate_key("sig"), envelope.generate_key("enc")
    serve(other_node.document(other_node.payload(sig=new_sig, enc=new_enc)))  # signed by the old key
    assert "were updated" in text(client.post(url, follow=True))
    peer.refresh_from_db()
    assert {k["kid"] for k in peer.keys} == {new_sig.kid, new_enc.kid}

    stranger = envelope.generate_key("sig")
    serve(other_node.document(other_node.payload(sig=stranger), signer=stranger))
    page = client.post(url, follow=True)
    assert "Its node document was not taken" in text(page)
    serve(transport.Unreachable("ConnectTimeout"))
    assert "could not be reached: ConnectTimeout" in text(client.post(url, follow=True))


# ---------------------------------------------------------------- messages sent, refused envelopes


def test_the_messages_page_shows_failures_first_and_only_the_users_authority(
    users: NamedUsers, client_for: Any, exchanged: Conversation, peer: Peer
) -> None:
    delivered = message_in(exchanged, "request.submit", {"title": "x"})
    dead = message_in(exchanged, "request.status", {}, state=Message.State.DEAD, attempts=12, last_error="HTTP 503")
    waiting = message_in(
        exchanged,
        "information.provide",
        {},
        state=Message.State.QUEUED,
        attempts=2,
        last_error="ConnectTimeout",
        next_attempt_at=timezone.now(),
    )
    theirs = conversation_for(new_outgoing(users, title="Other (test)"), peer)
    Conversation.objects.filter(pk=theirs.pk).update(authority=users.outsider.authority)
    hidden = message_in(theirs, "request.submit", {}, state=Message.State.DEAD)

    page = client_for(users.officer).get(reverse("exchange:messages"))
    assert page.status_code == 200
    shown = [m.pk for m in page.context["page"]]
    assert set(shown[:2]) == {dead.pk, waiting.pk} and shown[2:] == [delivered.pk]
    assert hidden.pk not in shown
    body = text(page)
    assert "HTTP 503" in body and "2 attempts" in body and "Send again" in body
    assert reverse("exchange:conversation", args=[exchanged.request_id]) in body

    failures = client_for(users.officer).get(reverse("exchange:messages"), {"state": "failures"})
    assert {m.pk for m in failures.context["page"]} == {dead.pk, waiting.pk}
    only_dead = client_for(users.officer).get(reverse("exchange:messages"), {"state": "dead"})
    assert [m.pk for m in only_dead.context["page"]] == [dead.pk]

    audited = client_for(users.auditor).get(reverse("exchange:messages"))
    assert audited.status_code == 200 and "Send again" not in text(audited)
    assert [m.pk for m in client_for(users.outsider).get(reverse("exchange:messages")).context["page"]] == [hidden.pk]


def test_a_dead_message_is_sent_again(users: NamedUsers, client_for: Any, exchanged: Conversation) -> None:
    dead = message_in(exchanged, "request.status", {}, state=Message.State.DEAD, attempts=12, last_error="HTTP 503")
    url = reverse("exchange:message-retry", args=[dead.pk])
    assert client_for(users.auditor).post(url).status_code == 403
    assert client_for(users.outsider).post(url).status_code == 404

    page = client_for(users.officer).post(url, {"back": "conversation"})
    assert page.status_code == 302
    assert page["Location"] == reverse("exchange:conversation", args=[exchanged.request_id])
    dead.refresh_from_db()
    assert (dead.state, dead.attempts, dead.last_error) == (Message.State.QUEUED, 0, "")
    assert AuditEvent.objects.filter(action="exchange.message-retried", actor=users.officer).exists()

    again = client_for(users.officer).post(url, follow=True)
    assert "Only a message that failed can be sent again." in text(again)


def test_refused_envelopes_are_for_oversight(users: NamedUsers, client_for: Any) -> None:
    Rejection.objects.create(claimed_sender="xx.example", size=1234, digest="0" * 64, reason="signature: bad (test)")
    page = client_for(users.auditor).get(reverse("exchange:rejections"))
    assert page.status_code == 200
    assert "signature: bad (test)" in text(page) and "xx.example" in text(page) and "1234" in text(page)
    assert client_for(users.officer).get(reverse("exchange:rejections")).status_code == 403


# ---------------------------------------------------------------- a request's conversation


def _history(conversation: Conversation) -> dict[str, Message]:
    document = {"title": "Court order (test)", "filename": "order.pdf", "size": 2048, "sha256": "ab" * 32}
    submitted = message_in(conversation, "request.submit", {"title": "Bank records (test)", "documents": [document]})
    Evidence.objects.create(
        message=submitted,
        type=Evidence.Type.DELIVERED,
        issuer="so.test.entraide.example",
        token="eyJhbGciOiJFZERTQSJ9.e30.c2lnbmF0dXJl",
        at=timezone.now(),
    )
    status = message_in(
        conversation,
        "request.status",
        {"status": "registered", "by": "Amina Yusuf (test)", "reason": "", "ground": "", "ground_text": ""},
        direction=Message.Direction.IN,
        state=Message.State.APPLIED,
    )
    asked = message_in(
        conversation,
        "information.request",
        {"text": "Which account numbers? (test)", "documents": []},
        direction=Message.Direction.IN,
        state=Message.State.REFUSED,
        last_error="document refused (test)",
    )
    return {"submitted": submitted, "status": status, "asked": asked}


def test_the_conversation_shows_the_other_side_its_status_and_the_history(
    users: NamedUsers, client_for: Any, exchanged: Conversation
) -> None:
    rows = _history(exchanged)
    page = client_for(users.officer).get(reverse("exchange:conversation", args=[exchanged.request_id]))
    assert page.status_code == 200
    body = text(page)
    assert OTHER_AUTHORITY in body and "so.test.entraide.example/7" in body and "SO-2025-0042" in body
    assert "Status at the requested authority" in body and "Registered" in body
    assert [e.title for e in page.context["entries"]] == [
        "Request sent",
        "Status: Registered by Amina Yusuf (test)",
        "Additional information requested",
    ]
    assert "Sent by us" in body and f"Received from {OTHER_AUTHORITY}" in body
    assert "Court order (test)" in body and "ab" * 32 in body and "2.0\xa0KB" in body
    assert "Which account numbers? (test)" in body
    assert "Could not be applied" in body and "document refused (test)" in body
    assert "Send again" not in body  # nothing we sent failed
    Message.objects.filter(pk=rows["submitted"].pk).update(state=Message.State.DEAD)
    failed = text(client_for(users.officer).get(reverse("exchange:conversation", args=[exchanged.request_id])))
    assert failed.count("Send again") == 1
    assert reverse("exchange:message-retry", args=[rows["submitted"].pk]) in failed
    evidence = rows["submitted"].evidences.get()
    assert reverse("exchange:evidence-token", args=[evidence.pk]) in body
    event = AuditEvent.objects.filter(action="exchange.conversation-viewed").earliest("pk")
    assert (event.actor, event.object_id, event.authority_id) == (
        users.officer,
        str(exchanged.pk),
        exchanged.authority_id,
    )


def test_the_conversation_of_another_authority_answers_404(
    users: NamedUsers, client_for: Any, exchanged: Conversation
) -> None:
    _history(exchanged)
    url = reverse("exchange:conversation", args=[exchanged.request_id])
    assert client_for(users.outsider).get(url).status_code == 404
    assert client_for(users.executor).get(url).status_code == 404  # not assigned to it
    assert client_for(users.administrator).get(url).status_code == 403  # administrators do not read requests
    assert client_for(users.auditor).get(url).status_code == 200
    evidence = Evidence.objects.get()
    assert client_for(users.outsider).get(reverse("exchange:evidence-token", args=[evidence.pk])).status_code == 404
    assert (
        client_for(users.outsider)
        .post(reverse("exchange:information-send", args=[exchanged.request_id]), {"text": "x"})
        .status_code
        == 404
    )


def test_the_signed_evidence_downloads_as_text(users: NamedUsers, client_for: Any, exchanged: Conversation) -> None:
    _history(exchanged)
    evidence = Evidence.objects.get()
    answer = client_for(users.officer).get(reverse("exchange:evidence-token", args=[evidence.pk]))
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/plain")
    assert "attachment" in answer["Content-Disposition"]
    assert answer.content.decode().strip() == evidence.token


def test_a_request_never_exchanged_has_a_page_saying_so(users: NamedUsers, client_for: Any) -> None:
    request = new_outgoing(users)
    page = client_for(users.officer).get(reverse("exchange:conversation", args=[request.pk]))
    assert page.status_code == 200
    assert "has not been exchanged" in text(page)
    assert not AuditEvent.objects.filter(action="exchange.conversation-viewed").exists()


def test_information_is_sent_with_documents_of_the_request(
    users: NamedUsers, client_for: Any, exchanged: Conversation, monkeypatch: pytest.MonkeyPatch
) -> None:
    from entraide.cases import services as cases

    exported: list[Any] = []

    def documents_export(documents: Any) -> list[Any]:  # written on another branch
        exported.extend(documents)
        return []

    monkeypatch.setattr(cases, "documents_export", documents_export, raising=False)
    request = exchanged.request
    assert request is not None
    version = cases.document_upload(
        actor=users.officer, request=request, filename="accounts.pdf", data=PDF, kind="other"
    )
    document = version.document
    url = reverse("exchange:information-send", args=[request.pk])
    client = client_for(users.officer)
    form = client.get(reverse("exchange:conversation", args=[request.pk])).context["form"]
    assert list(form.fields["documents"].queryset) == [document]

    empty = client.post(url, {"text": "  ", "documents": [document.pk]})
    assert empty.status_code == 400
    assert "Write what you ask or answer." in text(empty)
    assert not Message.objects.filter(type="information.provide").exists()

    sent = client.post(url, {"text": "Accounts 1 and 2 (test)", "documents": [document.pk]})
    assert sent.status_code == 302
    message = Message.objects.get(type="information.provide")
    assert message.summary["text"] == "Accounts 1 and 2 (test)" and message.state == Message.State.QUEUED
    assert exported == [document]
    assert client_for(users.auditor).post(url, {"text": "x"}).status_code == 403


def test_information_to_a_suspended_peer_is_refused_on_the_form(
    users: NamedUsers, client_for: Any, exchanged: Conversation, monkeypatch: pytest.MonkeyPatch
) -> None:
    from entraide.cases import services as cases

    monkeypatch.setattr(cases, "documents_export", lambda documents: [], raising=False)
    assert exchanged.peer is not None
    Peer.objects.filter(pk=exchanged.peer.pk).update(suspended=True, suspended_reason="test")
    page = client_for(users.officer).post(
        reverse("exchange:information-send", args=[exchanged.request_id]), {"text": "More (test)"}
    )
    assert page.status_code == 400
    assert "Exchange with this node is suspended." in text(page)
    assert "More (test)" in text(page)


# ---------------------------------------------------------------- the request page and the navigation


def test_the_request_page_links_its_conversation_and_shows_the_status_there(
    users: NamedUsers, client_for: Any, exchanged: Conversation
) -> None:
    message_in(exchanged, "request.submit", {})
    plain = new_outgoing(users, title="Not exchanged (test)")
    client = client_for(users.officer)
    page = text(client.get(reverse("cases:request-detail", args=[exchanged.request_id])))
    assert 'data-testid="exchange-status"' in page
    assert "Status at the requested authority" in page and "Registered" in page
    assert "Exchange: 1 message" in page
    assert reverse("exchange:conversation", args=[exchanged.request_id]) in page
    other = client.get(reverse("cases:request-detail", args=[plain.pk]))
    assert other.status_code == 200 and 'data-testid="exchange-status"' not in text(other)


def test_the_navigation_shows_the_exchange_to_oversight(users: NamedUsers, client_for: Any) -> None:
    link = f'href="{reverse("exchange:overview")}"'
    assert link in text(client_for(users.administrator).get(reverse("core:home")))
    assert link in text(client_for(users.auditor).get(reverse("core:home")))
    assert link not in text(client_for(users.officer).get(reverse("core:home")))
