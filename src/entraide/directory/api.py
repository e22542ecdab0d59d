"""The directory in the REST API: networks, shared networks, routing, authorities, contact points, notes.

Bad input (unknown codes, bad dates, unknown modality) answers 400 with a one-line
``detail`` naming the bad value and close matches; never a 500.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.urls import path, reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from entraide.library import selectors as library_selectors
from entraide.library.models import Document, Version
from entraide.reference.selectors import UnknownCode, resolve_jurisdiction
from entraide.tenancy.models import Authority
from entraide.tenancy.policies import found_for_user, require_role

from . import selectors
from .models import ContactPoint


def _date(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({"detail": f"{name}: {value!r} is not a date (YYYY-MM-DD)"}) from None


def _jurisdiction(value: str | None, name: str) -> Any:
    if not value:
        raise ValidationError({"detail": f"{name} is required (ISO alpha-3 or alpha-2)"})
    if "\x00" in value:
        raise ValidationError({"detail": f"{name} contains a NUL character"})
    try:
        return resolve_jurisdiction(value)
    except UnknownCode as exc:
        raise ValidationError({"detail": str(exc)}) from None


class NetworkList(APIView):
    """Every network with its member jurisdictions (ISO alpha-3) as at ``as_at`` (today by default)."""

    @extend_schema(
        operation_id="directory_networks_list",
        parameters=[OpenApiParameter("as_at", OpenApiTypes.DATE, description="YYYY-MM-DD, default today")],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request) -> Response:
        date = _date(request.query_params.get("as_at"), "as_at") or timezone.localdate()
        return Response({"as_at": date.isoformat(), "networks": [n.as_dict() for n in selectors.networks_as_at(date)]})


class NetworkDetail(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("as_at", OpenApiTypes.DATE, description="YYYY-MM-DD, default today")],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request, code: str) -> Response:
        date = _date(request.query_params.get("as_at"), "as_at") or timezone.localdate()
        try:
            network = selectors.get_network(code)
        except UnknownCode as exc:
            raise NotFound(str(exc)) from None
        item = next(n for n in selectors.networks_as_at(date) if n.network.pk == network.pk)
        contacts = [selectors.contact_dict(role) for role in selectors.network_contact_points(network)]
        return Response({"as_at": date.isoformat(), **item.as_dict(), "contact_points": contacts})


class SharedNetworks(APIView):
    """The networks two jurisdictions share as at a date."""

    @extend_schema(
        parameters=[
            OpenApiParameter("a", OpenApiTypes.STR, required=True),
            OpenApiParameter("b", OpenApiTypes.STR, required=True),
            OpenApiParameter("as_at", OpenApiTypes.DATE),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request) -> Response:
        a = _jurisdiction(request.query_params.get("a"), "a")
        b = _jurisdiction(request.query_params.get("b"), "b")
        date = _date(request.query_params.get("as_at"), "as_at") or timezone.localdate()
        shared = selectors.shared_networks(a.code, b.code, date)
        return Response(
            {
                "a": a.code,
                "b": b.code,
                "as_at": date.isoformat(),
                "networks": [{"code": n.code, "name": n.name} for n in shared],
            }
        )


class RouteView(APIView):
    """Routing: the requested state's authorities, languages, channels, and the shared networks."""

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.STR, required=True, description="requesting jurisdiction"),
            OpenApiParameter("to", OpenApiTypes.STR, required=True, description="requested jurisdiction"),
            OpenApiParameter("modality", OpenApiTypes.STR, description="default mla"),
            OpenApiParameter("date", OpenApiTypes.DATE),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request) -> Response:
        requesting = _jurisdiction(request.query_params.get("from"), "from")
        requested = _jurisdiction(request.query_params.get("to"), "to")
        try:
            modality = selectors.resolve_modality(request.query_params.get("modality", "mla"))
        except UnknownCode as exc:
            raise ValidationError({"detail": str(exc)}) from None
        date = _date(request.query_params.get("date"), "date")
        return Response(selectors.route(requesting, requested, modality, date).as_dict())


class AuthoritySerializer(serializers.ModelSerializer[Authority]):
    jurisdiction: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    languages: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    designations = serializers.SerializerMethodField()

    class Meta:
        model = Authority
        fields = [
            "id",
            "name",
            "names",
            "jurisdiction",
            "kind",
            "designations",
            "languages",
            "channels",
            "urgent_procedure",
            "available_24_7",
            "office_hours",
            "time_zone",
            "address",
            "website",
            "email",
            "telephone",
            "exchange_peer",
            "last_verified_on",
            "last_verified_by",
            "source",
            "is_demo",
        ]

    def get_designations(self, obj: Authority) -> list[dict[str, Any]]:
        return [
            {
                "instrument": d.instrument_code,
                "articles": d.articles,
                "modalities": d.modalities,
                "source": d.source,
                "as_at": d.as_at.isoformat() if d.as_at else None,
            }
            for d in obj.designations.all()
        ]


