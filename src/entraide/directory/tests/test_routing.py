"""``selectors.route``: designated authorities from the legal-basis engine, languages, channels, shared networks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.db import transaction

from entraide.directory.models import Designation
from entraide.directory.selectors import route, shared_networks
from entraide.directory.services import DirectoryLoadReport, directory_load
from entraide.reference.models import Jurisdiction
from entraide.reference.selectors import UnknownCode
from entraide.reference.services import load_reference
from entraide.tenancy.models import Authority
from entraide.treaties.services import treaties_load

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(scope="module")
def directory_data(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[DirectoryLoadReport]:
    """Here with the treaty data too, so routing asks the real legal-basis engine."""
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        load_reference()
        treaties_load()
        report = directory_load()
        yield report
        transaction.set_rollback(True)


def j(code: str) -> Jurisdiction:
    return Jurisdiction.objects.get(code=code)


def test_route_picks_the_authority_designated_under_an_instrument_binding_both(directory_data, uganda_ca):
    result = route(j("KEN"), j("UGA"), "mla", D(2024, 5, 1))
    assert result.legal_basis["available"] is True
    assert "UNTOC" in result.legal_basis["binding_both"]
    [authority] = result.authorities
    assert authority["name"] == uganda_ca.name
    assert authority["basis"] == "designated"
    assert authority["designated_under"] == ["UNTOC 18(13)"]
    assert authority["languages"] == ["eng"]
    assert authority["channels"] == ["direct", "email"]
    assert authority["is_demo"] is True


def test_route_lists_shared_networks_with_the_contact_points_of_both_sides(directory_data, uganda_ca):
    result = route(j("KEN"), j("UGA"), "mla", D(2024, 5, 1))
    by_code = {n["code"]: n for n in result.shared_networks}
    assert set(by_code) == {"CNCP", "EAAP", "GLJCN", "ICGLR"}
    [contact] = by_code["CNCP"]["contact_points"]["requested"]
    assert contact["name"] == "Duty officer, international cooperation (test)"
    assert contact["role"] == "contact person"
    assert set(by_code["CNCP"]["contact_points"]) == {"requested"}  # never the requesting side's own


def test_a_designation_under_an_instrument_not_binding_both_falls_back_to_the_central_authority(
    directory_data, uganda_ca
):
    Designation.objects.filter(authority=uganda_ca).update(instrument_code="CETS-030")
    result = route(j("KEN"), j("UGA"), "mla", D(2024, 5, 1))
    [authority] = result.authorities
    assert authority["basis"] == "central-authority"
    assert authority["designated_under"] == []
    assert any("No designation under the applicable instruments" in u for u in result.unknowns)


def test_a_designation_for_another_modality_does_not_count(directory_data, uganda_ca):
    Designation.objects.filter(authority=uganda_ca).update(modalities=["extradition"])
    Authority.objects.filter(pk=uganda_ca.pk).update(kind=Authority.Kind.PROSECUTION)
    result = route(j("KEN"), j("UGA"), "mla", D(2024, 5, 1))
    assert result.authorities == []


def test_no_authority_recorded_is_said_not_guessed(directory_data):
    result = route(j("KEN"), j("TZA"), "extradition", D(2024, 5, 1))
    assert result.authorities == []
    assert f"No authority of {j('TZA').name} is recorded in this directory." in result.unknowns


def test_shared_networks_follow_the_dates_of_membership(directory_data):
    # Somalia was admitted to EAAP on 2023-02-28 (eaaprosecutors.org).
    assert [n.code for n in shared_networks("KEN", "SOM", D(2023, 2, 27))] == []
    assert [n.code for n in shared_networks("KEN", "SOM", D(2023, 2, 28))] == ["EAAP"]
    # The United Kingdom and France shared EJN and Eurojust until the end of the transition
    # period, 2020-12-31 (Withdrawal Agreement, arts. 126-127).
    assert [n.code for n in shared_networks("GBR", "FRA", D(2020, 12, 31))] == ["EJN", "Eurojust"]
    assert [n.code for n in shared_networks("GBR", "FRA", D(2021, 1, 1))] == []


def test_unknown_modality_suggests_close_matches(directory_data):
    with pytest.raises(UnknownCode) as caught:
        route(j("KEN"), j("UGA"), "extradtion")
    assert str(caught.value) == "unknown modality 'extradtion'; did you mean extradition?"


def test_route_quotes_the_requested_states_declarations_on_its_authority(directory_data):
    # Brunei Darussalam's declaration under the 1988 Convention, art. 7(8) (UNTC, as at 2015-03-14).
    result = route(j("KEN"), j("BRN"), "mla", D(2024, 5, 1))
    [declaration] = [d for d in result.declarations if d["kind"] == "central-authority"]
    assert declaration["instrument"] == "UN-DRUGS-1988"
    assert "competent authority under article 7 (8)" in declaration["text"]
    assert declaration["as_at"] == "2014-06-03"  # the newest action of the 1988 Convention's status table
    assert "UN Treaty Collection" in declaration["source"]


def test_no_declarations_without_an_instrument_binding_both(directory_data):
    assert route(j("KEN"), j("BRN"), "mla", D(1980, 1, 1)).declarations == []


def test_route_answers_from_the_requested_side_never_with_the_requesting_states_own_contacts(directory_data, uganda_ca):
    from entraide.directory.models import ContactPoint, Network, NetworkRole

    kenya_ca = Authority.objects.create(name="Kenyan authority (test)", jurisdiction=j("KEN"), kind="central")
    kenyan = ContactPoint.objects.create(authority=kenya_ca, name="Kenyan duty officer (test)", email="k@test.example")
    NetworkRole.objects.create(contact_point=kenyan, network=Network.objects.get(code="CNCP"), role="contact person")
    ContactPoint.objects.create(authority=uganda_ca, name="Gone (test)", email="g@test.example", is_active=False)
    result = route(j("KEN"), j("UGA"), "mla", D(2024, 5, 1))
    [authority] = result.authorities
    assert [c["name"] for c in authority["contact_points"]] == ["Duty officer, international cooperation (test)"]
    names = [c["name"] for n in result.shared_networks for c in n["contact_points"]["requested"]]
    assert "Kenyan duty officer (test)" not in names and "Gone (test)" not in names
    assert "Kenyan authority (test)" not in str(result.as_dict())
    # Asked the other way, Kenya's are the answer and Uganda's are not.
    back = route(j("UGA"), j("KEN"), "mla", D(2024, 5, 1))
    names = [c["name"] for n in back.shared_networks for c in n["contact_points"]["requested"]]
    assert "Kenyan duty officer (test)" in names and "Duty officer, international cooperation (test)" not in names
