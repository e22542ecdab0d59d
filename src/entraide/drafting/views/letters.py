"""Letters of a request, the authority's letter templates and its signing certificate."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from entraide.cases.errors import CaseValidationError
from entraide.cases.selectors import get_request_for_user
from entraide.core.sniff import UploadRejected
from entraide.tenancy.models import Authority
from entraide.tenancy.policies import can, require_role

from .. import selectors
from ..forms import CertificateForm, LetterForm, LetterTemplateForm
from ..letters.content import default_wording
from ..letters.placeholders import PLACEHOLDERS
from ..models import LetterTemplate, SigningCertificate
from ..services.letters import (
    letter_generate,
    letter_template_save,
    signing_certificate_remove,
    signing_certificate_set,
)


@login_required
@require_http_methods(["GET", "POST"])
def letters(http: HttpRequest, pk: int) -> HttpResponse:
    obj = get_request_for_user(http.user, pk)
    office = can(http.user, "change", obj)
    default = {"language": selectors.our_letter_language(obj), "second_language": selectors.their_letter_language(obj)}
    form = LetterForm(http.POST or None, request_obj=obj, initial=default)
    status = 200
    if http.method == "POST":
        if not office:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                version = letter_generate(
                    actor=http.user,  # type: ignore[arg-type]
                    request=obj,
                    kind=data["kind"],
                    language=data["language"],
                    second_language=data["second_language"],
                    fmt=data["format"],
                )
            except (CaseValidationError, UploadRejected) as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(http, _("Letter generated: version %(n)d.") % {"n": version.number})
                return redirect("drafting:letters", pk=obj.pk)
        status = 400
    context = {
        "object": obj,
        "rows": selectors.letters_for(http.user, obj),
        "form": form if office else None,
        "certificate": SigningCertificate.objects.restrict(http.user).filter(authority_id=obj.authority_id).first()
        if can(http.user, "view", SigningCertificate)
        else None,
    }
    return render(http, "drafting/letters.html", context, status=status)


def _admin_authority(http: HttpRequest, model: type[Any]) -> Authority:
    require_role(http.user, model, "change")
    user: Any = http.user
    return Authority.objects.get(pk=user.authority_id)


@login_required
@require_http_methods(["GET", "POST"])
def templates(http: HttpRequest) -> HttpResponse:
    """The administrator edits the wording around the authority's letters (placeholders checked)."""
    authority = _admin_authority(http, LetterTemplate)
    key = {k: (http.POST or http.GET).get(k, "") for k in ("kind", "modality", "language")}
    key["kind"] = key["kind"] or "request"
    key["language"] = key["language"] or "en"
    current = LetterTemplate.objects.restrict(http.user).filter(authority=authority, **key).first()
    initial: dict[str, Any] = {**key}
    if current is not None:
        initial.update({k: getattr(current, k) for k in ("letterhead", "opening", "closing", "signature")})
    form = LetterTemplateForm(http.POST or None, initial=initial)
    status = 200
    if http.method == "POST":
        if form.is_valid():
            try:
                letter_template_save(actor=http.user, authority=authority, **form.cleaned_data)  # type: ignore[arg-type]
            except CaseValidationError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(http, _("Template saved."))
                return redirect(f"{http.path}?kind={key['kind']}&modality={key['modality']}&language={key['language']}")
        status = 400
    from django.utils import translation

    from ..models import LETTER_LANGUAGES

    with translation.override(LETTER_LANGUAGES.get(key["language"], "en")):
        wording = {k: str(v) for k, v in default_wording(key["kind"]).items()}
    # Each part under its field's label in the reader's language; the wording in the letter's.
    default = [(form.fields[k].label if k in form.fields else k, text) for k, text in wording.items()]
    context = {
        "form": form,
        "rows": LetterTemplate.objects.restrict(http.user).filter(authority=authority),
        "placeholders": [("{" + k + "}", v) for k, v in PLACEHOLDERS.items()],
        "default": default,
    }
    return render(http, "drafting/letter_templates.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def certificate(http: HttpRequest) -> HttpResponse:
    authority = _admin_authority(http, SigningCertificate)
    form = CertificateForm(http.POST or None, http.FILES or None)
    status = 200
    if http.method == "POST":
        if form.is_valid():
            try:
                signing_certificate_set(
                    actor=http.user,  # type: ignore[arg-type]
                    authority=authority,
                    certificate_pem=form.cleaned_data["certificate"].read(),
                    key_pem=form.cleaned_data["key"].read(),
                    passphrase=form.cleaned_data["passphrase"],
                )
            except CaseValidationError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(http, _("Signing certificate saved: letters in PDF are now signed."))
                return redirect("drafting:certificate")
        status = 400
    current = SigningCertificate.objects.restrict(http.user).filter(authority=authority).first()
    return render(http, "drafting/certificate.html", {"form": form, "current": current}, status=status)


@login_required
@require_POST
def certificate_remove(http: HttpRequest) -> HttpResponse:
    authority = _admin_authority(http, SigningCertificate)
    signing_certificate_remove(actor=http.user, authority=authority)  # type: ignore[arg-type]
    messages.success(http, _("Signing certificate removed: letters are no longer signed."))
    return redirect("drafting:certificate")
