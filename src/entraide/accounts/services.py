"""Every change to users goes through these services, audit-logged."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from entraide.audit.services import record
from entraide.tenancy.models import Authority

from .models import Role, User


@transaction.atomic
def user_create(
    *,
    actor: Any,
    email: str,
    full_name: str,
    authority: Authority,
    role: Role | str,
    password: str | None = None,
    is_demo: bool = False,
) -> User:
    """Create an account in an authority; the password is checked by Django's validators."""
    user = User(
        email=User.objects.normalize_email(email).lower(),
        full_name=full_name,
        authority=authority,
        role=role,
        is_demo=is_demo,
    )
    if password is None:
        user.set_unusable_password()
    else:
        validate_password(password, user)
        user.set_password(password)
    user.full_clean()
    user.save()
    record(actor, "user.created", user, authority_id=authority.pk, detail={"role": str(role)})
    return user


@transaction.atomic
def user_set_password(*, actor: Any, user: User, password: str) -> User:
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    record(actor, "user.password_set", user, authority_id=user.authority_id)
    return user


@transaction.atomic
def user_set_active(*, actor: Any, user: User, active: bool, justification: str = "") -> User:
    user.is_active = active
    user.save(update_fields=["is_active"])
    record(
        actor,
        "user.activated" if active else "user.deactivated",
        user,
        authority_id=user.authority_id,
        justification=justification,
    )
    return user
