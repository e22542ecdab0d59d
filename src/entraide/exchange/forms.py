"""Forms of the exchange pages."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from entraide.cases.models import Document

from .models import Message, Peer

# The node document shown at step 2 of adding a peer is the one added: its digest is signed for the
# browser to carry back, so a document changed between the two steps is refused.
DOCUMENT_SALT = "entraide.exchange.peer-document"
DOCUMENT_MAX_AGE = 3600
DOCUMENT_MAX_CHARS = 200_000


def document_seal(text: str) -> str:
    return signing.TimestampSigner(salt=DOCUMENT_SALT).sign(hashlib.sha256(text.encode()).hexdigest())


class RotateForm(forms.Form):
    confirmed = forms.BooleanField(
        label=_("I understand that peers must take the new keys before the overlap ends."),
        error_messages={"required": _("Tick the box to confirm the rotation.")},
    )


class PeerFindForm(forms.Form):
    """Step 1: where the other node is, and its node document if it cannot be fetched from here."""

    url = forms.CharField(
        label=_("Address of the other node"),
        max_length=500,
        help_text=_("Its base URL, e.g. https://entraide.example.org. Messages are posted there."),
    )
    document = forms.CharField(
        label=_("Its node document (JSON), if this server cannot reach it"),
        required=False,
        max_length=DOCUMENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "dir": "ltr"}),
        help_text=_(
            "Leave empty to fetch it from the address. Otherwise paste what its administrator sent you: "
            "the answer of its /exchange/v1/node page."
        ),
    )

    def clean_document(self) -> dict[str, Any] | None:
        text = self.cleaned_data["document"].strip()
        if not text:
            return None
        try:
            document = json.loads(text)
        except ValueError:
            raise forms.ValidationError(_("This is not JSON: paste the node document as it was sent.")) from None
        if not isinstance(document, dict):
            raise forms.ValidationError(_("A node document is a JSON object with its signatures."))
        return document


class PeerAddForm(forms.Form):
    """Step 2: the fingerprints compared, and how to exchange with the node."""

    url = forms.CharField(widget=forms.HiddenInput, max_length=500)
    document = forms.CharField(widget=forms.HiddenInput, max_length=DOCUMENT_MAX_CHARS)
    seal = forms.CharField(widget=forms.HiddenInput, max_length=200)
    name = forms.CharField(
        label=_("Name"), max_length=200, required=False, help_text=_("How it is shown here; its node id if empty.")
    )
    delivery = forms.ChoiceField(label=_("Delivery"), choices=Peer.Delivery.choices, initial=Peer.Delivery.PUSH)
    fetch = forms.BooleanField(
        label=_("Fetch its messages (it cannot post to this node)"),
        required=False,
    )
    confirmed = forms.BooleanField(
        error_messages={
            "required": _("Compare the fingerprints with the other node's administrator first, then tick this box.")
        },
    )

    def __init__(self, *args: Any, node: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confirmed"].label = _(
            "I compared these fingerprints with the administrator of %(node)s, by a channel other than this one "
            "(telephone, in person)."
        ) % {"node": node or _("the other node")}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text, seal = data.get("document"), data.get("seal")
        if text is not None and seal is not None:
            try:
                digest = signing.TimestampSigner(salt=DOCUMENT_SALT).unsign(seal, max_age=DOCUMENT_MAX_AGE)
            except signing.BadSignature:
                raise forms.ValidationError(
                    _("The node document shown is too old or was changed: start again from its address.")
                ) from None
            if digest != hashlib.sha256(text.encode()).hexdigest():
                raise forms.ValidationError(_("The node document was changed: start again from its address."))
            data["document"] = json.loads(text)
        return data


class SuspendForm(forms.Form):
    reason = forms.CharField(
        label=_("Why"),
        max_length=300,
        help_text=_("Shown with the peer; kept in the audit trail."),
        error_messages={"required": _("Say why the peer is suspended.")},
    )

    def clean_reason(self) -> str:
        reason: str = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the peer is suspended."))
        return reason


FAILURES = "failures"


class OutboxFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("Every state")), (FAILURES, _("Failures only"))]
        + [
            (value, label)
            for value, label in Message.State.choices
            if value not in {Message.State.RECEIVED, Message.State.APPLIED, Message.State.REFUSED}
        ],
    )


class InformationForm(forms.Form):
    text = forms.CharField(
        label=_("Text"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
        error_messages={"required": _("Write what you ask or answer.")},
    )
    documents = forms.ModelMultipleChoiceField(
        label=_("Documents of the request to send with it"),
        queryset=Document.objects.none(),  # set per request: the request's documents the user may see
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )

    def __init__(self, *args: Any, documents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["documents"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = documents


class PeerDeliveryForm(forms.Form):
    """How messages travel with a peer, changed after it was added."""

    delivery = forms.ChoiceField(label=_("Delivery"), choices=Peer.Delivery.choices)
    fetch = forms.BooleanField(label=_("Fetch its messages (it cannot post to this node)"), required=False)
