"""Bad input on the directory pages answers 400 or 404 with a reason, never a 500."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

CASES = [
    ("/directory/?q=" + "x" * 5000, 200),
    ("/directory/?q=%00%27%22<script>", 200),
    ("/directory/route/?requesting=&requested=", 400),
    ("/directory/route/?requesting=KEN&requested=UGA&modality=teleport", 400),
    ("/directory/route/?requesting=KEN&requested=UGA&date=tomorrow", 400),
    ("/directory/networks/?as_at=garbage", 200),
    ("/directory/networks/?as_at=0000-00-00", 200),
    ("/directory/networks/shared/?a=&b=", 400),
    ("/directory/networks/%3Cx%3E/", 404),
    ("/directory/countries/ZZZ/", 404),
    ("/directory/countries/K%00N/", 404),
    ("/directory/networks/EJ%00N/", 404),
    ("/directory/route/?requesting=K%00N&requested=UGA", 400),
    ("/directory/countries/ug/", 200),  # alpha-2, any case
    ("/directory/countries/ZZZ/pdf/", 404),
    ("/directory/authorities/999999/", 404),
    ("/directory/notes/999999/", 404),
]


@pytest.mark.parametrize(("url", "status"), CASES)
def test_bad_input(directory_data, users, client_for, url, status):
    response = client_for(users.officer).get(url)
    assert response.status_code == status, (url, response.status_code)


def test_bad_as_at_says_why(directory_data, users, client_for):
    page = client_for(users.officer).get("/directory/networks/?as_at=garbage").content.decode()
    assert "Enter a valid date." in page


@pytest.mark.parametrize(
    "url",
    [
        "/api/directory/route/?from=K%00N&to=UGA",
        "/api/directory/route/?from=KEN&to=UGA&modality=m%00la",
        "/api/directory/shared-networks/?a=KEN&b=%00",
        "/api/directory/authorities/?jurisdiction=%00",
    ],
)
def test_nul_characters_in_the_api_are_400(directory_data, users, client_for, url):
    assert client_for(users.officer).get(url).status_code == 400


def test_api_unknown_network_with_nul_is_404(directory_data, users, client_for):
    assert client_for(users.officer).get("/api/directory/networks/EJ%00N/").status_code == 404
