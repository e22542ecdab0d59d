import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_api_requires_a_signed_in_user(client):
    assert client.get(reverse("api-reference-jurisdiction-list")).status_code == 403


def test_jurisdiction_list_and_filters(reference_data, users, client_for):
    client = client_for(users.outsider)
    url = reverse("api-reference-jurisdiction-list")
    everything = client.get(url).json()
    assert everything["count"] == 250 and len(everything["results"]) == 50
    kenya = client.get(url, {"search": "kenya"}).json()["results"]
    assert [(j["code"], j["iso2"], j["name"], j["as_at"]) for j in kenya] == [("KEN", "KE", "Kenya", "2023-09-25")]
    organisations = client.get(url, {"kind": "organisation"}).json()
    assert [j["code"] for j in organisations["results"]] == ["EU"]
    assert client.get(url, {"kind": "planet"}).status_code == 400


def test_jurisdiction_detail_by_code_in_the_request_language(reference_data, users, client_for):
    client = client_for(users.officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    data = client.get(reverse("api-reference-jurisdiction-detail", args=["DEU"])).json()
    assert (data["name"], data["name_en"], data["iso_numeric"]) == ("Alemania", "Germany", "276")
    assert data["source"].startswith("datasets/country-codes")
    assert client.get(reverse("api-reference-jurisdiction-detail", args=["XYZ"])).status_code == 404


def test_offence_classes_filter_by_level_parent_and_search(reference_data, users, client_for):
    client = client_for(users.officer)
    url = reverse("api-reference-offence-class-list")
    assert client.get(url, {"level": 1}).json()["count"] == 11
    children = client.get(url, {"parent": "0903"}).json()["results"]
    assert [c["code"] for c in children] == ["09031", "09032", "09033", "09039"]
    assert client.get(url, {"search": "money laundering"}).json()["results"][0]["code"] == "07041"
    detail = client.get(reverse("api-reference-offence-class-detail", args=["0903"])).json()
    assert (detail["parent"], detail["level"], detail["has_official_label"]) == ("09", 2, True)


def test_languages(reference_data, users, client_for):
    client = client_for(users.officer)
    results = client.get(reverse("api-reference-language-list"), {"search": "fr"}).json()["results"]
    assert results[0]["code"] == "fra"
    assert client.get(reverse("api-reference-language-detail", args=["swa"])).json()["iso639_1"] == "sw"
