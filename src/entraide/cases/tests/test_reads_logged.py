"""Every response that shows personal data of a request is in the audit log: which requests, which
parts, to whom (issue 17, finding 4; Directive (EU) 2016/680 art. 25)."""

import datetime as dt

import pytest
from django.urls import reverse

from entraide.audit.models import AuditEvent
from entraide.cases.services import deadline_add, document_upload, offence_add, person_add
from entraide.testing.cases import new_outgoing

from .helpers import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_with_parts(users):
    request = new_outgoing(users)
    offence_add(actor=users.officer, request=request, provision="Penal Code s. 1 (test)")
    person_add(actor=users.officer, request=request, role="suspect", name="Test Person (fictitious)")
    deadline_add(actor=users.officer, request=request, kind="other", due_on=dt.date(2030, 1, 1), note="test")
    document_upload(actor=users.officer, request=request, filename="a.pdf", data=PDF)
    return request


def shown(user, where: str) -> AuditEvent:
    return AuditEvent.objects.filter(action="request.shown", actor=user, detail__where=where).get()


@pytest.mark.parametrize(
    ("name", "part"),
    [
        ("api-offence-list", "offence"),
        ("api-person-list", "person"),
        ("api-deadline-list", "deadline"),
        ("api-measure-list", "measure"),
        ("api-request-timeline", "timeline"),
        ("api-document-list", "documents"),
    ],
)
def test_each_api_list_of_parts_is_logged(client_for, users, request_with_parts, name, part):
    response = client_for(users.officer).get(reverse(name, args=[request_with_parts.pk]))
    assert response.status_code == 200
    if not response.json():
        assert not AuditEvent.objects.filter(action="request.shown").exists(), "nothing shown, nothing logged"
        return
    event = shown(users.officer, name)
    assert event.detail["ids"] == [request_with_parts.pk] and event.detail["parts"] == [part]
    assert event.authority_id == users.officer.authority_id


def test_the_api_request_list_names_every_request_shown(client_for, users):
    requests = [new_outgoing(users, title=f"Request {i} (test)") for i in range(3)]
    assert client_for(users.supervisor).get("/api/requests/").status_code == 200
    event = shown(users.supervisor, "api-request-list")
    assert event.detail["ids"] == sorted(r.pk for r in requests) and event.detail["parts"] == ["request"]


def test_the_list_page_and_the_dashboard_are_logged(client_for, users, request_with_parts):
    client = client_for(users.officer)
    assert client.get(reverse("cases:request-list")).status_code == 200
    assert shown(users.officer, "cases:request-list").detail["ids"] == [request_with_parts.pk]
    assert client.get(reverse("cases:dashboard")).status_code == 200
    event = shown(users.officer, "cases:dashboard")
    assert event.detail["ids"] == [request_with_parts.pk] and "request" in event.detail["parts"]


def test_an_empty_list_logs_nothing(client_for, users):
    assert client_for(users.officer).get("/api/requests/").json()["results"] == []
    assert not AuditEvent.objects.filter(action="request.shown").exists()


def test_one_event_per_response_however_many_rows(client_for, users):
    for i in range(20):
        new_outgoing(users, title=f"Request {i} (test)")
    client = client_for(users.officer)
    client.get("/api/requests/")  # warm: session, MFA check
    before = AuditEvent.objects.filter(action="request.shown").count()
    client.get("/api/requests/")
    assert AuditEvent.objects.filter(action="request.shown").count() == before + 1


def test_the_writers_pages_are_logged(client_for, users, request_with_parts):
    officer = client_for(users.officer)
    assert officer.get(reverse("drafting:step", args=[request_with_parts.pk, "persons"])).status_code == 200
    event = shown(users.officer, "drafting:step:persons")
    assert event.detail["ids"] == [request_with_parts.pk] and "person" in event.detail["parts"]
