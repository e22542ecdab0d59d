"""The networks page: members per network, the SVG matrix of states x networks, shared networks."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_networks_page_has_every_network_and_a_server_rendered_matrix(directory_data, users, client_for):
    client = client_for(users.officer)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/directory/networks/")
    assert response.status_code == 200
    assert len(queries) < 30, f"{len(queries)} queries: the page must not query per network or per state"
    page = response.content.decode()
    for code in ("CNCP", "EJN", "IberRed", "WACAP", "PCJS", "IOC-RJP", "REFCO", "GLJCN", "OAS-MLA"):
        assert f'data-testid="network-{code}"' in page
    found = re.search(r'<svg[^>]*data-testid="network-matrix".*?</svg>', page, re.S)
    assert found is not None
    svg = found.group(0)
    assert svg.count("<rect") == 15 * len(re.findall(r'href="/directory/countries/\w+/"><text', svg))
    assert "Kenya · CNCP: member" in svg
    assert "style=" not in page  # the CSP forbids inline styles


def test_networks_page_as_at_a_past_date(directory_data, users, client_for):
    page = client_for(users.officer).get("/directory/networks/", {"as_at": "2019-12-31"}).content.decode()
    assert "(GBR)</text>" in page.split('data-testid="network-matrix"')[1].split("</svg>")[0]
    ejn = page.split('data-testid="network-EJN"')[1].split("</article>")[0]
    assert "28 members" in ejn and "GBR" in ejn


def test_shared_networks_partial_for_htmx(directory_data, users, client_for):
    response = client_for(users.officer).get(
        "/directory/networks/shared/", {"a": "KEN", "b": "UGA"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert ">CNCP<" in html and ">EAAP<" in html


def test_shared_networks_bad_code_is_400_with_suggestion(directory_data, users, client_for):
    response = client_for(users.officer).get("/directory/networks/shared/", {"a": "KNE", "b": "UGA"})
    assert response.status_code == 400
    assert "unknown jurisdiction &#x27;KNE&#x27;; did you mean KEN (Kenya)?" in response.content.decode()


def test_network_detail_keeps_history(directory_data, users, client_for):
    page = client_for(users.officer).get("/directory/networks/EJN/").content.decode()
    assert "United Kingdom" in page and "Ended" in page
    assert "EUR-Lex" in page
    assert client_for(users.officer).get("/directory/networks/NOPE/").status_code == 404


def test_search_finds_authorities_contact_points_networks(directory_data, users, client_for, uganda_ca):
    client = client_for(users.officer)
    page = client.get("/directory/", {"q": "Commonwealth"}).content.decode()
    assert "/directory/networks/CNCP/" in page
    page = client.get("/directory/", {"q": "Duty officer"}).content.decode()
    assert "Duty officer, international cooperation (test)" in page
    uganda_ca.names = {"fr": "Autorité centrale de l'Ouganda (test)"}
    uganda_ca.save()
    assert uganda_ca.name in client.get("/directory/", {"q": "Autorité centrale"}).content.decode()
    page = client.get("/directory/", {"q": "Uganda"}).content.decode()
    assert uganda_ca.name in page and "/directory/countries/UGA/" in page
    partial = client.get("/directory/", {"q": "EJN"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "/directory/networks/EJN/" in partial


FILE_NAMES = re.compile(r"(?<![\w/.-])(?:\.\./)*data/\w|\b[\w.-]+\.(?:ya?ml|txt)\b|\b\d{3}_[0-9a-f]{16}\b", re.I)


PAGES = ["/directory/networks/", "/directory/networks/EJN/", "/directory/networks/CNCP/", "/directory/countries/GBR/"]


@pytest.mark.parametrize("url", PAGES)
def test_sources_are_shown_as_the_publishers_documents_never_as_files(directory_data, users, client_for, url):
    response = client_for(users.officer).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "UNODC, &quot;International cooperation networks&quot;" in page
    assert not FILE_NAMES.findall(page), FILE_NAMES.findall(page)
    assert "seed" not in page.lower()


def test_network_pages_are_compact_and_name_sources_never_files(directory_data, users, client_for):
    client = client_for(users.officer)
    listing = client.get("/directory/networks/").content.decode()
    assert 'data-testid="network-table"' in listing
    # Members and the matrix are collapsed under their counts.
    assert '<details data-testid="network-matrix-details">' in listing
    row = listing.split('data-testid="network-CNCP"')[1].split("</tr>")[0]
    assert "<details><summary>" in row and "members" in row
    detail = client.get("/directory/networks/EJN/").content.decode()
    assert 'data-testid="memberships-current"' in detail and 'data-testid="memberships-past"' in detail
    assert "ejn-crimjust.europa.eu" in detail
    for page in (listing, detail, client.get("/directory/networks/CNCP/").content.decode()):
        sources = " ".join(part.split("</ul>")[0] for part in page.split('data-testid="network-sources"')[1:])
        assert "as at" in sources
        for leak in (".yaml", ".txt", ".csv", "seed-003", "networks-yaml", "data/"):
            assert leak not in sources
