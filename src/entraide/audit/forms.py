"""The audit trail's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import actions, display
from .models import AuditEvent

SYSTEM_ACTOR = "system"
REFERENCE_MATCHES = 500  # requests a reference search follows; more is a search too broad to be useful


class AuditFilterForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    actor = forms.ChoiceField(label=_("Actor"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    reference = forms.CharField(
        label=_("Request reference"), required=False, max_length=100, widget=forms.TextInput(attrs={"dir": "auto"})
    )

    def __init__(self, *args: Any, viewer: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        users = AuditEvent._meta.get_field("actor").related_model._default_manager
        people = users.filter(authority_id=viewer.authority_id).order_by("full_name", "email")
        everyone = [("", _("Anyone")), (SYSTEM_ACTOR, _("Entraide (automatic)"))]
        self.fields["actor"].choices = everyone + [(str(u.pk), u.full_name or u.email) for u in people]  # type: ignore[attr-defined]
        self.fields["action"].choices = [("", _("Any action")), *actions.choices()]  # type: ignore[attr-defined]
        self.fields["object_type"].choices = [("", _("Any object")), *display.type_choices()]  # type: ignore[attr-defined]
        for name, field in self.fields.items():
            choice = isinstance(field, forms.ChoiceField)
            field.widget.attrs["class"] = "form-select form-select-sm" if choice else "form-control form-control-sm"
            if self.is_bound and name in self.errors:
                field.widget.attrs["aria-invalid"] = "true"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end of the period is before its start."))
        return data

    def apply(self, events: Any) -> Any:
        """The events narrowed by the filters that are valid (an invalid one is shown, not applied)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        if data.get("start"):
            events = events.filter(at__date__gte=data["start"])
        if data.get("end"):
            events = events.filter(at__date__lte=data["end"])
        actor = data.get("actor")
        if actor == SYSTEM_ACTOR:
            events = events.filter(actor__isnull=True)
        elif actor:
            events = events.filter(actor_id=int(actor))
        if data.get("action"):
            events = events.filter(action=data["action"])
        if data.get("object_type"):
            events = events.filter(object_type=data["object_type"])
        if data.get("reference"):
            events = events.filter(self._about_reference(data["reference"]))
        return events

    def _about_reference(self, text: str) -> Q:
        """Events about the requests whose reference (ours or theirs) contains ``text``, and their parts."""
        requests = apps.get_model("cases", "Request")._default_manager.restrict(self.viewer, "view")
        ids = list(
            requests.filter(Q(our_reference__icontains=text) | Q(their_reference__icontains=text)).values_list(
                "pk", flat=True
            )[:REFERENCE_MATCHES]
        )
        if not ids:
            return Q(pk__in=[])
        about = Q(object_type="cases.request", object_id__in=[str(pk) for pk in ids])
        for label in ("cases.measure", "cases.document", "cases.offence", "cases.person", "cases.deadline"):
            parts = apps.get_model(label)._default_manager.filter(request_id__in=ids).values_list("pk", flat=True)
            about |= Q(object_type=label, object_id__in=[str(pk) for pk in parts])
        return about
