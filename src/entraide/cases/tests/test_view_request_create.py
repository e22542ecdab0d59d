import pytest
from django.urls import reverse

from entraide.cases.models import Measure, Request

pytestmark = pytest.mark.django_db

TOKEN = "3f1c2b9e-4d5a-4c3b-8a7e-0d1e2f3a4b5c"


def _data(users, **extra):
    return {
        "token": TOKEN,
        "direction": "outgoing",
        "counterpart": users.outsider.authority.jurisdiction.code,
        "modality": "mla",
        "title": "Bank records",
        **extra,
    }


def test_create_outgoing_then_see_it(users, client_for):
    response = client_for(users.officer).post(reverse("cases:request-create"), _data(users))
    request = Request.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("cases:request-detail", args=[request.pk])
    assert request.status == "draft" and request.requested_jurisdiction.code == "SOM"
    assert request.authority == users.officer.authority and request.officer == users.officer


def test_incoming_sets_the_counterpart_as_requesting(users, client_for):
    client_for(users.officer).post(reverse("cases:request-create"), _data(users, direction="incoming"))
    request = Request.objects.get()
    assert request.status == "received" and request.requesting_jurisdiction.code == "SOM"


def test_form_submitted_twice_creates_one_request(users, client_for):
    client = client_for(users.officer)
    first = client.post(reverse("cases:request-create"), _data(users))
    second = client.post(reverse("cases:request-create"), _data(users))
    assert Request.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_urgent_without_reason_is_400(users, client_for):
    response = client_for(users.officer).post(reverse("cases:request-create"), _data(users, urgent="on"))
    assert response.status_code == 400 and not Request.objects.exists()


def test_measure_form_submitted_twice_creates_one_measure(world, client_for):
    client = client_for(world.users.officer)
    url = reverse("cases:measure-add", args=[world.outgoing.pk])
    data = {"token": TOKEN, "kind": "freezing", "description": "Account 123"}
    client.post(url, data)
    client.post(url, data)
    assert Measure.objects.filter(request=world.outgoing).count() == 1


def test_edit_draft(world, client_for):
    url = reverse("cases:request-edit", args=[world.outgoing.pk])
    response = client_for(world.users.officer).post(url, {"modality": "mla", "title": "New title"})
    assert response.status_code == 302
    world.outgoing.refresh_from_db()
    assert world.outgoing.title == "New title"
