import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _in(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_pages_require_sign_in(client):
    for name in ["reference:jurisdiction-list", "reference:offence-class-list"]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_any_signed_in_user_reads_reference_data(reference_data, users, client_for):
    # Reference data is not tenant data: the outsider and the executor read it too.
    for user in [users.officer, users.executor, users.auditor, users.outsider]:
        response = client_for(user).get(reverse("reference:jurisdiction-list"))
        assert response.status_code == 200


def test_jurisdiction_list_is_paginated_with_date_and_source(
    reference_data, users, client_for, django_assert_max_num_queries
):
    client = client_for(users.officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("reference:jurisdiction-list"))
    assert response.status_code == 200
    page = response.context["page"]
    assert (page.paginator.count, len(page.object_list)) == (250, 50)
    content = response.content.decode()
    assert "Afghanistan" in content and "<code>AFG</code>" in content
    assert "datasets/country-codes (ODC-PDDL-1.0)" in content
    assert "Page 1 of 5" in content
    last = client.get(reverse("reference:jurisdiction-list"), {"page": "99"})
    assert last.context["page"].number == 5  # an out-of-range page shows the last one, not an error


def test_jurisdiction_search_by_name_code_and_kind(reference_data, users, client_for):
    client = client_for(users.officer)
    url = reverse("reference:jurisdiction-list")
    assert [j.code for j in client.get(url, {"q": "kenya"}).context["page"]] == ["KEN"]
    assert client.get(url, {"q": "SOM"}).context["page"][0].code == "SOM"
    assert [j.code for j in client.get(url, {"kind": "organisation"}).context["page"]] == ["EU"]
    response = client.get(url, {"q": "nothing like this", "kind": "planet"})
    assert response.status_code == 200
    assert response.context["kind"] == ""  # an unknown kind is ignored
    assert "No jurisdiction matches." in response.content.decode()


def test_names_follow_the_active_language(reference_data, users, client_for):
    url = reverse("reference:jurisdiction-list")
    assert "Allemagne" in _in(client_for(users.officer), "fr").get(url, {"q": "DEU"}).content.decode()
    assert "Alemanha" in _in(client_for(users.officer), "pt-pt").get(url, {"q": "DEU"}).content.decode()
    arabic = _in(client_for(users.officer), "ar").get(url, {"q": "KEN"}).content.decode()
    assert "كينيا" in arabic and 'dir="rtl"' in arabic


def test_jurisdiction_detail_shows_names_codes_and_source(reference_data, users, client_for):
    response = client_for(users.outsider).get(reverse("reference:jurisdiction-detail", args=["ken"]))
    assert response.status_code == 200
    content = response.content.decode()
    for text in ["Kenya (le)", "Quênia", "كينيا", "the Republic of Kenya", "<code>404</code>", "caa72d1e"]:
        assert text in content


def test_unknown_jurisdiction_answers_404(reference_data, users, client_for):
    response = client_for(users.officer).get(reverse("reference:jurisdiction-detail", args=["XYZ"]))
    assert response.status_code == 404


def test_offence_classes_show_the_iccs_tree(reference_data, users, client_for, django_assert_max_num_queries):
    client = client_for(users.officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("reference:offence-class-list"))
    assert response.status_code == 200
    content = response.content.decode()
    for text in ["<code>09</code>", "Acts against computer systems", "<code>09031</code>", "<code>090321</code>"]:
        assert text in content
    assert "official ICCS labels in English and Spanish only" not in content
    assert "As at March 2015." in content and "UNODC, International Classification of Crime" in content


def test_offence_labels_are_official_in_spanish_and_english_elsewhere(reference_data, users, client_for):
    url = reverse("reference:offence-class-list")
    spanish = _in(client_for(users.officer), "es").get(url)
    assert "Homicidio intencional" in spanish.content.decode()
    assert spanish.context["labels_official"] is True
    french = _in(client_for(users.officer), "fr").get(url)
    assert french.context["labels_official"] is False
    assert '<span lang="en" dir="ltr">Intentional homicide</span>' in french.content.decode()


def test_pages_name_sources_not_our_files(reference_data, users, client_for):
    client = client_for(users.officer)
    pages = [
        reverse("reference:jurisdiction-detail", args=["EU"]),
        reverse("reference:jurisdiction-list") + "?q=EU",
        reverse("reference:offence-class-list"),
    ]
    for url in pages:
        content = client.get(url).content.decode()
        for internal in ("data/non-iso", "data/iccs", "data/languages", "jurisdictions.csv", "seeds"):
            assert internal not in content, (url, internal)
    assert "exceptionally reserved by ISO 3166" in client.get(pages[0]).content.decode()
