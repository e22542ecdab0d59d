"""Cache-Control on what a signed-in user sees and on every API answer; the schema and the API's
documentation for signed-in users only (issue 17, finding 10 and "Security headers and cache")."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/requests/", "/api/requests/", "/api/schema/"])
def test_signed_in_answers_are_not_stored(client_for, users, url):
    response = client_for(users.officer).get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_an_anonymous_api_answer_is_not_stored_either():
    response = Client().get("/api/requests/")
    assert response.status_code == 403 and "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("url", ["/api/schema/", "/api/docs/"])
def test_the_schema_and_its_documentation_need_a_signed_in_user(url, client_for, users):
    assert Client().get(url).status_code == 403
    assert client_for(users.officer).get(url).status_code == 200
