"""Country notes: tenant data kept by each authority; administrators write them."""

from __future__ import annotations

import pytest

from entraide.audit.models import AuditEvent
from entraide.directory.models import CountryNote
from entraide.reference.models import Jurisdiction
from entraide.testing.tenancy import assert_tenant_isolation

pytestmark = pytest.mark.django_db
READERS = {"officer", "supervisor", "auditor", "administrator"}


@pytest.fixture
def note(directory_data, users) -> CountryNote:
    return CountryNote.objects.create(
        authority=users.home_authority(),
        jurisdiction=Jurisdiction.objects.get(code="UGA"),
        requirements="Requests in English, with a certified translation of annexes (test).",
    )


def test_note_detail_isolation(note, users):
    assert_tenant_isolation(users, f"/directory/notes/{note.pk}/", allowed=READERS)


def test_note_edit_isolation_get_and_post(note, users):
    url = f"/directory/notes/{note.pk}/edit/"
    assert_tenant_isolation(users, url, allowed={"administrator"})
    assert_tenant_isolation(
        users, url, allowed={"administrator"}, method="post", data={"requirements": "changed", "practical_tips": ""}
    )
    note.refresh_from_db()
    assert note.requirements == "changed"


def test_country_note_edit_page_is_for_administrators(directory_data, users, client_for):
    for user in users.all():
        response = client_for(user).get("/directory/countries/UGA/note/")
        assert response.status_code == (200 if user.role == "administrator" else 403), user.role


def test_administrator_writes_a_note_that_only_their_authority_sees(directory_data, users, client_for):
    response = client_for(users.administrator).post(
        "/directory/countries/UGA/note/", {"requirements": "Send by e-mail first (test).", "practical_tips": "Call."}
    )
    assert response.status_code == 302
    note = CountryNote.objects.get(authority=users.home_authority(), jurisdiction__code="UGA")
    assert note.updated_by == users.administrator
    assert AuditEvent.objects.filter(action="country_note.created", object_id=str(note.pk)).exists()
    assert "Send by e-mail first (test)." in client_for(users.officer).get("/directory/countries/UGA/").content.decode()
    assert (
        "Send by e-mail first (test)."
        not in client_for(users.outsider).get("/directory/countries/UGA/").content.decode()
    )


def test_note_list_shows_only_my_authority(note, users, client_for):
    CountryNote.objects.create(
        authority=users.outsider.authority, jurisdiction=note.jurisdiction, requirements="theirs"
    )
    page = client_for(users.officer).get("/directory/notes/").content.decode()
    assert page.count("/directory/notes/") >= 1
    assert f"/directory/notes/{note.pk}/" in page
    other = CountryNote.objects.exclude(pk=note.pk).get()
    assert f"/directory/notes/{other.pk}/" not in page
