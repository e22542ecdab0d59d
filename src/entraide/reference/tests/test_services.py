import csv
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from entraide.audit.models import AuditEvent
from entraide.reference.models import Jurisdiction, Language, OffenceClass
from entraide.reference.services import load_reference

pytestmark = pytest.mark.django_db


def test_first_load_creates_every_record(reference_data):
    assert {name: (c.created, c.updated, c.unchanged) for name, c in reference_data.items()} == {
        "jurisdictions": (250, 0, 0),
        "languages": (184, 0, 0),
        "offence_classes": (116, 0, 0),
    }
    assert Jurisdiction.objects.filter(is_iso=True).count() == 249
    assert Jurisdiction.objects.filter(is_iso=False).get().code == "EU"
    assert Jurisdiction.objects.filter(kind=Jurisdiction.Kind.STATE).count() == 195
    assert OffenceClass.objects.filter(level__in=[1, 2]).count() == 74
    event = AuditEvent.objects.get(action="reference.loaded")
    assert event.actor_label == "system"
    assert event.detail["jurisdictions"] == {"created": 250, "updated": 0, "unchanged": 0}


def test_kenya_has_names_in_five_languages(reference_data):
    kenya = Jurisdiction.objects.get(code="KEN")
    assert (kenya.iso2, kenya.iso_numeric, kenya.m49, kenya.kind) == ("KE", "404", "404", "state")
    assert [kenya.name_en, kenya.name_fr, kenya.name_es, kenya.name_pt, kenya.name_ar] == [
        "Kenya",
        "Kenya (le)",
        "Kenya",
        "Quênia",
        "كينيا",
    ]
    assert kenya.formal_name_en == "the Republic of Kenya"
    assert kenya.as_at.isoformat() == "2023-09-25"
    assert kenya.source.startswith("datasets/country-codes (ODC-PDDL-1.0), data/country-codes.csv @ caa72d1e")
    assert "UNTERM (en/fr/es/ar)" in kenya.source
    with translation.override("fr"):
        assert kenya.name == "Kenya"
    with translation.override("pt-pt"):
        assert kenya.name == "Quênia"


def test_codes_keep_their_letters_and_zeros(reference_data):
    assert Jurisdiction.objects.get(code="NAM").iso2 == "NA"
    afghanistan = Jurisdiction.objects.get(code="AFG")
    assert (afghanistan.iso_numeric, afghanistan.m49) == ("004", "004")
    assert OffenceClass.objects.filter(code="0101").values_list("parent__code", flat=True).get() == "01"


def test_names_without_unterm_entry_come_from_the_fallback_columns(reference_data):
    ivory_coast = Jurisdiction.objects.get(code="CIV")
    cote_divoire = "C\u00f4te d\u2019Ivoire"  # with a typographic apostrophe
    assert ivory_coast.name_en == cote_divoire  # CLDR display name, not "Ivory Coast"
    assert ivory_coast.name_fr == cote_divoire
    assert ivory_coast.name_ar == "كوت ديفوار"
    assert ivory_coast.name_pt == "Costa do Marfim"
    assert ivory_coast.formal_name_en == ""  # unknown, not invented
    assert "no UNTERM entry" in ivory_coast.source
    assert Jurisdiction.objects.get(code="HKG").name_en == "China, Hong Kong Special Administrative Region"


def test_unterm_footnote_markers_are_dropped(reference_data):
    holy_see = Jurisdiction.objects.get(code="VAT")
    assert holy_see.name_en == "Holy See (the)"
    assert holy_see.formal_name_fr == "le Saint-Siège"


def test_european_union_is_a_non_iso_party(reference_data):
    eu = Jurisdiction.objects.get(iso2="EU")
    assert (eu.code, eu.is_iso, eu.kind, eu.iso_numeric) == ("EU", False, "organisation", "")
    assert [eu.name_en, eu.name_fr, eu.name_es, eu.name_pt, eu.name_ar] == [
        "European Union",
        "Union européenne",
        "Unión Europea",
        "União Europeia",
        "الاتحاد الأوروبي",
    ]
    assert "exceptionally reserved by ISO 3166" in eu.source
    assert eu.as_at.isoformat() == "2025-03-13"


def test_languages_and_offence_classes_carry_source_and_date(reference_data):
    french = Language.objects.get(iso639_1="fr")
    assert (french.code, french.iso639_2b, french.name_en, french.name_ar) == ("fra", "fre", "French", "الفرنسية")
    assert "pycountry 26.2.16" in french.source and "CLDR 47" in french.source
    cyber = OffenceClass.objects.get(code="0903")
    assert cyber.parent is not None
    assert (cyber.level, cyber.parent.code, cyber.name_fr) == (2, "09", "")
    assert cyber.name_es
    assert cyber.as_at.isoformat() == "2015-03-01"
    assert "ICCS) v1.0" in cyber.source


def test_second_run_changes_nothing(reference_data):
    events = AuditEvent.objects.count()
    counts = load_reference()
    assert {name: (c.created, c.updated) for name, c in counts.items()} == {
        "jurisdictions": (0, 0),
        "languages": (0, 0),
        "offence_classes": (0, 0),
    }
    assert counts["jurisdictions"].unchanged == 250
    assert AuditEvent.objects.count() == events  # nothing changed, nothing to record


def test_a_changed_file_row_updates_that_record_only(reference_data, tmp_path, users):
    data_dir = tmp_path / "data"
    shutil.copytree(Path(settings.DATA_DIR), data_dir)
    path = data_dir / "country-codes" / "country-codes.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        if row["ISO3166-1-Alpha-3"] == "SOM":
            row["UNTERM English Short"] = "Somalia (renamed for the test)"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    counts = load_reference(actor=users.administrator, data_dir=data_dir)

    assert (counts["jurisdictions"].created, counts["jurisdictions"].updated) == (0, 1)
    assert Jurisdiction.objects.get(code="SOM").name_en == "Somalia (renamed for the test)"
    event = AuditEvent.objects.filter(action="reference.loaded").latest("id")
    assert event.actor_label == users.administrator.email
    assert event.detail["jurisdictions"]["updated"] == 1


def test_a_record_edited_in_the_database_is_put_back(reference_data):
    Jurisdiction.objects.filter(code="KEN").update(name_en="Kenia")
    Language.objects.filter(code="swa").delete()
    counts = load_reference()
    assert (counts["jurisdictions"].updated, counts["languages"].created) == (1, 1)
    assert Jurisdiction.objects.get(code="KEN").name_en == "Kenya"


def test_command_prints_one_line_per_table(reference_data, capsys):
    call_command("load_reference")
    assert capsys.readouterr().out.splitlines() == [
        "jurisdictions: 250 (created 0, updated 0, unchanged 250)",
        "languages: 184 (created 0, updated 0, unchanged 184)",
        "offence_classes: 116 (created 0, updated 0, unchanged 116)",
    ]


def test_command_names_a_missing_folder_in_one_line(db, tmp_path):
    before = Jurisdiction.objects.count()
    with pytest.raises(CommandError, match=r"cannot load reference data: .*country-codes") as exc:
        call_command("load_reference", data_dir=tmp_path)
    assert exc.value.returncode == 2
    assert Jurisdiction.objects.count() == before
