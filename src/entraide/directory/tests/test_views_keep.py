"""The administrator keeps their own authority and its contact points: forms, "last verified",
the list of entries not verified for a year; who may, and what the audit log keeps."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from entraide.audit.models import AuditEvent
from entraide.directory import selectors, services
from entraide.directory.models import ContactPoint
from entraide.tenancy.roles import Role
from entraide.testing.factories import UserFactory, activate_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(users):
    """A contact point of the administrator's authority, last verified two years ago."""
    return ContactPoint.objects.create(
        authority=users.administrator.authority,
        name="Duty officer (test)",
        email="duty@ke.test.entraide.example",
        last_verified_on=timezone.localdate() - dt.timedelta(days=730),
    )


@pytest.fixture
def theirs(users):
    return ContactPoint.objects.create(authority=users.outsider.authority, name="Their duty officer (test)")


def _event(action):
    return AuditEvent.objects.filter(action=action).latest("pk")


def _post_contact(client, url, **values):
    data = {"name": "Duty officer (test)", "email": "duty@ke.test.entraide.example", "telephone": "", "title": ""}
    data["is_function"] = "on"
    data.update({"available_24_7": "unknown", **values})
    return client.post(url, data)


# --- services ------------------------------------------------------------------------------


def test_an_update_is_audited_with_each_change_before_and_after(users, own):
    services.contact_point_update(
        actor=users.administrator,
        contact_point=own,
        values={"name": own.name, "telephone": "+254 20 000 0000", "available_24_7": True},
    )
    event = _event("contactpoint.updated")
    assert event.detail == {"changes": {"telephone": ["", "+254 20 000 0000"], "available_24_7": [None, True]}}
    assert event.object_id == str(own.pk) and event.authority_id == own.authority_id


def test_an_authoritys_languages_and_channels_are_audited_as_codes(users):
    from entraide.reference.models import Language
    from entraide.testing.factories import TEST_AS_AT, TEST_SOURCE

    english = Language.objects.create(
        code="eng", iso639_1="en", name_en="English", source=TEST_SOURCE, as_at=TEST_AS_AT
    )
    authority = users.administrator.authority
    services.authority_update(
        actor=users.administrator,
        authority=authority,
        values={"languages": Language.objects.filter(pk=english.pk), "channels": ["email", "direct"]},
    )
    changes = _event("authority.updated").detail["changes"]
    assert changes == {"languages": [[], ["eng"]], "channels": [[], ["direct", "email"]]}
    assert list(authority.languages.values_list("code", flat=True)) == ["eng"]


def test_nothing_changed_writes_no_event(users, own):
    before = AuditEvent.objects.count()
    services.contact_point_update(actor=users.administrator, contact_point=own, values={"name": own.name})
    assert AuditEvent.objects.count() == before


def test_marking_verified_sets_today_and_who(users, own):
    services.contact_point_verify(actor=users.administrator, contact_point=own)
    own.refresh_from_db()
    assert own.last_verified_on == timezone.localdate()
    assert own.last_verified_by == users.administrator.full_name
    assert _event("contactpoint.verified").detail["changes"]["last_verified_on"][1] == timezone.localdate().isoformat()


@pytest.mark.parametrize("who", ["officer", "outsider"])
def test_only_the_administrator_of_the_authority_may_change_it(users, own, who):
    with pytest.raises(PermissionDenied):
        services.contact_point_update(actor=getattr(users, who), contact_point=own, values={"name": "X"})
    with pytest.raises(PermissionDenied):
        services.contact_point_create(actor=getattr(users, who), authority=own.authority, values={"name": "X"})


def test_another_administrator_may_not_change_ours(users, own):
    other_admin = UserFactory.create(authority=users.outsider.authority, role=Role.ADMINISTRATOR)
    with pytest.raises(PermissionDenied):
        services.contact_point_verify(actor=other_admin, contact_point=own)
    with pytest.raises(PermissionDenied):
        services.authority_update(actor=other_admin, authority=own.authority, values={"name": "X"})


def test_not_verified_lists_old_and_unknown_entries_of_my_authority_only(users, own, theirs):
    fresh = ContactPoint.objects.create(
        authority=own.authority, name="Fresh (test)", last_verified_on=timezone.localdate() - dt.timedelta(days=10)
    )
    inactive = ContactPoint.objects.create(authority=own.authority, name="Gone (test)", is_active=False)
    authorities, contacts = selectors.not_verified(users.administrator)
    assert authorities == [users.administrator.authority]  # never verified
    assert contacts == [own]
    assert fresh not in contacts and inactive not in contacts and theirs not in contacts
    assert selectors.not_verified_count(users.administrator) == 2
    assert selectors.not_verified(users.officer) == ([], [])


# --- views ---------------------------------------------------------------------------------


def test_edit_form_keeps_the_input_and_says_what_is_wrong_by_the_field(users, own, client_for):
    client = client_for(users.administrator)
    url = reverse("directory:contact-point-edit", args=[own.pk])
    response = _post_contact(client, url, name="Renamed duty officer (test)", email="not an address")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Renamed duty officer (test)"' in html and 'value="not an address"' in html
    assert html.count("invalid-feedback") == 1
    own.refresh_from_db()
    assert own.name == "Duty officer (test)"


