"""Library documents in the REST API: list (filtered, paginated), detail with versions and sections,
and create (multipart with a file, or JSON with the text). The same selectors and services as the pages.

Bad input (an unknown kind, jurisdiction or language, a file refused by the upload checks, text
and file together) answers 400 with a message that names it; another authority's private
document answers 404.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.urls import path, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from entraide.audit.services import record
from entraide.core.api import JSONParser
from entraide.core.sniff import UploadRejected, check_size
from entraide.reference.selectors import UnknownCode, resolve_jurisdiction
from entraide.tenancy.policies import require_role

from .. import languages, selectors, services
from ..models import Document, Section, Version


def _jurisdiction(value: str, name: str = "jurisdiction") -> Any:
    try:
        return resolve_jurisdiction(value)
    except UnknownCode as exc:
        raise ValidationError({name: [str(exc)]}) from None


class LibrarySectionSerializer(serializers.ModelSerializer[Section]):
    anchor = serializers.CharField(read_only=True)

    class Meta:
        model = Section
        fields = ["position", "number", "heading", "anchor", "text"]


class LibraryVersionSerializer(serializers.ModelSerializer[Version]):
    file_url = serializers.SerializerMethodField()
    has_file = serializers.BooleanField(read_only=True)

    class Meta:
        model = Version
        fields = [
            "language",
            "title",
            "text_status",
            "text_problem",
            "has_file",
            "filename",
            "content_type",
            "size",
            "sha256",
            "file_url",
            "uploaded_at",
        ]

    def get_file_url(self, obj: Version) -> str | None:
        """Where the original file is downloaded (a page of the library; the read is audit-logged)."""
        return reverse("library:file", args=[obj.document_id, obj.language]) if obj.has_file else None


class LibraryVersionDetailSerializer(LibraryVersionSerializer):
    sections = LibrarySectionSerializer(many=True, read_only=True)

    class Meta(LibraryVersionSerializer.Meta):
        fields = [*LibraryVersionSerializer.Meta.fields, "sections"]


class LibraryDocumentSerializer(serializers.ModelSerializer[Document]):
    title = serializers.SerializerMethodField()
    jurisdiction: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    kept_by = serializers.SerializerMethodField()
    versions = LibraryVersionSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "title",
            "kind",
            "jurisdiction",
            "instrument_code",
            "article",
            "date",
            "source",
            "licence",
            "visibility",
            "kept_by",
            "versions",
            "url",
            "created_at",
            "updated_at",
        ]

    def get_title(self, obj: Document) -> str:
        """The title in the reader's language where the document has it, else in English, else the first."""
        version = selectors.version_for(obj)
        return version.title if version else ""

    def get_kept_by(self, obj: Document) -> str | None:
        """The authority that keeps the document; null for the texts that ship with Entraide."""
        return obj.authority.name if obj.authority else None

    def get_url(self, obj: Document) -> str:
        return reverse("library:document", args=[obj.pk])


class LibraryDocumentDetailSerializer(LibraryDocumentSerializer):
    versions = LibraryVersionDetailSerializer(many=True, read_only=True)


class LibraryDocumentTextSerializer(serializers.Serializer[Any]):
    """A new document: its metadata and its first language version, with its ``text`` (JSON)."""

    kind = serializers.ChoiceField(choices=Document.Kind.choices)
    title = serializers.CharField(max_length=500)
    language = serializers.CharField(max_length=8, help_text="ISO 639-1 code, such as en, fr or ar.")
    visibility = serializers.ChoiceField(choices=Document.Visibility.choices, default=Document.Visibility.AUTHORITY)
    jurisdiction = serializers.CharField(
        max_length=3, required=False, allow_blank=True, default="", help_text="ISO 3166-1 alpha-3 or alpha-2."
    )
    instrument_code = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    article = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    date = serializers.DateField(required=False, allow_null=True, default=None)
    # A field named like the Field's own "source" attribute: DRF handles it, the stubs do not know.
    source = serializers.CharField(  # type: ignore[assignment]
        required=False, allow_blank=True, default="", help_text="A URL or a citation."
    )
    licence = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    text = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)

    def validate_language(self, value: str) -> str:
        value = value.strip().lower()
        if not languages.is_language(value):
            raise serializers.ValidationError(f"unknown language {value!r}: give an ISO 639-1 code such as en or fr")
        return value

    def validate_jurisdiction(self, value: str) -> str:
        if not value.strip():
            return ""
        try:
            return str(resolve_jurisdiction(value).code)
        except UnknownCode as exc:
            raise serializers.ValidationError(str(exc)) from None

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        upload = attrs.setdefault("file", None)
        if upload is not None and attrs["text"].strip():
            raise serializers.ValidationError({"text": ["Send the text or a file, not both."]})
        if upload is None and not attrs["text"].strip():
            raise serializers.ValidationError({"text": ["Send the text, or a file (multipart/form-data)."]})
        return attrs


