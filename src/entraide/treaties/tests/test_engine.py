"""The pure engine: entry into force, scope rules, warnings, ordering, fallback, matrix. No database."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from entraide.treaties import engine
from entraide.treaties.engine import Query, party_entry_into_force, resolve

D = dt.date


def ask(snapshot: engine.Snapshot, requesting: str = "KEN", requested: str = "TZA", **kwargs: object):
    values: dict[str, object] = {"modality": "mla", "date": D(2024, 5, 1)}
    values.update(kwargs)
    return resolve(snapshot, Query(requesting=requesting, requested=requested, **values))  # type: ignore[arg-type]


def option(resolution: engine.Resolution, code: str) -> engine.Option:
    return next(o for o in resolution.options if o.code == code)


# --- entry into force ---------------------------------------------------------------------


def test_entry_into_force_is_the_30th_day_after_deposit():
    # Kenya acceded to UNTOC on 16 June 2004: in force for it on 16 July 2004 (art. 38(2)).
    assert party_entry_into_force(
        deposited_on=D(2004, 6, 16), instrument_in_force=D(2003, 9, 29), rule="days-after-deposit", value=30
    ) == D(2004, 7, 16)


def test_entry_into_force_90_days_for_the_1988_convention():
    assert party_entry_into_force(
        deposited_on=D(1992, 10, 19), instrument_in_force=D(1990, 11, 11), rule="days-after-deposit", value=90
    ) == D(1993, 1, 17)


def test_deposit_before_the_instrument_entered_into_force_takes_effect_on_its_date():
    # France ratified UNTOC on 29 Oct 2002, before the Convention's own entry into force.
    assert party_entry_into_force(
        deposited_on=D(2002, 10, 29), instrument_in_force=D(2003, 9, 29), rule="days-after-deposit", value=30
    ) == D(2003, 9, 29)


def test_deposit_in_the_last_days_before_entry_into_force_is_not_earlier_than_it():
    # Deposited 10 days before the instrument's entry into force: 30 days later is after it.
    assert party_entry_into_force(
        deposited_on=D(2003, 9, 19), instrument_in_force=D(2003, 9, 29), rule="days-after-deposit", value=30
    ) == D(2003, 10, 19)


@pytest.mark.parametrize(
    ("deposited", "expected"),
    [
        (D(2006, 10, 12), D(2007, 2, 1)),  # Armenia, CETS 185
        (D(2012, 6, 13), D(2012, 10, 1)),  # Austria, CETS 185
        (D(2002, 6, 20), D(2004, 7, 1)),  # Albania, before the Convention's entry into force
        (D(2013, 11, 30), D(2014, 3, 1)),  # across a year end
    ],
)
def test_first_day_of_the_month_after_three_months(deposited, expected):
    assert (
        party_entry_into_force(
            deposited_on=deposited, instrument_in_force=D(2004, 7, 1), rule="first-day-after-months", value=3
        )
        == expected
    )


def test_unknown_rule_or_dates_give_no_date():
    assert (
        party_entry_into_force(
            deposited_on=D(2004, 1, 1), instrument_in_force=None, rule="days-after-deposit", value=30
        )
        is None
    )
    assert (
        party_entry_into_force(
            deposited_on=None, instrument_in_force=D(2004, 1, 1), rule="days-after-deposit", value=30
        )
        is None
    )
    assert (
        party_entry_into_force(
            deposited_on=D(2004, 1, 1), instrument_in_force=D(2003, 1, 1), rule="unknown", value=None
        )
        is None
    )


# --- scope rules --------------------------------------------------------------------------


def test_untoc_applies_to_serious_transnational_organized_crime(snapshot):
    answer = ask(snapshot, offence="0903", max_penalty_years=10, transnational=True, organized_group=True)
    untoc = option(answer, "UNTOC")
    assert untoc.applicable
    assert any("Serious crime" in c for c in untoc.conditions)
    assert untoc.in_force_for_requesting == D(2004, 7, 16)


def test_untoc_serious_crime_needs_at_least_four_years(snapshot):
    answer = ask(snapshot, offence="0903", max_penalty_years=3, transnational=True, organized_group=True)
    untoc = option(answer, "UNTOC")
    assert not untoc.applicable
    assert any("below the 4 years" in r for r in untoc.reasons)


def test_untoc_mla_applies_if_there_are_reasonable_grounds_to_suspect(snapshot):
    # Audit finding 1: "not known" is not "no". Art. 18(1) needs only reasonable grounds to suspect.
    untoc = option(ask(snapshot, offence="0903", max_penalty_years=10, transnational=True), "UNTOC")
    assert untoc.applicability == engine.IF and not untoc.applicable
    assert any("reasonable grounds to suspect" in r and "18(1)" in r for r in untoc.requirements)
    assert untoc.reasons == []
    stated_not = option(ask(snapshot, offence="0903", max_penalty_years=10, organized_group=False), "UNTOC")
    assert stated_not.applicability == engine.NO
    both = option(
        ask(snapshot, offence="0903", max_penalty_years=10, transnational=True, organized_group=True), "UNTOC"
    )
    assert both.applicability == engine.YES


def test_untoc_applies_to_its_own_offences_whatever_the_penalty(snapshot):
    answer = ask(snapshot, offence="070411", transnational=True, organized_group=True)
    untoc = option(answer, "UNTOC")
    assert untoc.applicable
    assert "6" in untoc.articles
    assert "Laundering of proceeds of crime (art. 6)." in untoc.conditions


def test_uncac_applies_only_to_its_offences(snapshot):
    assert option(ask(snapshot, offence="07031"), "UNCAC").applicable
    outside = option(ask(snapshot, offence="0903", max_penalty_years=20), "UNCAC")
    assert not outside.applicable
    assert any("outside this instrument's scope" in r for r in outside.reasons)


def test_drugs_convention_applies_only_to_article_3_offences(snapshot):
    assert option(ask(snapshot, offence="060121"), "DRUGS").applicable
    assert not option(ask(snapshot, offence="06011"), "DRUGS").applicable  # possession for personal use


def test_a_broader_offence_class_applies_if_the_conduct_is_the_instruments_own(snapshot):
    # Audit finding 1: 0601 (all drug offences) is not "does not apply" for the 1988 Convention.
    drugs = option(ask(snapshot, offence="0601"), "DRUGS")
    assert drugs.applicability == engine.IF
    assert any("06012" in r for r in drugs.requirements)


def test_instrument_without_offence_limits_applies_to_any_offence(snapshot):
    assert option(ask(snapshot, offence="0101"), "REGIONAL-MLA").applicable


def test_no_offence_given_applies_if_the_offence_is_within_the_scope(snapshot):
    uncac = option(ask(snapshot), "UNCAC")
    assert uncac.applicability == engine.IF
    assert any("corruption" in r for r in uncac.requirements)


# --- participation --------------------------------------------------------------------------


def test_signatory_only_is_not_bound_and_says_so(snapshot):
    untoc = option(ask(snapshot, "KEN", "SOM", offence="0905", transnational=True, organized_group=True), "UNTOC")
    assert not untoc.applicable
    assert untoc.in_force_for_requested is None
    assert any("signatory only" in w and "2001-01-01" in w for w in untoc.warnings)


def test_not_yet_in_force_on_that_date_says_when_it_will_be(snapshot):
    untoc = option(ask(snapshot, "KEN", "LAT", offence="0905", transnational=True, organized_group=True), "UNTOC")
    assert not untoc.applicable
    assert untoc.in_force_for_requested == D(2024, 5, 20)
    assert any("Not yet in force" in w and "2024-05-20" in w for w in untoc.warnings)
    later = option(
        ask(snapshot, "KEN", "LAT", offence="0905", transnational=True, organized_group=True, date=D(2024, 5, 20)),
        "UNTOC",
    )
    assert later.applicable


def test_non_party_is_named_and_the_status_date_is_given(snapshot):
    uncac = option(ask(snapshot, "KEN", "SOM", offence="07031"), "UNCAC")
    assert not uncac.applicable
    assert any("SOM is not a party" in r for r in uncac.reasons)
    assert any("2015-03-14" in w for w in uncac.warnings)


def test_party_known_only_as_at_a_date(snapshot):
    assert option(ask(snapshot, date=D(2020, 1, 1)), "REGIONAL-MLA").applicable
    before = option(ask(snapshot, date=D(2010, 1, 1)), "REGIONAL-MLA")
    assert before.applicability == engine.IF
    assert any("already bound on 2010-01-01" in r for r in before.requirements)


def test_parties_unknown_is_said_in_every_answer(snapshot):
    for requesting, requested in [("KEN", "TZA"), ("FRA", "DEU"), ("KEN", "SOM")]:
        unknown = option(ask(snapshot, requesting, requested), "UNKNOWN-PARTIES")
        assert not unknown.applicable
        assert not unknown.parties_known
        assert unknown.warnings[0].startswith("Parties unknown")


def test_an_opted_out_state_is_not_bound(snapshot):
    eio = option(ask(snapshot, "FRA", "DNK"), "EU-EIO")
    assert not eio.applicable
    assert "Denmark is not bound (recital 45)." in eio.reasons


def test_instrument_neither_side_takes_part_in_is_not_a_candidate(snapshot):
    assert "EU-EIO" not in [o.code for o in ask(snapshot, "KEN", "TZA").options]


# --- warnings -----------------------------------------------------------------------------


def test_extradition_conditional_on_treaty_without_accepting_the_convention(snapshot):
    untoc = option(
        ask(snapshot, "KEN", "NOR", modality="extradition", offence="0905", transnational=True, organized_group=True),
        "UNTOC",
    )
    assert untoc.applicability == engine.NO  # Audit finding 4: a declaration against it is applied
    assert any("does not take this instrument as the legal basis" in r and "16(4)-(5)" in r for r in untoc.reasons)


def test_extradition_basis_unknown_becomes_a_condition(snapshot):
    untoc = option(
        ask(snapshot, "NOR", "KEN", modality="extradition", offence="0905", transnational=True, organized_group=True),
        "UNTOC",
    )
    assert not any("conditional on the existence" in w for w in untoc.warnings)
    assert any("no notification is recorded" in c for c in untoc.conditions)


def test_dual_criminality_warning_for_coercive_measures(snapshot):
    untoc = option(ask(snapshot, offence="0905", transnational=True, organized_group=True), "UNTOC")
    assert any("Dual criminality" in w and "18(9)" in w for w in untoc.warnings)


def test_uncac_46_9_b_non_coercive_assistance_without_dual_criminality(snapshot):
    uncac = option(ask(snapshot, offence="07031"), "UNCAC")
    assert any("even without dual criminality" in w and "46(9)(b)" in w for w in uncac.warnings)


def test_eio_replaces_the_mla_conventions_between_eu_states(snapshot):
    answer = ask(snapshot, "FRA", "DEU", offence="0101")
    assert option(answer, "EU-EIO").applicable
    cets = option(answer, "CETS-030")
    assert cets.applicable
    assert any("EU-EIO replaces this instrument" in w and "34(1)" in w for w in cets.warnings)
    # Not before the directive applied, and not with Denmark.
    before = ask(snapshot, "FRA", "DEU", offence="0101", date=D(2016, 1, 1))
    assert not any("EU-EIO" in w for w in option(before, "CETS-030").warnings)
    denmark = ask(snapshot, "FRA", "DNK", offence="0101")
    assert not any("EU-EIO" in w for w in option(denmark, "CETS-030").warnings)


# --- ordering and fallback ------------------------------------------------------------------


def test_order_applicable_first_then_bilateral_regional_multilateral(snapshot):
    answer = ask(snapshot, offence="07031", date=D(2020, 1, 1))
    codes = [o.code for o in answer.options]
    applicable = [o.applicable for o in answer.options]
    assert applicable == sorted(applicable, reverse=True)
    assert codes[:3] == ["KEN-TZA-MLA", "REGIONAL-MLA", "UNCAC"]
    ranks = ["yes", "if", "no"]
    order = [ranks.index(o.applicability) for o in answer.options]
    assert order == sorted(order)  # yes, then if, then no
    for status in ranks:
        tiers = [engine.TIER[o.kind] for o in answer.options if o.applicability == status]
        assert tiers == sorted(tiers)


def test_fallback_when_nothing_applies(snapshot):
    answer = ask(snapshot, "KEN", "SOM", offence="0903")
    assert not answer.applicable
    assert "reciprocity" in answer.fallback and "letters rogatory" in answer.fallback
    assert answer.fallback.startswith("No instrument")


def test_data_as_at_is_the_oldest_date_of_the_data_used(snapshot):
    answer = ask(snapshot, offence="07031")
    assert answer.data_as_at == D(2015, 3, 14)
    assert answer.as_dict()["data_as_at"] == "2015-03-14"


def test_unknown_modality_is_refused(snapshot):
    with pytest.raises(ValueError, match="modality"):
        ask(snapshot, modality="rendition")


def test_snapshot_is_immutable(snapshot):
    with pytest.raises(dataclasses.FrozenInstanceError):
        snapshot.instruments[0].code = "X"
    with pytest.raises(TypeError):
        snapshot.by_code["UNTOC"].parties["KEN"] = None


def test_titles_follow_the_language(snapshot):
    query = Query("KEN", "TZA", "mla", D(2024, 5, 1))
    assert option(resolve(snapshot, query, language="fr"), "UNTOC").title == "Titre de UNTOC"
    assert option(resolve(snapshot, query, language="ar"), "UNTOC").title == "Title of UNTOC"


# --- matrix -------------------------------------------------------------------------------


def test_matrix_lists_what_resolve_finds_bound_on_both_sides(snapshot):
    date = D(2024, 5, 1)
    rows = {(a, b): found for a, b, found in engine.matrix(snapshot, "mla", date)}
    assert len(rows) == 8 * 7
    for (a, b), found in rows.items():
        options = {o.code: o for o in resolve(snapshot, Query(a, b, "mla", date)).options}
        for code in found:  # resolve() finds no party reason against what the matrix lists
            assert not any(a in r or b in r for r in options[code].reasons), (a, b, code)
        expected = {
            i.code
            for i in snapshot.by_modality["mla"]
            if engine._bound(i.parties.get(a), i, a, date).status == engine.YES
            and engine._bound(i.parties.get(b), i, b, date).status == engine.YES
        }
        if frozenset((a, b)) == frozenset(("KEN", "TZA")):
            expected.add("KEN-TZA-MLA")
        assert set(found) == expected, (a, b)
    assert set(rows[("KEN", "TZA")]) >= {"UNTOC", "UNCAC", "DRUGS", "REGIONAL-MLA", "KEN-TZA-MLA"}
    assert "EU-EIO" in rows[("FRA", "DEU")]
    assert rows[("KEN", "SOM")] == ()