class ContactPointSerializer(serializers.ModelSerializer[ContactPoint]):
    authority: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(read_only=True)
    jurisdiction = serializers.CharField(source="authority.jurisdiction.code", read_only=True)
    languages: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    networks = serializers.SerializerMethodField()

    class Meta:
        model = ContactPoint
        fields = [
            "id",
            "authority",
            "jurisdiction",
            "name",
            "is_function",
            "title",
            "languages",
            "available_24_7",
            "email",
            "telephone",
            "networks",
            "last_verified_on",
            "last_verified_by",
            "is_demo",
        ]

    def get_networks(self, obj: ContactPoint) -> list[dict[str, str]]:
        return [{"network": r.network.code, "role": r.role} for r in obj.network_roles.all()]


def _filter_jurisdiction(qs: QuerySet[Any], value: str | None, lookup: str) -> QuerySet[Any]:
    if not value:
        return qs
    return qs.filter(**{lookup: _jurisdiction(value, "jurisdiction")})


class AuthorityList(generics.ListAPIView[Authority]):
    serializer_class = AuthoritySerializer

    def get_queryset(self) -> QuerySet[Authority]:
        return _filter_jurisdiction(
            selectors.authorities().order_by("pk"), self.request.query_params.get("jurisdiction"), "jurisdiction"
        )


class AuthorityDetail(generics.RetrieveAPIView[Authority]):
    serializer_class = AuthoritySerializer

    def get_queryset(self) -> QuerySet[Authority]:
        return selectors.authorities()


class ContactPointList(generics.ListAPIView[ContactPoint]):
    serializer_class = ContactPointSerializer

    def get_queryset(self) -> QuerySet[ContactPoint]:
        return _filter_jurisdiction(
            selectors.contact_points().order_by("pk"),
            self.request.query_params.get("jurisdiction"),
            "authority__jurisdiction",
        )


class CountryNoteSerializer(serializers.Serializer[Document]):
    """A country note, a library document: its version in the reader's language (else English)."""

    id = serializers.IntegerField(read_only=True)
    jurisdiction = serializers.CharField(source="jurisdiction.code", read_only=True)
    authority = serializers.CharField(source="authority.name", read_only=True)
    visibility = serializers.CharField(read_only=True)
    language = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField()
    requirements = serializers.SerializerMethodField()
    practical_tips = serializers.SerializerMethodField()
    languages = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField(read_only=True)
    url = serializers.SerializerMethodField()

    def _version(self, obj: Document) -> Version | None:
        return library_selectors.version_for(obj)

    def get_language(self, obj: Document) -> str:
        version = self._version(obj)
        return version.language if version else ""

    def get_title(self, obj: Document) -> str:
        version = self._version(obj)
        return version.title if version else ""

    def get_requirements(self, obj: Document) -> str:
        version = self._version(obj)
        return library_selectors.country_note_texts(version)[0] if version else ""

    def get_practical_tips(self, obj: Document) -> str:
        version = self._version(obj)
        return library_selectors.country_note_texts(version)[1] if version else ""

    def get_languages(self, obj: Document) -> list[str]:
        return [version.language for version in obj.versions.all()]

    def get_url(self, obj: Document) -> str:
        """The note's page in the library."""
        return reverse("library:document", args=[obj.pk])


class CountryNoteList(generics.ListAPIView[Document]):
    """The country notes the user may see: their authority's, and those other authorities share with
    this node (library documents of kind country note). ``jurisdiction`` filters them."""

    serializer_class = CountryNoteSerializer

    @extend_schema(
        parameters=[OpenApiParameter("jurisdiction", OpenApiTypes.STR, description="ISO alpha-3 or alpha-2")]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Document]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Document.objects.none()
        require_role(self.request.user, Document, "view")
        return _filter_jurisdiction(
            library_selectors.country_notes_for_user(self.request.user).order_by("pk"),
            self.request.query_params.get("jurisdiction"),
            "jurisdiction",
        )


class CountryNoteDetail(generics.RetrieveAPIView[Document]):
    serializer_class = CountryNoteSerializer

    def get_object(self) -> Document:
        notes = library_selectors.country_notes_for_user(self.request.user).filter(pk=self.kwargs["pk"])
        return found_for_user(notes[:1], self.request.user, Document)


urlpatterns = [
    path("networks/", NetworkList.as_view(), name="api-directory-network-list"),
    path("networks/<str:code>/", NetworkDetail.as_view(), name="api-directory-network-detail"),
    path("shared-networks/", SharedNetworks.as_view(), name="api-directory-shared-networks"),
    path("route/", RouteView.as_view(), name="api-directory-route"),
    path("authorities/", AuthorityList.as_view(), name="api-directory-authority-list"),
    path("authorities/<id:pk>/", AuthorityDetail.as_view(), name="api-directory-authority-detail"),
    path("contact-points/", ContactPointList.as_view(), name="api-directory-contact-point-list"),
    path("notes/", CountryNoteList.as_view(), name="api-directory-note-list"),
    path("notes/<id:pk>/", CountryNoteDetail.as_view(), name="api-directory-note-detail"),
]
