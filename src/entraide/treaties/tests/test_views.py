"""Pages: the legal-basis form and answer, the instrument list and an instrument's party table."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db
URL = "/treaties/"
QUESTION = {
    "requesting": "KEN",
    "requested": "SOM",
    "modality": "mla",
    "offence": "0903",
    "max_penalty_years": "10",
    "date": "2024-05-01",
}


def test_sign_in_required(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_form_renders(treaty_data, users, client_for):
    response = client_for(users.officer).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="legal-basis-form"' in body
    assert 'value="KEN"' in body and "Kenya" in body
    assert 'value="0903"' in body
    assert 'id="legal-basis-answer"' not in body


def test_answer_with_reasons_links_and_data_date(treaty_data, users, client_for):
    response = client_for(users.officer).get(URL, QUESTION)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="legal-basis-answer"' in body
    assert 'id="verdict"' in body
    assert 'data-code="UNTOC" data-applicable="false" data-applicability="no"' in body
    assert "SOM is not a party" in body
    assert 'href="/treaties/instruments/UNTOC/"' in body
    badge = re.search(r'id="data-as-at">([^<]*)<', body).group(1)  # type: ignore[union-attr]
    assert "Treaty data as at" in badge and "2015" not in badge  # its newest action, not the day it was copied
    assert "Parties unknown" in body
    assert 'id="fallback"' in body
    assert "Mutual legal assistance" in body
    assert "/api/treaties/legal-basis/?" in body


def test_applicable_answer(treaty_data, users, client_for):
    question = {**QUESTION, "requested": "TZA", "transnational": "yes", "organized_group": "yes"}
    body = client_for(users.officer).get(URL, question).content.decode()
    assert 'data-code="UNTOC" data-applicable="true"' in body
    first = re.search(r'data-code="([^"]+)" data-applicable="(true|false)"', body)
    assert first is not None and first.group(2) == "true"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"date": "2024-13-01"}, "Enter a valid date."),
        ({"requesting": "KNE"}, "Select a valid choice."),
        ({"max_penalty_years": "ten"}, "Enter a number."),
    ],
)
def test_bad_input_shows_the_error_not_a_500(treaty_data, users, client_for, change, message):
    response = client_for(users.officer).get(URL, {**QUESTION, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'id="legal-basis-answer"' not in response.content.decode()


def test_instrument_list_shows_parties_unknown_and_as_at(treaty_data, users, client_for, django_assert_max_num_queries):
    client = client_for(users.officer)
    with django_assert_max_num_queries(8):
        response = client.get("/treaties/instruments/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "UNTOC" in body and "CETS-030" in body
    assert "Parties unknown" in body
    assert "<td>180</td>" in body  # UNTOC parties of the 2015 table, and Barbados (corrections)


def test_party_table_sorted_filtered_with_as_at(treaty_data, users, client_for, django_assert_max_num_queries):
    client = client_for(users.officer)
    with django_assert_max_num_queries(12):
        response = client.get("/treaties/instruments/UNTOC/")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('<tr data-code="') == 185
    assert 'id="instrument-as-at"' in body
    assert "status as at" in body

    kenya = client.get("/treaties/instruments/UNTOC/", {"q": "Kenya"}).content.decode()
    assert re.findall(r'<tr data-code="(\w+)"', kenya) == ["KEN"]

    signatories = client.get("/treaties/instruments/UNTOC/", {"kind": "signature"}).content.decode()
    assert set(re.findall(r'<tr data-code="(\w+)"', signatories)) == {"COG", "IRN", "JPN", "KOR", "SLE"}

    newest = client.get("/treaties/instruments/UNTOC/", {"sort": "in_force", "dir": "desc", "kind": "party"})
    codes = re.findall(r'<tr data-code="(\w+)"', newest.content.decode())
    assert len(codes) == 180
    oldest = client.get("/treaties/instruments/UNTOC/", {"sort": "in_force", "kind": "party"})
    assert (
        re.findall(r'<tr data-code="(\w+)"', oldest.content.decode()) == list(reversed(codes))
        or re.findall(r'<tr data-code="(\w+)"', oldest.content.decode())[0] != codes[0]
    )


def test_instrument_with_parties_unknown(treaty_data, users, client_for):
    body = client_for(users.officer).get("/treaties/instruments/CETS-030/").content.decode()
    assert 'id="parties-unknown"' in body
    assert "No participant recorded." in body


def test_unknown_instrument_is_404(treaty_data, users, client_for):
    assert client_for(users.officer).get("/treaties/instruments/NOPE/").status_code == 404


def test_what_applies_comes_first_and_what_does_not_is_folded_under_its_count(treaty_data, users, client_for):
    body = client_for(users.officer).get(URL, {**QUESTION, "requested": "UGA"}).content.decode()
    answer = body.split('id="legal-basis-answer"')[1]
    shown, folded = answer.split('data-testid="not-applicable-options"')
    assert 'data-applicability="no"' not in shown
    assert 'data-applicability="yes"' in shown or 'data-applicability="if"' in shown
    count = folded.count('data-applicability="no"')
    assert count > 0 and 'data-applicability="yes"' not in folded
    summary = folded.split("</summary>")[0]
    assert f"{count} options do not apply" in summary
