"""``entraide exchange``: keys, peers, status and send from the command line, with readable output
and a CommandError (never a traceback) on bad input."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from entraide.exchange import envelope, keys, services, transport
from entraide.exchange.models import Conversation, Message, NodeKey, Peer, Rejection
from entraide.testing.fixtures import NamedUsers

from .conftest import OtherNode, message_in

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("exchange", *args, stdout=out)
    return out.getvalue()


def test_keys_lists_the_node_and_its_fingerprints() -> None:
    out = run("keys")
    assert out.startswith("node ke.test.entraide.example")
    for row in NodeKey.objects.all():
        assert f"{row.use}  {envelope.fingerprint(row.kid)}  (current)" in out


def test_keys_rotate_keeps_the_old_keys_accepted_then_retired() -> None:
    keys.ensure()
    old = set(NodeKey.objects.values_list("kid", flat=True))
    out = run("keys", "--rotate", "--overlap-days", "3")
    assert out.startswith("rotated: ")
    assert NodeKey.objects.count() == 4
    assert out.count("(current)") == 2 and out.count("(accepted until ") == 2
    assert not NodeKey.objects.filter(kid__in=old, current=True).exists()
    again = run("keys", "--rotate", "--overlap-days", "0")
    assert again.count("(retired)") == 2 and again.count("(accepted until ") == 2


def test_keys_json_prints_the_signed_node_document() -> None:
    document = json.loads(run("keys", "--json"))
    payload = services.read_node_document(document)
    assert payload["node"] == "ke.test.entraide.example"
    assert {k["use"] for k in payload["keys"]} == {"sig", "enc"}


def test_peers_add_from_a_document_needs_the_fingerprints_compared(
    users: NamedUsers, other_node: OtherNode, tmp_path: Path
) -> None:
    assert run("peers", "list") == "no peer\n"
    path = tmp_path / "so.json"
    path.write_text(json.dumps(other_node.document()))
    url = "https://so.test.entraide.example"
    with pytest.raises(CommandError, match="compare these fingerprints"):
        run("peers", "add", url, "--document", str(path))
    assert not Peer.objects.exists()

    out = run("peers", "add", url, "--document", str(path), "--fingerprints-compared", "--name", "Somalia")
    for fingerprint in other_node.fingerprints():
        assert fingerprint in out
    assert out.strip().endswith(f"added {other_node.node_id} (1 authorities)")
    listed = run("peers", "list")
    assert f"{other_node.node_id}  {url}  push  active" in listed
    assert other_node.fingerprints()[0] in listed

    with pytest.raises(CommandError, match="already a peer"):
        run("peers", "add", url, "--document", str(path), "--fingerprints-compared")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["peers", "add"], "peers add needs a URL"),
        (["peers", "add", "https://so.example", "--document", "/nonexistent/so.json"], "No such file"),
        (["peers", "add", "ftp://so.example"], "https:// URL"),
        (["peers", "suspend"], "needs a node id"),
        (["peers", "suspend", "nowhere.example", "--reason", "x"], "no peer 'nowhere.example'"),
        (["send", "--retry", "00000000-0000-0000-0000-000000000000"], "no sent message"),
    ],
)
def test_bad_input_is_a_command_error(db: None, args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_a_document_that_is_not_json_or_not_signed_is_a_command_error(other_node: OtherNode, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text("{not json")
    with pytest.raises(CommandError):
        run("peers", "add", "https://so.example", "--document", str(path))
    path.write_text(json.dumps(other_node.document(signer=envelope.generate_key("sig"))))
    with pytest.raises(CommandError, match="not signed by a key we know"):
        run("peers", "add", "https://so.example", "--document", str(path), "--fingerprints-compared")


def test_an_unreachable_node_is_a_command_error(monkeypatch: pytest.MonkeyPatch, db: None) -> None:
    def unreachable(url: str) -> Any:
        raise transport.Unreachable("ConnectionError: refused")

    monkeypatch.setattr(transport, "node_document", unreachable)
    with pytest.raises(CommandError, match="refused"):
        run("peers", "add", "https://so.example")


def test_peers_suspend_needs_a_reason_and_resume(peer: Peer) -> None:
    with pytest.raises(CommandError, match="Say why"):
        run("peers", "suspend", peer.node_id)
    assert (
        run("peers", "suspend", peer.node_id, "--reason", "Keys compromised (test)") == f"{peer.node_id}: suspended\n"
    )
    assert "suspended: Keys compromised (test)" in run("peers", "list")
    assert run("peers", "resume", peer.node_id) == f"{peer.node_id}: resumed\n"
    peer.refresh_from_db()
    assert not peer.suspended


def test_peers_refresh_says_why_it_cannot(peer: Peer, monkeypatch: pytest.MonkeyPatch, other_node: OtherNode) -> None:
    monkeypatch.setattr(transport, "node_document", lambda url: other_node.document())
    assert run("peers", "refresh", peer.node_id) == "no change\n"
    stranger = envelope.generate_key("sig")
    monkeypatch.setattr(
        transport, "node_document", lambda url: other_node.document(other_node.payload(sig=stranger), signer=stranger)
    )
    with pytest.raises(CommandError, match="not taken"):
        run("peers", "refresh", peer.node_id)


def test_status_shows_counts_failures_and_refused_envelopes(exchanged: Conversation) -> None:
    dead = message_in(exchanged, "request.status", {}, state=Message.State.DEAD, last_error="HTTP 503 (test)")
    Rejection.objects.create(claimed_sender="xx.example", size=10, digest="0" * 64, reason="signature: bad (test)")
    out = run("status")
    assert out.startswith("node ke.test.entraide.example")
    assert "out  dead" in out
    assert f"failed {dead.message_id} request.status: HTTP 503 (test)" in out
    assert "from 'xx.example': signature: bad (test)" in out


def test_send_retries_a_dead_message_and_carries_the_outbox(
    exchanged: Conversation, monkeypatch: pytest.MonkeyPatch
) -> None:
    dead = message_in(exchanged, "request.status", {}, state=Message.State.DEAD, attempts=12)
    pushed: list[str] = []

    def push(url: str, data: bytes) -> Any:
        pushed.append(url)
        raise transport.Unreachable("HTTP 503")

    monkeypatch.setattr(transport, "push", push)
    assert run("send", "--retry", str(dead.message_id)) == "fetched 0, applied 0, sent 1\n"
    dead.refresh_from_db()
    assert pushed == ["https://so.test.entraide.example"]
    assert (dead.state, dead.attempts, dead.last_error) == (Message.State.QUEUED, 1, "HTTP 503")
    with pytest.raises(CommandError, match="Only a message that failed"):
        run("send", "--retry", str(dead.message_id))
