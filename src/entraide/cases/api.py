"""Requests in the REST API: the same selectors, filters and services as the pages."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request as ApiRequest
from rest_framework.response import Response
from rest_framework.views import APIView

from entraide.audit.services import record_read, record_shown
from entraide.core.api import JSONParser
from entraide.core.params import MAX_ID, whole_number
from entraide.core.sniff import EXTENSIONS, UploadRejected, check_size
from entraide.reference.models import Jurisdiction, OffenceClass
from entraide.tenancy.models import Authority
from entraide.tenancy.policies import can, require_role

from . import lifecycle, selectors, services
from .errors import CaseValidationError, SpecialityBlocked, TransitionError
from .filters import RequestFilter
from .models import (
    RELATIONS,
    Deadline,
    Document,
    DocumentVersion,
    Measure,
    Offence,
    Person,
    Reminder,
    Request,
    TimelineEntry,
)
from .signals import viewed
from .views import _attachment

F = TypeVar("F", bound=Callable[..., Any])


def case_errors(method: F) -> F:
    """Turn the services' refusals into 409 / 400 / 403 answers that say why."""

    @wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Response | HttpResponse:
        try:
            return method(*args, **kwargs)
        except TransitionError as exc:  # 409, or 403 when the move is not the actor's role's (RoleRefused)
            return Response({"detail": exc.message, "current": exc.current, "allowed": exc.allowed}, status=exc.status)
        except (CaseValidationError, UploadRejected) as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        except SpecialityBlocked as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)

    return cast(F, wrapper)


# --- serializers --------------------------------------------------------------------------


