"""Administrators add and deactivate users of their own authority, through services."""

import pytest
from django.urls import reverse

from entraide.accounts.models import User
from entraide.audit.models import AuditEvent
from entraide.testing.tenancy import assert_tenant_isolation

pytestmark = pytest.mark.django_db

GOOD = {
    "email": "New.Colleague@Test.Entraide.Example",
    "full_name": "New Colleague (test)",
    "role": "officer",
    "password": "a long enough pass phrase 42",
    "password_again": "a long enough pass phrase 42",
}


def test_administrator_adds_a_user_to_their_authority(users, client_for):
    response = client_for(users.administrator).post(reverse("accounts:user-new"), GOOD)
    assert response.status_code == 302
    created = User.objects.get(email="new.colleague@test.entraide.example")
    assert created.authority == users.administrator.authority
    assert created.check_password(GOOD["password"])
    assert AuditEvent.objects.filter(action="user.created", object_id=str(created.pk)).exists()


def test_add_user_page_only_for_administrators(users):
    assert_tenant_isolation(users, reverse("accounts:user-new"), allowed={"administrator"}, outsider_status=403)


def test_weak_password_is_refused_and_the_form_keeps_what_was_typed(users, client_for):
    data = {**GOOD, "password": "password", "password_again": "password"}
    response = client_for(users.administrator).post(reverse("accounts:user-new"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "too common" in html
    assert 'value="New Colleague (test)"' in html
    assert not User.objects.filter(email="new.colleague@test.entraide.example").exists()


def test_duplicate_email_is_refused(users, client_for):
    data = {**GOOD, "email": users.officer.email}
    response = client_for(users.administrator).post(reverse("accounts:user-new"), data)
    assert response.status_code == 400
    assert "already exists" in response.content.decode()


def test_submitting_twice_creates_one_user(users, client_for):
    client = client_for(users.administrator)
    client.post(reverse("accounts:user-new"), GOOD)
    second = client.post(reverse("accounts:user-new"), GOOD)
    assert second.status_code == 400
    assert User.objects.filter(email="new.colleague@test.entraide.example").count() == 1


def test_deactivation_needs_a_reason_and_is_audited(users, client_for):
    client = client_for(users.administrator)
    url = reverse("accounts:user-active", args=[users.officer.pk])
    client.post(url, {"active": "", "justification": ""})
    users.officer.refresh_from_db()
    assert users.officer.is_active
    client.post(url, {"active": "", "justification": "left the service"})
    users.officer.refresh_from_db()
    assert not users.officer.is_active
    event = AuditEvent.objects.get(action="user.deactivated")
    assert event.justification == "left the service"


def test_deactivation_is_isolated(users):
    url = reverse("accounts:user-active", args=[users.officer.pk])
    assert_tenant_isolation(
        users, url, allowed={"administrator"}, method="post", data={"active": "", "justification": "x"}
    )


def test_administrator_cannot_deactivate_themselves(users, client_for):
    client_for(users.administrator).post(
        reverse("accounts:user-active", args=[users.administrator.pk]), {"active": "", "justification": "oops"}
    )
    users.administrator.refresh_from_db()
    assert users.administrator.is_active


def test_reading_a_user_record_is_audited(users, client_for):
    client_for(users.auditor).get(reverse("accounts:user-detail", args=[users.officer.pk]))
    assert AuditEvent.objects.filter(action="user.viewed", object_id=str(users.officer.pk)).exists()
