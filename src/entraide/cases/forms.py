"""Forms of the request pages. Every form that creates something carries a one-time token."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from entraide.core.params import MAX_ID
from entraide.core.sniff import UploadRejected, check_size
from entraide.reference.models import Jurisdiction, OffenceClass
from entraide.tenancy.models import Authority

from .lifecycle import Direction, RefusalGround
from .models import Assertion, Deadline, Document, Measure, Modality, Person, Request
from .selectors import assignable_authorities


def free_text(form: forms.BaseForm) -> None:
    """Text a user types in any language reads in its own direction (``dir="auto"``)."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.TextInput | forms.Textarea) and not isinstance(field, forms.ModelChoiceField):
            field.widget.attrs.setdefault("dir", "auto")


class TokenForm(forms.Form):
    """A hidden one-time token; the view refuses a token it has already seen."""

    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("token", uuid.uuid4())
        super().__init__(*args, **kwargs)
        free_text(self)


def checked_upload(upload: Any) -> Any:
    """An uploaded file within the size limit (its content is checked by the service)."""
    if upload is None:
        return upload
    try:
        check_size(upload.size, settings.ENTRAIDE_UPLOAD_MAX_BYTES)
    except UploadRejected as exc:
        raise forms.ValidationError(str(exc), code="too_large") from None
    return upload


def _jurisdictions() -> Any:
    return Jurisdiction.objects.order_by("name_en")


class UrgencyReason(forms.BaseForm):
    """An urgent request says why (the form refuses it before the service would)."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("urgent") and not (data.get("urgency_reason") or "").strip():
            self.add_error("urgency_reason", _("Say why the request is urgent."))
        return data


class RequestCreateForm(UrgencyReason, TokenForm):
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    counterpart = forms.ModelChoiceField(
        label=_("Other jurisdiction"),
        queryset=_jurisdictions(),
        to_field_name="code",
        help_text=_("The requested jurisdiction of an outgoing request, the requesting one of an incoming request."),
    )
    modality = forms.ChoiceField(label=_("Modality"), choices=Modality.choices, initial=Modality.MLA)
    title = forms.CharField(label=_("Title"), max_length=300)
    their_reference = forms.CharField(label=_("Their reference"), max_length=100, required=False)
    national_case_number = forms.CharField(label=_("National case number"), max_length=100, required=False)
    facts = forms.CharField(label=_("Summary of facts"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    urgent = forms.BooleanField(label=_("Urgent"), required=False)
    urgency_reason = forms.CharField(label=_("Reason for urgency"), required=False)
    confidential = forms.BooleanField(label=_("Confidentiality requested (UNTOC 18(20))"), required=False)
    use_limitation = forms.CharField(
        label=_("Use limitation / speciality conditions (UNTOC 18(19))"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    related_reference = forms.CharField(label=_("Related to (our reference)"), max_length=60, required=False)
    relation = forms.ChoiceField(
        label=_("Relation"),
        required=False,
        choices=[("", "—"), ("supplementary", _("Supplementary")), ("follow-up", _("Follow-up"))],
    )


class RequestEditForm(UrgencyReason, forms.ModelForm):
    class Meta:
        model = Request
        fields = [
            "modality",
            "title",
            "their_reference",
            "national_case_number",
            "facts",
            "urgent",
            "urgency_reason",
            "confidential",
            "use_limitation",
            "received_on",
        ]
        widgets = {
            "facts": forms.Textarea(attrs={"rows": 4}),
            "use_limitation": forms.Textarea(attrs={"rows": 2}),
            "received_on": forms.DateInput(attrs={"type": "date"}),
        }


class TransitionForm(forms.Form):
    """A move of the request: the button pressed names it (``to``); one reason for every move; a
    refusal's ground, chosen (never pre-selected); ``confirm`` once the move was confirmed."""

    to = forms.CharField(max_length=30, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)
    ground = forms.ChoiceField(
        label=_("Ground for refusal"),
        choices=[("", _("Choose a ground")), *RefusalGround.choices],
        required=False,  # required for a refusal only: the view asks for it there
        widget=forms.Select(attrs={"required": True}),
    )
    ground_text = forms.CharField(label=_("Ground explained"), required=False, max_length=2000)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        free_text(self)


