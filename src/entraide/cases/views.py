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
from .errors import CaseValidationError, RequestFinished, SpecialityBlocked, TransitionError
from .filters import RequestFilter
from .forms import (
    AssignForm,
    ConsentForm,
    CopyForm,
    DeadlineForm,
    DocumentForm,
    LegalBasisForm,
    MeasureForm,
    MeasureResultForm,
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


# The forms of the request page, with the prefix of their HTML ids: several forms on one page
# have fields of the same name (kind, note, file), and a label must point at its own field.
PART_FORMS: dict[str, tuple[type[Form], str]] = {
    "measure_form": (MeasureForm, "measure-%s"),
    "offence_form": (OffenceForm, "offence-%s"),
    "person_form": (PersonForm, "person-%s"),
    "deadline_form": (DeadlineForm, "deadline-%s"),
    "document_form": (DocumentForm, "upload-%s"),
    "consent_form": (ConsentForm, "consent-%s"),
}
# Measures are executed while the request is in one of these statuses.
MEASURE_ACTIVE = lifecycle.EXECUTION_STATES | {
    lifecycle.Status.ASSIGNED,
    lifecycle.Status.ACKNOWLEDGED,
    lifecycle.Status.TRANSMITTED,
}


def _result_form(measure: Measure, data: Any = None, files: Any = None) -> MeasureResultForm:
    return MeasureResultForm(data, files, auto_id=f"result-{measure.pk}-%s")


def _state_context(request: HttpRequest, obj: Request, **extra: Any) -> dict[str, Any]:
    user: Any = request.user
    role = user.role
    in_scope_actions = lifecycle.allowed_targets(obj.direction, obj.status, role)
    actions = [
        {
            "to": to,
            "label": lifecycle.verb(to, obj.status),
            "irreversible": to in lifecycle.IRREVERSIBLE,
            "more": to in lifecycle.NEEDS_GROUND,
        }
        for to in in_scope_actions
        if to not in lifecycle.NEEDS_ASSIGNEE and not lifecycle.is_reviewed(obj.direction, to)
    ]
    can_assign = lifecycle.Status.ASSIGNED in in_scope_actions
    page = selectors.request_page(user, obj)
    bound_results: dict[int, MeasureResultForm] = extra.pop("result_forms", {})
    for measure in page["measures"]:
        active = obj.status in MEASURE_ACTIVE
        measure.may_record = active and services.may_record_result(user, measure)
        measure.actions = (
            [
                {
                    "to": to,
                    "label": lifecycle.measure_verb(to),
                    "irreversible": to in lifecycle.MEASURE_IRREVERSIBLE,
                }
                for to in lifecycle.measure_targets(measure.status, role)
                # Execution is recorded with its result, by the authority executing the measure.
                if to != Measure.Status.EXECUTED
            ]
            if active
            else []
        )
        if measure.may_record:
            measure.result_form = bound_results.get(measure.pk) or _result_form(measure)
            measure.result_token = uuid4()
    office = can(user, "change", obj)
    return {
        "object": obj,
        "actions": actions,
        "any_irreversible": any(action["irreversible"] for action in actions),
        "can_assign": can_assign,
        "office": office,
        "assign_form": AssignForm(request_obj=obj, auto_id="assign-%s") if can_assign else None,
        "can_edit": office and obj.status in EDITABLE_STATES,
        "can_upload": can(user, "upload", Document) and obj.status in OPEN_FOR_PARTS,
        "reason_field": TransitionForm(auto_id="move-%s")["reason"],
        **page,
        **extra,
    }


def _page(
    request: HttpRequest, obj: Request, *, bound: dict[str, Form] | None = None, status: int = 200, **extra: Any
) -> HttpResponse:
    """The whole request page; a form that failed comes back ``bound`` (its input, its messages)
    in its section, opened."""
    context = _state_context(request, obj, **extra)
    office = context["office"] and obj.status in OPEN_FOR_PARTS
    for document in context["documents"]:
        document.version_token = uuid4()  # one token per "new version" form
    offered = {
        "measure_form": office,
        "offence_form": office,
        "person_form": office,
        "deadline_form": office,
        "document_form": context["can_upload"],
        "consent_form": office and obj.under_use_limitation,
    }
    bound = bound or {}
    # Each page gets fresh one-time tokens for its forms (a resubmitted form is refused).
    context["tokens"] = {name: uuid4() for name, shown in offered.items() if shown}
    for name, (form_class, auto_id) in PART_FORMS.items():
        context[name] = (bound.get(name) or form_class(auto_id=auto_id)) if offered[name] else None
    return render(request, "cases/request_detail.html", context, status=status)


@login_required
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    obj = selectors.get_request_for_user(request.user, pk, related=selectors.PAGE_RELATED)
    record_read(request.user, obj)
    viewed(request.user, obj)
    return _page(request, obj)


def _state_response(
    request: HttpRequest,
    obj: Request,
    *,
    error: str = "",
    allowed: list[str] | None = None,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    """The state panel for HTMX; the whole page otherwise (a redirect when all went well and
    nothing more is to be asked)."""
    labels = [str(lifecycle.Status(a).label) if a in lifecycle.Status.values else a for a in allowed or []]
    if request.htmx:  # type: ignore[attr-defined]
        obj.refresh_from_db()
        context = _state_context(request, obj, error=error, allowed_labels=labels, **extra)
        return render(request, "cases/_request_state.html", context, status=status)
    if status < 400 and not extra:
        return redirect("cases:request-detail", pk=obj.pk)
    obj.refresh_from_db()
    return _page(request, obj, error=error, allowed_labels=labels, status=status, **extra)


def _conflict(request: HttpRequest, obj: Request, refused: TransitionError) -> HttpResponse:
    """The move refused: 409 (not from this status), or 403 (not for this role)."""
    return _state_response(request, obj, error=refused.message, allowed=refused.allowed, status=refused.status)


def _step(
    *, url: str, to: str, question: str, irreversible: bool, data: dict[str, Any], form: Form | None = None
) -> dict[str, Any]:
    """What the page asks before a move: the refusal's ground, or the confirmation of a move that
    cannot be taken back. A panel in place of the actions, that works without JavaScript."""
    ground = data.get("ground") or ""
    carried = [(name, data[name]) for name in ("reason", "ground", "ground_text", "result") if data.get(name)]
    return {
        "url": url,
        "to": to,
        "question": question,
        "irreversible": irreversible,
        "data": data,
        "form": form,
        "carried": carried,
        "ground_label": lifecycle.RefusalGround(ground).label if ground in lifecycle.RefusalGround.values else "",
    }


@login_required
@require_POST
def request_transition(request: HttpRequest, pk: int) -> HttpResponse:
    obj = selectors.get_request_for_user(request.user, pk, "transition")
    form = TransitionForm(request.POST, auto_id="step-%s")
    if not form.is_valid():
        return _state_response(request, obj, error=_("Choose a status."), status=400)
    data = form.cleaned_data
    to = data["to"]
    url = reverse("cases:request-transition", args=[obj.pk])
    # Only a move this user may make now is asked about; any other gets the service's own answer.
    if to in lifecycle.allowed_targets(obj.direction, obj.status, getattr(request.user, "role", None)):
        # A refusal names its ground first (chosen, never pre-selected), then every move that
        # cannot be taken back is confirmed.
        if to in lifecycle.NEEDS_GROUND:
            asked = "ground" in request.POST  # the ground step was sent
            if asked and not data["ground"]:
                form.add_error("ground", _("Choose a ground for the refusal."))
            elif data["ground"] == lifecycle.RefusalGround.OTHER and not data["ground_text"].strip():
                form.add_error("ground_text", _("Explain the ground for refusal."))
            if form.errors or not asked:
                step = _step(url=url, to=to, question=lifecycle.verb(to), irreversible=False, data=data, form=form)
                return _state_response(request, obj, step=step, status=400 if form.errors else 200)
        if to in lifecycle.IRREVERSIBLE and not data["confirm"]:
            question = str(lifecycle.CONFIRMATIONS[to])
            step = _step(url=url, to=to, question=question, irreversible=True, data=data)
            return _state_response(request, obj, step=step)
    try:
        services.request_transition(
            actor=request.user,  # type: ignore[arg-type]  # login_required: an authenticated User
            request=obj,
            to=to,
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
    to = form.cleaned_data["to"]
    if to in lifecycle.MEASURE_IRREVERSIBLE and not form.cleaned_data["confirm"]:
        question = f"{lifecycle.MEASURE_CONFIRMATIONS[to]} ({measure.get_kind_display()})"
        url = reverse("cases:measure-transition", args=[measure.pk])
        step = _step(url=url, to=to, question=question, irreversible=True, data=form.cleaned_data)
        return _state_response(request, obj, step=step)
    try:
        services.measure_transition(
            actor=request.user,  # type: ignore[arg-type]  # login_required: an authenticated User
            measure=measure,
            to=to,
            reason=form.cleaned_data["reason"],
            result=form.cleaned_data["result"],
        )
    except TransitionError as exc:
        return _conflict(request, obj, exc)
    return _state_response(request, obj)


@login_required
@require_POST
def measure_record_result(request: HttpRequest, pk: int) -> HttpResponse:
    measure = selectors.get_measure_for_user(request.user, pk, "execute")
    obj = measure.request
    form = _result_form(measure, request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        upload = data.get("file")
        files = [(upload.name, upload.read())] if upload else []
        try:
            done = services.once(
                request.user,
                data["token"],
                lambda: services.measure_record_result(
                    actor=request.user,  # type: ignore[arg-type]  # login_required: an authenticated User
                    measure=measure,
                    result=data["result"],
                    note=data["note"],
                    files=files,
                ),
            )
        except TransitionError as exc:
            return _conflict(request, obj, exc)
        except UploadRejected as exc:
            form.add_error("file", str(exc))
        except CaseValidationError as exc:
            form.add_error(None, str(exc))
        else:
            if done is None:
                messages.info(request, _("This form was already submitted."))
            return redirect(reverse("cases:request-detail", args=[obj.pk]) + f"#measure-{measure.pk}")
    return _page(request, obj, result_forms={measure.pk: form}, status=400)


def _finished(request: HttpRequest, obj: Request) -> HttpResponse:
    """Nothing is added to a request that has ended: 409, on the page, saying so."""
    return _state_response(request, obj, error=_("This request is finished: nothing can be added to it."), status=409)


def _part_view(name: str, make: Callable[[Any, Request, dict[str, Any]], Any]) -> Callable[..., HttpResponse]:
    """A POST that adds one part (measure, offence, person, deadline) to a request, once per form.

    A form that fails comes back on the whole page, its section open, with what was typed and one
    message by each field (400); one that succeeds redirects to the page, so a reload posts nothing."""
    form_class, auto_id = PART_FORMS[name]

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        obj = selectors.get_request_for_user(request.user, pk, "change")
        if obj.status not in OPEN_FOR_PARTS:
            return _finished(request, obj)
        form = form_class(request.POST, auto_id=auto_id)
        if form.is_valid():
            data = dict(form.cleaned_data)
            token = data.pop("token")
            try:
                done = services.once(request.user, token, lambda: make(request.user, obj, data))
            except RequestFinished:
                return _finished(request, obj)
            except CaseValidationError as exc:
                form.add_error(None, str(exc))
            else:
                if done is None:
                    messages.info(request, _("This form was already submitted."))
                return redirect(reverse("cases:request-detail", args=[obj.pk]))
        return _page(request, obj, bound={name: form}, status=400)

    return view


measure_add = _part_view("measure_form", lambda user, obj, d: services.measure_add(actor=user, request=obj, **d))
offence_add = _part_view("offence_form", lambda user, obj, d: services.offence_add(actor=user, request=obj, **d))
person_add = _part_view("person_form", lambda user, obj, d: services.person_add(actor=user, request=obj, **d))
deadline_add = _part_view("deadline_form", lambda user, obj, d: services.deadline_add(actor=user, request=obj, **d))


@login_required
@require_POST
def request_consent(request: HttpRequest, pk: int) -> HttpResponse:
    obj = selectors.get_request_for_user(request.user, pk, "change")
    form = ConsentForm(request.POST, auto_id=PART_FORMS["consent_form"][1])
    if form.is_valid():
        try:
            services.request_record_use_consent(
                actor=request.user,  # type: ignore[arg-type]  # login_required: an authenticated User
                request=obj,
                note=form.cleaned_data["note"],
            )
        except CaseValidationError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("cases:request-detail", pk=obj.pk)
    return _page(request, obj, bound={"consent_form": form}, status=400)


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
    if obj.status not in OPEN_FOR_PARTS:
        return _finished(request, obj)
    form = DocumentForm(request.POST, request.FILES, auto_id=PART_FORMS["document_form"][1])
    # A new version (from a document's own row) names its document; its error shows on the page.
    new_version = bool(request.POST.get("document"))
    if form.is_valid():
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
        except RequestFinished:
            return _finished(request, obj)
        except (UploadRejected, CaseValidationError) as exc:
            form.add_error("file", str(exc))
        else:
            if done is None:
                messages.info(request, _("This form was already submitted."))
            return redirect("cases:request-detail", pk=obj.pk)
    if new_version:
        errors = [str(e) for errors in form.errors.values() for e in errors]
        return _state_response(request, obj, error=" ".join(errors) or _("Choose a file."), status=400)
    return _page(request, obj, bound={"document_form": form}, status=400)


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
