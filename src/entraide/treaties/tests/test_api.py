"""GET /api/treaties/legal-basis/: the same JSON as the command; 400 on bad input, never 500."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from .contract import assert_contract, untoc_ken_som

pytestmark = pytest.mark.django_db
URL = "/api/treaties/legal-basis/"
CONTRACT = {
    "from": "KEN",
    "to": "SOM",
    "modality": "mla",
    "offence": "0903",
    "max_penalty_years": "10",
    "date": "2024-05-01",
}


def test_same_json_as_the_command(treaty_data, users, client_for):
    response = client_for(users.officer).get(URL, CONTRACT)
    assert response.status_code == 200
    data = response.json()
    assert_contract(data)
    untoc_ken_som(data)
    out = io.StringIO()
    call_command(
        "legal_basis",
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
        "--format",
        "json",
        stdout=out,
    )
    assert data == json.loads(out.getvalue())


def test_flags_are_read(treaty_data, users, client_for):
    params = {
        "from": "KEN",
        "to": "TZA",
        "modality": "mla",
        "offence": "0903",
        "max_penalty_years": "10",
        "date": "2024-05-01",
        "transnational": "true",
        "organized_group": "1",
    }
    data = client_for(users.officer).get(URL, params).json()
    assert next(o for o in data["options"] if o["code"] == "UNTOC")["applicable"] is True


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"from": "KNE"}, "requesting", "unknown jurisdiction 'KNE'; did you mean KEN (Kenya)?"),
        ({"to": ""}, "requested", "unknown jurisdiction ''"),
        ({"modality": "extradtion"}, "modality", "unknown modality 'extradtion'; did you mean extradition?"),
        ({"date": "2024-02-30"}, "date", "malformed date '2024-02-30'"),
        ({"offence": "09O3"}, "offence", "'09O3'"),
        ({"max_penalty_years": "-1"}, "max_penalty_years", "malformed maximum penalty '-1'"),
        ({"max_penalty_years": "inf"}, "max_penalty_years", "malformed maximum penalty 'inf'"),
    ],
)
def test_bad_input_is_400_with_the_message(treaty_data, users, client_for, change, field, message):
    response = client_for(users.officer).get(URL, {**CONTRACT, **change})
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert response.json()["field"] == field


def test_every_role_may_read_reference_data(treaty_data, users, client_for):
    for user in users.all():
        assert client_for(user).get(URL, CONTRACT).status_code == 200


def test_anonymous_is_refused(treaty_data, client):
    assert client.get(URL, CONTRACT).status_code in (401, 403)


def test_instruments_and_participations(treaty_data, users, client_for):
    client = client_for(users.officer)
    codes = [i["code"] for i in client.get("/api/treaties/instruments/").json()]
    assert "UNTOC" in codes and "CETS-030" in codes
    untoc = client.get("/api/treaties/instruments/UNTOC/").json()
    assert (untoc["entry_into_force"], untoc["eif_rule_value"], untoc["as_at"]) == ("2003-09-29", 30, "2013-10-17")
    parties = client.get("/api/treaties/instruments/UNTOC/participations/").json()
    kenya = next(p for p in parties if p["jurisdiction"] == "KEN")
    assert kenya["in_force_on"] == "2004-07-16"
    assert client.get("/api/treaties/instruments/NOPE/").status_code == 404