class AssignForm(forms.Form):
    authority = forms.ModelChoiceField(label=_("Executing authority"), queryset=Authority.objects.none())
    reason = forms.CharField(label=_("Note"), required=False, max_length=2000)

    def __init__(self, *args: Any, request_obj: Request, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["authority"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = assignable_authorities(request_obj)


class MeasureForm(TokenForm):
    kind = forms.ChoiceField(label=_("Measure"), choices=Measure.Kind.choices)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    due_on = forms.DateField(label=_("Due on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class MeasureTransitionForm(forms.Form):
    to = forms.ChoiceField(choices=Measure.Status.choices, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)
    result = forms.CharField(label=_("Result"), required=False, max_length=4000)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class MeasureResultForm(TokenForm):
    """What the executing authority obtained for one measure: the result, a note, a document."""

    result = forms.CharField(
        label=_("Result: what was obtained"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the result on this node; the secure exchange sends the result only."),
    )
    file = forms.FileField(
        label=_("Execution report or evidence (optional)"),
        required=False,
        help_text=_("PDF, DOCX, ODT or an image; checked by its content."),
    )

    def clean_file(self) -> Any:
        return checked_upload(self.cleaned_data.get("file"))


class OffenceForm(TokenForm):
    provision = forms.CharField(label=_("National provision"), max_length=500)
    max_penalty_years = forms.DecimalField(
        label=_("Maximum penalty (years)"), required=False, max_digits=5, decimal_places=1, min_value=0
    )
    life_imprisonment = forms.BooleanField(label=_("Life imprisonment"), required=False)
    offence_class = forms.ModelChoiceField(
        label=_("ICCS code"),
        queryset=OffenceClass.objects.order_by("code"),
        to_field_name="code",
        required=False,
        widget=forms.TextInput,
        help_text=_("e.g. 0903 or 07011"),
        error_messages={"invalid_choice": _("No ICCS offence class has this code (e.g. 0903 or 07011).")},
    )
    text = forms.CharField(
        label=_("Text of the provision and penalty"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    transnational = forms.ChoiceField(
        label=_("Transnational"), choices=Assertion.choices, initial=Assertion.UNKNOWN, required=False
    )
    organized_group = forms.ChoiceField(
        label=_("Involves an organized criminal group"),
        choices=Assertion.choices,
        initial=Assertion.UNKNOWN,
        required=False,
    )

    def clean_transnational(self) -> str:
        return self.cleaned_data.get("transnational") or Assertion.UNKNOWN

    def clean_organized_group(self) -> str:
        return self.cleaned_data.get("organized_group") or Assertion.UNKNOWN


class PersonForm(TokenForm):
    role = forms.ChoiceField(label=_("Role"), choices=Person.Role.choices)
    name = forms.CharField(label=_("Name"), max_length=300)
    is_entity = forms.BooleanField(label=_("Legal person"), required=False)
    identity = forms.CharField(label=_("Identity"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    nationality = forms.ModelChoiceField(
        label=_("Nationality (ISO alpha-3)"),
        queryset=_jurisdictions(),
        to_field_name="code",
        required=False,
        widget=forms.TextInput,
        error_messages={"invalid_choice": _("No jurisdiction has this code (ISO alpha-3, e.g. KEN).")},
    )
    location = forms.CharField(label=_("Location"), max_length=300, required=False)


class DeadlineForm(TokenForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Deadline.Kind.choices)
    due_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class DocumentForm(TokenForm):
    file = forms.FileField(label=_("File"), help_text=_("PDF, DOCX, ODT or an image; checked by its content."))
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices, initial=Document.Kind.OTHER)
    document = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=MAX_ID)
    shared_with_executor = forms.BooleanField(label=_("Share with the executing authority"), required=False)

    def clean_file(self) -> Any:
        return checked_upload(self.cleaned_data["file"])


class ConsentForm(forms.Form):
    note = forms.CharField(label=_("Consent given (how, when, by whom)"), max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        free_text(self)


class CopyForm(forms.Form):
    target = forms.CharField(label=_("Attach to request (our reference)"), max_length=60)


class LegalBasisForm(forms.Form):
    code = forms.CharField(max_length=60, widget=forms.HiddenInput)
    reason = forms.CharField(max_length=2000, required=False)
