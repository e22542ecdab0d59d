"""The sign-in page: one "forgotten password" link; demo mode promises no code demo accounts never get."""

import pytest
from django.urls import reverse

from entraide.testing.factories import UserFactory
from entraide.testing.fixtures import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_has_one_forgotten_password_link(client):
    html = client.get(reverse("account_login")).content.decode()
    assert html.count(f'href="{reverse("account_reset_password")}"') == 1


def test_outside_demo_mode_the_page_says_a_code_follows(client, settings):
    settings.DEMO = False
    html = client.get(reverse("account_login")).content.decode()
    assert "You will then be asked for a code from your authenticator app." in html


def test_in_demo_mode_a_demo_account_signs_in_with_its_password_alone(client, users, settings):
    settings.DEMO = True
    html = client.get(reverse("account_login")).content.decode()
    assert "You will then be asked for a code" not in html
    assert "Demo accounts are not asked for an authenticator code" in html
    user = UserFactory(authority=users.officer.authority, is_demo=True, password=PASSWORD)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] != reverse("mfa_authenticate")
    assert client.get(reverse("core:home")).status_code == 200


def test_favicon(client):
    assert "entraide/favicon.svg" in client.get(reverse("account_login")).content.decode()
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".svg")
    assert client.get(response["Location"]).status_code == 200
