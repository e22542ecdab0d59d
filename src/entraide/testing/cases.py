"""Test helpers for requests: a small world of requests around the named users, and the
executor-scope check that goes with ``assert_tenant_isolation``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.test import Client

from entraide.cases.lifecycle import Direction
from entraide.cases.models import Request
from entraide.cases.services import measure_add, request_assign, request_create, request_transition
from entraide.reference.models import Jurisdiction

from .fixtures import NamedUsers


@dataclass
class CaseWorld:
    users: NamedUsers
    kenya: Jurisdiction
    somalia: Jurisdiction
    outgoing: Request  # a Kenyan draft to Somalia
    incoming: Request  # a Somali request, assigned to the Kenyan prosecution office
    unassigned: Request  # an incoming request not assigned to anyone
    theirs: Request  # a request of the Somali authority


def new_outgoing(users: NamedUsers, **fields: Any) -> Request:
    kenya = users.officer.authority.jurisdiction
    somalia = users.outsider.authority.jurisdiction
    return request_create(
        actor=users.officer,
        direction=Direction.OUTGOING,
        requesting_jurisdiction=kenya,
        requested_jurisdiction=somalia,
        title=fields.pop("title", "Bank records of a shell company"),
        **fields,
    )


def new_incoming(users: NamedUsers, *, assign: bool = False, **fields: Any) -> Request:
    kenya = users.officer.authority.jurisdiction
    somalia = users.outsider.authority.jurisdiction
    request = request_create(
        actor=users.officer,
        direction=Direction.INCOMING,
        requesting_jurisdiction=somalia,
        requested_jurisdiction=kenya,
        title=fields.pop("title", "Hearing of a witness"),
        **fields,
    )
    if assign:
        walk(users, request, ["registered", "under-assessment", "accepted"])
        measure_add(actor=users.officer, request=request, kind="witness-hearing", due_on=dt.date(2030, 1, 1))
        request_assign(actor=users.officer, request=request, authority=users.executor.authority)
    return request


def walk(users: NamedUsers, request: Request, statuses: Iterable[str]) -> Request:
    """Move a request through ``statuses`` with the user whose role the table asks for.

    It skips the review (its quality checks and four eyes): tests of the lifecycle's mechanics
    use it; the review's own tests go through ``drafting.services.review``.
    """
    for to in statuses:
        actor = users.supervisor if to in {"approved", "accepted", "refused", "postponed"} else users.officer
        request_transition(actor=actor, request=request, to=to, reason="test", reviewed=True)
    return request


def make_world(users: NamedUsers) -> CaseWorld:
    kenya = users.officer.authority.jurisdiction
    somalia = users.outsider.authority.jurisdiction
    theirs = request_create(
        actor=users.outsider,
        direction=Direction.OUTGOING,
        requesting_jurisdiction=somalia,
        requested_jurisdiction=kenya,
        title="Their request",
    )
    return CaseWorld(
        users=users,
        kenya=kenya,
        somalia=somalia,
        outgoing=new_outgoing(users),
        incoming=new_incoming(users, assign=True),
        unassigned=new_incoming(users, title="Not assigned"),
        theirs=theirs,
    )


def _status(user: Any, method: str, url: str, data: Any) -> int:
    client = Client()
    client.force_login(user)
    return (
        int(getattr(client, method)(url, data=data).status_code)
        if data is not None
        else int(getattr(client, method)(url).status_code)
    )


def assert_executor_scope(
    users: NamedUsers,
    *,
    visible: Iterable[str] = (),
    hidden: Iterable[str] = (),
    method: str = "get",
    data: Any = None,
    refused: Iterable[str] = (),
) -> None:
    """The executor gets through on ``visible`` URLs (assigned to its authority), 404 on
    ``hidden`` ones (not assigned to it, or documents not shared), 403 on ``refused`` ones
    (assigned, but not an executor's action)."""
    for url in visible:
        code = _status(users.executor, method, url, data)
        assert code < 400, f"{method.upper()} {url} as executor: expected success, got {code}"
    for url in hidden:
        code = _status(users.executor, method, url, data)
        assert code == 404, f"{method.upper()} {url} as executor (not assigned): expected 404, got {code}"
    for url in refused:
        code = _status(users.executor, method, url, data)
        assert code == 403, f"{method.upper()} {url} as executor (wrong role): expected 403, got {code}"
