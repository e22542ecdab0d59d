"""The findings of the audit of the legal-basis engine against the data it ships (issue 15).

Each test failed before the engine learnt "applies if", successions, territories, declarations,
the European Union's competence and honest dates; they run on the shipped data.
"""

from __future__ import annotations

import datetime as dt

import pytest

from entraide.reference.models import OffenceClass
from entraide.treaties import selectors
from entraide.treaties.importers import declaration_kind, parse_declarations
from entraide.treaties.models import Instrument, Participation
from entraide.treaties.services import default_data_dir

pytestmark = pytest.mark.django_db


def resolve(requesting: str, requested: str, **kwargs: object):
    values: dict[str, object] = {"modality": "mla", "date": "2024-05-01"}
    values.update(kwargs)
    return selectors.legal_basis(selectors.build_query(requesting=requesting, requested=requested, **values))  # type: ignore[arg-type]


def options(requesting: str, requested: str, **kwargs: object) -> dict[str, dict]:
    return {o["code"]: o for o in resolve(requesting, requested, **kwargs).as_dict()["options"]}


# --- 1. "applies if" where the law says "if" ---------------------------------------------------


def test_no_offence_code_makes_untoc_silently_inapplicable(treaty_data):
    # Before: 186 of 232 answers over the ICCS codes said "No instrument recorded here applies".
    for code in OffenceClass.objects.values_list("code", flat=True):
        resolution = resolve("KEN", "TZA", offence=code)
        untoc = next(o for o in resolution.options if o.code == "UNTOC")
        assert untoc.applicability == "if", code
        assert any("reasonable grounds to suspect" in r for r in untoc.requirements), code
        assert not resolution.verdict.startswith("No instrument"), code


def test_all_drug_offences_make_the_1988_convention_apply_if_it_is_trafficking(treaty_data):
    drugs = options("KEN", "TZA", offence="0601")["UN-DRUGS-1988"]
    assert drugs["applicability"] == "if"
    assert any("not possession for personal consumption (art. 3(1), not 3(2))" in r for r in drugs["requirements"])
    assert options("KEN", "TZA", offence="060121")["UN-DRUGS-1988"]["applicability"] == "yes"
    assert options("KEN", "TZA", offence="06011")["UN-DRUGS-1988"]["applicability"] == "no"


def test_any_homicide_makes_the_protected_persons_convention_apply_only_if(treaty_data):
    ipp = options("FRA", "DEU", modality="extradition", offence="0101")["UN-IPP-1973"]
    assert ipp["applicability"] == "if"
    assert ipp["requirements"] == ["the victim is an internationally protected person (arts. 1-2)"]


def test_untoc_extradition_needs_no_transnationality_where_the_person_is_in_the_requested_state(treaty_data):
    untoc = options("KEN", "TZA", modality="extradition", offence="0903", max_penalty_years=10, organized_group="yes")[
        "UNTOC"
    ]
    assert untoc["applicability"] == "if"
    assert untoc["requirements"] == ["the person sought is located in the requested State (art. 16(1))"]
    refused = options("KEN", "TZA", modality="extradition", offence="0903", max_penalty_years=10, organized_group="no")
    assert refused["UNTOC"]["applicability"] == "no"


@pytest.mark.parametrize(
    ("modality", "code"),
    [
        ("sentenced-persons", "UNTOC"),
        ("proceedings", "UNTOC"),
        ("sentenced-persons", "UNCAC"),
        ("proceedings", "UNCAC"),
    ],
)
def test_articles_that_only_invite_agreements_are_not_a_basis(treaty_data, modality, code):
    found = options("KEN", "TZA", modality=modality, offence="07031", transnational="yes", organized_group="yes")
    assert found[code]["applicability"] == "no"
    assert any("not itself a basis" in r for r in found[code]["reasons"])


def test_the_verdict_counts_yes_if_and_no(treaty_data):
    resolution = resolve("KEN", "TZA", offence="0601")
    first = resolution.verdict
    assert ("applies if" in first and "do not apply" in first) or "does not apply" in first
    codes = [o.applicability for o in resolution.options]
    assert codes == sorted(codes, key=["yes", "if", "no"].index)
    assert resolution.as_dict()["verdict"] == first


# --- 2. successions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instrument", "code", "bound_from"),
    [
        ("UNTOC", "MNE", dt.date(2006, 6, 3)),  # notified 23 Oct 2006: not 22 Nov 2006
        ("UN-DRUGS-1988", "BIH", dt.date(1992, 3, 6)),  # notified 1 Sep 1993
        ("UN-HOSTAGES-1979", "HRV", dt.date(1991, 10, 8)),  # notified 23 Sep 2003: years wrong before
        ("UN-IPP-1973", "MKD", dt.date(1991, 9, 17)),
        ("UN-DRUGS-1988", "CZE", dt.date(1993, 1, 1)),
    ],
)
def test_a_successor_state_is_bound_from_the_date_of_succession(treaty_data, instrument, code, bound_from):
    participation = Participation.objects.get(instrument__code=instrument, jurisdiction_id=code)
    assert participation.kind == "succession"
    assert participation.in_force_on == bound_from
    assert "date of succession" in participation.note


