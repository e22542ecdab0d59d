"""The request writer's API: findings, review, the approval queue, translations (under /api/requests/)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import URLPattern, path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request as ApiRequest
from rest_framework.response import Response
from rest_framework.views import APIView

from entraide.cases.api import CONFLICT, RequestSerializer, ShownInAuditLog, case_errors
from entraide.cases.models import Document, Request
from entraide.cases.selectors import get_request_for_user
from entraide.reference.models import Language
from entraide.tenancy.policies import can, require_role

from . import selectors
from .checks import findings_for
from .models import LETTER_LANGUAGE_CHOICES, GeneratedLetter, LetterKind, Translation
from .services.letters import letter_generate
from .services.review import ReviewBlocked, request_approve, request_submit, request_transmit
from .services.translations import translation_set

FINDING: dict[str, serializers.Field[Any, Any, Any, Any]] = {
    "rule": serializers.CharField(),
    "severity": serializers.ChoiceField(choices=["blocking", "warning", "advice"]),
    "field": serializers.CharField(),
    "message": serializers.CharField(),
    "source": serializers.CharField(),
    "source_text": serializers.CharField(),
    "overridden": inline_serializer(
        "Override",
        {"reason": serializers.CharField(), "by": serializers.CharField(), "at": serializers.DateTimeField()},
        allow_null=True,
    ),
}
BLOCKED = inline_serializer(
    "ReviewBlocked",
    {
        "detail": serializers.CharField(),
        "current": serializers.CharField(),
        "allowed": serializers.ListField(child=serializers.CharField()),
        "findings": inline_serializer("FindingInConflict", FINDING, many=True),
    },
)


def _blocked(exc: ReviewBlocked) -> Response:
    return Response(
        {
            "detail": exc.message,
            "current": exc.current,
            "allowed": exc.allowed,
            "findings": [f.as_dict() for f in exc.findings],
        },
        status=status.HTTP_409_CONFLICT,
    )


class ReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ApproveSerializer(ReasonSerializer):
    overrides = serializers.DictField(
        child=serializers.CharField(max_length=2000),
        required=False,
        default=dict,
        help_text="Rule code to the reason for letting that warning go.",
    )


class Findings(APIView):
    @extend_schema(responses=inline_serializer("Finding", FINDING, many=True))
    def get(self, request: ApiRequest, pk: int) -> Response:
        obj = get_request_for_user(request.user, pk)
        return Response([f.as_dict() for f in findings_for(obj)])


class Submit(APIView):
    @extend_schema(
        request=ReasonSerializer, responses={200: inline_serializer("Finding", FINDING, many=True), 409: CONFLICT}
    )
    @case_errors
    def post(self, request: ApiRequest, pk: int) -> Response:
        obj = get_request_for_user(request.user, pk, "change")
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        found = request_submit(actor=request.user, request=obj, **data.validated_data)  # type: ignore[arg-type]
        return Response([f.as_dict() for f in found])


class _ReviewMove(APIView):
    """Approve or transmit: 409 with the findings that stop the move."""

    serializer: type[serializers.Serializer[Any]] = ReasonSerializer
    action = "change"

    def move(self, actor: Any, request: Request, data: dict[str, Any]) -> None:
        raise NotImplementedError

    @case_errors
    def post(self, request: ApiRequest, pk: int) -> Response:
        obj = get_request_for_user(request.user, pk, self.action)
        data = self.serializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            self.move(request.user, obj, dict(data.validated_data))
        except ReviewBlocked as exc:
            return _blocked(exc)
        return Response(RequestSerializer(obj).data)


@extend_schema(request=ApproveSerializer, responses={200: RequestSerializer, 409: BLOCKED})
class Approve(_ReviewMove):
    serializer = ApproveSerializer
    action = "approve"

    def move(self, actor: Any, request: Request, data: dict[str, Any]) -> None:
        request_approve(actor=actor, request=request, **data)


@extend_schema(request=ReasonSerializer, responses={200: RequestSerializer, 409: BLOCKED})
class Transmit(_ReviewMove):
    def move(self, actor: Any, request: Request, data: dict[str, Any]) -> None:
        request_transmit(actor=actor, request=request, **data)


class QueueRowSerializer(serializers.ModelSerializer[Request]):
    requested_jurisdiction: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    drafted_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        source="created_by", slug_field="email", read_only=True
    )

    class Meta:
        model = Request
        fields = ["id", "our_reference", "title", "urgent", "requested_jurisdiction", "drafted_by", "status_changed_at"]


class Queue(ShownInAuditLog, generics.ListAPIView[Request]):
    """Outgoing requests of my authority awaiting approval, urgent first, longest waiting first."""

    shown_parts = ("request",)
    request_of = "pk"
    serializer_class = QueueRowSerializer

    def get_queryset(self) -> QuerySet[Request]:
        if getattr(self, "swagger_fake_view", False):
            return Request.objects.none()
        if not can(self.request.user, "approve", Request):
            raise PermissionDenied
        return selectors.review_queue(self.request.user)


class TranslationSerializer(serializers.ModelSerializer[Translation]):
    language = serializers.SlugRelatedField(slug_field="code", queryset=Language.objects.all())
    document = serializers.PrimaryKeyRelatedField(queryset=Document.objects.all(), allow_null=True, required=False)

    class Meta:
        model = Translation
        fields = ["id", "document", "language", "status", "translator", "due_on", "updated_at"]
        read_only_fields = ["id", "updated_at"]


class Translations(generics.ListAPIView[Translation]):
    serializer_class = TranslationSerializer

    def get_queryset(self) -> QuerySet[Translation]:
        if getattr(self, "swagger_fake_view", False):
            return Translation.objects.none()
        obj = get_request_for_user(self.request.user, self.kwargs["pk"])
        return selectors.translations_for(self.request.user, obj)

    @extend_schema(request=TranslationSerializer, responses={201: TranslationSerializer})
    @case_errors
    def post(self, request: ApiRequest, pk: int) -> Response:
        obj = get_request_for_user(request.user, pk, "change")
        require_role(request.user, Request, "change")
        data = TranslationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        translation = translation_set(actor=request.user, request=obj, **d)  # type: ignore[arg-type]
        return Response(TranslationSerializer(translation).data, status=201)


class LetterSerializer(serializers.ModelSerializer[GeneratedLetter]):
    version = serializers.SerializerMethodField()
    sha256 = serializers.SerializerMethodField()
    outdated = serializers.SerializerMethodField()

    class Meta:
        model = GeneratedLetter
        fields = [
            "id",
            "document",
            "kind",
            "languages",
            "format",
            "version",
            "sha256",
            "signed_by",
            "generated_at",
            "outdated",
        ]

    def _latest(self, obj: GeneratedLetter) -> Any:
        versions = sorted(obj.document.versions.all(), key=lambda v: v.number)
        return versions[-1] if versions else None

    def get_version(self, obj: GeneratedLetter) -> int:
        latest = self._latest(obj)
        return int(latest.number) if latest else 0

    def get_sha256(self, obj: GeneratedLetter) -> str:
        latest = self._latest(obj)
        return str(latest.sha256) if latest else ""

    def get_outdated(self, obj: GeneratedLetter) -> bool:
        return bool(obj.request.updated_at > obj.generated_at)


class LetterRequestSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=LetterKind.choices)
    language = serializers.ChoiceField(choices=LETTER_LANGUAGE_CHOICES)
    second_language = serializers.ChoiceField(
        choices=LETTER_LANGUAGE_CHOICES, required=False, allow_blank=True, default=""
    )
    format = serializers.ChoiceField(choices=GeneratedLetter.Format.choices, default="pdf")


class Letters(generics.ListAPIView[GeneratedLetter]):
    """The request's generated letters, each with its latest version and SHA-256; POST generates one."""

    serializer_class = LetterSerializer

    def get_queryset(self) -> QuerySet[GeneratedLetter]:
        if getattr(self, "swagger_fake_view", False):
            return GeneratedLetter.objects.none()
        obj = get_request_for_user(self.request.user, self.kwargs["pk"])
        return (
            GeneratedLetter.objects.restrict(self.request.user)
            .filter(request=obj)
            .select_related("request", "document")
            .prefetch_related("document__versions")
        )

    @extend_schema(request=LetterRequestSerializer, responses={201: LetterSerializer})
    @case_errors
    def post(self, request: ApiRequest, pk: int) -> Response:
        obj = get_request_for_user(request.user, pk, "change")
        data = LetterRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        version = letter_generate(
            actor=request.user,  # type: ignore[arg-type]
            request=obj,
            kind=d["kind"],
            language=d["language"],
            second_language=d["second_language"],
            fmt=d["format"],
        )
        letter = GeneratedLetter.objects.select_related("request", "document").get(document=version.document)
        return Response(LetterSerializer(letter).data, status=201)


urlpatterns: list[URLPattern] = [
    path("<id:pk>/letters/", Letters.as_view(), name="api-request-letters"),
    path("review-queue/", Queue.as_view(), name="api-review-queue"),
    path("<id:pk>/findings/", Findings.as_view(), name="api-request-findings"),
    path("<id:pk>/submit/", Submit.as_view(), name="api-request-submit"),
    path("<id:pk>/approve/", Approve.as_view(), name="api-request-approve"),
    path("<id:pk>/transmit/", Transmit.as_view(), name="api-request-transmit"),
    path("<id:pk>/translations/", Translations.as_view(), name="api-request-translations"),
]
