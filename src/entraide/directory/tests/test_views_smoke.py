"""Every directory page answers a signed-in user, and the anonymous visitor is sent to sign in."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

PAGES = [
    "/directory/",
    "/directory/?q=Kenya",
    "/directory/route/",
    "/directory/route/?requesting=KEN&requested=UGA&modality=mla",
    "/directory/networks/",
    "/directory/networks/?as_at=2019-01-01",
    "/directory/networks/shared/?a=KEN&b=UGA",
    "/directory/networks/CNCP/",
    "/directory/countries/UGA/",
    "/directory/export/authorities.csv",
    "/directory/export/contact-points.csv",
]


@pytest.mark.parametrize("url", PAGES)
def test_pages_answer_every_role(directory_data, users, client_for, uganda_ca, url):
    for user in users.all():
        response = client_for(user).get(url)
        assert response.status_code == 200, (url, user.role, response.status_code)


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_is_sent_to_sign_in(directory_data, client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
