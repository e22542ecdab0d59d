"""The user pages answer through the tenancy helpers: 404 outside, 403 for the wrong role."""

import pytest
from django.urls import reverse

from entraide.accounts.models import User
from entraide.testing.tenancy import assert_tenant_isolation

pytestmark = pytest.mark.django_db


def test_user_pages_through_the_helper(users):
    assert_tenant_isolation(
        users, reverse("accounts:user-detail", args=[users.officer.pk]), allowed={"administrator", "auditor"}
    )


def test_user_list_refuses_wrong_roles(users, client_for):
    assert client_for(users.officer).get(reverse("accounts:user-list")).status_code == 403
    page = client_for(users.administrator).get(reverse("accounts:user-list")).content.decode()
    assert users.supervisor.email in page
    assert users.outsider.email not in page


def test_helper_fails_when_a_view_leaks(users, monkeypatch):
    """The helper itself must be able to fail: a view that ignores tenancy is caught."""
    from entraide.accounts import views

    monkeypatch.setattr(views, "get_user_for_user", lambda user, pk: User.objects.get(pk=pk))
    with pytest.raises(AssertionError, match="outsider"):
        assert_tenant_isolation(
            users, reverse("accounts:user-detail", args=[users.officer.pk]), allowed={"administrator", "auditor"}
        )
