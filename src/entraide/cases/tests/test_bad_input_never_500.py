"""Input that used to answer 500 (issue 17, finding 5): each now gets a clear 4xx."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from entraide.cases.errors import CaseValidationError
from entraide.cases.models import Offence
from entraide.cases.services import document_upload, offence_add
from entraide.testing.cases import new_outgoing

from .helpers import PDF

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.parametrize("v", ["²", "-1", "1.0", "99999999999999999999999"])
def test_a_version_that_is_not_a_number_is_400(users, v):
    version = document_upload(actor=users.officer, request=new_outgoing(users), filename="a.pdf", data=PDF)
    client = signed_in(users.officer)
    page = client.get(reverse("cases:document-download", args=[version.document_id]), {"v": v})
    assert page.status_code == 400 and "v must be a version number" in page.content.decode()
    api = client.get(reverse("api-document-download", args=[version.document_id]), {"v": v})
    assert api.status_code == 400 and api.json() == {"detail": "v must be a version number."}


@pytest.mark.parametrize("page", ["²", "٣", "-2", "99999999999999999999"])
def test_a_page_that_is_not_a_number_is_the_first(users, page):
    assert signed_in(users.officer).get(reverse("cases:request-list"), {"page": page}).status_code == 200


def test_deeply_nested_json_is_400(users):
    body = "[" * 100_000 + "]" * 100_000
    response = signed_in(users.officer).post("/api/requests/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


def test_a_negative_penalty_is_refused_everywhere(users):
    request = new_outgoing(users)
    client = signed_in(users.officer)
    api = client.post(
        reverse("api-offence-list", args=[request.pk]),
        json.dumps({"provision": "s. 1 (test)", "max_penalty_years": "-5"}),
        content_type="application/json",
    )
    assert api.status_code == 400 and "max_penalty_years" in api.json()
    with pytest.raises(CaseValidationError, match="cannot be negative"):
        offence_add(actor=users.officer, request=request, provision="s. 1 (test)", max_penalty_years=-5)
    assert not Offence.objects.exists()
    # And the legal-basis question on that request still answers.
    assert client.get(reverse("api-request-legal-basis", args=[request.pk])).status_code in (200, 400)


@pytest.mark.parametrize(
    "path",
    ["/requests/99999999999999999999999/", "/api/requests/99999999999999999999999/", "/requests/9223372036854775808/"],
)
def test_an_id_past_64_bits_is_404(users, path):
    assert signed_in(users.officer).get(path).status_code == 404


def test_a_number_too_large_in_a_body_is_400(users):
    request = new_outgoing(users)
    response = signed_in(users.officer).post(
        reverse("api-request-assign", args=[request.pk]),
        json.dumps({"authority": 10**30}),
        content_type="application/json",
    )
    assert response.status_code in (400, 409)


def test_a_move_the_role_may_not_make_is_403_not_409(users, client_for):
    """Issue 17, finding 10: a refusal by role answered 409 (a conflict) instead of 403."""
    from entraide.testing.cases import new_incoming, walk

    request = walk(users, new_incoming(users), ["registered", "under-assessment"])
    client = client_for(users.officer)
    api = client.post(
        reverse("api-request-transition", args=[request.pk]),
        json.dumps({"to": "accepted"}),
        content_type="application/json",
    )
    assert api.status_code == 403 and api.json()["current"] == "under-assessment"
    page = client.post(reverse("cases:request-transition", args=[request.pk]), {"to": "accepted"})
    assert page.status_code == 403
    conflict = client.post(
        reverse("api-request-transition", args=[request.pk]),
        json.dumps({"to": "closed"}),
        content_type="application/json",
    )
    assert conflict.status_code == 409, "a move the table does not allow from here stays a conflict"


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("api-offence-list", {"provision": "s. 2 (test)"}),
        ("api-person-list", {"role": "witness", "name": "Test Witness (fictitious)"}),
        ("api-deadline-list", {"kind": "other", "due_on": "2030-01-01"}),
    ],
)
def test_the_same_idempotency_key_twice_adds_one_part(users, name, body):
    """Issue 17, finding 10: two identical POSTs to an add-a-part endpoint made two rows."""
    request = new_outgoing(users)
    client = signed_in(users.officer)
    url = reverse(name, args=[request.pk])
    key = {"Idempotency-Key": "7d4f0c1e-5a5b-4c1a-9a53-9f2c8b1e0d11"}
    first = client.post(url, json.dumps(body), content_type="application/json", headers=key)
    again = client.post(url, json.dumps(body), content_type="application/json", headers=key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert len(client.get(url).json()) == 1
    bad = client.post(url, json.dumps(body), content_type="application/json", headers={"Idempotency-Key": "x"})
    assert bad.status_code == 400
    elsewhere = reverse("api-measure-list", args=[request.pk])
    reused = client.post(elsewhere, json.dumps({"kind": "production"}), content_type="application/json", headers=key)
    assert reused.status_code == 400 and "already used" in reused.json()["detail"]
    other = signed_in(users.supervisor).post(url, json.dumps(body), content_type="application/json", headers=key)
    assert other.status_code == 400, "another user's key finds nothing of theirs"


@pytest.mark.parametrize("where", ["counterpart", "title"])
def test_a_nul_character_is_400(users, where):
    """Found by schemathesis on PostgreSQL, whose text cannot hold NUL: the driver's refusal was a 500."""
    body = {"direction": "outgoing", "title": "A title (test)", "counterpart": "SOM", where: "S\x00M"}
    response = signed_in(users.officer).post("/api/requests/", json.dumps(body), content_type="application/json")
    assert response.status_code == 400