class OffenceSerializer(serializers.ModelSerializer[Offence]):
    offence_class = serializers.SlugRelatedField(
        slug_field="code", queryset=OffenceClass.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Offence
        fields = [
            "id",
            "provision",
            "text",
            "max_penalty_years",
            "life_imprisonment",
            "offence_class",
            "transnational",
            "organized_group",
        ]


class PersonSerializer(serializers.ModelSerializer[Person]):
    nationality = serializers.SlugRelatedField(
        slug_field="code", queryset=Jurisdiction.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Person
        fields = ["id", "role", "name", "is_entity", "identity", "nationality", "location"]


class DeadlineSerializer(serializers.ModelSerializer[Deadline]):
    class Meta:
        model = Deadline
        fields = ["id", "kind", "due_on", "note", "met"]
        read_only_fields = ["met"]


class MeasureSerializer(serializers.ModelSerializer[Measure]):
    class Meta:
        model = Measure
        fields = [
            "id",
            "request",
            "kind",
            "description",
            "details",
            "status",
            "assigned_authority",
            "due_on",
            "result",
            "result_note",
            "result_recorded_at",
            "status_changed_at",
        ]
        read_only_fields = [
            "request",
            "status",
            "assigned_authority",
            "result",
            "result_note",
            "result_recorded_at",
            "status_changed_at",
        ]


class TimelineSerializer(serializers.ModelSerializer[TimelineEntry]):
    class Meta:
        model = TimelineEntry
        fields = ["id", "measure", "old_status", "new_status", "actor_label", "reason", "note", "at"]


class VersionSerializer(serializers.ModelSerializer[DocumentVersion]):
    class Meta:
        model = DocumentVersion
        fields = ["number", "filename", "content_type", "size", "sha256", "uploaded_at"]


class DocumentSerializer(serializers.ModelSerializer[Document]):
    versions = VersionSerializer(many=True, read_only=True)

    class Meta:
        model = Document
        fields = ["id", "request", "kind", "title", "shared_with_executor", "derived_from", "versions"]


class RequestSerializer(serializers.ModelSerializer[Request]):
    requesting_jurisdiction: serializers.SlugRelatedField[Jurisdiction] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    requested_jurisdiction: serializers.SlugRelatedField[Jurisdiction] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    counterpart: serializers.SlugRelatedField[Jurisdiction] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    # Empty until a request is refused or related to another: the schema says "" is an answer too
    # (a read-only field generated from the model would drop allow_blank and list the choices only).
    refusal_ground = serializers.ChoiceField(choices=lifecycle.RefusalGround.choices, allow_blank=True, read_only=True)
    relation = serializers.ChoiceField(choices=RELATIONS, allow_blank=True, read_only=True)

    class Meta:
        model = Request
        fields = [
            "id",
            "our_reference",
            "their_reference",
            "national_case_number",
            "direction",
            "modality",
            "status",
            "title",
            "facts",
            "proceedings",
            "purpose",
            "procedure",
            "details",
            "requesting_jurisdiction",
            "requested_jurisdiction",
            "counterpart",
            "requesting_authority",
            "requested_authority",
            "assigned_authority",
            "officer",
            "legal_basis_code",
            "legal_basis_articles",
            "legal_basis_snapshot",
            "legal_basis_reason",
            "approved_by",
            "approved_alone",
            "urgent",
            "urgency_reason",
            "confidential",
            "use_limitation",
            "use_consent_recorded_at",
            "refusal_ground",
            "refusal_text",
            "related_to",
            "relation",
            "received_on",
            "status_changed_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class RequestCreateSerializer(serializers.Serializer[Any]):
    direction = serializers.ChoiceField(choices=lifecycle.Direction.choices)
    counterpart = serializers.SlugRelatedField(slug_field="code", queryset=Jurisdiction.objects.all())
    modality = serializers.ChoiceField(choices=Request.Modality.choices, default=Request.Modality.MLA)
    title = serializers.CharField(max_length=300)
    their_reference = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    national_case_number = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    facts = serializers.CharField(required=False, default="", allow_blank=True)
    urgent = serializers.BooleanField(required=False, default=False)
    urgency_reason = serializers.CharField(required=False, default="", allow_blank=True)
    confidential = serializers.BooleanField(required=False, default=False)
    use_limitation = serializers.CharField(required=False, default="", allow_blank=True)


class RequestUpdateSerializer(serializers.Serializer[Any]):
    modality = serializers.ChoiceField(choices=Request.Modality.choices, required=False)
    title = serializers.CharField(max_length=300, required=False)
    their_reference = serializers.CharField(max_length=100, required=False, allow_blank=True)
    national_case_number = serializers.CharField(max_length=100, required=False, allow_blank=True)
    facts = serializers.CharField(required=False, allow_blank=True)
    proceedings = serializers.CharField(required=False, allow_blank=True)
    purpose = serializers.CharField(required=False, allow_blank=True)
    procedure = serializers.CharField(required=False, allow_blank=True)
    details = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        help_text="The modality's fields (cases.details).",
    )
    urgent = serializers.BooleanField(required=False)
    urgency_reason = serializers.CharField(required=False, allow_blank=True)
    confidential = serializers.BooleanField(required=False)
    use_limitation = serializers.CharField(required=False, allow_blank=True)


class TransitionSerializer(serializers.Serializer[Any]):
    to = serializers.ChoiceField(choices=lifecycle.Status.choices)
    reason = serializers.CharField(required=False, default="", allow_blank=True)
    ground = serializers.ChoiceField(choices=lifecycle.RefusalGround.choices, required=False, default="")
    ground_text = serializers.CharField(required=False, default="", allow_blank=True)


class MeasureTransitionSerializer(serializers.Serializer[Any]):
    to = serializers.ChoiceField(choices=lifecycle.MeasureStatus.choices)
    reason = serializers.CharField(required=False, default="", allow_blank=True)
    result = serializers.CharField(required=False, default="", allow_blank=True)


class AssignSerializer(serializers.Serializer[Any]):
    authority = serializers.PrimaryKeyRelatedField(queryset=Authority.objects.all())
    reason = serializers.CharField(required=False, default="", allow_blank=True)


class NoteSerializer(serializers.Serializer[Any]):
    note = serializers.CharField()


class CodeSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(max_length=60)
    reason = serializers.CharField(
        max_length=2000,
        required=False,
        default="",
        allow_blank=True,
        help_text="Needed when the engine does not find the option applicable to the request.",
    )


class UploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField()
    title = serializers.CharField(required=False, default="", allow_blank=True)
    kind = serializers.ChoiceField(choices=Document.Kind.choices, default=Document.Kind.OTHER)
    document = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=MAX_ID)
    shared_with_executor = serializers.BooleanField(required=False, default=False)

    def validate_file(self, upload: Any) -> Any:
        try:
            check_size(upload.size, settings.ENTRAIDE_UPLOAD_MAX_BYTES)
        except UploadRejected as exc:
            raise serializers.ValidationError(str(exc)) from None
        return upload


class ShareSerializer(serializers.Serializer[Any]):
    shared = serializers.BooleanField()


class CopySerializer(serializers.Serializer[Any]):
    target = serializers.CharField(max_length=60, help_text="our reference of the request to attach to")


class ReminderSerializer(serializers.ModelSerializer[Reminder]):
    class Meta:
        model = Reminder
        fields = [
            "id",
            "request",
            "measure",
            "deadline",
            "kind",
            "message",
            "created_at",
            "emailed_at",
            "dismissed_at",
            "executor_dismissed_at",
        ]


CONFLICT = inline_serializer(
    "Conflict",
    {
        "detail": serializers.CharField(),
        "current": serializers.CharField(),
        "allowed": serializers.ListField(child=serializers.CharField()),
    },
)


# --- requests -----------------------------------------------------------------------------


class ShownInAuditLog:
    """A list whose rows are logged as shown: one audit event per response, naming the requests
    whose ``shown_parts`` it showed (Directive (EU) 2016/680 art. 25: consultation is logged)."""

    shown_parts: tuple[str, ...] = ()
    request_of = "request_id"  # the attribute of a row that names its request

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("many") and args:
            rows = list(args[0])
            args = (rows, *args[1:])
            ids = [getattr(row, self.request_of) for row in rows]
            http: Any = self.request  # type: ignore[attr-defined]
            where = http.resolver_match.view_name if http.resolver_match else ""
            record_shown(http.user, Request, ids, self.shown_parts, where=where)
        return super().get_serializer(*args, **kwargs)  # type: ignore[misc]


JURISDICTIONS_SHOWN = ("requesting_jurisdiction", "requested_jurisdiction", "counterpart")

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    description="a UUID: the same key twice creates one object; the repeat answers with the first one",
)