class LibraryDocumentUploadSerializer(LibraryDocumentTextSerializer):
    """A new document whose first language version is a ``file`` (multipart/form-data): PDF, DOCX or
    ODT, whose text is extracted, or an image, kept without text."""

    file = serializers.FileField(required=False, allow_null=True, default=None)

    def validate_file(self, upload: Any) -> Any:
        if upload is not None:
            try:
                check_size(upload.size, settings.ENTRAIDE_UPLOAD_MAX_BYTES)
            except UploadRejected as exc:
                raise serializers.ValidationError(str(exc)) from None
        return upload


KIND = OpenApiParameter("kind", OpenApiTypes.STR, enum=Document.Kind.values, description="kind of document")
FILTERS = [
    KIND,
    OpenApiParameter("jurisdiction", OpenApiTypes.STR, description="ISO 3166-1 alpha-3 or alpha-2"),
    OpenApiParameter("instrument", OpenApiTypes.STR, description="instrument code, such as UNTOC or CETS-030"),
    OpenApiParameter("language", OpenApiTypes.STR, description="documents with a version in this ISO 639-1 language"),
]


class DocumentList(generics.ListAPIView[Document]):
    """The library's documents the user may see, newest first, filtered by kind, jurisdiction,
    instrument and language; paginated."""

    serializer_class = LibraryDocumentSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Document]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Document.objects.none()
        params = self.request.query_params
        documents = selectors.documents_for_user(self.request.user).order_by("-updated_at", "-pk")
        if kind := params.get("kind"):
            if kind not in Document.Kind.values:
                raise ValidationError(
                    {"kind": [f"unknown kind {kind!r}; choose one of {', '.join(Document.Kind.values)}"]}
                )
            documents = documents.filter(kind=kind)
        if jurisdiction := params.get("jurisdiction"):
            documents = documents.filter(jurisdiction=_jurisdiction(jurisdiction))
        if instrument := params.get("instrument"):
            documents = documents.filter(instrument_code__iexact=instrument.strip())
        if language := params.get("language"):
            language = language.strip().lower()
            if not languages.is_language(language):
                raise ValidationError({"language": [f"unknown language {language!r}: give an ISO 639-1 code"]})
            documents = documents.filter(versions__language=language)  # one version per language: no repeats
        return documents

    @extend_schema(operation_id="library_documents_list", parameters=FILTERS)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="library_documents_create",
        request={
            "multipart/form-data": LibraryDocumentUploadSerializer,
            "application/json": LibraryDocumentTextSerializer,
        },
        responses={201: LibraryDocumentDetailSerializer},
    )
    def post(self, request: Request) -> Response:
        require_role(request.user, Document, "add")
        given = LibraryDocumentUploadSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        upload = data.pop("file")
        jurisdiction = data.pop("jurisdiction")
        try:
            document = services.document_create(
                actor=request.user,
                jurisdiction=_jurisdiction(jurisdiction) if jurisdiction else None,
                file=(upload.name, upload.read()) if upload is not None else None,
                **data,
            )
        except UploadRejected as exc:
            return Response({"file": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
        except DjangoValidationError as exc:
            return Response(
                exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages[0]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        document = selectors.get_document_for_user(request.user, document.pk)
        return Response(LibraryDocumentDetailSerializer(document).data, status=status.HTTP_201_CREATED)


class DocumentDetail(generics.RetrieveAPIView[Document]):
    """One document with its metadata, its language versions and their sections."""

    serializer_class = LibraryDocumentDetailSerializer

    def get_object(self) -> Document:
        document = selectors.get_document_for_user(self.request.user, self.kwargs["pk"])
        if document.visibility != Document.Visibility.PUBLIC:
            record(
                self.request.user,
                "library_document.viewed",
                document,
                authority_id=document.authority_id,
                detail={"what": "api"},
            )
        return document

    @extend_schema(operation_id="library_documents_retrieve")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


urlpatterns = [
    path("documents/", DocumentList.as_view(), name="api-library-document-list"),
    path("documents/<id:pk>/", DocumentDetail.as_view(), name="api-library-document-detail"),
]
