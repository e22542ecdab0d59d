"""The request writer's guided steps: each asks only what its modality and measures need and keeps
the draft at every save ("Save" stays on the step, "Save and continue" goes to the next)."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from entraide.audit.services import record_shown
from entraide.cases.details import measure_fields, modality_fields
from entraide.cases.errors import CaseValidationError
from entraide.cases.forms import OffenceForm, PersonForm, UrgencyReason
from entraide.cases.lifecycle import Direction
from entraide.cases.models import Deadline, Measure, Offence, Person, Request
from entraide.cases.selectors import get_request_for_user
from entraide.cases.services import (
    legal_basis_options,
    measure_add,
    measure_update,
    offence_add,
    person_add,
    request_create,
    request_part_remove,
    request_update,
)
from entraide.cases.services.requests import EDITABLE_STATES
from entraide.core.params import whole_number
from entraide.reference.choices import Modality
from entraide.reference.models import Jurisdiction
from entraide.tenancy.models import Authority
from entraide.tenancy.policies import require_role

from ..steps import SLUGS, STEPS, cleaned_details, details_form, offered_kinds, progress


class BasicsForm(UrgencyReason, forms.Form):
    modality = forms.ChoiceField(label=gettext_lazy("Modality"), choices=Modality.choices, initial=Modality.MLA)
    counterpart = forms.ModelChoiceField(
        label=gettext_lazy("Requested State"), queryset=Jurisdiction.objects.order_by("name_en"), to_field_name="code"
    )
    requested_authority = forms.ModelChoiceField(
        label=gettext_lazy("Requested authority"),
        queryset=Authority.objects.none(),
        required=False,
        help_text=gettext_lazy("From the directory; choose the requested State first and save."),
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    national_case_number = forms.CharField(label=gettext_lazy("National case number"), max_length=100, required=False)
    urgent = forms.BooleanField(label=gettext_lazy("Urgent"), required=False)
    urgency_reason = forms.CharField(label=gettext_lazy("Reason for urgency"), required=False)

    def __init__(self, *args: Any, state: Jurisdiction | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["requested_authority"]
        assert isinstance(field, forms.ModelChoiceField)
        if state is not None:
            field.queryset = Authority.objects.filter(jurisdiction=state).order_by("name")


class CaseForm(forms.ModelForm):
    class Meta:
        model = Request
        fields = ["proceedings", "facts", "purpose", "procedure", "confidential", "use_limitation"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ["proceedings", "facts", "purpose", "procedure", "use_limitation"]
        }


def _draft(request: HttpRequest, pk: int) -> Request:
    """An outgoing request the user may change, while it can still be edited."""
    obj = get_request_for_user(request.user, pk, "change", related=("requested_jurisdiction", "authority"))
    if obj.direction != Direction.OUTGOING:
        raise Http404
    return obj


def _next(obj: Request, slug: str, http: HttpRequest) -> HttpResponse:
    if "continue" in http.POST:
        following = SLUGS[min(SLUGS.index(slug) + 1, len(SLUGS) - 1)]
        return redirect("drafting:step", pk=obj.pk, step=following)
    messages.success(http, _("Draft saved."))
    return redirect("drafting:step", pk=obj.pk, step=slug)


def _render(http: HttpRequest, obj: Request, slug: str, status: int = 200, **extra: Any) -> HttpResponse:
    offences = list(Offence.objects.restrict(http.user).filter(request=obj).select_related("offence_class"))
    persons = list(Person.objects.restrict(http.user).filter(request=obj))
    measures = list(Measure.objects.restrict(http.user).filter(request=obj))
    parts = ["request"] + [
        name for name, rows in (("offence", offences), ("person", persons), ("measure", measures)) if rows
    ]
    record_shown(http.user, Request, [obj.pk], parts, where=f"drafting:step:{slug}")
    context = {
        "object": obj,
        "slug": slug,
        "step": next(s for s in STEPS if s.slug == slug),
        "progress": progress(obj, offences, persons, measures),
        "offences": offences,
        "persons": persons,
        "measures": measures,
        "editable": obj.status in EDITABLE_STATES,
        **extra,
    }
    name = "form" if slug in FORM_STEPS else slug.replace("-", "_")
    return render(http, f"drafting/steps/{name}.html", context, status=status)


# The steps that are one form of fields (the others list parts or answers beside their form).
FORM_STEPS = frozenset({"basics", "case", "details"})


@login_required
@require_http_methods(["GET", "POST"])
def start(http: HttpRequest) -> HttpResponse:
    """Step one of a new outgoing request: saving it creates the draft."""
    require_role(http.user, Request, "create")
    user: Any = http.user
    form = BasicsForm(http.POST or None)
    token = http.POST.get("token") or str(uuid.uuid4())
    if http.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            obj = request_create(
                actor=user,
                direction=Direction.OUTGOING,
                modality=data["modality"],
                requesting_jurisdiction=user.authority.jurisdiction,
                requested_jurisdiction=data["counterpart"],
                title=data["title"],
                idempotency_key=uuid.UUID(token),
                national_case_number=data["national_case_number"],
                urgent=data["urgent"],
                urgency_reason=data["urgency_reason"],
            )
        except (CaseValidationError, ValueError) as exc:
            form.add_error(None, str(exc))
        else:
            return _next(obj, "basics", http)
    status = 400 if http.method == "POST" else 200
    return render(http, "drafting/steps/start.html", {"form": form, "token": token}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def step(http: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in SLUGS:
        raise Http404
    obj = _draft(http, pk)
    if http.method == "POST" and obj.status not in EDITABLE_STATES:
        return _render(http, obj, step, status=409, error=_("A request in this status can no longer be edited."))
    return VIEWS[step](http, obj)


def _saved(http: HttpRequest, obj: Request, slug: str, form: forms.BaseForm, save: Any) -> HttpResponse:
    """Save through ``save`` when the form is valid; otherwise show it again with what was typed."""
    if http.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except CaseValidationError as exc:
            form.add_error(None, str(exc))
        else:
            return _next(obj, slug, http)
    status = 400 if http.method == "POST" else 200
    return _render(http, obj, slug, status=status, form=form)


def _basics(http: HttpRequest, obj: Request) -> HttpResponse:
    initial = {
        "modality": obj.modality,
        "counterpart": obj.requested_jurisdiction.code,
        "requested_authority": obj.requested_authority_id,
        "title": obj.title,
        "national_case_number": obj.national_case_number,
        "urgent": obj.urgent,
        "urgency_reason": obj.urgency_reason,
    }
    form = BasicsForm(http.POST or None, initial=initial, state=obj.requested_jurisdiction)

    def save(data: dict[str, Any]) -> None:
        if data["counterpart"].pk != obj.requested_jurisdiction_id:
            raise CaseValidationError(_("The requested State of a draft is fixed: start a new request for another."))
        request_update(
            actor=http.user,  # type: ignore[arg-type]
            request=obj,
            modality=data["modality"],
            requested_authority=data["requested_authority"],
            title=data["title"],
            national_case_number=data["national_case_number"],
            urgent=data["urgent"],
            urgency_reason=data["urgency_reason"],
        )

    return _saved(http, obj, "basics", form, save)


def _case(http: HttpRequest, obj: Request) -> HttpResponse:
    form = CaseForm(http.POST or None, instance=Request(**{f: getattr(obj, f) for f in CaseForm.Meta.fields}))
    return _saved(
        http,
        obj,
        "case",
        form,
        lambda data: request_update(actor=http.user, request=obj, **data),  # type: ignore[arg-type]
    )


def _parts(http: HttpRequest, obj: Request, slug: str, form_class: type[forms.Form], add: Any) -> HttpResponse:
    form = form_class(http.POST or None)

    def save(data: dict[str, Any]) -> None:
        data = {k: v for k, v in data.items() if k != "token"}
        add(actor=http.user, request=obj, **data)

    return _saved(http, obj, slug, form, save)


def _offences(http: HttpRequest, obj: Request) -> HttpResponse:
    return _parts(http, obj, "offences", OffenceForm, offence_add)


def _persons(http: HttpRequest, obj: Request) -> HttpResponse:
    return _parts(http, obj, "persons", PersonForm, person_add)


def _measures(http: HttpRequest, obj: Request) -> HttpResponse:
    """Choose a kind of measure, then fill exactly that kind's fields; or edit one measure's fields."""
    user: Any = http.user
    kinds = offered_kinds(obj.modality)
    editing = None
    raw = http.GET.get("measure") or http.POST.get("measure")
    if raw:
        pk = whole_number(raw)
        editing = Measure.objects.restrict(http.user, "change").filter(request=obj, pk=pk).first() if pk else None
        if editing is None:
            raise Http404
    kind = editing.kind if editing else (http.GET.get("kind") or http.POST.get("kind") or "")
    if kind and kind not in dict(kinds):
        return _render(
            http, obj, "measures", status=400, kinds=kinds, error=_("This modality does not offer that measure.")
        )
    if not kind:
        return _render(http, obj, "measures", kinds=kinds)
    fields = measure_fields(kind)
    form = details_form(fields, http.POST or None, initial=editing.details if editing else None)
    form.fields["description"] = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    form.fields["due_on"] = forms.DateField(
        label=_("Needed by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    if editing and not http.POST:
        form.initial.update(description=editing.description, due_on=editing.due_on)

    def save(data: dict[str, Any]) -> None:
        description, due_on = data.pop("description", ""), data.pop("due_on", None)
        details = cleaned_details(form)
        details.pop("description", None)
        details.pop("due_on", None)
        if editing is not None:
            measure_update(actor=user, measure=editing, description=description, due_on=due_on, details=details)
        else:
            measure_add(actor=user, request=obj, kind=kind, description=description, due_on=due_on, details=details)

    if http.method == "POST" and form.is_valid():
        try:
            save(dict(form.cleaned_data))
        except CaseValidationError as exc:
            form.add_error(None, str(exc))
        else:
            return _next(obj, "measures", http)
    status = 400 if http.method == "POST" else 200
    label = dict(kinds)[kind]
    return _render(
        http, obj, "measures", status=status, kinds=kinds, kind=kind, kind_label=label, form=form, editing=editing
    )


def _details(http: HttpRequest, obj: Request) -> HttpResponse:
    form = details_form(modality_fields(obj.modality), http.POST or None, initial=obj.details)
    return _saved(
        http,
        obj,
        "details",
        form,
        lambda data: request_update(actor=http.user, request=obj, details=cleaned_details(form)),  # type: ignore[arg-type]
    )


def _legal_basis(http: HttpRequest, obj: Request) -> HttpResponse:
    try:
        answer = legal_basis_options(request=obj)
    except ValueError as exc:
        return _render(http, obj, "legal-basis", status=400, answer={"options": []}, error=str(exc))
    return _render(http, obj, "legal-basis", answer=answer)


def _review(http: HttpRequest, obj: Request) -> HttpResponse:
    return _render(http, obj, "review")


VIEWS = {
    "basics": _basics,
    "case": _case,
    "offences": _offences,
    "persons": _persons,
    "measures": _measures,
    "details": _details,
    "legal-basis": _legal_basis,
    "review": _review,
}

PARTS: dict[str, type[Offence] | type[Person] | type[Measure] | type[Deadline]] = {
    "offence": Offence,
    "person": Person,
    "measure": Measure,
}


@login_required
@require_POST
def remove(http: HttpRequest, pk: int, part: str, part_pk: int) -> HttpResponse:
    """Take an offence, person or measure out of the draft, then back to its step."""
    obj = _draft(http, pk)
    model = PARTS.get(part)
    if model is None:
        raise Http404
    found = model.objects.restrict(http.user, "change").filter(request=obj, pk=part_pk).first()
    if found is None:
        raise Http404
    try:
        request_part_remove(actor=http.user, part=found)  # type: ignore[arg-type]
    except CaseValidationError as exc:
        messages.error(http, str(exc))
    slug = {"offence": "offences", "person": "persons", "measure": "measures"}[part]
    return redirect("drafting:step", pk=obj.pk, step=slug)
