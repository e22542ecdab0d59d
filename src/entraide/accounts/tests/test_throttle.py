"""Rate limits on credential and code checks: per account and per address, 429 with the time to
wait, every failure and every refusal in the audit log (issue 17, finding 2)."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from entraide.audit.models import AuditEvent
from entraide.testing.factories import UserFactory, totp_code_for
from entraide.testing.fixtures import PASSWORD

pytestmark = pytest.mark.django_db

WRONG = "000000"


def at_code_step(client: Client, user, address: str = "127.0.0.1") -> None:
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD}, REMOTE_ADDR=address)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")


def test_wrong_codes_are_refused_with_429_after_ten(client, users, settings):
    user = users.officer
    at_code_step(client, user)
    answers = [client.post(reverse("mfa_authenticate"), {"code": WRONG}).status_code for _ in range(15)]
    checked = answers.count(200)
    assert checked <= 10 == settings.ENTRAIDE_THROTTLE_FAILURES_PER_ACCOUNT
    assert answers[checked:] == [429] * (15 - checked)
    refused = client.post(reverse("mfa_authenticate"), {"code": totp_code_for(user)})
    assert refused.status_code == 429, "even the right code waits: the guesser cannot tell"
    assert 0 < int(refused["Retry-After"]) <= 15 * 60
    assert "Try again in 15 minutes" in refused.content.decode()
    failed = AuditEvent.objects.filter(action="auth.failed", object_id=str(user.pk))
    assert failed.count() == checked
    assert {event.detail["check"] for event in failed} == {"code"}
    assert AuditEvent.objects.filter(action="auth.throttled", detail__account=user.email).count() == 6

    with time_machine.travel(dt.timedelta(minutes=16)):
        client = Client()
        at_code_step(client, user)
        assert client.post(reverse("mfa_authenticate"), {"code": totp_code_for(user)}).status_code == 302


def test_recovery_codes_share_the_budget(client, users):
    at_code_step(client, users.officer)
    for _ in range(10):
        client.post(reverse("mfa_authenticate"), {"code": "not-a-recovery-code"})
    assert client.post(reverse("mfa_authenticate"), {"code": "another-guess"}).status_code == 429


def test_one_account_from_many_addresses(client, users):
    """django-axes locks a pair (account, address); the account's own budget stops a spread attack."""
    for i in range(10):
        address = f"192.0.2.{i + 1}"
        response = client.post(
            reverse("account_login"), {"login": users.officer.email, "password": "wrong"}, REMOTE_ADDR=address
        )
        assert response.status_code == 200
    response = client.post(
        reverse("account_login"),
        {"login": users.officer.email, "password": PASSWORD},
        REMOTE_ADDR="192.0.2.99",
    )
    assert response.status_code == 429


def test_one_address_trying_many_accounts(client, users):
    accounts = [UserFactory(authority=users.officer.authority) for _ in range(8)]
    for account in accounts:
        for _ in range(4):  # under axes' five per pair and the account's ten
            client.post(reverse("account_login"), {"login": account.email, "password": "wrong"})
    response = client.post(reverse("account_login"), {"login": users.supervisor.email, "password": PASSWORD})
    assert response.status_code == 429
    assert AuditEvent.objects.filter(action="auth.failed", detail__address="127.0.0.1").count() == 30


def test_password_resets_are_limited(client, users):
    for _ in range(3):
        response = client.post(reverse("account_reset_password"), {"email": users.officer.email})
        assert response.status_code == 302
    response = client.post(reverse("account_reset_password"), {"email": users.officer.email})
    assert response.status_code == 429
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@test.entraide.example"})
    assert unknown.status_code == 302, "another account keeps its own budget"


def test_reauthentication_is_limited(client_for, users):
    client = client_for(users.officer)
    for _ in range(10):
        assert client.post(reverse("mfa_reauthenticate"), {"code": WRONG}).status_code == 200
    assert client.post(reverse("mfa_reauthenticate"), {"code": WRONG}).status_code == 429


def test_a_successful_check_spends_nothing(client, users):
    at_code_step(client, users.officer)
    assert client.post(reverse("mfa_authenticate"), {"code": totp_code_for(users.officer)}).status_code == 302
    assert not AuditEvent.objects.filter(action="auth.failed").exists()


def test_the_current_password_on_change_is_limited(client_for, users):
    client = client_for(users.officer)
    form = {"oldpassword": "wrong", "password1": "a new long passphrase 42", "password2": "a new long passphrase 42"}
    for _ in range(10):
        assert client.post(reverse("account_change_password"), form).status_code == 200
    assert client.post(reverse("account_change_password"), form).status_code == 429


def test_a_weak_new_password_is_not_a_failed_check(client_for, users):
    client = client_for(users.officer)
    form = {"oldpassword": PASSWORD, "password1": "short", "password2": "short"}
    assert client.post(reverse("account_change_password"), form).status_code == 200
    assert not AuditEvent.objects.filter(action="auth.failed").exists()
