"""Demo data: fictitious authorities and one fictitious user per role.

Every person and authority created here is marked as demo and fictitious.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.db import transaction

from entraide.accounts.models import User
from entraide.accounts.services import user_create, user_set_password
from entraide.audit.services import record
from entraide.directory.models import ContactPoint, Membership, Network, NetworkRole
from entraide.reference.models import Jurisdiction, Language
from entraide.tenancy.models import Authority
from entraide.tenancy.roles import Role

CENTRAL_ROLES = (Role.OFFICER, Role.SUPERVISOR, Role.AUDITOR, Role.ADMINISTRATOR)
EXECUTING_ROLES = (Role.EXECUTOR,)

DEMO_AUTHORITIES = [
    # (key, jurisdiction code, kind, name, roles of its demo users). Each country has a
    # central authority and a competent authority whose executor executes assigned requests.
    (
        "ke",
        "KEN",
        Authority.Kind.CENTRAL,
        "Office of the Director of Public Prosecutions, Kenya — International Cooperation (demo)",
        CENTRAL_ROLES,
    ),
    (
        "ke",
        "KEN",
        Authority.Kind.POLICE,
        "Directorate of Criminal Investigations, Kenya — MLA desk (demo)",
        EXECUTING_ROLES,
    ),
    ("so", "SOM", Authority.Kind.CENTRAL, "Ministry of Justice, Somalia — Central Authority (demo)", CENTRAL_ROLES),
    (
        "so",
        "SOM",
        Authority.Kind.PROSECUTION,
        "Office of the Attorney General, Somalia — MLA desk (demo)",
        EXECUTING_ROLES,
    ),
]

# Fictitious contact points (functions, not people) of the demo authorities, with the
# networks they stand for: only networks the jurisdiction really belongs to, as loaded by
# ``entraide load-directory`` (skipped when the networks are not loaded).
DEMO_CONTACT_POINTS = [
    # (authority key, name, languages (ISO 639-3), networks)
    ("ke", "Duty officer, international cooperation (demo)", ["eng", "swa"], ["CNCP", "EAAP"]),
    ("so", "Focal point, mutual legal assistance (demo)", [], ["EAAP"]),
]

DEMO_DOMAIN = "demo.entraide.example"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    authority: str
    role: str
    password: str | None  # None when the account already existed


def demo_email(key: str, role: str) -> str:
    return f"{role}.{key}@{DEMO_DOMAIN}"


def demo_password() -> str:
    return "-".join(secrets.token_urlsafe(4) for _ in range(4))


@transaction.atomic
def demo_load(*, actor: User | None = None, reset_passwords: bool = False) -> list[DemoLogin]:
    """Create the demo authorities and users that are missing; returns the logins."""
    logins: list[DemoLogin] = []
    for key, code, kind, name, roles in DEMO_AUTHORITIES:
        jurisdiction = Jurisdiction.objects.get(code=code)
        authority, created = Authority.objects.get_or_create(
            jurisdiction=jurisdiction, name=name, defaults={"kind": kind, "is_demo": True}
        )
        if created:
            record(actor, "authority.created", authority, authority_id=authority.pk, detail={"demo": True})
        for role in roles:
            email = demo_email(key, role)
            user = User.objects.filter(email=email).first()
            password: str | None = None
            if user is None:
                password = demo_password()
                user_create(
                    actor=actor,
                    email=email,
                    full_name=f"{role.label} {key.upper()} (fictitious)",
                    authority=authority,
                    role=role,
                    password=password,
                    is_demo=True,
                )
            elif reset_passwords:
                password = demo_password()
                user_set_password(actor=actor, user=user, password=password)
            logins.append(DemoLogin(email=email, authority=authority.name, role=str(role.label), password=password))
        if kind == Authority.Kind.CENTRAL:
            _demo_contact_points(actor, key, authority)
    # Requests of the Kenyan demo authority (entraide.demo.cases), once every demo user exists.
    from entraide.demo.cases import demo_cases_load

    central, executing = (Authority.objects.get(name=entry[3]) for entry in DEMO_AUTHORITIES[:2])
    demo_cases_load(central=central, executing=executing, actor=actor)
    # Library documents in several languages (entraide.demo.library), kept by the same authority.
    from entraide.demo.library import demo_library_load

    demo_library_load(central=central)
    return logins


def _demo_contact_points(actor: User | None, key: str, authority: Authority) -> None:
    """Create the demo authority's fictitious contact points that are missing, marked demo."""
    for owner, name, languages, networks in DEMO_CONTACT_POINTS:
        if owner != key or ContactPoint.objects.filter(authority=authority, name=name).exists():
            continue
        contact = ContactPoint.objects.create(
            authority=authority, name=name, is_function=True, email=f"{key}.contact@{DEMO_DOMAIN}", is_demo=True
        )
        contact.languages.set(Language.objects.filter(code__in=languages))
        member_of = Network.objects.filter(
            code__in=networks,
            memberships__jurisdiction_id=authority.jurisdiction.code,
            memberships__role=Membership.Role.MEMBER,
            memberships__status=Membership.Status.CURRENT,
        )
        for network in member_of:
            NetworkRole.objects.create(contact_point=contact, network=network, role="contact point (demo)")
        record(actor, "contact_point.created", contact, authority_id=authority.pk, detail={"demo": True})
