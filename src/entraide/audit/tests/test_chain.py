"""The hash chain, proved as a property over a log of 10,000 events (no database)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from entraide.audit import chain

SIZE = 10_000
EDITABLE = [
    "at",
    "actor_id",
    "actor_label",
    "authority_id",
    "action",
    "object_type",
    "object_id",
    "justification",
    "detail",
]


def make_event(seq: int, prev_hash: str) -> dict:
    event = {
        "seq": seq,
        "at": datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=seq),
        "actor_id": seq % 7 or None,
        "actor_label": f"user{seq % 7}@test.entraide.example",
        "authority_id": seq % 3,
        "action": ["request.created", "request.viewed", "user.created"][seq % 3],
        "object_type": "cases.request",
        "object_id": str(seq // 4),
        "justification": "" if seq % 5 else "urgent",
        "detail": {"n": seq},
        "prev_hash": prev_hash,
        "pk": seq,
    }
    event["hash"] = chain.event_hash(event)
    return event


@cache
def intact_log() -> tuple[tuple[dict, ...], tuple[int, str]]:
    events = []
    prev = chain.GENESIS
    for seq in range(1, SIZE + 1):
        event = make_event(seq, prev)
        events.append(event)
        prev = event["hash"]
    return tuple(events), (SIZE, prev)


def fresh() -> tuple[list[dict], tuple[int, str]]:
    events, head = intact_log()
    return [dict(e) for e in events], head


def test_intact_log_verifies():
    events, head = fresh()
    assert chain.verify(events, head) is None


def test_empty_log_verifies():
    assert chain.verify([], None) is None
    assert chain.verify([], (0, chain.GENESIS)) is None


index = st.integers(min_value=0, max_value=SIZE - 1)


@settings(max_examples=40, deadline=None)
@given(i=index, field=st.sampled_from(EDITABLE), data=st.data())
def test_any_edit_is_found_at_the_edited_event(i, field, data):
    events, head = fresh()
    original = copy.deepcopy(events[i][field])
    if field == "at":
        events[i]["at"] = original + timedelta(microseconds=data.draw(st.integers(1, 10**9)))
    elif field in ("actor_id", "authority_id"):
        events[i][field] = data.draw(st.integers(-(10**6), 10**6).filter(lambda v: v != original))
    elif field == "detail":
        events[i]["detail"] = {"n": data.draw(st.integers().filter(lambda v: v != original["n"]))}
    else:
        events[i][field] = data.draw(st.text(max_size=30).filter(lambda v: v != original))
    problem = chain.verify(events, head)
    assert problem is not None
    assert problem.seq == i + 1
    assert "edited" in problem.reason


@settings(max_examples=40, deadline=None)
@given(i=index)
def test_any_deletion_is_found(i):
    events, head = fresh()
    del events[i]
    problem = chain.verify(events, head)
    assert problem is not None
    if i == SIZE - 1:
        assert problem.seq is None  # the tail: the head still records the deleted event
    else:
        assert problem.seq == i + 2


@settings(max_examples=40, deadline=None)
@given(i=st.integers(min_value=0, max_value=SIZE), forged_seq=st.integers(min_value=1, max_value=SIZE + 1))
def test_any_insertion_is_found(i, forged_seq):
    events, head = fresh()
    # A forger who knows the algorithm: the forged event hashes correctly over its predecessor.
    prev_hash = events[i - 1]["hash"] if i > 0 else chain.GENESIS
    events.insert(i, make_event(forged_seq, prev_hash) | {"action": "forged.event"})
    events[i]["hash"] = chain.event_hash(events[i])
    problem = chain.verify(events, head)
    assert problem is not None
    if i == SIZE and forged_seq == SIZE + 1:
        assert problem.seq is None  # a well-forged tail: only the head gives it away
    else:
        # Either the forged event's own number is out of place, or (when it took the
        # right number) the genuine event it displaced is.
        assert problem.seq == forged_seq


@settings(max_examples=40, deadline=None)
@given(i=index, j=index)
def test_any_reordering_is_found(i, j):
    if i == j:
        return
    events, head = fresh()
    events[i], events[j] = events[j], events[i]
    problem = chain.verify(events, head)
    assert problem is not None
    assert problem.seq == events[min(i, j)]["seq"]


def test_problem_names_the_event():
    events, head = fresh()
    events[41]["action"] = "tampered"
    assert str(chain.verify(events, head)) == (
        "audit log broken at event #42 (id 42): content does not match its hash (event edited)"
    )