def idempotency_key(request: ApiRequest) -> uuid.UUID | None:
    """The request's ``Idempotency-Key`` header as a UUID (400 if it is not one), or None."""
    key = request.headers.get("Idempotency-Key")
    try:
        return uuid.UUID(key) if key else None
    except ValueError:
        raise serializers.ValidationError({"detail": _("Idempotency-Key must be a UUID.")}) from None


class RequestList(ShownInAuditLog, generics.ListCreateAPIView[Request]):
    """My authority's requests (an executor: those assigned to it), with the list page's filters."""

    shown_parts = ("request",)
    request_of = "pk"
    serializer_class = RequestSerializer
    filterset_class = RequestFilter

    def get_queryset(self) -> QuerySet[Request]:
        if getattr(self, "swagger_fake_view", False):
            return Request.objects.none()
        require_role(self.request.user, Request, "view")
        # The serializer shows the three jurisdictions by code: join them, or each row costs three queries.
        return selectors.request_list(self.request.user).select_related(*JURISDICTIONS_SHOWN)

    @extend_schema(
        request=RequestCreateSerializer,
        responses={201: RequestSerializer},
        parameters=[IDEMPOTENCY_KEY],
    )
    @case_errors
    def post(self, request: ApiRequest, *args: Any, **kwargs: Any) -> Response:
        require_role(request.user, Request, "create")
        data = RequestCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        user: Any = request.user
        ours = user.authority.jurisdiction
        counterpart = d.pop("counterpart")
        outgoing = d["direction"] == lifecycle.Direction.OUTGOING
        token = idempotency_key(request)
        obj = services.request_create(
            actor=user,
            requesting_jurisdiction=ours if outgoing else counterpart,
            requested_jurisdiction=counterpart if outgoing else ours,
            idempotency_key=token,
            **d,
        )
        return Response(RequestSerializer(obj).data, status=201)


