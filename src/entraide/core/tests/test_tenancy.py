"""restrict(user, action) and get_for_user: the rules every view relies on."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from entraide.accounts.models import User
from entraide.core.tenancy import get_for_user, require_role
from entraide.testing.tenancy import assert_tenant_isolation

pytestmark = pytest.mark.django_db


def test_restrict_keeps_my_authority_for_allowed_roles(users):
    seen = set(User.objects.restrict(users.administrator, "view"))
    assert users.officer in seen
    assert users.outsider not in seen
    assert users.executor not in seen  # another authority, though in the same country


def test_restrict_is_empty_for_a_role_not_allowed(users):
    assert not User.objects.restrict(users.officer, "view").exists()


def test_restrict_is_empty_for_anonymous(users):
    from django.contrib.auth.models import AnonymousUser

    assert not User.objects.restrict(AnonymousUser(), "view").exists()


def test_get_for_user_answers_404_outside_and_403_for_the_wrong_role(users):
    queryset = User.objects.get_queryset()
    assert get_for_user(queryset, users.administrator, pk=users.officer.pk) == users.officer
    with pytest.raises(Http404):
        get_for_user(queryset, users.outsider, pk=users.officer.pk)
    with pytest.raises(PermissionDenied):
        get_for_user(queryset, users.supervisor, pk=users.officer.pk)
    with pytest.raises(Http404):
        get_for_user(queryset, users.administrator, pk=10**9)


def test_unknown_action_is_a_programming_error(users):
    with pytest.raises(ValueError, match="unknown action"):
        require_role(users.administrator, User, "launch")


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
