"""``entraide route``, ``entraide networks`` and ``entraide load-directory`` on the command line."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_route_ken_uga_mla_json_lists_the_commonwealth_network(directory_data):
    result = json.loads(run("route", "--from", "KEN", "--to", "UGA", "--modality", "mla", "--format", "json"))
    assert result["requesting"] == "KEN" and result["requested"] == "UGA" and result["modality"] == "mla"
    codes = [n["code"] for n in result["shared_networks"]]
    assert "CNCP" in codes
    assert set(codes) == {"CNCP", "EAAP", "GLJCN", "ICGLR"}
    assert "No authority of Uganda is recorded in this directory." in result["unknowns"]


def test_route_text_names_the_designated_authority_and_its_contact_point(directory_data, uganda_ca):
    text = run("route", "--from", "ke", "--to", "ug", "--format", "text")  # alpha-2, any case
    assert "KEN -> UGA, mla" in text
    assert "Central Authority of Uganda (test, fictitious) [demo]" in text
    assert "CNCP  Commonwealth Network of Contact Persons" in text
    assert "Duty officer, international cooperation (test) [demo] (contact person)" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "KNE", "--to", "UGA"], "unknown jurisdiction 'KNE'; did you mean KEN (Kenya)?"),
        (["--from", "KEN", "--to", "UGX"], "unknown jurisdiction 'UGX'; did you mean"),
        (["--from", "KEN", "--to", "UGA", "--modality", "mal"], "unknown modality 'mal'; did you mean mla"),
        (["--from", "KEN", "--to", "UGA", "--date", "2024-13-01"], "--date: '2024-13-01' is not a date"),
    ],
)
def test_route_bad_input_is_one_line_and_exit_code_2(directory_data, args, message):
    with pytest.raises(CommandError) as caught:
        run("route", *args)
    assert caught.value.returncode == 2
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_networks_json_lists_every_network_with_alpha3_members(directory_data):
    result = json.loads(run("networks", "--format", "json", "--as-at", "2026-11-23"))
    assert result["as_at"] == "2026-11-23"
    by_code = {n["code"]: n for n in result["networks"]}
    assert len(by_code) == 15
    assert by_code["CNCP"]["name"] == "Commonwealth Network of Contact Persons"
    assert len(by_code["CNCP"]["members"]) == 53 and "KEN" in by_code["CNCP"]["members"]
    assert all(len(code) == 3 and code.isupper() for n in result["networks"] for code in n["members"])
    assert "GBR" not in by_code["EJN"]["members"]


def test_networks_as_at_a_past_date_shows_the_united_kingdom_in_ejn(directory_data):
    result = json.loads(run("networks", "--format", "json", "--as-at", "2019-12-31"))
    ejn = next(n for n in result["networks"] if n["code"] == "EJN")
    assert "GBR" in ejn["members"] and len(ejn["members"]) == 28
    uk = next(m for m in ejn["members_detail"] if m["jurisdiction"] == "GBR")
    assert uk["until"] == "2020-12-31"


def test_networks_text(directory_data):
    text = run("networks", "--format", "text", "--as-at", "2026-11-23")
    assert "Networks as at 2026-11-23" in text
    assert "IberRed  Ibero-American Network for International Legal Cooperation  (23 members)" in text
    assert "unconfirmed (older source only): AND" in text


def test_networks_bad_date_exit_code_2(directory_data):
    with pytest.raises(CommandError) as caught:
        run("networks", "--as-at", "yesterday")
    assert caught.value.returncode == 2
    assert "--as-at: 'yesterday' is not a date (YYYY-MM-DD)" in str(caught.value)


def test_load_directory_command_is_idempotent(directory_data):
    text = run("load_directory")
    assert "networks: 0 created, 0 updated" in text
    assert "memberships: 0 created, 0 updated, 287 unchanged" in text


def test_load_directory_missing_folder_exit_code_2(directory_data, tmp_path):
    with pytest.raises(CommandError) as caught:
        run("load_directory", "--data-dir", str(tmp_path))
    assert caught.value.returncode == 2


def test_directory_csv_import_reports_bad_rows_and_imports_nothing(directory_data, tmp_path):
    from entraide.directory.services import AUTHORITY_COLUMNS
    from entraide.tenancy.models import Authority

    path = tmp_path / "authorities.csv"
    header = ",".join(AUTHORITY_COLUMNS)
    empty = "," * (len(AUTHORITY_COLUMNS) - 3)
    path.write_text(f"{header}\nUGA,Good (test),central{empty}\nKNE,Bad (test),central{empty}\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("directory_csv", "import", "authorities", str(path), stdout=StringIO(), stderr=err)
    assert caught.value.returncode == 2
    assert "line 3: unknown jurisdiction 'KNE'; did you mean KEN (Kenya)?" in err.getvalue()
    assert not Authority.objects.filter(name="Good (test)").exists()
    path.write_text(f"{header}\nUGA,Good (test),central{empty}\n", encoding="utf-8")
    assert "authorities: 1 created, 0 updated" in run("directory_csv", "import", "authorities", str(path))
    assert "UGA,Good (test),central" in run("directory_csv", "export", "authorities")
