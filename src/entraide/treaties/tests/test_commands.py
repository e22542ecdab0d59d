"""The commands: legal-basis (the contract), legal-basis-matrix, load-treaties, treaties import-untc."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from entraide.__main__ import main
from entraide.treaties.models import Declaration, Instrument, Participation, TerritorialApplication

from .contract import assert_contract, untoc_ken_som

pytestmark = pytest.mark.django_db
CONTRACT_ARGS = [
    "--from",
    "KEN",
    "--to",
    "SOM",
    "--modality",
    "mla",
    "--offence",
    "0903",
    "--max-penalty-years",
    "10",
    "--date",
    "2024-05-01",
]
PASTED = Path(__file__).parent / "data" / "untoc-pasted.tsv"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_json_matches_the_contract(treaty_data):
    data = json.loads(run("legal_basis", *CONTRACT_ARGS, "--format", "json"))
    assert_contract(data)
    untoc_ken_som(data)
    assert "reciprocity" in data["fallback"]


def test_alpha_2_codes_are_accepted(treaty_data):
    data = json.loads(
        run(
            "legal_basis", "--from", "KE", "--to", "so", "--modality", "mla", "--date", "2024-05-01", "--format", "json"
        )
    )
    assert (data["requesting"], data["requested"]) == ("KEN", "SOM")


def test_applicable_options_come_first(treaty_data):
    data = json.loads(
        run(
            "legal_basis",
            "--from",
            "FRA",
            "--to",
            "DEU",
            "--modality",
            "mla",
            "--offence",
            "07041",
            "--max-penalty-years",
            "10",
            "--transnational",
            "--organized-group",
            "--date",
            "2024-05-01",
            "--format",
            "json",
        )
    )
    ranks = [["yes", "if", "no"].index(o["applicability"]) for o in data["options"]]
    assert ranks[0] == 0 and ranks == sorted(ranks)
    assert {"EU-EIO", "UNTOC"} <= {o["code"] for o in data["options"] if o["applicable"]}
    # Laundering falls under the 1988 Convention only if it launders drug-trafficking proceeds.
    drugs = next(o for o in data["options"] if o["code"] == "UN-DRUGS-1988")
    assert drugs["applicability"] == "if" and "3(1)(b)" in drugs["requirements"][0]


def test_text_format_names_the_options_and_the_data_date(treaty_data):
    text = run("legal_basis", *CONTRACT_ARGS)
    verdict = json.loads(run("legal_basis", *CONTRACT_ARGS, "--format", "json"))["verdict"]
    assert text.splitlines()[0] == verdict  # the first line of every answer
    assert re.search(r"Data as at: 20\d\d-\d\d-\d\d", text)
    assert "[does not apply] UNTOC (UNTC XVIII-12)" in text
    assert "SOM is not a party" in text
    assert "Fallback:" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--from", "KNE", "--to", "SOM", "--modality", "mla"],
            "unknown jurisdiction 'KNE'; did you mean KEN (Kenya)?",
        ),
        (["--from", "KEN", "--to", "SMO", "--modality", "mla"], "unknown jurisdiction 'SMO'"),
        (["--from", "KEN", "--to", "SOM", "--modality", "mlaa"], "unknown modality 'mlaa'; did you mean mla"),
        (["--from", "KEN", "--to", "SOM", "--modality", "mla", "--date", "2024-13-01"], "malformed date '2024-13-01'"),
        (["--from", "KEN", "--to", "SOM", "--modality", "mla", "--date", "1 May 2024"], "malformed date '1 May 2024'"),
        (["--from", "KEN", "--to", "SOM", "--modality", "mla", "--offence", "9999"], "'9999'"),
        (
            ["--from", "KEN", "--to", "SOM", "--modality", "mla", "--max-penalty-years", "ten"],
            "malformed maximum penalty 'ten'",
        ),
    ],
)
def test_bad_input_is_one_line_naming_the_value(treaty_data, args, message):
    with pytest.raises(CommandError) as raised:
        call_command("legal_basis", *args)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)
    assert raised.value.returncode == 2


def test_bad_input_from_the_entraide_command_exits_2_without_traceback(treaty_data, capsys, monkeypatch):
    # run_from_argv closes every connection when it ends: keep the test's (PostgreSQL) connection.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with pytest.raises(SystemExit) as raised:
        main(["entraide", "legal-basis", "--from", "KNE", "--to", "SOM", "--modality", "mla"])
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert err.strip().splitlines() == ["CommandError: unknown jurisdiction 'KNE'; did you mean KEN (Kenya)?"]
    assert "Traceback" not in err


def test_matrix_csv_lists_every_ordered_pair(treaty_data):
    rows = list(csv.DictReader(io.StringIO(run("legal_basis_matrix", "--modality", "mla", "--date", "2024-05-01"))))
    from entraide.reference.models import Jurisdiction

    count = Jurisdiction.objects.count()
    assert len(rows) == count * (count - 1)
    by_pair = {(r["requesting"], r["requested"]): r for r in rows}
    assert "UNTOC" in by_pair[("KEN", "TZA")]["instruments"].split(";")
    assert by_pair[("FRA", "DEU")]["data_as_at"] == "2012-11-12"  # the newest action of the oldest table
    assert "EU-EIO" in by_pair[("FRA", "DEU")]["instruments"].split(";")
    assert "EU-EIO" not in by_pair[("FRA", "DNK")]["instruments"].split(";")


def test_matrix_bad_modality(treaty_data):
    with pytest.raises(CommandError, match="unknown modality 'rendition'"):
        call_command("legal_basis_matrix", "--modality", "rendition")


def test_load_treaties_command_is_idempotent(treaty_data):
    out = run("load_treaties")
    assert "UNTOC: 0 created, 0 updated, 185 unchanged" in out


def test_import_untc_command_reports_unmapped_names(treaty_data, capsys):
    out = io.StringIO()
    err = io.StringIO()
    call_command(
        "treaties", "import-untc", str(PASTED), "--instrument", "UNTOC", "--as-at", "2024-01-01", stdout=out, stderr=err
    )
    assert "UNTOC: 1 created" in out.getvalue()
    assert "Atlantis" in err.getvalue()


def test_import_untc_unknown_instrument_suggests(treaty_data):
    with pytest.raises(CommandError, match="unknown instrument 'UNTCO'; did you mean UNTOC"):
        call_command("treaties", "import-untc", str(PASTED), "--instrument", "UNTCO")


def test_import_untc_malformed_file(treaty_data, tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("Participant\tSignature\tRatification\nKenya\t\tsoon\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 2 \\(Kenya\\): malformed date 'soon'"):
        call_command("treaties", "import-untc", str(bad), "--instrument", "UNTOC")


def test_import_untc_reads_the_status_page_and_its_notes(treaty_data):
    # The constructed sample in the shape of the UNTC page (see its header for what is real).
    page = Path(__file__).parent / "data" / "untc-page-vi-19.html"
    out = io.StringIO()
    call_command(
        "treaties", "import-untc", str(page), "--instrument", "UN-DRUGS-1988", stdout=out, stderr=io.StringIO()
    )
    assert "UN-DRUGS-1988:" in out.getvalue()
    drugs = Instrument.objects.get(code="UN-DRUGS-1988")
    assert drugs.as_at == dt.date(2026, 12, 4)  # "Status as at" on the page
    montenegro = Participation.objects.get(instrument=drugs, jurisdiction_id="MNE")
    assert (montenegro.succession_on, montenegro.in_force_on) == (dt.date(2006, 6, 3), dt.date(2006, 6, 3))
    assert "UN Treaty Collection, status of UNTC VI-19" in montenegro.source and ".html" not in montenegro.source
    applications = {
        a.territory_id: (a.applies, a.applies_from)
        for a in TerritorialApplication.objects.filter(instrument=drugs, party_id__in=["CHN", "DNK"])
    }
    assert applications["FRO"] == (False, None) and applications["GRL"] == (False, None)
    assert applications["HKG"] == (True, dt.date(1997, 7, 1))
    singapore = Declaration.objects.get(
        participation__instrument=drugs, participation__jurisdiction_id="SGP", kind="extradition-basis"
    )
    assert singapore.accepts_as_extradition_basis is False
