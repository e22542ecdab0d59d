"""The REST API: every endpoint's tenancy, wrong role and executor scope; behaviour."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from entraide.cases.models import Document, Measure, Request
from entraide.cases.services import reminders_raise
from entraide.testing.cases import assert_executor_scope, new_incoming, walk
from entraide.testing.tenancy import assert_tenant_isolation

from .helpers import PDF, Rereadable, shared_and_private_documents

pytestmark = pytest.mark.django_db

OFFICE = {"officer", "supervisor"}
VIEW = {"officer", "supervisor", "auditor"}
WRITE_OK = (200, 201, 204, 302, 409)
JSON = "application/json"


@pytest.mark.parametrize(
    "name,allowed",
    [
        ("api-request-detail", VIEW),
        ("api-request-timeline", VIEW),
        ("api-offence-list", VIEW),
        ("api-person-list", VIEW),
        ("api-deadline-list", VIEW),
        ("api-measure-list", VIEW),
        ("api-document-list", {"officer", "supervisor"}),
        ("api-request-legal-basis", OFFICE),
    ],
)
def test_reads_of_a_request(world, name, allowed):
    url = reverse(name, args=[world.outgoing.pk])
    if name == "api-document-list":
        # Documents: auditors are refused by the document policy, the request itself is visible.
        assert_tenant_isolation(world.users, url, allowed=VIEW)
    else:
        assert_tenant_isolation(world.users, url, allowed=allowed)
    assert_executor_scope(world.users, hidden=[url])
    if name not in {"api-request-legal-basis"}:
        assert_executor_scope(world.users, visible=[reverse(name, args=[world.incoming.pk])])


@pytest.mark.parametrize(
    "name,data",
    [
        ("api-request-transition", {"to": "in-review"}),
        ("api-offence-list", {"provision": "s. 1"}),
        ("api-person-list", {"role": "victim", "name": "V"}),
        ("api-deadline-list", {"kind": "court-date", "due_on": "2031-01-01"}),
        ("api-measure-list", {"kind": "bank-records"}),
        ("api-request-consent", {"note": "by letter"}),
    ],
)
def test_writes_on_a_request(world, name, data):
    world.outgoing.use_limitation = "speciality"
    world.outgoing.save()
    url = reverse(name, args=[world.outgoing.pk])
    assert_tenant_isolation(
        world.users, url, allowed=OFFICE, method="post", data=json.dumps(data), content_type=JSON, expected_ok=WRITE_OK
    )
    from django.test import Client

    client = Client()
    client.force_login(world.users.executor)
    assert client.post(url, data, content_type=JSON).status_code == 404
    if name != "api-request-transition":
        other = reverse(name, args=[world.incoming.pk])
        assert client.post(other, data, content_type=JSON).status_code == 403


def test_patch_and_assign(world):
    url = reverse("api-request-detail", args=[world.outgoing.pk])
    assert_tenant_isolation(
        world.users, url, allowed=OFFICE, method="patch", data=json.dumps({"title": "T"}), content_type=JSON
    )
    request = walk(world.users, new_incoming(world.users), ["registered", "under-assessment", "accepted"])
    url = reverse("api-request-assign", args=[request.pk])
    data = json.dumps({"authority": world.users.executor.authority_id})
    assert_tenant_isolation(
        world.users, url, allowed=OFFICE, method="post", data=data, content_type=JSON, expected_ok=WRITE_OK
    )


def test_assigning_to_an_authority_of_another_jurisdiction_is_400(world, client_for):
    from entraide.testing.factories import AuthorityFactory, JurisdictionFactory

    request = walk(world.users, new_incoming(world.users), ["registered", "under-assessment", "accepted"])
    foreign = AuthorityFactory.create(jurisdiction=JurisdictionFactory.create(code="TZA"))
    url = reverse("api-request-assign", args=[request.pk])
    response = client_for(world.users.officer).post(url, {"authority": foreign.pk}, content_type=JSON)
    assert response.status_code == 400
    assert "own jurisdiction" in response.json()["detail"]
    request.refresh_from_db()
    assert request.status == "accepted" and request.assigned_authority_id is None


def test_measure_transition_endpoint(world):
    measure = Measure.objects.get(request=world.incoming)
    url = reverse("api-measure-transition", args=[measure.pk])
    assert_tenant_isolation(
        world.users,
        url,
        allowed=OFFICE,
        method="post",
        data=json.dumps({"to": "in-execution"}),
        content_type=JSON,
        expected_ok=WRITE_OK,
    )


def test_document_endpoints(world):
    shared, private = shared_and_private_documents(world)
    download = reverse("api-document-download", args=[private])
    assert_tenant_isolation(world.users, download, allowed=OFFICE)
    assert_executor_scope(world.users, hidden=[download], visible=[reverse("api-document-download", args=[shared])])
    for name, data in [
        ("api-document-share", {"shared": False}),
        ("api-document-export", None),
        ("api-document-copy", {"target": world.outgoing.our_reference}),
    ]:
        url = reverse(name, args=[private])
        assert_tenant_isolation(
            world.users,
            url,
            allowed=OFFICE,
            method="post",
            data=json.dumps(data) if data else None,
            content_type=JSON,
            expected_ok=WRITE_OK,
        )
        assert_executor_scope(world.users, method="post", hidden=[url])
    upload = reverse("api-document-list", args=[world.outgoing.pk])
    assert_tenant_isolation(
        world.users, upload, allowed=OFFICE, method="post", data={"file": Rereadable("a.pdf", PDF), "title": "x"}
    )
    assert_executor_scope(
        world.users,
        method="post",
        data={"file": Rereadable("a.pdf", PDF)},
        visible=[reverse("api-document-list", args=[world.incoming.pk])],
        hidden=[upload],
    )


def test_reminder_endpoints(world, client_for):
    Measure.objects.filter(request=world.incoming).update(due_on=dt.date(2000, 1, 1))
    reminders_raise()
    reminder = world.incoming.reminders.get()
    url = reverse("api-reminder-dismiss", args=[reminder.pk])
    assert_tenant_isolation(world.users, url, allowed=OFFICE, method="post")
    listing = client_for(world.users.outsider).get(reverse("api-reminder-list")).json()
    assert listing["results"] == []
    assert client_for(world.users.administrator).get(reverse("api-reminder-list")).status_code == 403


def test_list_filters_and_scope(world, client_for):
    url = reverse("api-request-list")
    data = client_for(world.users.officer).get(url, {"direction": "incoming"}).json()
    refs = {row["our_reference"] for row in data["results"]}
    assert refs == {world.incoming.our_reference, world.unassigned.our_reference}
    executor = client_for(world.users.executor).get(url).json()
    assert {row["our_reference"] for row in executor["results"]} == {world.incoming.our_reference}
    assert client_for(world.users.administrator).get(url).status_code == 403
    statuses = client_for(world.users.officer).get(url, {"status": ["assigned", "draft"]}).json()
    assert {row["status"] for row in statuses["results"]} == {"assigned", "draft"}


def test_create_with_idempotency_key_creates_one(users, client_for):
    client = client_for(users.officer)
    body = {"direction": "outgoing", "counterpart": "SOM", "title": "Via API"}
    key = {"HTTP_IDEMPOTENCY_KEY": "5b7e1a0c-2f4d-4e8a-9c1b-3d5e7f9a1b2c"}
    first = client.post(reverse("api-request-list"), body, content_type=JSON, **key)
    second = client.post(reverse("api-request-list"), body, content_type=JSON, **key)
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"] and Request.objects.count() == 1
    assert client_for(users.auditor).post(reverse("api-request-list"), body, content_type=JSON).status_code == 403


def test_illegal_transition_is_409_with_allowed(world, client_for):
    url = reverse("api-request-transition", args=[world.outgoing.pk])
    response = client_for(world.users.officer).post(url, {"to": "closed"}, content_type=JSON)
    assert response.status_code == 409
    assert set(response.json()["allowed"]) == {"in-review", "withdrawn"}


def test_bad_upload_is_400_and_nothing_stored(world, client_for):
    url = reverse("api-document-list", args=[world.outgoing.pk])
    response = client_for(world.users.officer).post(url, {"file": Rereadable("x.pdf", b"MZ not a pdf")})
    assert response.status_code == 400 and "not accepted" in response.json()["detail"]
    assert not Document.objects.filter(request=world.outgoing).exists()


def test_download_is_an_attachment_with_nosniff(world, client_for):
    shared, _private = shared_and_private_documents(world)
    response = client_for(world.users.officer).get(reverse("api-document-download", args=[shared]))
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    page = client_for(world.users.officer).get(reverse("cases:document-download", args=[shared]))
    assert page["Content-Disposition"].startswith("attachment;") and page["X-Content-Type-Options"] == "nosniff"


def test_schema_describes_the_requests_api(client_for, users):
    schema = client_for(users.officer).get(reverse("api-schema"), {"format": "json"}).json()
    paths = schema["paths"]
    assert "/api/requests/{id}/transition/" in paths
    params = {p["name"] for p in paths["/api/requests/"]["get"]["parameters"]}
    assert {"status", "direction", "modality", "counterpart", "offence", "officer", "created_after"} <= params
