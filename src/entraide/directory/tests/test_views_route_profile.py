"""The routing page and the country profile (page and PDF)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_route_page_lists_cncp_and_the_designated_authority(directory_data, users, client_for, uganda_ca):
    response = client_for(users.executor).get(
        "/directory/route/", {"requesting": "KEN", "requested": "UGA", "modality": "mla"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    shared = page.split('data-testid="shared-networks"')[1].split("</ul>")[0]
    assert "CNCP" in shared
    assert uganda_ca.name in page and "UNTOC 18(13)" in page


def test_route_page_offers_lists_of_names_and_answers_from_the_requested_side(
    directory_data, users, client_for, uganda_ca
):
    page = client_for(users.officer).get("/directory/route/").content.decode()
    assert '<select name="requesting"' in page and '<option value="UGA">Uganda (UGA)</option>' in page
    # An address with alpha-2 codes still works, and shows as the list's line.
    response = client_for(users.officer).get(
        "/directory/route/", {"requesting": "ke", "requested": "UG", "modality": "mla"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and '<option value="KEN" selected>' in page
    assert '<span class="arrow" aria-hidden="true">→</span>' in page
    contacts = page.split('data-testid="route-contact-points"')[1].split("</ul>")[0]
    assert "Duty officer, international cooperation (test)" in contacts


def test_route_page_bad_input_keeps_what_was_typed_and_says_why(directory_data, users, client_for):
    response = client_for(users.officer).get(
        "/directory/route/", {"requesting": "KNE", "requested": "UGA", "modality": "mla", "date": "2024-99-01"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "unknown jurisdiction &#x27;KNE&#x27;; did you mean KEN (Kenya)?" in page
    assert '<option value="UGA" selected>' in page  # what was valid is kept chosen


def test_country_profile_shows_networks_with_dates_and_sources(directory_data, users, client_for, uganda_ca):
    page = client_for(users.auditor).get("/directory/countries/gbr/").content.decode()
    networks = page.split('data-testid="profile-networks"')[1].split("</table>")[0]
    assert "EJN" in networks and "Ended" in networks
    assert "Liaison (third country)" in networks
    page = client_for(users.auditor).get("/directory/countries/UGA/").content.decode()
    assert uganda_ca.name in page and "demo — fictitious" in page
    assert "Duty officer, international cooperation (test)" in page and "CNCP (contact person)" in page
    assert client_for(users.auditor).get("/directory/countries/XYZ/").status_code == 404


def test_country_profile_pdf(directory_data, users, client_for, uganda_ca):
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:  # OSError: the pango libraries are missing
        pytest.skip(
            f"WeasyPrint unavailable ({exc}): pip install weasyprint; apt-get install libpango-1.0-0 "
            "libpangoft2-1.0-0 libharfbuzz-subset0"
        )
    response = client_for(users.officer).get("/directory/countries/UGA/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 2000
