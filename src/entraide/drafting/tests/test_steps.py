"""The request writer's steps: each asks what its modality and measures need, and keeps the draft."""

from __future__ import annotations

import pytest
from django.urls import reverse

from entraide.cases.details import measure_fields, modality_fields
from entraide.cases.models import Measure, Offence, Request
from entraide.testing.cases import new_outgoing, walk

pytestmark = pytest.mark.django_db


def _step(request, slug):
    return reverse("drafting:step", args=[request.pk, slug])


def test_the_first_step_creates_the_draft_once(users, client_for):
    client = client_for(users.officer)
    data = {
        "modality": "mla",
        "counterpart": "SOM",
        "title": "Bank records (test)",
        "token": "5f0d8f6e-3d1b-4c59-9e1c-1d8e1f0a0b01",
        "continue": "",
    }
    first = client.post(reverse("drafting:start"), data)
    again = client.post(reverse("drafting:start"), data)
    request = Request.objects.get(title="Bank records (test)")
    assert first.status_code == again.status_code == 302
    assert first["Location"] == _step(request, "case") and request.status == "draft"
    assert client_for(users.auditor).get(reverse("drafting:start")).status_code == 403


def test_a_step_saves_what_it_has_and_says_what_is_missing(users, client_for):
    request = new_outgoing(users)
    client = client_for(users.officer)
    saved = client.post(_step(request, "case"), {"facts": "Two accounts (test).", "save": ""})
    assert saved.status_code == 302 and saved["Location"] == _step(request, "case")
    request.refresh_from_db()
    assert request.facts == "Two accounts (test)." and request.purpose == ""
    page = client.get(_step(request, "case")).content.decode()
    assert 'data-step="case" data-done="no"' in page and "purpose of the request" in page
    assert "Two accounts (test)." in page
    onward = client.post(_step(request, "case"), {"facts": "Two accounts (test).", "continue": ""})
    assert onward["Location"] == _step(request, "offences")


def test_a_bad_value_is_shown_again_with_what_was_typed(users, client_for):
    request = new_outgoing(users)
    url = f"{_step(request, 'measures')}?kind=bank-records"
    response = client_for(users.officer).post(
        url, {"kind": "bank-records", "bank": "Typed Bank (test)", "period_from": "not a date", "save": ""}
    )
    assert response.status_code == 400
    assert "Typed Bank (test)" in response.content.decode() and not Measure.objects.filter(request=request).exists()


def test_a_measure_asks_exactly_its_kind_s_fields_and_stores_them(users, client_for):
    request = new_outgoing(users)
    client = client_for(users.officer)
    page = client.get(f"{_step(request, 'measures')}?kind=bank-records").content.decode()
    for field in measure_fields("bank-records"):
        assert f'name="{field.key}"' in page
    assert 'name="questions"' not in page  # a hearing's field
    client.post(
        _step(request, "measures"),
        {
            "kind": "bank-records",
            "bank": "Test Bank",
            "account_holder": "Example Ltd",
            "account_numbers": "SO00 TEST 0001",
            "period_from": "2022-01-01",
            "period_to": "",
            "save": "",
        },
    )
    measure = Measure.objects.get(request=request)
    assert measure.details == {
        "bank": "Test Bank",
        "account_holder": "Example Ltd",
        "account_numbers": "SO00 TEST 0001",
        "period_from": "2022-01-01",
    }
    edited = client.post(
        _step(request, "measures"), {"measure": measure.pk, "bank": "Other Bank", "account_numbers": "X", "save": ""}
    )
    assert edited.status_code == 302
    measure.refresh_from_db()
    assert measure.details == {"bank": "Other Bank", "account_numbers": "X"}


def test_a_modality_offers_only_its_measures(users, client_for):
    request = new_outgoing(users, modality="extradition")
    client = client_for(users.officer)
    page = client.get(_step(request, "measures")).content.decode()
    assert 'value="provisional-arrest"' in page and 'value="bank-records"' not in page
    assert client.get(f"{_step(request, 'measures')}?kind=bank-records").status_code == 400


def test_the_modality_step_asks_the_modality_s_own_fields(users, client_for):
    request = new_outgoing(users, modality="extradition")
    client = client_for(users.officer)
    page = client.get(_step(request, "details")).content.decode()
    for field in modality_fields("extradition"):
        assert f'name="{field.key}"' in page
    client.post(_step(request, "details"), {"person_description": "Tall (test)", "bogus": "ignored", "save": ""})
    request.refresh_from_db()
    assert request.details == {"person_description": "Tall (test)"}


def test_offences_carry_what_the_engine_needs_and_can_be_removed(users, client_for):
    request = new_outgoing(users)
    client = client_for(users.officer)
    client.post(
        _step(request, "offences"),
        {
            "token": "9d3f6e1a-7b1c-4d0e-8f3a-2b6c4d5e6f70",
            "provision": "Penal Code, s. 1 (test)",
            "transnational": "suspected",
            "organized_group": "stated",
            "save": "",
        },
    )
    offence = Offence.objects.get(request=request)
    assert (offence.transnational, offence.organized_group) == ("suspected", "stated")
    removed = client.post(reverse("drafting:remove", args=[request.pk, "offence", offence.pk]))
    assert removed.status_code == 302 and not Offence.objects.filter(request=request).exists()


def test_the_legal_basis_step_returns_to_itself_after_a_choice(users, client_for):
    request = new_outgoing(users)
    client = client_for(users.officer)
    assert client.get(_step(request, "legal-basis")).status_code == 200
    chosen = client.post(
        reverse("cases:request-legal-basis", args=[request.pk]),
        {"code": "reciprocity", "next": _step(request, "legal-basis")},
    )
    assert chosen["Location"] == _step(request, "legal-basis")
    away = client.post(
        reverse("cases:request-legal-basis", args=[request.pk]),
        {"code": "reciprocity", "next": "https://evil.example/"},
    )
    assert away["Location"] == reverse("cases:request-detail", args=[request.pk])


def test_steps_are_for_who_may_change_the_draft(users, client_for):
    request = new_outgoing(users)
    for slug in ["basics", "case", "offences", "persons", "measures", "details", "legal-basis", "review"]:
        assert client_for(users.officer).get(_step(request, slug)).status_code == 200, slug
        assert client_for(users.outsider).get(_step(request, slug)).status_code == 404, slug
        assert client_for(users.auditor).get(_step(request, slug)).status_code == 403, slug
    assert client_for(users.officer).get(_step(request, "nowhere")).status_code == 404


def test_a_request_no_longer_editable_refuses_a_save(users, client_for):
    request = walk(users, new_outgoing(users), ["in-review", "approved"])
    response = client_for(users.officer).post(_step(request, "case"), {"facts": "Late (test)."})
    assert response.status_code == 409
    request.refresh_from_db()
    assert request.facts == ""
