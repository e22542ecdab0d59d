"""The engine over the real shipped data, through the selectors (build_query, legal_basis)."""

from __future__ import annotations

import pytest

from entraide.treaties import selectors

pytestmark = pytest.mark.django_db


def answer(requesting: str, requested: str, **kwargs: object) -> dict[str, dict]:
    values: dict[str, object] = {"modality": "mla", "date": "2024-05-01"}
    values.update(kwargs)
    checked = selectors.build_query(requesting=requesting, requested=requested, **values)  # type: ignore[arg-type]
    return {o["code"]: o for o in selectors.legal_basis(checked).as_dict()["options"]}


def test_counter_terrorism_conventions_only_for_their_offences(treaty_data):
    financing = answer("KEN", "TZA", offence="09062")
    assert financing["UN-FINANCING-1999"]["applicable"] is True
    assert financing["UN-BOMBINGS-1997"]["applicable"] is False
    cyber = answer("KEN", "TZA", offence="0903", max_penalty_years=20)
    assert not any(cyber[code]["applicable"] for code in cyber if code.startswith("UN-"))


def test_untoc_serious_crime_with_the_real_data(treaty_data):
    assert (
        answer("KEN", "TZA", offence="0903", max_penalty_years=10, transnational=True, organized_group=True)["UNTOC"][
            "applicable"
        ]
        is True
    )
    assert (
        answer("KEN", "TZA", offence="0903", max_penalty_years=2, transnational=True, organized_group=True)["UNTOC"][
            "applicable"
        ]
        is False
    )


def test_uncac_and_the_1988_convention_with_the_real_data(treaty_data):
    corruption = answer("KEN", "TZA", offence="070311")
    assert corruption["UNCAC"]["applicable"] is True
    assert corruption["UN-DRUGS-1988"]["applicable"] is False
    drugs = answer("KEN", "TZA", offence="060121")
    assert drugs["UN-DRUGS-1988"]["applicable"] is True
    assert drugs["UNCAC"]["applicable"] is False


def test_eio_and_its_warning_between_eu_states(treaty_data):
    options = answer("FRA", "DEU", offence="0101")
    assert options["EU-EIO"]["applicable"] is True
    assert any("EU-EIO replaces" in w for w in options["CETS-030"]["warnings"])
    assert answer("FRA", "IRL", offence="0101")["EU-EIO"]["applicable"] is False


def test_eaw_binds_denmark_and_ireland(treaty_data):
    options = answer("DNK", "IRL", modality="extradition", offence="0101")
    assert options["EU-EAW"]["applicable"] is True
    assert options["EU-EAW"]["in_force_for_requesting"] == "2004-01-01"


def test_the_united_kingdom_is_bound_by_the_eaw_and_the_eio_until_the_end_of_the_transition(treaty_data):
    during = answer("GBR", "FRA", modality="extradition", offence="0101", date="2020-06-01")["EU-EAW"]
    assert during["applicable"] is True
    assert during["in_force_for_requesting"] == "2004-01-01"
    after = answer("GBR", "FRA", modality="extradition", offence="0101", date="2021-06-01")["EU-EAW"]
    assert after["applicable"] is False
    assert answer("FRA", "GBR", offence="0101", date="2020-12-31")["EU-EIO"]["applicable"] is True
    assert answer("FRA", "GBR", offence="0101", date="2021-01-01")["EU-EIO"]["applicable"] is False


def test_instruments_with_parties_unknown_are_named_in_every_answer(treaty_data):
    for pair in [("KEN", "SOM"), ("FRA", "DEU"), ("BRA", "ARG")]:
        options = answer(*pair)
        assert options["CETS-030"]["parties_known"] is False
        assert options["CETS-030"]["warnings"][0].startswith("Parties unknown")
        assert options["HARARE-SCHEME"]["applicable"] is False


def test_oas_list_is_incomplete_and_says_so(treaty_data):
    options = answer("ARG", "URY")
    assert options["OAS-A-55"]["applicability"] == "if"  # not "no": the list is incomplete
    assert options["OAS-A-55"]["applicable"] is False
    assert any("incomplete" in r for r in options["OAS-A-55"]["requirements"])
    assert answer("ARG", "BRA")["OAS-A-55"]["applicable"] is True


def test_asean_parties_known_only_as_at_2019(treaty_data):
    assert answer("SGP", "MYS")["ASEAN-MLAT"]["applicable"] is True
    earlier = answer("SGP", "MYS", date="2010-01-01")["ASEAN-MLAT"]
    assert earlier["applicable"] is False
    assert earlier["applicability"] == "if"
    assert any("already bound on 2010-01-01" in r for r in earlier["requirements"])


def test_known_codes_need_no_reference_query(treaty_data, django_assert_max_num_queries):
    selectors.get_snapshot()
    with django_assert_max_num_queries(1):  # the data version only
        checked = selectors.build_query(requesting="ke", requested="TZA", modality="mla", offence="0903")
        selectors.legal_basis(checked)
