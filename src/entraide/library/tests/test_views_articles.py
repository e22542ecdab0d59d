"""The treaty texts' pages: the whole text of an instrument, article by article and paragraph by
paragraph; an article's address; a helpful 404 for what the library does not hold."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_the_text_of_untoc_for_anyone(treaty_texts: None, client: Client) -> None:
    response = client.get(reverse("library:instrument", args=["UNTOC"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "United Nations Convention against Transnational Organized Crime" in body
    assert "laws-markdown" in body and "Dutch Copyright" in body  # source note and licence
    assert '<section id="art-18"' in body and "Mutual legal assistance" in body
    assert 'href="#art-18"' in body  # the contents
    paragraph = re.search(r'<p id="art-18-8">([^<]*)</p>', body)
    assert paragraph is not None and "bank secrecy" in paragraph.group(1)
    assert 'id="art-18-3-a"' in body  # a lettered sub-paragraph
    assert 'lang="en" dir="ltr" id="treaty-text"' in body
    assert len(re.findall(r'<section id="art-\d+"', body)) == 41


def test_a_page_in_french_marks_the_english_text(treaty_texts: None, client: Client) -> None:
    with translation.override("fr"):
        body = client.get(reverse("library:instrument", args=["UNCAC"]), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="fr"' in body
    assert 'lang="en" dir="ltr" id="treaty-text"' in body
    assert 'href="#s-1"' in body and "Concerned about the seriousness" in body  # the preamble


def test_a_signed_in_user_reads_it_too(treaty_texts: None, users, client_for) -> None:
    for user in (users.officer, users.outsider, users.executor):
        assert client_for(user).get(reverse("library:instrument", args=["CETS-030"])).status_code == 200


def test_an_article_redirects_to_its_anchor(treaty_texts: None, client: Client) -> None:
    url = reverse("library:article", args=["UNTOC", "18"])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == "/library/instruments/UNTOC/#art-18"
    page = client.get(url, follow=True)
    assert page.status_code == 200 and '<section id="art-18"' in page.content.decode()


@pytest.mark.parametrize(
    ("number", "query", "location"),
    [
        ("18", {"paragraph": "8"}, "#art-18-8"),
        ("18(8)", {}, "#art-18-8"),
        ("18", {"paragraph": "3-a"}, "#art-18-3-a"),
        ("18", {"paragraph": "3-zz"}, "#art-18-3"),  # no such sub-paragraph: the paragraph
        ("18", {"paragraph": "99"}, "#art-18"),  # no such paragraph: the article
        ("18", {"paragraph": "<script>"}, "#art-18"),  # not a paragraph at all
        ("46", {"paragraph": "9-b"}, "#art-46-9-b"),
    ],
)
def test_a_paragraph_lands_on_its_anchor(treaty_texts: None, client: Client, number, query, location) -> None:
    code = "UNCAC" if number == "46" else "UNTOC"
    response = client.get(reverse("library:article", args=[code, number]), query)
    assert response.status_code == 302
    assert response["Location"] == f"/library/instruments/{code}/{location}"


def test_a_text_the_library_does_not_hold_answers_a_helpful_404(treaty_texts: None, client: Client) -> None:
    response = client.get(reverse("library:instrument", args=["OAS-A-55"]))
    assert response.status_code == 404
    body = response.content.decode()
    assert "The text of OAS-A-55 is not in the library" in body
    assert 'href="/library/"' in body
    response = client.get(reverse("library:article", args=["CETS-182", "11"]))
    assert response.status_code == 404 and "The text of CETS-182 is not in the library" in response.content.decode()


def test_an_article_the_text_does_not_have_answers_a_helpful_404(treaty_texts: None, client: Client) -> None:
    for number in ("999", "abc", "18x"):
        response = client.get(reverse("library:article", args=["UNTOC", number]))
        assert response.status_code == 404
        body = response.content.decode()
        assert "is not in the text of UNTOC" in body
        assert 'href="/library/instruments/UNTOC/"' in body


@pytest.mark.parametrize("code", ["untoc\x00", "<b>X</b>", "A" * 500, "%00", "UNTOC;DROP"])
def test_strange_codes_answer_404_never_500(treaty_texts: None, client: Client, code: str) -> None:
    for url in (f"/library/instruments/{code}/", f"/library/instruments/{code}/articles/18/"):
        response = client.get(url)
        assert response.status_code == 404
        assert "<b>X</b>" not in response.content.decode()


def test_the_text_page_query_count_is_fixed(treaty_texts: None, client: Client, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(6):
        assert client.get(reverse("library:instrument", args=["UNCAC"])).status_code == 200
