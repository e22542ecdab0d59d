"""Administrator editing in the admin: Django's history (LogEntry) plus our audit log, through the services."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry

from entraide.audit.models import AuditEvent
from entraide.directory.models import Membership
from entraide.tenancy.models import Authority

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_admin(users):
    users.administrator.is_staff = True
    users.administrator.save(update_fields=["is_staff"])
    return users.administrator


def test_admin_edit_of_an_authority_is_audited_and_in_admin_history(directory_data, staff_admin, client_for, uganda_ca):
    client = client_for(staff_admin)
    url = f"/admin/tenancy/authority/{uganda_ca.pk}/change/"
    form = client.get(url)
    assert form.status_code == 200
    data = {
        "name": uganda_ca.name,
        "names": "{}",
        "jurisdiction": uganda_ca.jurisdiction_id,
        "kind": "central",
        "channels": '["direct", "diplomatic"]',
        "urgent_procedure": "",
        "available_24_7": "unknown",
        "office_hours": "",
        "time_zone": "Africa/Kampala",
        "address": "",
        "website": "",
        "email": uganda_ca.email,
        "telephone": "",
        "exchange_peer": "",
        "source": "test data",
        "is_demo": "on",
        "last_verified_on": "2026-11-20",
        "last_verified_by": "administrator (test)",
        "designations-TOTAL_FORMS": "0",
        "designations-INITIAL_FORMS": "0",
        "designations-MIN_NUM_FORMS": "0",
        "designations-MAX_NUM_FORMS": "1000",
    }
    designation = uganda_ca.designations.get()
    data.update(
        {
            "designations-TOTAL_FORMS": "1",
            "designations-INITIAL_FORMS": "1",
            "designations-0-id": designation.pk,
            "designations-0-authority": uganda_ca.pk,
            "designations-0-instrument_code": "UNCAC",
            "designations-0-articles": "46(13)",
            "designations-0-modalities": '["mla"]',
            "designations-0-source": "test data",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    uganda_ca.refresh_from_db()
    assert uganda_ca.channels == ["direct", "diplomatic"]
    assert uganda_ca.time_zone == "Africa/Kampala"
    assert uganda_ca.designations.get().instrument_code == "UNCAC"
    event = AuditEvent.objects.get(action="authority.updated", object_id=str(uganda_ca.pk))
    assert "time_zone" in event.detail["changed"]
    assert AuditEvent.objects.filter(action="designation.updated").exists()
    assert LogEntry.objects.filter(object_id=str(uganda_ca.pk)).exists()


def test_admin_delete_is_audited(directory_data, staff_admin, client_for, uganda_ca):
    client = client_for(staff_admin)
    response = client.post(f"/admin/tenancy/authority/{uganda_ca.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Authority.objects.filter(pk=uganda_ca.pk).exists()
    assert AuditEvent.objects.filter(action="authority.deleted", object_id=str(uganda_ca.pk)).exists()


def test_admin_membership_history_can_be_edited(directory_data, staff_admin, client_for):
    membership = Membership.objects.get(network__code="IberRed", jurisdiction_id="AND")
    response = client_for(staff_admin).get(f"/admin/directory/membership/{membership.pk}/change/")
    assert response.status_code == 200


def test_other_staff_roles_cannot_use_the_directory_admin(directory_data, users, client_for):
    users.officer.is_staff = True
    users.officer.save(update_fields=["is_staff"])
    response = client_for(users.officer).get("/admin/tenancy/authority/")
    assert response.status_code == 403
