"""The request filters, shared by the list page and the API (one FilterSet, same names)."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from entraide.accounts.models import User
from entraide.tenancy import roles

from . import queues
from .lifecycle import Direction, Status
from .models import Modality, Person, Request

DATE = forms.DateInput(attrs={"type": "date"})


def _colleagues(request: Any) -> QuerySet[User]:
    """Officers and supervisors of the user's own authority (none without a request)."""
    authority = getattr(getattr(request, "user", None), "authority_id", None)
    if authority is None:
        return User.objects.none()
    return User.objects.filter(authority_id=authority, role__in=roles.OFFICE).order_by("full_name")


class RequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Reference, title or name"),
        method="filter_q",
        help_text=_("Our reference, their reference, the title, or the name of a person or entity."),
    )
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=Status.choices, distinct=False)
    direction = django_filters.ChoiceFilter(label=_("Direction"), choices=Direction.choices)
    modality = django_filters.ChoiceFilter(label=_("Modality"), choices=Modality.choices)
    counterpart = django_filters.CharFilter(
        label=_("Counterpart (code)"), field_name="counterpart__code", lookup_expr="iexact"
    )
    offence = django_filters.CharFilter(label=_("Offence (ICCS code)"), method="filter_offence")
    officer = django_filters.ModelChoiceFilter(label=_("Officer"), field_name="officer", queryset=_colleagues)
    queue = django_filters.ChoiceFilter(label=_("Work queue"), choices=queues.CHOICES, method="filter_queue")
    created_after = django_filters.DateFilter(
        label=_("Created from"), field_name="created_at", lookup_expr="date__gte", widget=DATE
    )
    created_before = django_filters.DateFilter(
        label=_("Created until"), field_name="created_at", lookup_expr="date__lte", widget=DATE
    )

    class Meta:
        model = Request
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet[Request], name: str, value: Any) -> QuerySet[Request]:
        """Either reference, the title, or the name of a person or entity in the request.

        Names are stored in clear (``Person.name``), so the database searches them; the persons
        are read through the user's own scope, so a name only finds requests the user may see.
        """
        value = value.strip()
        if not value:
            return queryset
        user = getattr(self.request, "user", None)
        persons = Person.objects.restrict(user, "view").filter(name__icontains=value).values("request_id")
        return queryset.filter(
            Q(our_reference__icontains=value)
            | Q(their_reference__icontains=value)
            | Q(title__icontains=value)
            | Q(pk__in=persons)
        )

    def filter_queue(self, queryset: QuerySet[Request], name: str, value: Any) -> QuerySet[Request]:
        """The requests of one of the user's work queues (the home page's counts link here)."""
        user = getattr(self.request, "user", None)
        if user is None:
            return queryset.none()
        return queryset.filter(queues.condition(value, user))

    def filter_offence(self, queryset: QuerySet[Request], name: str, value: Any) -> QuerySet[Request]:
        # An ICCS code covers its sub-codes (0903 covers 09031); EXISTS keeps rows unique.
        from .models import Offence

        return queryset.filter(
            pk__in=Offence.objects.filter(offence_class__code__startswith=value).values("request_id")
        )
