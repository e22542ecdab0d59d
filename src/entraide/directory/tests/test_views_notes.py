"""Country notes: library documents kept by each authority's office and administrator, written on the
directory's note form and shown on the country profile to whom their authority chose."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entraide.audit.models import AuditEvent
from entraide.library import services as library_services
from entraide.library.models import Document
from entraide.reference.models import Jurisdiction

pytestmark = pytest.mark.django_db
KEEPERS = {"officer", "supervisor", "administrator"}
URL = "/directory/countries/UGA/note/"


def _note(user, visibility: str = Document.Visibility.AUTHORITY, requirements: str = "x (test)") -> Document:
    return library_services.country_note_save(
        actor=user,
        jurisdiction=Jurisdiction.objects.get(code="UGA"),
        language="en",
        requirements=requirements,
        practical_tips="",
        visibility=visibility,
    )


def _profile(client_for, user) -> str:
    response = client_for(user).get("/directory/countries/UGA/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_note_form_is_for_the_office_and_the_administrator(directory_data, users, client_for):
    for user in users.all():
        response = client_for(user).get(URL)
        expected = 200 if user.role in KEEPERS else 403  # the outsider keeps its own authority's note
        assert response.status_code == expected, user.role


def test_roles_that_may_not_keep_notes_are_refused_on_post(directory_data, users, client_for):
    data = {"requirements": "Refused (test).", "practical_tips": "", "language": "en", "visibility": "authority"}
    for user in (users.executor, users.auditor):
        assert client_for(user).post(URL, data).status_code == 403, user.role
    assert not Document.objects.filter(kind=Document.Kind.COUNTRY_NOTE).exists()


def test_an_officer_writes_a_note_kept_in_the_library(directory_data, users, client_for):
    response = client_for(users.officer).post(
        URL,
        {
            "requirements": "Send by e-mail first (test).",
            "practical_tips": "Call.",
            "language": "en",
            "visibility": "authority",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/directory/countries/UGA/"
    note = Document.objects.get(kind=Document.Kind.COUNTRY_NOTE, authority=users.home_authority())
    assert (note.jurisdiction and note.jurisdiction.code, note.visibility, note.created_by) == (
        "UGA",
        "authority",
        users.officer,
    )
    version = note.versions.get()
    assert version.language == "en"
    assert [(s.heading, s.text) for s in version.sections.all()] == [
        ("Requirements", "Send by e-mail first (test)."),
        ("Practical tips", "Call."),
    ]
    assert AuditEvent.objects.filter(action="library_document.created", object_id=str(note.pk)).exists()
    assert "Send by e-mail first (test)." in _profile(client_for, users.auditor)
    assert "Send by e-mail first (test)." not in _profile(client_for, users.outsider)


def test_saving_again_updates_the_note_and_may_share_it(directory_data, users, client_for, settings):
    note = _note(users.officer, requirements="Old text (test).")
    form = client_for(users.supervisor).get(URL).content.decode()
    assert "Old text (test)." in form  # the form opens the note as it is
    assert f"/library/documents/{note.pk}/" in form
    response = client_for(users.supervisor).post(
        URL, {"requirements": "New text (test).", "practical_tips": "", "language": "fr", "visibility": "node"}
    )
    assert response.status_code == 302
    assert Document.objects.filter(kind=Document.Kind.COUNTRY_NOTE).get() == note
    note.refresh_from_db()
    assert note.visibility == Document.Visibility.NODE
    assert sorted(note.versions.values_list("language", flat=True)) == ["en", "fr"]
    # Shared now; each reader sees the version in their language, else the English one.
    assert "Old text (test)." in _profile(client_for, users.outsider)
    french = client_for(users.outsider)
    french.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert "New text (test)." in french.get("/directory/countries/UGA/").content.decode()


def test_the_form_defaults_to_my_language_and_my_authority(directory_data, users, client_for, settings):
    client = client_for(users.officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = client.get(URL).content.decode()
    assert '<option value="fr" lang="fr" selected>' in page
    assert '<option value="authority" selected>' in page
    assert 'value="public"' not in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"requirements": "", "practical_tips": " "}, "Write the requirements or the practical tips."),
        ({"requirements": "x", "language": "xx"}, "Select a valid choice."),
        ({"requirements": "x", "visibility": "public"}, "Select a valid choice."),
    ],
)
def test_bad_input_answers_400_with_a_message(directory_data, users, client_for, data, message):
    response = client_for(users.officer).post(
        URL, {"practical_tips": "", "language": "en", "visibility": "authority"} | data
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Document.objects.filter(kind=Document.Kind.COUNTRY_NOTE).exists()


def test_the_profile_shows_own_and_shared_notes_and_library_documents(directory_data, users, client_for):
    _note(users.officer, requirements="Ours, private (test).")
    _note(users.outsider, Document.Visibility.NODE, requirements="Theirs, shared with the node (test).")
    uganda = Jurisdiction.objects.get(code="UGA")
    law = library_services.document_create(
        actor=users.outsider,
        kind=Document.Kind.LAW,
        title="Mutual Legal Assistance Act of Uganda (fictitious)",
        language="en",
        visibility=Document.Visibility.NODE,
        jurisdiction=uganda,
        source="Gazette (fictitious)",
        text="Section 1 (test).",
    )
    library_services.document_create(
        actor=users.outsider,
        kind=Document.Kind.GUIDE,
        title="A private guide on Uganda (fictitious)",
        language="en",
        jurisdiction=uganda,
        source="Internal (fictitious)",
        text="Private (test).",
    )

    page = _profile(client_for, users.officer)
    assert page.index("Ours, private (test).") < page.index("Theirs, shared with the node (test).")
    assert f"Kept by {users.outsider.authority.name}" in page
    assert f"Kept by {users.home_authority().name}" in page
    assert "Mutual Legal Assistance Act of Uganda (fictitious)" in page
    assert f"/library/documents/{law.pk}/" in page
    assert "A private guide on Uganda (fictitious)" not in page
    assert "Edit our note" in page

    page = _profile(client_for, users.outsider)
    assert "Ours, private (test)." not in page
    assert "Theirs, shared with the node (test)." in page
    assert "A private guide on Uganda (fictitious)" in page

    page = _profile(client_for, users.executor)  # another Kenyan authority: our private note is not its
    assert "Ours, private (test)." not in page
    assert "Theirs, shared with the node (test)." in page
    assert "Add our note" not in page and "Edit our note" not in page


def test_the_profile_offers_to_add_a_note_to_whom_may(directory_data, users, client_for):
    assert "Add our note" in _profile(client_for, users.supervisor)
    assert "Add our note" not in _profile(client_for, users.auditor)


def test_the_profile_reads_notes_in_a_fixed_number_of_queries(directory_data, users, client_for):
    client = client_for(users.officer)
    _note(users.officer)
    client.get("/directory/countries/UGA/")
    with CaptureQueriesContext(connection) as one:
        client.get("/directory/countries/UGA/")
    _note(users.outsider, Document.Visibility.NODE)
    with CaptureQueriesContext(connection) as two:
        client.get("/directory/countries/UGA/")
    assert len(two) == len(one)


def test_the_old_note_list_leads_to_the_library(directory_data, users, client_for, client):
    for user in users.all():
        response = client_for(user).get("/directory/notes/")
        assert response.status_code == 302
        assert response["Location"] == "/library/?kind=country_note"
    assert "/accounts/login/" in client.get("/directory/notes/")["Location"]
