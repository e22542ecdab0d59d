"""Loading the shipped treaty data and importing status tables (services)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from entraide.audit.models import AuditEvent
from entraide.treaties import selectors
from entraide.treaties.engine import Query, resolve
from entraide.treaties.models import Declaration, Instrument, Participation, TreatyDataState
from entraide.treaties.services import participations_import_untc, treaties_load

pytestmark = pytest.mark.django_db
D = dt.date
# An invented status table in the shape of a copy of the UNTC web page (test data, not facts).
PASTED = Path(__file__).parent / "data" / "untoc-pasted.tsv"


def party(instrument: str, code: str) -> Participation:
    return Participation.objects.get(instrument__code=instrument, jurisdiction_id=code)


def test_every_untc_name_maps_to_a_jurisdiction(treaty_data):
    assert {r.instrument: r.unmapped for r in treaty_data.imports if r.unmapped} == {}


def test_untoc_participants_as_in_the_status_table(treaty_data):
    untoc = Instrument.objects.get(code="UNTOC")
    assert untoc.participations.count() == 185
    # 179 parties in the 2015 table, and Barbados from the corrections file (ratified 11 Nov 2014).
    assert untoc.participations.exclude(kind=Participation.Kind.SIGNATURE).count() == 180
    assert party("UNTOC", "EU").kind == Participation.Kind.APPROVAL


def test_entry_into_force_computed_from_the_deposit(treaty_data):
    kenya = party("UNTOC", "KEN")
    assert (kenya.kind, kenya.deposited_on, kenya.in_force_on) == ("accession", D(2004, 6, 16), D(2004, 7, 16))
    # 1988 Convention: 90th day (art. 29(2)).
    assert party("UN-DRUGS-1988", "KEN").in_force_on == D(1993, 1, 17)
    # OAS A-55: 30th day after deposit (art. 37).
    assert party("OAS-A-55", "CAN").in_force_on == D(1996, 7, 3)


def test_deposit_before_the_instrument_entered_into_force(treaty_data):
    france = party("UNTOC", "FRA")
    assert france.deposited_on == D(2002, 10, 29)
    assert france.in_force_on == D(2003, 9, 29)  # the Convention's own entry into force


def test_signatory_has_no_entry_into_force(treaty_data):
    japan = party("UNTOC", "JPN")
    assert japan.kind == Participation.Kind.SIGNATURE
    assert japan.in_force_on is None


def test_eu_positions_of_denmark_and_ireland(treaty_data):
    assert party("EU-EIO", "DNK").kind == Participation.Kind.NOT_BOUND
    assert party("EU-EIO", "IRL").kind == Participation.Kind.NOT_BOUND
    assert party("EU-EAW", "DNK").in_force_on == D(2004, 1, 1)
    assert party("EU-EAW", "HRV").in_force_on == D(2013, 7, 1)


def test_instruments_without_a_sourced_party_list(treaty_data):
    unknown = set(Instrument.objects.filter(parties_known=False).values_list("code", flat=True))
    assert {"CETS-024", "CETS-030", "CETS-182", "CETS-185", "HARARE-SCHEME", "LONDON-SCHEME", "RIYADH-1983"} <= unknown
    assert not Participation.objects.filter(instrument__code__in=unknown).exists()


def test_every_record_has_a_source_and_as_at(treaty_data):
    assert not Instrument.objects.filter(source="").exists()
    assert not Participation.objects.filter(source="").exists()
    assert not Participation.objects.filter(as_at__isnull=True).exists()


def test_declarations_of_the_1988_convention(treaty_data):
    assert Declaration.objects.filter(participation__instrument__code="UN-DRUGS-1988").count() >= 40


def test_load_is_idempotent(treaty_data):
    events = AuditEvent.objects.count()
    report = treaties_load()
    assert all(r.created == 0 and r.updated == 0 for r in report.imports)
    assert Participation.objects.filter(instrument__code="UNTOC").count() == 185
    assert AuditEvent.objects.filter(action="treaties.loaded").count() >= 1
    assert AuditEvent.objects.count() > events


def test_import_a_pasted_copy_reports_unmapped_names_and_rebuilds_the_snapshot(treaty_data):
    question = Query("KEN", "SOM", "mla", D(2024, 5, 1), offence="0905", transnational=True, organized_group=True)
    before = selectors.get_snapshot()
    assert not next(o for o in resolve(before, question).options if o.code == "UNTOC").applicable
    version = TreatyDataState.objects.get().version

    report = participations_import_untc(
        actor=None,
        instrument=Instrument.objects.get(code="UNTOC"),
        text=PASTED.read_text(encoding="utf-8"),
        source="UNTC web page, copied for a test",
        as_at=D(2024, 1, 1),
    )

    assert report.unmapped == ["Atlantis"]
    # Somalia is new; the five others now carry the new source and "as at" date.
    assert (report.created, report.updated, report.unchanged) == (1, 5, 0)
    somalia = party("UNTOC", "SOM")
    assert (somalia.kind, somalia.in_force_on, somalia.as_at) == ("accession", D(2021, 8, 20), D(2024, 1, 1))
    assert party("UNTOC", "NLD").kind == Participation.Kind.ACCEPTANCE
    assert TreatyDataState.objects.get().version == version + 1
    after = selectors.get_snapshot()
    assert after is not before
    assert next(o for o in resolve(after, question).options if o.code == "UNTOC").applicable
    event = AuditEvent.objects.filter(action="treaties.untc_imported").latest("id")
    assert event.detail["unmapped"] == ["Atlantis"]


def test_snapshot_is_reused_while_the_data_does_not_change(treaty_data, django_assert_num_queries):
    first = selectors.get_snapshot()
    with django_assert_num_queries(1):
        assert selectors.get_snapshot() is first
