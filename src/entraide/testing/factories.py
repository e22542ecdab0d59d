"""factory-boy factories for the foundation's models."""

from __future__ import annotations

import datetime as dt
import time

import factory
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from entraide.accounts.models import User
from entraide.reference.models import Jurisdiction
from entraide.tenancy.models import Authority
from entraide.tenancy.roles import Role

TEST_SOURCE = "test data"
TEST_AS_AT = dt.date(2024, 1, 1)


class JurisdictionFactory(factory.django.DjangoModelFactory[Jurisdiction]):
    class Meta:
        model = Jurisdiction
        django_get_or_create = ("code",)

    code = "KEN"
    iso2 = factory.LazyAttribute(lambda o: o.code[:2])
    kind = Jurisdiction.Kind.STATE
    name_en = factory.LazyAttribute(lambda o: o.code)
    source = TEST_SOURCE
    as_at = TEST_AS_AT


class AuthorityFactory(factory.django.DjangoModelFactory[Authority]):
    class Meta:
        model = Authority
        django_get_or_create = ("jurisdiction", "name")

    name = factory.Sequence(lambda n: f"Test authority {n} (test)")
    jurisdiction = factory.SubFactory(JurisdictionFactory)
    kind = Authority.Kind.CENTRAL


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@test.entraide.example")
    full_name = factory.Sequence(lambda n: f"Test User {n}")
    authority = factory.SubFactory(AuthorityFactory)
    role = Role.OFFICER
    password = factory.django.Password("correct horse battery staple")


def activate_totp(user: User, secret: str | None = None) -> str:
    """Give ``user`` a TOTP authenticator; returns the base32 secret."""
    secret = secret or generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code_for(user: User) -> str:
    """The current TOTP code of ``user``'s authenticator, as their app would show it."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    if time.time() % 30 > 27:  # too close to the next step: wait and use the next step's code
        time.sleep(30 - time.time() % 30 + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))
