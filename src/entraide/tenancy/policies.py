"""Tenancy: every read of tenant data goes through ``restrict(user, action)``; every question
"may this user do this?" is ``can(user, action, obj_or_model)``.

A model of tenant data declares a :class:`TenantPolicy` as ``tenancy`` and uses
:class:`TenantManager` as its manager. The policy says which field ties a row to an
authority and which roles (groups from :mod:`entraide.tenancy.roles`) may do what. Another
authority's object is invisible (404); a visible object acted on by the wrong role is refused (403).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeAlias, TypeVar

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

from .roles import Role

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    AnyUser: TypeAlias = AbstractBaseUser | AnonymousUser

M = TypeVar("M", bound=models.Model)


def _member(user: Any) -> bool:
    """A signed-in user who belongs to an authority (everyone but a bare superuser)."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "authority_id", None))


def _value(obj: Any, lookup: str) -> Any:
    """What ``lookup`` (``request__authority``) reads on ``obj``, following its relations in Python;
    the last part reads the foreign key's id where there is one, so no query is made for it."""
    *path, last = lookup.split("__")
    for part in path:
        obj = getattr(obj, part)
        if obj is None:
            return None
    fk = getattr(type(obj), f"{last}_id", None)
    return getattr(obj, f"{last}_id") if fk is not None else getattr(obj, last)


@dataclass(frozen=True)
class TenantPolicy:
    """Which field ties a row to its authority, and which roles may do each action."""

    authority_lookup: str = "authority"
    roles: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def allows(self, user: Any, action: str) -> bool:
        if not _member(user):
            return False
        try:
            allowed = self.roles[action]
        except KeyError:
            raise ValueError(f"unknown action {action!r}") from None
        return getattr(user, "role", None) in allowed

    def scope(self, user: Any, action: str = "view") -> Q:
        """The rows of the user's own authority."""
        return Q(**{self.authority_lookup: user.authority_id})

    def holds(self, user: Any, obj: models.Model, action: str = "view") -> bool:
        """Whether ``obj`` is in ``scope(user, action)``, decided in Python (the same rule as ``scope``)."""
        return _value(obj, self.authority_lookup) == user.authority_id


@dataclass(frozen=True)
class CasePolicy(TenantPolicy):
    """Tenancy for case data: the owning authority sees its rows; an executor sees only the rows
    assigned to its own (competent) authority, and where ``shared_lookup`` is set only those shared
    with it. Where ``measure_lookup`` is set (timeline entries, reminders), an executor sees the rows
    about a measure assigned to its authority, and the rows about a request assigned to it."""

    assigned_lookup: str = ""
    shared_lookup: str = ""
    measure_lookup: str = ""

    def scope(self, user: Any, action: str = "view") -> Q:
        if getattr(user, "role", None) != Role.EXECUTOR:
            return super().scope(user, action)
        q = Q(**{self.assigned_lookup: user.authority_id})
        if self.shared_lookup:
            q &= Q(**{self.shared_lookup: True})
        if self.measure_lookup:
            # A row about a measure follows the measure (as the measure's own policy does); a row
            # about the request follows the request: one rule, so a reminder cannot show what the
            # measure's policy hides.
            q = (q & Q(**{f"{self.measure_lookup}__isnull": True})) | Q(
                **{f"{self.measure_lookup}__assigned_authority": user.authority_id}
            )
        return q

    def holds(self, user: Any, obj: models.Model, action: str = "view") -> bool:
        if getattr(user, "role", None) != Role.EXECUTOR:
            return super().holds(user, obj, action)
        measure = getattr(obj, self.measure_lookup) if self.measure_lookup else None
        if measure is not None:
            return bool(measure.assigned_authority_id == user.authority_id)
        if _value(obj, self.assigned_lookup) != user.authority_id:
            return False
        return not self.shared_lookup or bool(_value(obj, self.shared_lookup))


@dataclass(frozen=True)
class SharedPolicy(TenantPolicy):
    """Shared data (the directory's authorities): every member reads every row; ``roles`` says who
    may do anything else, and only to the rows of the user's own authority."""

    def scope(self, user: Any, action: str = "view") -> Q:
        return Q() if action == "view" else super().scope(user, action)

    def holds(self, user: Any, obj: models.Model, action: str = "view") -> bool:
        return action == "view" or super().holds(user, obj, action)