def test_a_saved_edit_redirects_and_is_audited(users, own, client_for):
    client = client_for(users.administrator)
    url = reverse("directory:contact-point-edit", args=[own.pk])
    response = _post_contact(client, url, telephone="+254 1")
    assert response.status_code == 302
    assert response["Location"] == reverse("directory:authority-detail", args=[own.authority_id])
    assert _event("contactpoint.updated").detail == {"changes": {"telephone": ["", "+254 1"]}}


def test_a_contact_point_needs_a_way_to_reach_it_and_a_name_of_its_own(users, own, client_for):
    client = client_for(users.administrator)
    url = reverse("directory:contact-point-create", args=[own.authority_id])
    response = _post_contact(client, url, name="Second (test)", email="")
    assert response.status_code == 400 and "invalid-feedback" in response.content.decode()
    response = _post_contact(client, url, name=own.name)
    assert response.status_code == 400
    assert ContactPoint.objects.filter(authority=own.authority).count() == 1
    assert _post_contact(client, url, name="Second (test)").status_code == 302
    created = ContactPoint.objects.get(name="Second (test)")
    assert _event("contactpoint.created").detail["changes"]["name"] == ["", "Second (test)"]
    assert created.authority_id == own.authority_id


def test_authority_edit_saves_through_the_form(users, client_for):
    client = client_for(users.administrator)
    authority = users.administrator.authority
    url = reverse("directory:authority-edit", args=[authority.pk])
    assert client.get(url).status_code == 200
    data = {
        "name": authority.name,
        "address": "1 Example Road (test)",
        "available_24_7": "unknown",
        "channels": ["direct"],
    }
    assert client.post(url, data).status_code == 302
    authority.refresh_from_db()
    assert authority.address == "1 Example Road (test)" and authority.channels == ["direct"]
    assert _event("authority.updated").detail["changes"]["address"] == ["", "1 Example Road (test)"]
    bad = client.post(url, {**data, "website": "not a url"})
    assert bad.status_code == 400 and 'value="not a url"' in bad.content.decode()


def test_verify_deactivate_and_delete(users, own, client_for):
    client = client_for(users.administrator)
    back = reverse("directory:not-verified")
    response = client.post(reverse("directory:contact-point-verify", args=[own.pk]), {"next": back})
    assert response.status_code == 302 and response["Location"] == back
    page = client.get(back).content.decode()
    assert f'data-testid="not-verified-contact-{own.pk}"' not in page
    client.post(reverse("directory:contact-point-active", args=[own.pk]), {"active": "0"})
    own.refresh_from_db()
    assert own.is_active is False
    assert _event("contactpoint.deactivated").detail == {"changes": {"is_active": [True, False]}}
    # Others no longer see it; its administrator does, to reactivate it.
    detail = reverse("directory:authority-detail", args=[own.authority_id])
    assert own.name not in client_for(users.officer).get(detail).content.decode()
    assert "contact-point-reactivate" in client.get(detail).content.decode()
    assert client.get(reverse("directory:contact-point-delete", args=[own.pk])).status_code == 200
    assert client.post(reverse("directory:contact-point-delete", args=[own.pk])).status_code == 302
    assert not ContactPoint.objects.filter(pk=own.pk).exists()
    assert _event("contactpoint.deleted").detail["changes"]["name"] == ["Duty officer (test)", None]


WRITES = [
    ("get", "directory:contact-point-edit"),
    ("post", "directory:contact-point-verify"),
    ("post", "directory:contact-point-active"),
    ("get", "directory:contact-point-delete"),
]


@pytest.mark.parametrize(("method", "name"), WRITES)
def test_another_authoritys_contact_point_is_not_found_and_another_role_is_refused(
    users, own, theirs, client_for, method, name
):
    other_admin = UserFactory.create(authority=users.outsider.authority, role=Role.ADMINISTRATOR)
    activate_totp(other_admin)
    # Our administrator on their contact point: 404.
    assert getattr(client_for(users.administrator), method)(reverse(name, args=[theirs.pk])).status_code == 404
    # Their administrator on ours: 404.
    assert getattr(client_for(other_admin), method)(reverse(name, args=[own.pk])).status_code == 404
    # Another role of our own authority: 403.
    assert getattr(client_for(users.officer), method)(reverse(name, args=[own.pk])).status_code == 403


def test_authority_pages_answer_404_for_another_authority_and_403_for_another_role(users, client_for):
    ours, theirs = users.administrator.authority, users.outsider.authority
    admin = client_for(users.administrator)
    assert admin.get(reverse("directory:authority-edit", args=[theirs.pk])).status_code == 404
    assert admin.post(reverse("directory:authority-verify", args=[theirs.pk])).status_code == 404
    assert admin.get(reverse("directory:contact-point-create", args=[theirs.pk])).status_code == 404
    officer = client_for(users.officer)
    assert officer.get(reverse("directory:authority-edit", args=[ours.pk])).status_code == 403
    assert officer.get(reverse("directory:not-verified")).status_code == 403
    assert "authority-edit" not in officer.get(reverse("directory:authority-detail", args=[ours.pk])).content.decode()


def test_the_directory_page_counts_what_is_not_verified(users, own, client_for):
    html = client_for(users.administrator).get(reverse("directory:search")).content.decode()
    assert 'data-testid="not-verified-count">2<' in html
    assert "not-verified-link" not in client_for(users.officer).get(reverse("directory:search")).content.decode()
