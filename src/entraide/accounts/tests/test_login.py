"""Signing in: e-mail and password, then TOTP; lockout; session rules; MFA requirement."""

import time

import pytest
from django.urls import reverse

from entraide.core.middleware import LOGIN_AT, SEEN_AT
from entraide.testing.factories import UserFactory, totp_code_for
from entraide.testing.fixtures import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_asks_for_totp_then_shows_authority_and_role(client, users):
    response = client.post(reverse("account_login"), {"login": users.officer.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    # Not signed in yet: the second factor is still owed.
    assert client.get(reverse("core:home")).status_code == 302

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code_for(users.officer)})
    assert response.status_code == 302
    home = client.get(reverse("core:home"))
    assert home.status_code == 200
    assert users.officer.authority.name in home.content.decode()
    assert "Officer" in home.content.decode()


def test_wrong_totp_code_keeps_user_out(client, users):
    client.post(reverse("account_login"), {"login": users.officer.email, "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()
    assert client.get(reverse("core:home")).status_code == 302


def test_session_key_changes_at_login(client, users):
    client.get(reverse("account_login"))
    client.session.save()
    before = client.session.session_key
    client.post(reverse("account_login"), {"login": users.officer.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": totp_code_for(users.officer)})
    assert client.session.session_key != before


def test_five_failures_lock_the_account_for_that_address(client, users):
    for _ in range(5):
        response = client.post(reverse("account_login"), {"login": users.officer.email, "password": "wrong"})
        assert response.status_code in (200, 429)
    response = client.post(reverse("account_login"), {"login": users.officer.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_a_failure_count_below_the_limit_does_not_lock(client, users):
    for _ in range(4):
        client.post(reverse("account_login"), {"login": users.officer.email, "password": "wrong"})
    response = client.post(reverse("account_login"), {"login": users.officer.email, "password": PASSWORD})
    assert response.status_code == 302


def test_session_expires_after_idle_time(settings, client_for, users):
    client = client_for(users.officer)
    client.get(reverse("core:home"))
    assert 0 < client.session.get_expiry_age() <= settings.SESSION_IDLE_SECONDS


def test_idle_expiry_is_renewed_at_most_once_a_minute(settings, client_for, users):
    from django.contrib.sessions.models import Session

    client = client_for(users.officer)
    client.get(reverse("core:home"))
    key = client.session.session_key

    def expires():
        return Session.objects.get(session_key=key).expire_date

    first = expires()
    client.get(reverse("core:home"))
    assert expires() == first, "a request within the minute does not write the session"
    session = client.session
    session[SEEN_AT] = int(time.time()) - settings.SESSION_RENEW_SECONDS
    session.save()
    saved = expires()
    client.get(reverse("core:home"))
    assert expires() > saved, "a request after the minute renews the idle expiry"


def test_session_expires_absolutely(settings, client_for, users):
    client = client_for(users.officer)
    assert client.get(reverse("core:home")).status_code == 200
    session = client.session
    session[LOGIN_AT] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.get(reverse("core:home")).status_code == 302


def test_user_without_totp_must_set_it_up(client_for, users):
    user = UserFactory(authority=users.officer.authority)
    response = client_for(user).get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_api_client_without_totp_gets_a_json_403(client_for, users):
    user = UserFactory(authority=users.officer.authority)
    response = client_for(user).get("/api/requests/")
    assert response.status_code == 403
    assert response.json()["detail"] == "Authentication with two factors is required."


def test_removing_the_authenticator_asks_for_a_new_one_at_once(client_for, users):
    from allauth.mfa.base.internal.flows import delete_and_cleanup
    from allauth.mfa.models import Authenticator
    from django.test import RequestFactory

    client = client_for(users.officer)
    assert client.get(reverse("core:home")).status_code == 200  # MFA checked, and remembered
    request = RequestFactory().post("/accounts/2fa/totp/deactivate")
    request.user, request.session = users.officer, client.session
    delete_and_cleanup(request, Authenticator.objects.get(user=users.officer, type=Authenticator.Type.TOTP))
    request.session.save()
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def test_outside_demo_mode_a_demo_account_cannot_sign_in(client, client_for, users, settings):
    """Issue 17, finding 9: demo accounts skipped MFA outside demo mode, with printed passwords."""
    settings.DEMO = False
    user = UserFactory(authority=users.officer.authority, is_demo=True)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    # A session opened in demo mode does not survive the node leaving it.
    assert client_for(user).get(reverse("core:home")).status_code == 302


def test_load_demo_refuses_outside_demo_mode(settings, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    settings.DEMO = False
    for command in ("load_demo", "demo_data"):
        with pytest.raises(CommandError, match="only in demo mode") as exc:
            call_command(command)
        assert exc.value.returncode == 2
    assert "@" not in capsys.readouterr().out, "no login printed"


def test_demo_user_is_not_forced_to_mfa_in_demo_mode(client_for, users, settings):
    settings.DEMO = True
    user = UserFactory(authority=users.officer.authority, is_demo=True)
    assert client_for(user).get(reverse("core:home")).status_code == 200


def test_mfa_not_forced_when_switched_off(settings, client_for, users):
    settings.REQUIRE_MFA = False
    user = UserFactory(authority=users.officer.authority)
    assert client_for(user).get(reverse("core:home")).status_code == 200


def test_nobody_can_sign_up(client):
    response = client.post(
        reverse("account_signup"), {"email": "new@test.entraide.example", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 200
    from entraide.accounts.models import User

    assert not User.objects.filter(email="new@test.entraide.example").exists()


def test_login_form_error_keeps_what_was_typed(client, users):
    response = client.post(reverse("account_login"), {"login": users.officer.email, "password": "wrong"})
    assert response.status_code == 200
    assert f'value="{users.officer.email}"' in response.content.decode()
