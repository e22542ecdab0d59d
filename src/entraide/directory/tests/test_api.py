"""The directory API: networks, shared networks, routing, authorities, contact points, notes."""

from __future__ import annotations

import pytest

from entraide.library import services as library_services
from entraide.library.models import Document
from entraide.reference.models import Jurisdiction
from entraide.testing.tenancy import assert_tenant_isolation

pytestmark = pytest.mark.django_db


def test_networks_as_at(directory_data, users, client_for):
    api = client_for(users.officer)
    data = api.get("/api/directory/networks/", {"as_at": "2019-12-31"}).json()
    ejn = next(n for n in data["networks"] if n["code"] == "EJN")
    assert "GBR" in ejn["members"]
    data = api.get("/api/directory/networks/").json()
    ejn = next(n for n in data["networks"] if n["code"] == "EJN")
    assert "GBR" not in ejn["members"] and len(ejn["members"]) == 27


def test_network_detail(directory_data, users, client_for):
    data = client_for(users.executor).get("/api/directory/networks/cncp/").json()
    assert data["code"] == "CNCP" and data["member_count"] == 53
    titles = {s["title"] for s in data["sources"]}
    assert 'UNODC, "International cooperation networks" (web page)' in titles
    assert not any("data/" in t or ".yaml" in t or ".txt" in t for t in titles)


def test_network_detail_lists_its_contact_points(directory_data, users, client_for, uganda_ca):
    data = client_for(users.officer).get("/api/directory/networks/CNCP/").json()
    assert [(c["jurisdiction"], c["name"], c["is_demo"]) for c in data["contact_points"]] == [
        ("UGA", "Duty officer, international cooperation (test)", True)
    ]


def test_route_lists_cncp_among_shared_networks(directory_data, users, client_for, uganda_ca):
    response = client_for(users.officer).get("/api/directory/route/", {"from": "KEN", "to": "UGA", "modality": "mla"})
    assert response.status_code == 200
    data = response.json()
    assert "CNCP" in [n["code"] for n in data["shared_networks"]]
    assert data["authorities"][0]["name"] == uganda_ca.name


def test_shared_networks(directory_data, users, client_for):
    data = client_for(users.auditor).get("/api/directory/shared-networks/", {"a": "KE", "b": "UG"}).json()
    assert [n["code"] for n in data["networks"]] == ["CNCP", "EAAP", "GLJCN", "ICGLR"]


@pytest.mark.parametrize(
    ("url", "params", "detail"),
    [
        (
            "/api/directory/route/",
            {"from": "KNE", "to": "UGA"},
            "unknown jurisdiction 'KNE'; did you mean KEN (Kenya)?",
        ),
        ("/api/directory/route/", {"from": "KEN"}, "to is required (ISO alpha-3 or alpha-2)"),
        ("/api/directory/route/", {"from": "KEN", "to": "UGA", "modality": "mal"}, "unknown modality 'mal'"),
        (
            "/api/directory/route/",
            {"from": "KEN", "to": "UGA", "date": "31/12/2024"},
            "date: '31/12/2024' is not a date",
        ),
        ("/api/directory/shared-networks/", {"a": "KEN", "b": "XXX"}, "unknown jurisdiction 'XXX'"),
        ("/api/directory/networks/", {"as_at": "2024-02-30"}, "as_at: '2024-02-30' is not a date"),
        ("/api/directory/authorities/", {"jurisdiction": "KNE"}, "unknown jurisdiction 'KNE'"),
    ],
)
def test_bad_input_is_400_with_a_one_line_detail(directory_data, users, client_for, url, params, detail):
    response = client_for(users.officer).get(url, params)
    assert response.status_code == 400
    assert response.json()["detail"].startswith(detail)


def test_unknown_network_is_404_with_suggestion(directory_data, users, client_for):
    response = client_for(users.officer).get("/api/directory/networks/CNPC/")
    assert response.status_code == 404
    assert "did you mean CNCP" in response.json()["detail"]


def test_authorities_and_contact_points(directory_data, users, client_for, uganda_ca):
    api = client_for(users.officer)
    data = api.get("/api/directory/authorities/", {"jurisdiction": "UGA"}).json()
    [authority] = data["results"]
    assert authority["designations"][0]["instrument"] == "UNTOC"
    assert authority["languages"] == ["eng"]
    data = api.get("/api/directory/contact-points/", {"jurisdiction": "UG"}).json()
    [contact] = data["results"]
    assert contact["networks"] == [{"network": "CNCP", "role": "contact person"}]
    assert contact["is_demo"] is True


def test_anonymous_is_refused(directory_data, client):
    assert client.get("/api/directory/networks/").status_code == 403


def _note(user, visibility: str = Document.Visibility.AUTHORITY, requirements: str = "x") -> Document:
    return library_services.country_note_save(
        actor=user,
        jurisdiction=Jurisdiction.objects.get(code="UGA"),
        language="en",
        requirements=requirements,
        practical_tips="Call first (test).",
        visibility=visibility,
    )


def test_country_notes_are_tenant_data(directory_data, users):
    note = _note(users.officer)
    assert_tenant_isolation(
        users, f"/api/directory/notes/{note.pk}/", allowed={"officer", "supervisor", "auditor", "administrator"}
    )


def test_a_country_note_is_served_from_the_library(directory_data, users, client_for):
    note = _note(users.officer, requirements="Certified translation (test).")
    data = client_for(users.auditor).get(f"/api/directory/notes/{note.pk}/").json()
    assert data == {
        "id": note.pk,
        "jurisdiction": "UGA",
        "authority": users.home_authority().name,
        "visibility": "authority",
        "language": "en",
        "title": f"Uganda: notes of {users.home_authority().name}",
        "requirements": "Certified translation (test).",
        "practical_tips": "Call first (test).",
        "languages": ["en"],
        "updated_at": data["updated_at"],
        "url": f"/library/documents/{note.pk}/",
    }
    law = library_services.document_create(
        actor=users.officer, kind=Document.Kind.LAW, title="A law (test)", language="en", source="x", text="y"
    )
    assert client_for(users.officer).get(f"/api/directory/notes/{law.pk}/").status_code == 404  # not a note


def test_country_note_list_shows_mine_and_those_shared_with_the_node(directory_data, users, client_for):
    mine = _note(users.officer, requirements="ours")
    _note(users.outsider, requirements="theirs, private")
    shared = library_services.country_note_save(
        actor=users.outsider,
        jurisdiction=Jurisdiction.objects.get(code="KEN"),
        language="en",
        requirements="theirs, shared",
        practical_tips="",
        visibility=Document.Visibility.NODE,
    )
    api = client_for(users.officer)
    data = api.get("/api/directory/notes/").json()
    assert [(n["id"], n["requirements"]) for n in data["results"]] == [(mine.pk, "ours"), (shared.pk, "theirs, shared")]
    data = api.get("/api/directory/notes/", {"jurisdiction": "KE"}).json()
    assert [n["id"] for n in data["results"]] == [shared.pk]
    assert api.get("/api/directory/notes/", {"jurisdiction": "ZZZ"}).status_code == 400
