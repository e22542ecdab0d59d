import pytest
from django.urls import reverse

from entraide.audit.services import record
from entraide.testing.tenancy import assert_tenant_isolation

pytestmark = pytest.mark.django_db


def test_event_detail_isolated_by_authority_and_role(users):
    event = record(users.officer, "test.something", users.officer)
    url = reverse("audit:event-detail", args=[event.pk])
    assert_tenant_isolation(users, url, allowed={"auditor", "administrator"})


def test_event_list_shows_only_my_authority(users, client_for):
    record(users.officer, "test.mine", users.officer)
    record(users.outsider, "test.theirs", users.outsider)
    response = client_for(users.auditor).get(reverse("audit:event-list"))
    assert response.status_code == 200
    assert b"test.mine" in response.content
    assert b"test.theirs" not in response.content


def test_event_list_refuses_officers(users, client_for):
    assert client_for(users.officer).get(reverse("audit:event-list")).status_code == 403


def test_api_event_detail_isolated(users):
    event = record(users.officer, "test.api", users.officer)
    url = reverse("api-audit-event-detail", args=[event.pk])
    assert_tenant_isolation(users, url, allowed={"auditor", "administrator"})