def test_every_succession_row_of_the_shipped_tables_has_its_date(treaty_data):
    rows = Participation.objects.filter(kind="succession")
    assert rows.count() == 30
    assert not rows.filter(succession_on=None).exists()


# --- 3. territories -----------------------------------------------------------------------------


def test_hong_kong_is_a_jurisdiction_one_can_ask_about(treaty_data):
    found = options("HKG", "KEN", offence="07031")
    assert found["UNCAC"]["applicability"] == "yes"  # extended to Hong Kong from 12 February 2006
    assert any("declaration of CHN" in c for c in found["UNCAC"]["conditions"])
    untoc = options("HKG", "KEN", offence="0905", transnational="yes", organized_group="yes")["UNTOC"]
    assert untoc["applicability"] == "if"
    assert any("CHN has extended it to HKG" in r for r in untoc["requirements"])


def test_a_territorial_exclusion_has_effect(treaty_data):
    drugs = options("FRO", "KEN", offence="060121")["UN-DRUGS-1988"]
    assert drugs["applicability"] == "no"
    assert "DNK declared that it does not apply to FRO." in drugs["reasons"]
    assert options("DNK", "KEN", offence="060121")["UN-DRUGS-1988"]["applicability"] == "yes"


# --- 4. declarations ----------------------------------------------------------------------------


def test_a_declaration_against_the_1988_convention_as_extradition_basis_is_applied(treaty_data):
    singapore = options("KEN", "SGP", modality="extradition", offence="060121")["UN-DRUGS-1988"]
    assert singapore["applicability"] == "no"
    assert any("does not take this instrument as the legal basis for extradition" in r for r in singapore["reasons"])
    lithuania = options("KEN", "LTU", modality="extradition", offence="060121")["UN-DRUGS-1988"]
    assert lithuania["applicability"] == "if"
    assert lithuania["requirements"] == [
        "the person sought is not a national of Lithuania (declaration of Lithuania under art. 6)"
    ]
    # As the requesting State, Singapore's declaration changes nothing.
    assert options("SGP", "KEN", modality="extradition", offence="060121")["UN-DRUGS-1988"]["applicability"] == "yes"


def test_the_declaration_classifier_no_longer_mislabels():
    blocks = parse_declarations((default_data_dir() / "untc-2015" / "6-19-declarations.txt").read_text())
    kinds = {name: declaration_kind(text) for name, text in blocks.items()}
    assert kinds["Brunei Darussalam"] == "central-authority"
    # Ireland's authority under art. 17(7) (boarding of vessels), the Netherlands' proposal on
    # languages and the United Kingdom's conditions on immunity were labelled by keyword before.
    assert kinds["Ireland"] == "other"
    assert kinds["Netherlands"] == "other"
    assert kinds["United Kingdom of Great Britain and Northern Ireland"] == "other"
    assert "extradition-basis" not in kinds.values()  # classified by hand, with the words it rests on


# --- 5. the European Union ------------------------------------------------------------------------


@pytest.mark.parametrize("modality", ["mla", "extradition"])
def test_the_european_union_is_no_party_for_cooperation_between_states(treaty_data, modality):
    found = options("EU", "FRA", modality=modality, offence="07031", transnational="yes", organized_group="yes")
    for code in ("UNTOC", "UNCAC"):
        assert found[code]["applicability"] == "no"
        assert any("only within its competence" in r for r in found[code]["reasons"])


# --- 6. honest dates ----------------------------------------------------------------------------------


def test_a_status_table_is_as_at_its_newest_action(treaty_data):
    assert Instrument.objects.get(code="UNTOC").as_at == dt.date(2013, 10, 17)
    resolution = resolve("KEN", "TZA", offence="0905")
    assert resolution.data_as_at is not None and resolution.data_as_at < dt.date(2015, 3, 14)


def test_known_omissions_are_corrected_with_their_source(treaty_data):
    barbados = Participation.objects.get(instrument__code="UNTOC", jurisdiction_id="BRB")
    assert (barbados.kind, barbados.deposited_on, barbados.in_force_on) == (
        "ratification",
        dt.date(2014, 11, 11),
        dt.date(2014, 12, 11),
    )
    assert "XVIII-12" in barbados.source
    for code in ("UNTOC-TIP", "UNTOC-SOM", "UNTOC-FIREARMS"):
        assert Participation.objects.get(instrument__code=code, jurisdiction_id="BRB").deposited_on == dt.date(
            2014, 11, 11
        )
    germany = Participation.objects.get(instrument__code="UNCAC", jurisdiction_id="DEU")
    assert germany.in_force_on == dt.date(2014, 12, 12)
    assert options("DEU", "KEN", offence="07031", date="2015-01-05")["UNCAC"]["applicability"] == "yes"


def test_a_wider_class_keeps_what_the_narrower_entries_require(treaty_data):
    # "01" (acts leading to death) is wider than the Convention's 0101 and 0102, themselves
    # covered only where the victim is an internationally protected person.
    ipp = options("FRA", "DEU", modality="extradition", offence="01")["UN-IPP-1973"]
    assert ipp["applicability"] == "if"
    assert "internationally protected person" in ipp["requirements"][0]
