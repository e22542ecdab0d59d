"""Pages: dashboard, filterable list, request page with HTMX transitions, documents."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any
from uuid import uuid4

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from entraide.audit.services import record_read, record_shown
from entraide.core.params import whole_number
from entraide.core.sniff import UploadRejected
from entraide.tenancy.policies import can, require_role

from . import lifecycle, queues, selectors, services
from .errors import CaseValidationError, SpecialityBlocked, TransitionError
from .filters import RequestFilter
from .forms import (
    AssignForm,
    ConsentForm,
    CopyForm,
    DeadlineForm,
    DocumentForm,
    LegalBasisForm,
    MeasureForm,
    MeasureTransitionForm,
    OffenceForm,
    PersonForm,
    RequestCreateForm,
    RequestEditForm,
    TransitionForm,
)
from .models import Document, Measure, Reminder, Request
from .services.requests import EDITABLE_STATES, OPEN_FOR_PARTS
from .signals import viewed

PAGE_SIZE = 50


class SlicePage:
    """A page of rows without COUNT(*): one query of 51 rows tells whether a next page exists."""

    def __init__(self, rows: list[Any], number: int) -> None:
        self.object_list = rows[:PAGE_SIZE]
        self.number = number
        self._more = len(rows) > PAGE_SIZE

    @classmethod
    def of(cls, fetch: Callable[[int, int], list[Any]], raw: str | None) -> SlicePage:
        """The page numbered ``raw`` (1 if not a number): ``fetch(start, stop)`` gives its rows."""
        number = whole_number(raw, maximum=99_999) or 1
        start = (number - 1) * PAGE_SIZE
        return cls(fetch(start, start + PAGE_SIZE + 1), number)

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self._more

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Request, "view")
    # The counts of open requests read every open row (an index-only scan, yet ~90 ms at a million
    # requests): the page comes without them and fetches them as an HTMX pane once shown.
    board = selectors.dashboard(request.user, with_counts=False)
    shown = {
        "request": [row["id"] for row in board.open_requests],
        "reminder": [r.request_id for r in board.reminders],
        "measure": [m.request_id for m in board.overdue_measures],
        "deadline": [d.request_id for d in board.deadlines],
    }
    ids = [pk for pks in shown.values() for pk in pks]
    record_shown(request.user, Request, ids, [part for part, pks in shown.items() if pks], where="cases:dashboard")
    return render(request, "cases/dashboard.html", {"board": board, "rows": board.open_requests})


@login_required
@require_GET
def dashboard_counts(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Request, "view")
    counts = selectors.open_counts(request.user)
    work = queues.for_user(request.user, where="cases:dashboard")
    return render(request, "cases/_dashboard_counts.html", {"counts": counts, "queues": work})


@login_required
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Request, "view")
    filterset = RequestFilter(request.GET or None, queryset=selectors.request_list(request.user), request=request)
    form = filterset.form
    page = SlicePage.of(partial(selectors.request_rows, filterset.qs), request.GET.get("page"))
    record_shown(
        request.user, Request, [row["id"] for row in page.object_list], ["request"], where="cases:request-list"
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "cases/request_list.html", {"page": page, "form": form, "query": query.urlencode()})


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Request, "create")
    user: Any = request.user
    form = RequestCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ours = user.authority.jurisdiction
        outgoing = data["direction"] == lifecycle.Direction.OUTGOING
        related = None
        if data["related_reference"]:
            related = selectors.requests_for_user(user).filter(our_reference=data["related_reference"]).first()
            if related is None:
                form.add_error("related_reference", _("No request of your authority has this reference."))
        if not form.errors:
            try:
                obj = services.request_create(
                    actor=user,
                    direction=data["direction"],
                    modality=data["modality"],
                    requesting_jurisdiction=ours if outgoing else data["counterpart"],
                    requested_jurisdiction=data["counterpart"] if outgoing else ours,
                    title=data["title"],
                    idempotency_key=data["token"],
                    their_reference=data["their_reference"],
                    national_case_number=data["national_case_number"],
                    facts=data["facts"],
                    urgent=data["urgent"],
                    urgency_reason=data["urgency_reason"],
                    confidential=data["confidential"],
                    use_limitation=data["use_limitation"],
                    related_to=related,
                    relation=data["relation"] if related else "",
                )
            except CaseValidationError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("cases:request-detail", pk=obj.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/request_form.html", {"form": form, "creating": True}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    obj = selectors.get_request_for_user(request.user, pk, "change")
    if obj.status not in EDITABLE_STATES:
        return _state_response(request, obj, error=_("A request in this status can no longer be edited."), status=409)
    form = RequestEditForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        obj.refresh_from_db()
        try:
            services.request_update(actor=request.user, request=obj, **changes)  # type: ignore[arg-type]
        except CaseValidationError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("cases:request-detail", pk=obj.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/request_form.html", {"form": form, "object": obj}, status=status)


def _state_context(request: HttpRequest, obj: Request, **extra: Any) -> dict[str, Any]:
    user: Any = request.user
    role = user.role
    in_scope_actions = lifecycle.allowed_targets(obj.direction, obj.status, role)
    actions = [
        {"to": to, "label": lifecycle.Status(to).label, "needs_ground": to in lifecycle.NEEDS_GROUND}
        for to in in_scope_actions
        if to not in lifecycle.NEEDS_ASSIGNEE and not lifecycle.is_reviewed(obj.direction, to)
    ]
    can_assign = lifecycle.Status.ASSIGNED in in_scope_actions
    page = selectors.request_page(user, obj)
    for measure in page["measures"]:
        measure.actions = (
            [{"to": to, "label": Measure.Status(to).label} for to in lifecycle.measure_targets(measure.status, role)]
            if obj.status
            in lifecycle.EXECUTION_STATES
            | {lifecycle.Status.ASSIGNED, lifecycle.Status.ACKNOWLEDGED, lifecycle.Status.TRANSMITTED}
            else []
        )
    office = can(user, "change", obj)
    return {
        "object": obj,
        "actions": actions,
        "can_assign": can_assign,
        "office": office,
        "assign_form": AssignForm(request_obj=obj) if can_assign else None,
        "grounds": lifecycle.RefusalGround.choices,
        "can_edit": office and obj.status in EDITABLE_STATES,
        "can_upload": can(user, "upload", Document),
        **page,
        **extra,
    }


@login_required
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    obj = selectors.get_request_for_user(request.user, pk, related=selectors.PAGE_RELATED)
    record_read(request.user, obj)
    viewed(request.user, obj)
    context = _state_context(request, obj)
    office = context["office"] and obj.status in OPEN_FOR_PARTS
    for document in context["documents"]:
        document.version_token = uuid4()  # one token per "new version" form
    shown: dict[str, type[Form] | None] = {
        "measure_form": MeasureForm if office else None,
        "offence_form": OffenceForm if office else None,
        "person_form": PersonForm if office else None,
        "deadline_form": DeadlineForm if office else None,
        "document_form": DocumentForm if context["can_upload"] else None,
        "consent_form": ConsentForm if office and obj.under_use_limitation else None,
    }
    # Each page gets fresh one-time tokens for its forms (a resubmitted form is refused).
    context["tokens"] = {name: uuid4() for name, form in shown.items() if form is not None}
    context.update({name: form() if form else None for name, form in shown.items()})
    return render(request, "cases/request_detail.html", context)


def _state_response(
    request: HttpRequest, obj: Request, *, error: str = "", allowed: list[str] | None = None, status: int = 200
) -> HttpResponse:
    """The state panel for HTMX; the whole page otherwise (a redirect when all went well)."""
    labels = [str(lifecycle.Status(a).label) if a in lifecycle.Status.values else a for a in allowed or []]
    if request.htmx:  # type: ignore[attr-defined]
        obj.refresh_from_db()
        context = _state_context(request, obj, error=error, allowed_labels=labels)
        return render(request, "cases/_request_state.html", context, status=status)
    if status < 400:
        return redirect("cases:request-detail", pk=obj.pk)
    messages.error(request, error)
    obj.refresh_from_db()
    context = _state_context(request, obj, error=error, allowed_labels=labels)
    return render(request, "cases/request_detail.html", context, status=status)


def _conflict(request: HttpRequest, obj: Request, refused: TransitionError) -> HttpResponse:
    """The move refused: 409 (not from this status), or 403 (not for this role)."""
    return _state_response(request, obj, error=refused.message, allowed=refused.allowed, status=refused.status)


@login_required
@require_POST
def request_transition(request: HttpRequest, pk: int) -> HttpResponse:
    obj = selectors.get_request_for_user(request.user, pk, "transition")
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return _state_response(request, obj, error=_("Choose a status."), status=400)
    data = form.cleaned_data
    try:
        services.request_transition(
            actor=request.user,  # type: ignore[arg-type]  # login_required: an authenticated User
            request=obj,
            to=data["to"],
            reason=data["reason"],
            ground=data["ground"],
            ground_text=data["ground_text"],
        )
    except TransitionError as exc:
        return _conflict(request, obj, exc)
    except CaseValidationError as exc:
        return _state_response(request, obj, error=str(exc), status=400)
    return _state_response(request, obj)


@login_required
@require_POST
def request_assign(request: HttpRequest, pk: int) -> HttpResponse:
    obj = selectors.get_request_for_user(request.user, pk, "change")
    form = AssignForm(request.POST, request_obj=obj)
    if not form.is_valid():
        return _state_response(request, obj, error=_("Choose the executing authority."), status=400)
    try:
        services.request_assign(
            actor=request.user,  # type: ignore[arg-type]  # login_required: an authenticated User
            request=obj,
            authority=form.cleaned_data["authority"],
            reason=form.cleaned_data["reason"],
        )
    except TransitionError as exc:
        return _conflict(request, obj, exc)
    except CaseValidationError as exc:
        return _state_response(request, obj, error=str(exc), status=400)
    return _state_response(request, obj)


@login_required
@require_POST
def measure_transition(request: HttpRequest, pk: int) -> HttpResponse:
    measure = selectors.get_measure_for_user(request.user, pk, "execute")
    form = MeasureTransitionForm(request.POST)
    obj = measure.request
    if not form.is_valid():
        return _state_response(request, obj, error=_("Choose a status."), status=400)
    try:
        services.measure_transition(
            actor=request.user,  # type: ignore[arg-type]  # login_required: an authenticated User
            measure=measure,
            to=form.cleaned_data["to"],
            reason=form.cleaned_data["reason"],
            result=form.cleaned_data["result"],
        )
    except TransitionError as exc:
        return _conflict(request, obj, exc)
    return _state_response(request, obj)


def _part_view(form_class: type, make: Callable[[Any, Request, dict[str, Any]], Any]) -> Callable[..., HttpResponse]:
    """A POST that adds one part (measure, offence, person, deadline) to a request, once per form."""

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        obj = selectors.get_request_for_user(request.user, pk, "change")
        form = form_class(request.POST)
        if not form.is_valid():
            errors = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
            return _state_response(request, obj, error=errors, status=400)
        data = dict(form.cleaned_data)
        token = data.pop("token")
        try:
            done = services.once(request.user, token, lambda: make(request.user, obj, data))
        except CaseValidationError as exc:
            return _state_response(request, obj, error=str(exc), status=400)
        if done is None:
            messages.info(request, _("This form was already submitted."))
        return redirect(reverse("cases:request-detail", args=[obj.pk]))

    return view


measure_add = _part_view(MeasureForm, lambda user, obj, d: services.measure_add(actor=user, request=obj, **d))
offence_add = _part_view(OffenceForm, lambda user, obj, d: services.offence_add(actor=user, request=obj, **d))
person_add = _part_view(PersonForm, lambda user, obj, d: services.person_add(actor=user, request=obj, **d))
deadline_add = _part_view(DeadlineForm, lambda user, obj, d: services.deadline_add(actor=user, request=obj, **d))


@login_required
@require_POST
def request_consent(request: HttpRequest, pk: int) -> HttpResponse:
    obj = selectors.get_request_for_user(request.user, pk, "change")
    form = ConsentForm(request.POST)
    if not form.is_valid():
        return _state_response(request, obj, error=_("Say how consent was given."), status=400)
    try:
        services.request_record_use_consent(
            actor=request.user,  # type: ignore[arg-type]  # login_required: an authenticated User
            request=obj,
            note=form.cleaned_data["note"],
        )
    except CaseValidationError as exc:
        return _state_response(request, obj, error=str(exc), status=400)
    return redirect("cases:request-detail", pk=obj.pk)


@login_required
@require_http_methods(["GET", "POST"])
def request_legal_basis(request: HttpRequest, pk: int) -> HttpResponse:
    obj = selectors.get_request_for_user(request.user, pk, "change")
    error = ""
    if request.method == "POST":
        form = LegalBasisForm(request.POST)
        if form.is_valid():
            try:
                services.request_choose_legal_basis(
                    actor=request.user,  # type: ignore[arg-type]  # login_required: an authenticated User
                    request=obj,
                    code=form.cleaned_data["code"],
                    reason=form.cleaned_data["reason"],
                )
            except CaseValidationError as exc:
                error = str(exc)
            else:
                back = request.POST.get("next", "")
                if back and url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
                    return redirect(back)
                return redirect("cases:request-detail", pk=obj.pk)
    try:
        answer = services.legal_basis_options(request=obj)
    except ValueError as exc:  # the engine's BadInput: a value names nothing
        answer, error = {"options": [], "fallback": ""}, str(exc)
    return render(
        request,
        "cases/legal_basis.html",
        {"object": obj, "answer": answer, "error": error},
        status=400 if error else 200,
    )


@login_required
@require_POST
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    obj = selectors.get_request_for_user(request.user, pk, "execute")
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        too_large = [str(e.message) for e in form.errors.as_data().get("file", []) if e.code == "too_large"]
        return _state_response(request, obj, error=too_large[0] if too_large else _("Choose a file."), status=400)
    data = form.cleaned_data
    document = None
    if data.get("document"):
        document = selectors.get_document_for_user(request.user, data["document"])
        if document.request_id != obj.pk:
            raise Http404
    upload = data["file"]
    try:
        done = services.once(
            request.user,
            data["token"],
            lambda: services.document_upload(
                actor=request.user,  # type: ignore[arg-type]  # login_required: an authenticated User
                request=obj,
                filename=upload.name,
                data=upload.read(),
                title=data["title"],
                kind=data["kind"],
                document=document,
                shared_with_executor=data["shared_with_executor"] if can(request.user, "share", Document) else True,
            ),
        )
    except (UploadRejected, CaseValidationError) as exc:
        return _state_response(request, obj, error=str(exc), status=400)
    if done is None:
        messages.info(request, _("This form was already submitted."))
    return redirect("cases:request-detail", pk=obj.pk)


def _attachment(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    safe = filename.replace('"', "").replace("\\", "").replace("\r", "").replace("\n", "")
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    raw = request.GET.get("v")
    number = whole_number(raw)
    if raw is not None and number is None:
        return render(request, "errors/400.html", {"message": _("v must be a version number.")}, status=400)
    version = selectors.get_version_for_user(request.user, pk, number)
    data = services.document_read(actor=request.user, version=version)  # type: ignore[arg-type]
    return _attachment(data, version.filename, version.content_type)


@login_required
@require_POST
def document_export(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.get_document_for_user(request.user, pk, "change")
    version = selectors.get_version_for_user(request.user, document.pk)
    try:
        data = services.document_export(actor=request.user, version=version)  # type: ignore[arg-type]
    except SpecialityBlocked as exc:
        return _state_response(request, document.request, error=str(exc), status=403)
    return _attachment(data, version.filename, version.content_type)


@login_required
@require_POST
def document_share(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.get_document_for_user(request.user, pk, "change")
    services.document_share(
        actor=request.user,  # type: ignore[arg-type]  # login_required: an authenticated User
        document=document,
        shared=request.POST.get("shared") == "1",
    )
    return redirect("cases:request-detail", pk=document.request_id)


@login_required
@require_POST
def document_copy(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.get_document_for_user(request.user, pk, "change")
    form = CopyForm(request.POST)
    if not form.is_valid():
        return _state_response(request, document.request, error=_("Name the request."), status=400)
    target = (
        selectors.requests_for_user(request.user, "change").filter(our_reference=form.cleaned_data["target"]).first()
    )
    if target is None:
        return _state_response(
            request, document.request, error=_("No request of yours has this reference."), status=400
        )
    try:
        services.document_copy(actor=request.user, document=document, target=target)  # type: ignore[arg-type]
    except SpecialityBlocked as exc:
        return _state_response(request, document.request, error=str(exc), status=403)
    except CaseValidationError as exc:
        return _state_response(request, document.request, error=str(exc), status=400)
    return redirect("cases:request-detail", pk=target.pk)


@login_required
@require_POST
def reminder_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    reminder: Reminder = selectors.get_reminder_for_user(request.user, pk, "change")
    services.reminder_dismiss(actor=request.user, reminder=reminder)  # type: ignore[arg-type]
    if request.htmx:  # type: ignore[attr-defined]
        return HttpResponse("")
    return redirect("cases:dashboard")
