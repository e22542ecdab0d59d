"""Tenancy: every read of tenant data goes through ``restrict(user, action)``.

A model of tenant data declares a :class:`TenantPolicy` as ``tenancy`` and uses
:class:`TenantQuerySet` as its manager. The policy says which field ties a row
to an authority and which roles may do what. Another authority's object is
invisible (404); a visible object acted on by the wrong role is refused (403).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from entraide.accounts.models import User

    AnyUser: TypeAlias = User | AnonymousUser

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class TenantPolicy:
    """Which field ties a row to its authority, and which roles may do each action."""

    authority_lookup: str = "authority"
    roles: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def allows(self, user: AnyUser, action: str) -> bool:
        if not user.is_authenticated or not getattr(user, "authority_id", None):
            return False
        try:
            allowed = self.roles[action]
        except KeyError:
            raise ValueError(f"unknown action {action!r}") from None
        return getattr(user, "role", None) in allowed

    def scope(self, user: AnyUser) -> Q:
        """The rows of the user's own authority."""
        return Q(**{self.authority_lookup: getattr(user, "authority_id", None)})


class TenantQuerySet(models.QuerySet[M]):
    def in_scope(self, user: AnyUser) -> TenantQuerySet[M]:
        """Rows of the user's authority, whatever the role (used to tell 404 from 403)."""
        if not user.is_authenticated or not getattr(user, "authority_id", None):
            return self.none()
        return self.filter(policy_of(self.model).scope(user))

    def restrict(self, user: AnyUser, action: str = "view") -> TenantQuerySet[M]:
        """Rows the user may ``action``: their authority's, if their role allows it."""
        if not policy_of(self.model).allows(user, action):
            return self.none()
        return self.in_scope(user)


def policy_of(model: type[models.Model]) -> TenantPolicy:
    policy = getattr(model, "tenancy", None)
    if not isinstance(policy, TenantPolicy):
        raise TypeError(f"{model.__name__} declares no TenantPolicy")
    return policy


def require_role(user: AnyUser, model: type[models.Model], action: str = "view") -> None:
    """Refuse (403) a user whose role may not ``action`` this kind of object."""
    if not policy_of(model).allows(user, action):
        raise PermissionDenied


def get_for_user(queryset: TenantQuerySet[M], user: AnyUser, action: str = "view", **lookup: Any) -> M:
    """One object of the user's authority: 404 if not theirs, 403 if the role may not act.

    ``lookup`` names one object (a primary or unique key): no ORDER BY is sent, which spares
    the database a sort and the ORM the work of matching the ordering against the columns."""
    return found_for_user(queryset.in_scope(user).filter(**lookup).order_by()[:1], user, queryset.model, action)


def found_for_user(rows: Iterable[M], user: AnyUser, model: type[M], action: str = "view") -> M:
    """The first of ``rows``, read through ``in_scope(user)``: 404 if none, 403 if the role may not act."""
    obj = next(iter(rows), None)
    if obj is None:
        raise Http404
    require_role(user, model, action)
    return obj
