"""Two real nodes on 127.0.0.1, each with its own database, server (gunicorn) and worker.

Kenya's node sends a request to Somalia's; everything travels as signed, encrypted envelopes over
HTTP, and both sides end with the same status and history.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from entraide.testing.nodes import Node, pair, wait_for

pytestmark = pytest.mark.nodes

KEN = "Office of the Director of Public Prosecutions, Kenya"
SOM = "Ministry of Justice, Somalia"


@pytest.fixture(scope="module")
def nodes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Node, Node]]:
    root = Path(tmp_path_factory.mktemp("nodes"))
    ke, so = Node("ke", root / "ke"), Node("so", root / "so")
    try:
        for node, code, name in ((ke, "KEN", KEN), (so, "SOM", SOM)):
            node.prepare()
            node.call("setup", code=code, name=name)
            node.start()
        pair(ke, so)
        yield ke, so
    finally:
        for node in (ke, so):
            node.destroy()


def _received(so: Node, reference: str) -> dict:
    return wait_for(lambda: so.call("state", their_reference=reference), what=f"{reference} to arrive")


def test_a_request_travels_and_both_sides_show_the_same_status_and_history(nodes: tuple[Node, Node]) -> None:
    ke, so = nodes
    sent = ke.call("transmit", code="KEN", to_name=f"{SOM} (test)", title="Bank records (test)")
    incoming = _received(so, sent["reference"])
    assert incoming["status"] == "received"
    assert [m["kind"] for m in incoming["measures"]] == ["bank-records", "witness-hearing"]
    assert incoming["use_limitation"].startswith("Evidence to be used only")
    theirs = ke.call("state", reference=sent["reference"])
    assert [d["sha256"] for d in incoming["documents"]] == [d["sha256"] for d in theirs["documents"]]

    # Acknowledged on the sender's side, with the receiver's reference.
    ours = wait_for(
        lambda: (s := ke.call("state", reference=sent["reference"]))["status"] == "acknowledged" and s,
        what="the acknowledgement",
    )
    assert ours["remote_reference"] == incoming["reference"]
    assert ours["shared_status"] == "received"

    # The receiver registers, assesses, accepts, assigns and executes: each move travels.
    for to, role in (("registered", "officer"), ("under-assessment", "officer")):
        so.call("move", code="SOM", pk=incoming["pk"], to=to, role=role)
    so.call("assign_and_execute", code="SOM", pk=incoming["pk"], result="Obtained (test)")
    final = so.call("state", reference=incoming["reference"])
    assert final["status"] == "executed"

    def mirrored() -> dict | bool:
        state = ke.call("state", reference=sent["reference"])
        return state["status"] == "executed" and state["shared_status"] == "executed" and state

    ours = wait_for(mirrored, timeout=90, what="the execution to be mirrored")
    assert all(m["status"] == "executed" and m["result"].startswith("Obtained (test)") for m in ours["measures"])
    assert "execution" in {d["kind"] for d in ours["documents"]}, "the execution report came back"
    # Speciality travels with the evidence and binds the requesting side.
    assert ours["use_limitation"]
    # The same history on both sides: every move of the receiver shows on the sender's timeline.
    shared = {status for status, _by in ours["timeline"]}
    assert {"acknowledged", "in-execution", "executed"} <= shared
    assert any("via secure exchange" in by for _status, by in ours["timeline"])
    # Evidences: our submission was accepted, delivered and retrieved? (delivered at least.)
    submit = next(m for m in ours["messages"] if m["type"] == "request.submit")
    assert {"submission-accepted", "delivered"} <= set(submit["evidences"])
    assert submit["state"] == "delivered"
    statuses = [m for m in ours["messages"] if m["type"] == "request.status" and m["direction"] == "in"]
    assert statuses and all(m["state"] == "applied" for m in statuses)


def test_a_receiver_that_is_down_gets_the_message_once_when_it_returns(nodes: tuple[Node, Node]) -> None:
    ke, so = nodes
    so.stop_server()
    try:
        sent = ke.call("transmit", code="KEN", to_name=f"{SOM} (test)", title="While down (test)")
        wait_for(
            lambda: ke.call(
                "count", pk=sent["request"], direction="out", type="request.submit", state="queued", min_attempts=1
            ),
            what="a failed attempt",
        )
    finally:
        so.start_server()
    incoming = _received(so, sent["reference"])
    assert incoming["status"] == "received"
    assert so.call("count", pk=incoming["pk"], type="request.submit") == 1
    wait_for(
        lambda: ke.call("state", reference=sent["reference"])["status"] == "acknowledged", what="the acknowledgement"
    )


def test_each_message_sent_twice_is_applied_once(nodes: tuple[Node, Node]) -> None:
    ke, so = nodes
    sent = ke.call("transmit", code="KEN", to_name=f"{SOM} (test)", title="Twice (test)", documents=0)
    incoming = _received(so, sent["reference"])
    envelopes = ke.call("flood", pk=sent["request"], count=1000)
    session = requests.Session()
    answers = {202: 0, 409: 0}
    for envelope in envelopes:
        for _ in range(2):
            status = session.post(
                f"{so.url}/exchange/v1/inbox", data=envelope, headers={"Content-Type": "application/jose"}
            ).status_code
            answers[status] = answers.get(status, 0) + 1
    assert answers[202] == 1000 and answers[409] == 1000, answers
    wait_for(
        lambda: so.call("count", pk=incoming["pk"], type="information.provide", state="applied") == 1000,
        timeout=120,
        what="1,000 messages applied",
    )
    assert so.call("count", pk=incoming["pk"], type="information.provide") == 1000


def test_flipped_bytes_are_all_refused_and_stored_nowhere(nodes: tuple[Node, Node]) -> None:
    ke, so = nodes
    sent = ke.call("transmit", code="KEN", to_name=f"{SOM} (test)", title="Flips (test)", documents=0)
    incoming = _received(so, sent["reference"])
    envelope = ke.call("flood", pk=sent["request"], count=1)[0].encode()
    before_in = so.call("count", pk=incoming["pk"])
    before_refused = so.call("rejections")
    rng = random.Random(12)
    session = requests.Session()
    statuses: dict[int, int] = {}
    for _ in range(10_000):
        data = bytearray(envelope)
        at = rng.randrange(len(data))
        data[at] ^= rng.randrange(1, 256)
        answer = session.post(
            f"{so.url}/exchange/v1/inbox", data=bytes(data), headers={"Content-Type": "application/jose"}
        )
        statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1
        assert answer.status_code in {400, 403}, (at, answer.status_code)
        assert answer.json()["evidence"].count(".") == 2, "a signed rejection evidence"
    assert so.call("count", pk=incoming["pk"]) == before_in
    assert so.call("rejections") - before_refused == 10_000
    assert statuses.get(400, 0) + statuses.get(403, 0) == 10_000, statuses


def test_keys_rotate_during_traffic_without_a_lost_message(nodes: tuple[Node, Node]) -> None:
    ke, so = nodes
    sent = ke.call("transmit", code="KEN", to_name=f"{SOM} (test)", title="Rotation (test)", documents=0)
    incoming = _received(so, sent["reference"])
    ke.call("send_many", pk=sent["request"], count=30)
    so.manage("exchange", "keys", "--rotate")
    ke.call("send_many", pk=sent["request"], count=30)
    ke.manage("exchange", "keys", "--rotate")
    ke.call("send_many", pk=sent["request"], count=30)
    wait_for(
        lambda: so.call("count", pk=incoming["pk"], type="information.provide", state="applied") == 90,
        timeout=120,
        what="90 messages across two rotations",
    )
    # Answers still come back: the receiver's moves reach the sender after both rotations.
    so.call("move", code="SOM", pk=incoming["pk"], to="registered")
    wait_for(
        lambda: ke.call("state", reference=sent["reference"])["shared_status"] == "registered",
        what="a status after rotation",
    )
    assert ke.call("count", pk=sent["request"], direction="out", state="dead") == 0


def test_a_node_without_an_inbound_port_fetches_its_messages(nodes: tuple[Node, Node]) -> None:
    """Somalia's node cannot be posted to: Kenya keeps what it sends there until Somalia fetches it,
    and Somalia's evidences of what it fetched come back to Kenya."""
    ke, so = nodes
    ke.manage("exchange", "peers", "set", so.node_id, "--delivery", "pull")
    so.manage("exchange", "peers", "set", ke.node_id, "--fetch")
    so.stop_server()  # no inbound port: only its worker reaches out
    try:
        sent = ke.call("transmit", code="KEN", to_name=f"{SOM} (test)", title="Fetched (test)")
        incoming = _received(so, sent["reference"])
        assert incoming["status"] == "received"
        ours = wait_for(
            lambda: (s := ke.call("state", reference=sent["reference"]))["status"] == "acknowledged" and s,
            what="the acknowledgement, pushed from Somalia",
        )
        submit = next(m for m in ours["messages"] if m["type"] == "request.submit")
        assert "submission-accepted" in submit["evidences"], "Somalia posted the evidence of what it fetched"
        wait_for(
            lambda: (
                "delivered"
                in next(
                    m
                    for m in ke.call("state", reference=sent["reference"])["messages"]
                    if m["type"] == "request.submit"
                )["evidences"]
            ),
            what="the delivered evidence",
        )
    finally:
        so.start_server()
        ke.manage("exchange", "peers", "set", so.node_id, "--delivery", "push")
        so.manage("exchange", "peers", "set", ke.node_id, "--no-fetch")
