"""pytest fixtures: the named users of STYLE.md, created per test.

- officer, supervisor, auditor, administrator: Kenyan Central Authority
- executor: a Kenyan prosecution office (a competent authority)
- outsider: an officer of the Somali Central Authority
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields

import pytest
from django.db import transaction
from django.test import Client
from django.utils import translation

from entraide.accounts.models import User
from entraide.reference.services import load_reference
from entraide.tenancy.models import Authority
from entraide.tenancy.roles import Role
from entraide.treaties.services import LoadReport, treaties_load

from .factories import AuthorityFactory, JurisdictionFactory, UserFactory, activate_totp

PASSWORD = "correct horse battery staple"


@dataclass
class NamedUsers:
    officer: User
    supervisor: User
    executor: User
    auditor: User
    administrator: User
    outsider: User

    def all(self) -> list[User]:
        return [getattr(self, f.name) for f in fields(self)]

    def home_authority(self) -> Authority:
        return self.officer.authority


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """PostgreSQL refuses TRUNCATE of the audit log unless the session allows it: the suite's own
    connections do, so that pytest-django can empty the database between browser tests."""
    from django.conf import settings

    for db in settings.DATABASES.values():
        if db["ENGINE"] == "django.db.backends.postgresql":
            options = db.setdefault("OPTIONS", {})
            options["options"] = f"{options.get('options', '')} -c entraide.audit_wipe=allowed".strip()


@pytest.fixture(autouse=True)
def _exchange_keys_read_again() -> None:
    """Each test has its own database: the exchange reads the node's keys (and its peers') again."""
    from entraide.exchange import keys
    from entraide.exchange.services import peers

    keys.forget()
    peers.refreshes_forget()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: pytest.FixtureRequest) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _english_between_tests() -> Iterator[None]:
    """A page in French leaves French active in the thread: every test starts in English."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(scope="module")
def treaty_data(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[LoadReport]:
    """The real reference and treaty data, loaded once per test module inside a transaction
    rolled back at the module's end (each test still runs in its own savepoint)."""
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        load_reference()
        report = treaties_load()
        yield report
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def treaty_texts(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    """The shipped treaty texts in the library, loaded once per test module and rolled back at its end."""
    from entraide.library.services import treaty_texts_load

    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        treaty_texts_load()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def authorities(db: None) -> dict[str, Authority]:
    kenya = JurisdictionFactory.create(code="KEN", iso2="KE", name_en="Kenya")
    somalia = JurisdictionFactory.create(code="SOM", iso2="SO", name_en="Somalia")
    return {
        "ke_central": AuthorityFactory.create(
            name="Office of the Director of Public Prosecutions, Kenya (test)", jurisdiction=kenya
        ),
        "ke_prosecution": AuthorityFactory.create(
            name="Prosecution office, Nairobi (test)", jurisdiction=kenya, kind=Authority.Kind.PROSECUTION
        ),
        "so_central": AuthorityFactory.create(name="Ministry of Justice, Somalia (test)", jurisdiction=somalia),
    }


@pytest.fixture
def users(authorities: dict[str, Authority]) -> NamedUsers:
    ke, ke_pros, so = authorities["ke_central"], authorities["ke_prosecution"], authorities["so_central"]

    def make(name: str, authority: Authority, role: Role) -> User:
        user = UserFactory.create(
            email=f"{name}@test.entraide.example",
            full_name=f"{name.title()} (test)",
            authority=authority,
            role=role,
            password=PASSWORD,
        )
        activate_totp(user)
        return user

    return NamedUsers(
        officer=make("officer", ke, Role.OFFICER),
        supervisor=make("supervisor", ke, Role.SUPERVISOR),
        executor=make("executor", ke_pros, Role.EXECUTOR),
        auditor=make("auditor", ke, Role.AUDITOR),
        administrator=make("administrator", ke, Role.ADMINISTRATOR),
        outsider=make("outsider", so, Role.OFFICER),
    )


@pytest.fixture
def client_for() -> Iterator:
    """``client_for(user)``: a test client signed in as ``user``."""

    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    yield make
