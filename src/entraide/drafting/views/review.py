"""Findings beside the form, the review page (submit, approve, transmit), the supervisors' queue,
translations and the four-eyes setting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from entraide.audit.services import record_shown
from entraide.cases.errors import CaseValidationError, TransitionError
from entraide.cases.lifecycle import Status
from entraide.cases.models import Request
from entraide.cases.selectors import get_request_for_user
from entraide.tenancy.models import Authority
from entraide.tenancy.policies import can, get_for_user

from .. import selectors
from ..checks import Finding, findings_for
from ..forms import FourEyesForm, ReasonForm, TranslationForm
from ..services.review import (
    authority_four_eyes_set,
    drafters,
    request_approve,
    request_submit,
    request_transmit,
)
from ..services.translations import translation_set


def _outgoing(user: Any, pk: int, action: str = "view") -> Request:
    return get_request_for_user(user, pk, action)


@login_required
@require_GET
def findings(request: HttpRequest, pk: int) -> HttpResponse:
    """The findings pane, loaded beside the forms and refreshed after every save (HTMX)."""
    obj = _outgoing(request.user, pk)
    return render(request, "drafting/_findings_pane.html", {"object": obj, "findings": findings_for(obj)})


def _review_context(request: HttpRequest, obj: Request, **extra: Any) -> dict[str, Any]:
    user: Any = request.user
    found: list[Finding] = findings_for(obj)
    is_drafter = user.pk in drafters(obj)
    may_approve = (
        obj.status == Status.IN_REVIEW
        and can(user, "approve", obj)
        and (not is_drafter or obj.authority.four_eyes_relaxed)
    )
    return {
        "object": obj,
        "findings": found,
        "blocking": [f for f in found if f.blocking],
        "warnings": [f for f in found if f.needs_override],
        "may_submit": obj.status == Status.DRAFT and can(user, "change", obj),
        "may_approve": may_approve,
        "approver_is_drafter": obj.status == Status.IN_REVIEW and can(user, "approve", obj) and is_drafter,
        "may_transmit": obj.status == Status.APPROVED and can(user, "change", obj),
        **extra,
    }


@login_required
@require_GET
def review(request: HttpRequest, pk: int) -> HttpResponse:
    obj = _outgoing(request.user, pk)
    return render(request, "drafting/review.html", _review_context(request, obj))


def _after(request: HttpRequest, obj: Request, error: TransitionError | CaseValidationError | None) -> HttpResponse:
    if error is None:
        return redirect("cases:request-detail", pk=obj.pk)
    status = error.status if isinstance(error, TransitionError) else 400
    message = error.message if isinstance(error, TransitionError) else str(error)
    obj.refresh_from_db()
    context = _review_context(request, obj, error=message, refused=getattr(error, "findings", []))
    return render(request, "drafting/review.html", context, status=status)


def _move(request: HttpRequest, pk: int, action: str, make: Callable[[Any, Request, str], Any]) -> HttpResponse:
    """One move of the review: the service decides; a refusal shows the review page with why."""
    obj = _outgoing(request.user, pk, action)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        make(request.user, obj, reason)
    except (TransitionError, CaseValidationError) as exc:
        return _after(request, obj, exc)
    return _after(request, obj, None)


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    def make(user: Any, obj: Request, reason: str) -> None:
        if any(f.blocking for f in request_submit(actor=user, request=obj, reason=reason)):
            messages.warning(
                request, _("Submitted for review with blocking findings: it cannot be approved until they are fixed.")
            )

    return _move(request, pk, "change", make)


@login_required
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    overrides = {
        key.removeprefix("override-"): request.POST.get(key, "") for key in request.POST if key.startswith("override-")
    }
    return _move(
        request,
        pk,
        "approve",
        lambda user, obj, reason: request_approve(actor=user, request=obj, overrides=overrides, reason=reason),
    )


@login_required
@require_POST
def transmit(request: HttpRequest, pk: int) -> HttpResponse:
    return _move(
        request, pk, "change", lambda user, obj, reason: request_transmit(actor=user, request=obj, reason=reason)
    )


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """What awaits my approval: outgoing requests in review, urgent first, longest waiting first."""
    if not can(request.user, "approve", Request):
        raise PermissionDenied
    rows = list(selectors.review_queue(request.user)[:200])
    record_shown(request.user, Request, [r.pk for r in rows], ["request"], where="drafting:queue")
    mine = {r.pk for r in rows if r.created_by_id == request.user.pk}
    return render(request, "drafting/queue.html", {"rows": rows, "mine": mine})


@login_required
@require_http_methods(["GET", "POST"])
def translations(request: HttpRequest, pk: int) -> HttpResponse:
    obj = _outgoing(request.user, pk)
    office = can(request.user, "change", obj)
    form = TranslationForm(request.POST or None, request_obj=obj)
    status = 200
    if request.method == "POST":
        if not office:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                translation_set(actor=request.user, request=obj, **data)  # type: ignore[arg-type]
            except CaseValidationError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Translation recorded."))
                return redirect("drafting:translations", pk=obj.pk)
        status = 400
    subject, needed = selectors.languages_needed(obj)
    context = {
        "object": obj,
        "rows": selectors.translations_for(request.user, obj),
        "form": form if office else None,
        "needed": needed,
        "accepted": subject.accepted_languages,
        "ours": subject.our_languages,
        "addressee": subject.addressee,
    }
    return render(request, "drafting/translations.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def four_eyes(request: HttpRequest) -> HttpResponse:
    """The administrator's setting: may one person draft and approve (a one-person authority)?"""
    user: Any = request.user
    authority = get_for_user(Authority.objects.all(), user, "change", pk=user.authority_id)
    form = FourEyesForm(request.POST or None, initial={"relaxed": authority.four_eyes_relaxed})
    if request.method == "POST":
        if form.is_valid():
            authority_four_eyes_set(
                actor=user,
                authority=authority,
                relaxed=form.cleaned_data["relaxed"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Saved."))
            return redirect("drafting:four-eyes")
        return render(request, "drafting/four_eyes.html", {"form": form, "authority": authority}, status=400)
    return render(request, "drafting/four_eyes.html", {"form": form, "authority": authority})
