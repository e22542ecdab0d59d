"""Through Chromium: a country profile in French, the networks page in Arabic (right to left)."""

from __future__ import annotations

import pytest

from entraide.directory.services import directory_load
from entraide.reference.models import Jurisdiction
from entraide.reference.services import load_reference
from entraide.testing.browser import save_screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SLOW = 45_000  # ms: the suite may share the machine with others' test runs


@pytest.fixture
def loaded(users):
    load_reference()
    directory_load()


def test_country_profile_in_french(page, users, loaded):
    sign_in(page, users.officer)
    page.select_option("#language-select", "fr")
    page.wait_for_selector("html[lang=fr]")
    page.goto("/directory/countries/UGA/")
    uganda = Jurisdiction.objects.get(code="UGA").name_fr.split(" (")[0]
    assert uganda in page.get_by_test_id("profile-title").inner_text()
    networks = page.get_by_test_id("profile-networks").inner_text()
    assert "Réseau du Commonwealth des personnes de contact" in networks  # CNCP's French name (networks.yaml)
    assert "Conférence internationale sur la région des Grands Lacs" in networks
    save_screenshot(page, "directory-country-profile-fr")


def test_networks_page_in_arabic(page, users, loaded):
    sign_in(page, users.officer)
    page.select_option("#language-select", "ar")
    page.wait_for_selector("html[lang=ar]")
    page.goto("/directory/networks/", timeout=SLOW)  # a large page: 15 networks, ~140 states in the matrix
    assert page.get_attribute("html", "dir") == "rtl"
    matrix = page.get_by_test_id("network-matrix")
    assert not matrix.is_visible()  # collapsed under its summary: the page stays short
    page.get_by_test_id("network-matrix-details").locator("summary").click()
    assert matrix.is_visible()
    kenya_ar = Jurisdiction.objects.get(code="KEN").name_ar
    assert kenya_ar and kenya_ar.split(" (")[0] in matrix.inner_html()
    assert page.get_by_test_id("network-CNCP").is_visible()
    page.select_option("#id_a", "KEN")
    page.select_option("#id_b", "UGA")
    page.locator("form[hx-get] button[type=submit]").click()
    page.wait_for_selector("[data-testid=shared-networks]", timeout=SLOW)
    assert "CNCP" in page.get_by_test_id("shared-networks").inner_text()
    save_screenshot(page, "directory-networks-ar")


def test_route_page_in_chromium(page, users, loaded):
    sign_in(page, users.executor)
    page.goto("/directory/route/")
    page.select_option("#id_requesting", "KEN")
    page.select_option("#id_requested", "UGA")
    page.select_option("#id_modality", "mla")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("[data-testid=route]")
    assert "CNCP" in page.get_by_test_id("shared-networks").inner_text()
    save_screenshot(page, "directory-route")
