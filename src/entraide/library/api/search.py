"""Search of the library through the API: the page's search, with the same facets and passages.

``GET /api/library/search/?q=&jurisdiction=&instrument=&kind=&language=&year=&page=``. Filter
values that name nothing answer 400 naming them; a query with nothing to look for (only
operators or punctuation) answers an empty result with a ``hint``, never an error."""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from entraide.audit.services import record_shown
from entraide.core.params import whole_number

from .. import selectors
from ..models import Document
from ..search import FACETS, UnknownFilters


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="The value to pass as the filter of the same name.")
    name = serializers.CharField(source="label")
    count = serializers.IntegerField(help_text="Matching sections you may see with this value.")
    selected = serializers.BooleanField()


class FacetsSerializer(serializers.Serializer):
    jurisdiction = FacetValueSerializer(many=True, help_text="ISO alpha-3 codes.")
    instrument = FacetValueSerializer(many=True, help_text="Instrument codes (UNTOC, CETS-030 ...).")
    kind = FacetValueSerializer(many=True)
    language = FacetValueSerializer(many=True, help_text="ISO 639-1 codes.")
    year = FacetValueSerializer(many=True, help_text="Years of the documents' dates.")


class HitSerializer(serializers.Serializer):
    document = serializers.IntegerField(source="document.pk")
    kind = serializers.ChoiceField(source="document.kind", choices=Document.Kind.choices)
    jurisdiction = serializers.CharField(source="document.jurisdiction.code", default=None, allow_null=True)
    instrument = serializers.CharField(source="document.instrument_code")
    language = serializers.CharField()
    title = serializers.CharField(source="version.title")
    article = serializers.CharField(source="section.number", help_text="The article's number; empty if none.")
    heading = serializers.CharField(source="section.heading")
    citation = serializers.CharField(
        source="label", help_text='A citation of the passage, such as "UNTOC art. 18(8)"; empty if none.'
    )
    anchor = serializers.CharField(help_text="The fragment of the passage on the document's page.")
    url = serializers.CharField(help_text="The document's page, at the passage.")
    passage_html = serializers.CharField(
        source="passage", help_text="A short passage, HTML-escaped, the words found in <mark> elements."
    )


class SearchSerializer(serializers.Serializer):
    query = serializers.CharField()
    hint = serializers.CharField(help_text="Why there is no result, and what to type; empty otherwise.")
    total = serializers.IntegerField(help_text="Matching sections you may see.")
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    filters = serializers.DictField(child=serializers.CharField(), source="filters.values")
    facets = FacetsSerializer()
    results = HitSerializer(many=True, source="hits")


class SearchView(APIView):
    """Full-text search of the library documents you may see, ranked (titles and article headings
    first, your language first), with facets and a marked passage per result."""

    @extend_schema(
        operation_id="library_search",
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description='words, "a phrase", OR, -word'),
            OpenApiParameter("jurisdiction", OpenApiTypes.STR, description="ISO alpha-3 or alpha-2"),
            OpenApiParameter("instrument", OpenApiTypes.STR, description="instrument code, such as UNTOC"),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=Document.Kind.values),
            OpenApiParameter("language", OpenApiTypes.STR, description="ISO 639-1, such as fr"),
            OpenApiParameter("year", OpenApiTypes.INT, description="the year of the document's date"),
            OpenApiParameter("page", OpenApiTypes.INT, description="from 1; 20 results a page"),
        ],
        responses=SearchSerializer,
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        page = 1
        if params.get("page"):
            found = whole_number(params["page"])
            if not found:
                raise ValidationError({"detail": _("%(value)r is not a page number.") % {"value": params["page"]}})
            page = found
        try:
            result = selectors.search(
                request.user, params.get("q", ""), **{name: params.get(name) or None for name in FACETS}, page=page
            )
        except UnknownFilters as exc:
            raise ValidationError({"detail": str(exc), **exc.unknown}) from None
        record_shown(
            request.user,
            Document,
            result.kept_documents(),
            ["passage"],
            where="api:library-search",
            name="library_document",
        )
        return Response(SearchSerializer(result).data)


urlpatterns = [path("search/", SearchView.as_view(), name="api-library-search")]
