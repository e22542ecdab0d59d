"""restrict(user, action) and get_for_user: the rules every view relies on."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404

from entraide.tenancy.policies import get_for_user, require_role

pytestmark = pytest.mark.django_db

User = get_user_model()


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


def test_can_asks_the_role_for_a_model_and_the_scope_for_an_object(users):
    from entraide.tenancy.policies import can

    assert can(users.administrator, "view", User)
    assert can(users.administrator, "view", "accounts.user")
    assert not can(users.officer, "view", User)
    assert can(users.administrator, "change", users.officer)
    assert not can(users.administrator, "change", users.outsider)  # another authority's user
    assert not can(users.auditor, "change", users.officer)  # the role may only read


def test_can_on_shared_authorities_reads_all_and_changes_only_ones_own(users):
    from entraide.tenancy.policies import can

    mine, theirs = users.officer.authority, users.outsider.authority
    assert can(users.officer, "view", theirs)
    assert can(users.administrator, "change", mine)
    assert not can(users.administrator, "change", theirs)
    assert not can(users.officer, "change", mine)
    from entraide.tenancy.models import Authority

    assert list(Authority.objects.restrict(users.administrator, "change")) == [mine]


def test_can_refuses_anonymous(users):
    from django.contrib.auth.models import AnonymousUser

    from entraide.tenancy.policies import can

    assert not can(AnonymousUser(), "view", "tenancy.authority")


def test_template_tag_asks_can(rf, users):
    from django.template import Context, Template

    request = rf.get("/")
    request.user = users.administrator
    template = Template('{% load tenancy %}{% can "change" obj as may %}{{ may|yesno:"yes,no" }}')
    assert template.render(Context({"request": request, "obj": users.officer})) == "yes"
    assert template.render(Context({"request": request, "obj": users.outsider})) == "no"