class RequestDetail(APIView):
    @extend_schema(responses=RequestSerializer)
    def get(self, request: ApiRequest, pk: int) -> Response:
        obj = selectors.get_request_for_user(request.user, pk)
        record_read(request.user, obj)
        viewed(request.user, obj)
        return Response(RequestSerializer(obj).data)

    @extend_schema(request=RequestUpdateSerializer, responses=RequestSerializer)
    @case_errors
    def patch(self, request: ApiRequest, pk: int) -> Response:
        obj = selectors.get_request_for_user(request.user, pk, "change")
        data = RequestUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.request_update(actor=request.user, request=obj, **data.validated_data)  # type: ignore[arg-type]
        return Response(RequestSerializer(obj).data)


class RequestTransition(APIView):
    @extend_schema(request=TransitionSerializer, responses={200: RequestSerializer, 409: CONFLICT})
    @case_errors
    def post(self, request: ApiRequest, pk: int) -> Response:
        obj = selectors.get_request_for_user(request.user, pk, "transition")
        data = TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.request_transition(actor=request.user, request=obj, **data.validated_data)  # type: ignore[arg-type]
        return Response(RequestSerializer(obj).data)


class RequestAssign(APIView):
    @extend_schema(request=AssignSerializer, responses={200: RequestSerializer, 409: CONFLICT})
    @case_errors
    def post(self, request: ApiRequest, pk: int) -> Response:
        obj = selectors.get_request_for_user(request.user, pk, "change")
        data = AssignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.request_assign(actor=request.user, request=obj, **data.validated_data)  # type: ignore[arg-type]
        return Response(RequestSerializer(obj).data)


class RequestConsent(APIView):
    @extend_schema(request=NoteSerializer, responses=RequestSerializer)
    @case_errors
    def post(self, request: ApiRequest, pk: int) -> Response:
        obj = selectors.get_request_for_user(request.user, pk, "change")
        data = NoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.request_record_use_consent(
            actor=request.user,  # type: ignore[arg-type]  # login_required: an authenticated User
            request=obj,
            note=data.validated_data["note"],
        )
        return Response(RequestSerializer(obj).data)


class RequestLegalBasis(APIView):
    @extend_schema(
        responses=inline_serializer(
            "LegalBasisAnswer",
            {"options": serializers.ListField(child=serializers.DictField()), "fallback": serializers.CharField()},
        )
    )
    @case_errors
    def get(self, request: ApiRequest, pk: int) -> Response:
        obj = selectors.get_request_for_user(request.user, pk, "change")
        try:
            return Response(services.legal_basis_options(request=obj))
        except ValueError as exc:
            return Response({"detail": str(exc)}, status=400)

    @extend_schema(request=CodeSerializer, responses=RequestSerializer)
    @case_errors
    def post(self, request: ApiRequest, pk: int) -> Response:
        obj = selectors.get_request_for_user(request.user, pk, "change")
        data = CodeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.request_choose_legal_basis(
            actor=request.user,  # type: ignore[arg-type]  # login_required: an authenticated User
            request=obj,
            code=data.validated_data["code"],
            reason=data.validated_data["reason"],
        )
        return Response(RequestSerializer(obj).data)


class RequestTimeline(ShownInAuditLog, generics.ListAPIView[TimelineEntry]):
    shown_parts = ("timeline",)
    serializer_class = TimelineSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[TimelineEntry]:
        if getattr(self, "swagger_fake_view", False):
            return TimelineEntry.objects.none()
        obj = selectors.get_request_for_user(self.request.user, self.kwargs["pk"])
        return selectors.timeline_for_user(self.request.user, obj)