@dataclass(frozen=True)
class PublishedPolicy(TenantPolicy):
    """Data an authority may publish (the library): its owner sees every row of its own; everyone
    signed in on this node reads what is shared with the node; anyone, signed in or not, reads what
    is public. Only the owner's roles in ``roles`` may do anything else."""

    visibility_lookup: str = "visibility"
    node_values: tuple[str, ...] = ()
    public_values: tuple[str, ...] = ()

    def allows(self, user: Any, action: str) -> bool:
        if action == "view" and not _member(user):
            return True
        return super().allows(user, action)

    def scope(self, user: Any, action: str = "view") -> Q:
        public = Q(**{f"{self.visibility_lookup}__in": self.public_values})
        if not _member(user):
            return public if action == "view" else Q(pk__in=[])
        own = super().scope(user, action)
        if action != "view":
            return own
        return own | public | Q(**{f"{self.visibility_lookup}__in": self.node_values})

    def holds(self, user: Any, obj: models.Model, action: str = "view") -> bool:
        visibility = _value(obj, self.visibility_lookup)
        if action == "view" and visibility in self.public_values:
            return True
        if not _member(user):
            return False
        if action == "view" and visibility in self.node_values:
            return True
        return super().holds(user, obj, action)


class TenantQuerySet(models.QuerySet[M], Generic[M]):
    def in_scope(self, user: Any) -> TenantQuerySet[M]:
        """Rows of the user's authority, whatever the role (used to tell 404 from 403)."""
        if not _member(user):
            return self.none()
        return self.filter(policy_of(self.model).scope(user))

    def restrict(self, user: Any, action: str = "view") -> TenantQuerySet[M]:
        """Rows the user may ``action``: their authority's, if their role allows it."""
        policy = policy_of(self.model)
        if not policy.allows(user, action):
            return self.none()
        return self.filter(policy.scope(user, action))


class TenantManager(models.Manager[M], Generic[M]):
    """The manager of tenant data: ``Model.objects.restrict(user, action)``, typed."""

    def get_queryset(self) -> TenantQuerySet[M]:
        return TenantQuerySet(self.model, using=self._db)

    def restrict(self, user: Any, action: str = "view") -> TenantQuerySet[M]:
        return self.get_queryset().restrict(user, action)

    def in_scope(self, user: Any) -> TenantQuerySet[M]:
        return self.get_queryset().in_scope(user)


def policy_of(model: type[models.Model]) -> TenantPolicy:
    policy = getattr(model, "tenancy", None)
    if not isinstance(policy, TenantPolicy):
        raise TypeError(f"{model.__name__} declares no TenantPolicy")
    return policy


def can(user: Any, action: str, target: models.Model | type[models.Model] | str) -> bool:
    """May ``user`` do ``action`` on ``target``: an object (its role allows it and the object is in
    its scope), a model class or a model label such as ``"cases.request"`` (its role allows it)."""
    if isinstance(target, str):
        target = apps.get_model(target)
    if isinstance(target, type):
        return policy_of(target).allows(user, action)
    policy = policy_of(type(target))
    return policy.allows(user, action) and policy.holds(user, target, action)


def require_role(user: Any, model: type[models.Model], action: str = "view") -> None:
    """Refuse (403) a user whose role may not ``action`` this kind of object."""
    if not policy_of(model).allows(user, action):
        raise PermissionDenied


def get_for_user(queryset: models.QuerySet[M], user: Any, action: str = "view", **lookup: Any) -> M:
    """One object in the user's scope: 404 if not theirs, 403 if the role may not ``action``."""
    rows = queryset.filter(policy_of(queryset.model).scope(user)) if _member(user) else queryset.none()
    return found_for_user(rows.filter(**lookup)[:1], user, queryset.model, action)


def found_for_user(rows: Iterable[M], user: Any, model: type[M], action: str = "view") -> M:
    """The first of ``rows``, read through the user's scope: 404 if none, 403 if the role may not act."""
    obj = next(iter(rows), None)
    if obj is None:
        raise Http404
    require_role(user, model, action)
    return obj


@dataclass(frozen=True)
class NodePolicy(TenantPolicy):
    """Rows of the node itself (its exchange keys, its peers, the envelopes it refused): they belong to
    no authority; ``roles`` alone says who of any authority on the node may see or act on them."""

    def scope(self, user: Any, action: str = "view") -> Q:
        return Q()

    def holds(self, user: Any, obj: models.Model, action: str = "view") -> bool:
        return True


@dataclass(frozen=True)
class PersonalPolicy(TenantPolicy):
    """Rows that belong to one user (their notifications, their preferences): each user sees and
    changes only their own, whatever their role; ``authority_lookup`` is not read."""

    owner_lookup: str = "user"

    def scope(self, user: Any, action: str = "view") -> Q:
        return Q(**{self.owner_lookup: user.pk})

    def holds(self, user: Any, obj: models.Model, action: str = "view") -> bool:
        return bool(_value(obj, self.owner_lookup) == user.pk)
