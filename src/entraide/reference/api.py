"""Reference data in the REST API (read-only): jurisdictions, offence classes, languages.

Reference data is not tenant data: every verified user (the default permission) reads all of it.
"""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.urls import path
from rest_framework import generics, serializers

from .models import Jurisdiction, Language, OffenceClass
from .selectors import search_jurisdictions, search_languages


class JurisdictionSerializer(serializers.ModelSerializer[Jurisdiction]):
    name = serializers.CharField(read_only=True, help_text="Short name in the request's language.")

    class Meta:
        model = Jurisdiction
        fields = [
            "code",
            "iso2",
            "iso_numeric",
            "m49",
            "is_iso",
            "kind",
            "name",
            "name_en",
            "name_fr",
            "name_es",
            "name_pt",
            "name_ar",
            "formal_name_en",
            "formal_name_fr",
            "formal_name_es",
            "formal_name_ar",
            "source",
            "as_at",
        ]


class OffenceClassSerializer(serializers.ModelSerializer[OffenceClass]):
    # The stubs declare Field.parent (the parent serializer); this is the ICCS parent's code.
    parent = serializers.SlugRelatedField[OffenceClass](  # type: ignore[assignment]
        slug_field="code", read_only=True
    )
    name = serializers.CharField(
        read_only=True, help_text="Label in the request's language, English where UNODC has none."
    )
    has_official_label = serializers.BooleanField(read_only=True)

    class Meta:
        model = OffenceClass
        fields = [
            "code",
            "level",
            "parent",
            "name",
            "has_official_label",
            "name_en",
            "name_es",
            "name_fr",
            "source",
            "as_at",
        ]


class LanguageSerializer(serializers.ModelSerializer[Language]):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Language
        fields = [
            "code",
            "iso639_1",
            "iso639_2b",
            "name",
            "name_en",
            "name_fr",
            "name_es",
            "name_pt",
            "name_ar",
            "source",
            "as_at",
        ]


class JurisdictionFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(method="filter_search", label="Name (any language) or code")

    class Meta:
        model = Jurisdiction
        fields = ["kind", "is_iso"]

    def filter_search(self, queryset: QuerySet[Jurisdiction], name: str, value: str) -> QuerySet[Jurisdiction]:
        return search_jurisdictions(value, queryset=queryset)


class OffenceClassFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(method="filter_search", label="Code prefix or label")
    parent = django_filters.CharFilter(field_name="parent__code", label="Code of the parent category")

    class Meta:
        model = OffenceClass
        fields = ["level", "parent"]

    def filter_search(self, queryset: QuerySet[OffenceClass], name: str, value: str) -> QuerySet[OffenceClass]:
        value = value.strip()
        return queryset.filter(Q(code__startswith=value) | Q(name_en__icontains=value) | Q(name_es__icontains=value))


class LanguageFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(method="filter_search", label="Name (any language) or code")

    class Meta:
        model = Language
        fields = ["iso639_1"]

    def filter_search(self, queryset: QuerySet[Language], name: str, value: str) -> QuerySet[Language]:
        return search_languages(value, queryset=queryset)


class JurisdictionList(generics.ListAPIView[Jurisdiction]):
    queryset = Jurisdiction.objects.all()
    serializer_class = JurisdictionSerializer
    filterset_class = JurisdictionFilter


class JurisdictionDetail(generics.RetrieveAPIView[Jurisdiction]):
    queryset = Jurisdiction.objects.all()
    serializer_class = JurisdictionSerializer
    lookup_field = "code"


class OffenceClassList(generics.ListAPIView[OffenceClass]):
    queryset = OffenceClass.objects.select_related("parent")
    serializer_class = OffenceClassSerializer
    filterset_class = OffenceClassFilter


class OffenceClassDetail(generics.RetrieveAPIView[OffenceClass]):
    queryset = OffenceClass.objects.select_related("parent")
    serializer_class = OffenceClassSerializer
    lookup_field = "code"


class LanguageList(generics.ListAPIView[Language]):
    queryset = Language.objects.all()
    serializer_class = LanguageSerializer
    filterset_class = LanguageFilter


class LanguageDetail(generics.RetrieveAPIView[Language]):
    queryset = Language.objects.all()
    serializer_class = LanguageSerializer
    lookup_field = "code"


urlpatterns = [
    path("jurisdictions/", JurisdictionList.as_view(), name="api-reference-jurisdiction-list"),
    path(
        "jurisdictions/<str:code>/",
        JurisdictionDetail.as_view(),
        name="api-reference-jurisdiction-detail",
    ),
    path("offence-classes/", OffenceClassList.as_view(), name="api-reference-offence-class-list"),
    path(
        "offence-classes/<str:code>/",
        OffenceClassDetail.as_view(),
        name="api-reference-offence-class-detail",
    ),
    path("languages/", LanguageList.as_view(), name="api-reference-language-list"),
    path("languages/<str:code>/", LanguageDetail.as_view(), name="api-reference-language-detail"),
]