def _parts(
    serializer_class: type[serializers.ModelSerializer[Any]],
    model: type[Any],
    add: Callable[..., Any],
    related: tuple[str, ...] = (),
) -> type[generics.ListCreateAPIView[Any]]:
    """List and add one kind of part of a request (offences, persons, deadlines, measures).
    ``related``: the rows the serializer reads of each part (by code), joined in the same query."""

    class Parts(ShownInAuditLog, generics.ListCreateAPIView[Any]):
        pagination_class = None
        shown_parts = (model._meta.model_name,)

        def get_serializer_class(self) -> type[serializers.ModelSerializer[Any]]:
            return serializer_class

        def get_queryset(self) -> QuerySet[Any]:
            if getattr(self, "swagger_fake_view", False):
                return model.objects.none()
            obj = selectors.get_request_for_user(self.request.user, self.kwargs["pk"])
            parts = model.objects.restrict(self.request.user).filter(request=obj)
            return parts.select_related(*related) if related else parts

        @extend_schema(parameters=[IDEMPOTENCY_KEY], responses={201: serializer_class, 200: serializer_class})
        @case_errors
        def post(self, request: ApiRequest, *args: Any, **kwargs: Any) -> Response:
            obj = selectors.get_request_for_user(request.user, kwargs["pk"], "change")
            data = serializer_class(data=request.data)
            data.is_valid(raise_exception=True)
            token = idempotency_key(request)

            def make() -> Any:
                return add(actor=request.user, request=obj, **data.validated_data)

            if token is None:
                return Response(serializer_class(make()).data, status=201)
            rows = model.objects.restrict(request.user).filter(request=obj)
            part, created = services.once_or_first(request.user, token, make, rows)
            return Response(serializer_class(part).data, status=201 if created else 200)

    Parts.__name__ = Parts.__qualname__ = f"Request{model.__name__}List"
    return Parts


OffenceList = _parts(OffenceSerializer, Offence, services.offence_add, ("offence_class",))
PersonList = _parts(PersonSerializer, Person, services.person_add, ("nationality",))
DeadlineList = _parts(DeadlineSerializer, Deadline, services.deadline_add)
MeasureList = _parts(MeasureSerializer, Measure, services.measure_add)


class MeasureTransition(APIView):
    @extend_schema(request=MeasureTransitionSerializer, responses={200: MeasureSerializer, 409: CONFLICT})
    @case_errors
    def post(self, request: ApiRequest, pk: int) -> Response:
        measure = selectors.get_measure_for_user(request.user, pk, "execute")
        data = MeasureTransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.measure_transition(actor=request.user, measure=measure, **data.validated_data)  # type: ignore[arg-type]
        return Response(MeasureSerializer(measure).data)


# --- documents ----------------------------------------------------------------------------


class DocumentList(ShownInAuditLog, generics.ListAPIView[Document]):
    shown_parts = ("documents",)
    serializer_class = DocumentSerializer
    pagination_class = None
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self) -> QuerySet[Document]:
        if getattr(self, "swagger_fake_view", False):
            return Document.objects.none()
        obj = selectors.get_request_for_user(self.request.user, self.kwargs["pk"])
        return Document.objects.restrict(self.request.user).filter(request=obj).prefetch_related("versions")

    @extend_schema(request={"multipart/form-data": UploadSerializer}, responses={201: DocumentSerializer})
    @case_errors
    def post(self, request: ApiRequest, pk: int) -> Response:
        obj = selectors.get_request_for_user(request.user, pk, "execute")
        data = UploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        document = selectors.get_document_for_user(request.user, d["document"]) if d["document"] else None
        upload = d["file"]
        executor = not can(request.user, "share", Document)
        version = services.document_upload(
            actor=request.user,  # type: ignore[arg-type]  # login_required: an authenticated User
            request=obj,
            filename=upload.name,
            data=upload.read(),
            title=d["title"],
            kind=d["kind"],
            document=document,
            shared_with_executor=True if executor else d["shared_with_executor"],
        )
        return Response(DocumentSerializer(version.document).data, status=201)


# A document is answered with the content type its bytes were checked to have (core/sniff.py).
DOWNLOAD: dict[Any, Any] = {(200, content_type): bytes for content_type in EXTENSIONS}


class DocumentDownload(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("v", int, description="version number; the latest if absent")],
        responses=DOWNLOAD,
    )
    def get(self, request: ApiRequest, pk: int) -> HttpResponse:
        raw = request.query_params.get("v")
        number = whole_number(raw)
        if raw is not None and number is None:
            return Response({"detail": _("v must be a version number.")}, status=400)
        version = selectors.get_version_for_user(request.user, pk, number)
        data = services.document_read(actor=request.user, version=version)  # type: ignore[arg-type]
        return _attachment(data, version.filename, version.content_type)


class DocumentExport(APIView):
    @extend_schema(request=None, responses=DOWNLOAD)
    @case_errors
    def post(self, request: ApiRequest, pk: int) -> HttpResponse:
        document = selectors.get_document_for_user(request.user, pk, "change")
        version = selectors.get_version_for_user(request.user, document.pk)
        data = services.document_export(actor=request.user, version=version)  # type: ignore[arg-type]
        return _attachment(data, version.filename, version.content_type)


class DocumentShare(APIView):
    @extend_schema(request=ShareSerializer, responses=DocumentSerializer)
    def post(self, request: ApiRequest, pk: int) -> Response:
        document = selectors.get_document_for_user(request.user, pk, "change")
        data = ShareSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.document_share(
            actor=request.user,  # type: ignore[arg-type]  # login_required: an authenticated User
            document=document,
            shared=data.validated_data["shared"],
        )
        return Response(DocumentSerializer(document).data)


class DocumentCopy(APIView):
    @extend_schema(request=CopySerializer, responses={201: DocumentSerializer})
    @case_errors
    def post(self, request: ApiRequest, pk: int) -> Response:
        document = selectors.get_document_for_user(request.user, pk, "change")
        data = CopySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        target = (
            selectors.requests_for_user(request.user, "change")
            .filter(our_reference=data.validated_data["target"])
            .first()
        )
        if target is None:
            return Response({"detail": "no request of yours has this reference"}, status=400)
        copy = services.document_copy(actor=request.user, document=document, target=target)  # type: ignore[arg-type]
        return Response(DocumentSerializer(copy).data, status=201)


# --- reminders ----------------------------------------------------------------------------


class ReminderList(ShownInAuditLog, generics.ListAPIView[Reminder]):
    shown_parts = ("reminders",)
    serializer_class = ReminderSerializer

    def get_queryset(self) -> QuerySet[Reminder]:
        if getattr(self, "swagger_fake_view", False):
            return Reminder.objects.none()
        require_role(self.request.user, Reminder, "view")
        return (
            Reminder.objects.restrict(self.request.user)
            .filter(**{f"{Reminder.dismissed_field(self.request.user)}__isnull": True})
            .order_by("created_at", "id")
        )


class ReminderDismiss(APIView):
    @extend_schema(request=None, responses=ReminderSerializer)
    def post(self, request: ApiRequest, pk: int) -> Response:
        reminder = selectors.get_reminder_for_user(request.user, pk, "change")
        services.reminder_dismiss(actor=request.user, reminder=reminder)  # type: ignore[arg-type]
        return Response(ReminderSerializer(reminder).data)


urlpatterns = [
    path("", RequestList.as_view(), name="api-request-list"),
    path("<id:pk>/", RequestDetail.as_view(), name="api-request-detail"),
    path("<id:pk>/transition/", RequestTransition.as_view(), name="api-request-transition"),
    path("<id:pk>/assign/", RequestAssign.as_view(), name="api-request-assign"),
    path("<id:pk>/consent/", RequestConsent.as_view(), name="api-request-consent"),
    path("<id:pk>/legal-basis/", RequestLegalBasis.as_view(), name="api-request-legal-basis"),
    path("<id:pk>/timeline/", RequestTimeline.as_view(), name="api-request-timeline"),
    path("<id:pk>/offences/", OffenceList.as_view(), name="api-offence-list"),
    path("<id:pk>/persons/", PersonList.as_view(), name="api-person-list"),
    path("<id:pk>/deadlines/", DeadlineList.as_view(), name="api-deadline-list"),
    path("<id:pk>/measures/", MeasureList.as_view(), name="api-measure-list"),
    path("<id:pk>/documents/", DocumentList.as_view(), name="api-document-list"),
    path("measures/<id:pk>/transition/", MeasureTransition.as_view(), name="api-measure-transition"),
    path("documents/<id:pk>/download/", DocumentDownload.as_view(), name="api-document-download"),
    path("documents/<id:pk>/export/", DocumentExport.as_view(), name="api-document-export"),
    path("documents/<id:pk>/share/", DocumentShare.as_view(), name="api-document-share"),
    path("documents/<id:pk>/copy/", DocumentCopy.as_view(), name="api-document-copy"),
    path("reminders/", ReminderList.as_view(), name="api-reminder-list"),
    path("reminders/<id:pk>/dismiss/", ReminderDismiss.as_view(), name="api-reminder-dismiss"),
]
