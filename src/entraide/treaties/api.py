"""The legal-basis engine and the instruments in the REST API (read-only).

``GET /api/treaties/legal-basis/?from=KEN&to=SOM&modality=mla&offence=0903&max_penalty_years=10
&date=2024-05-01`` answers the JSON of the command (DESIGN.md contract); a bad value answers
400 with the command's one-line message in ``detail``. Each option also has ``links``: the
library's address of each article it cites (see :func:`.formatting.resolution_json`).
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from entraide.library.citations import Citations

from . import selectors
from .formatting import resolution_json
from .models import Instrument, Participation


class LegalBasisView(APIView):
    """Which instruments bind two jurisdictions for a modality and an offence on a date."""

    @extend_schema(
        parameters=[
            OpenApiParameter("from", str, required=True, description="requesting jurisdiction, ISO alpha-2 or -3"),
            OpenApiParameter("to", str, required=True, description="requested jurisdiction, ISO alpha-2 or -3"),
            OpenApiParameter("modality", str, required=True),
            OpenApiParameter("offence", str, description="ICCS code"),
            OpenApiParameter("max_penalty_years", float),
            OpenApiParameter("date", OpenApiTypes.DATE, description="default: today"),
            OpenApiParameter(
                "transnational",
                str,
                enum=["yes", "no", "unknown"],
                description="is the offence transnational? yes, no or unknown (default)",
            ),
            OpenApiParameter(
                "organized_group",
                str,
                enum=["yes", "no", "unknown"],
                description="does it involve an organized criminal group? yes, no or unknown (default)",
            ),
        ],
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        try:
            checked = selectors.build_query(
                requesting=params.get("from") or params.get("requesting") or "",
                requested=params.get("to") or params.get("requested") or "",
                modality=params.get("modality", ""),
                date=params.get("date"),
                offence=params.get("offence") or None,
                max_penalty_years=params.get("max_penalty_years") or params.get("max-penalty-years"),
                transnational=params.get("transnational"),
                organized_group=params.get("organized_group"),
            )
        except selectors.BadInput as exc:
            return Response({"detail": str(exc), "field": exc.field}, status=status.HTTP_400_BAD_REQUEST)
        resolution = selectors.legal_basis(checked)
        return Response(resolution_json(resolution, Citations.load(), absolute=request.build_absolute_uri))


class InstrumentSerializer(serializers.ModelSerializer[Instrument]):
    title = serializers.CharField(read_only=True)

    class Meta:
        model = Instrument
        fields = [
            "code",
            "reference",
            "kind",
            "title",
            "title_en",
            "title_fr",
            "title_es",
            "title_pt",
            "title_ar",
            "adopted_on",
            "entry_into_force",
            "eif_rule",
            "eif_rule_value",
            "eif_rule_article",
            "modalities",
            "offence_scope",
            "parties_known",
            "parties_complete",
            "parties_note",
            "url",
            "source",
            "as_at",
        ]


class ParticipationSerializer(serializers.ModelSerializer[Participation]):
    class Meta:
        model = Participation
        fields = [
            "jurisdiction",
            "name_in_source",
            "kind",
            "signed_on",
            "deposited_on",
            "in_force_on",
            "party_as_at",
            "ceases_on",
            "note",
            "source",
            "as_at",
        ]


class InstrumentList(generics.ListAPIView[Instrument]):
    """Every instrument the engine knows."""

    serializer_class = InstrumentSerializer
    pagination_class = None

    def get_queryset(self) -> Any:
        return selectors.instruments()


class InstrumentDetail(generics.RetrieveAPIView[Instrument]):
    """One instrument."""

    serializer_class = InstrumentSerializer
    lookup_field = "code"

    def get_queryset(self) -> Any:
        return selectors.instruments()


class ParticipationList(generics.ListAPIView[Participation]):
    """The participants of one instrument."""

    serializer_class = ParticipationSerializer
    pagination_class = None

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no instrument in the URL
            return Participation.objects.none()
        instrument = generics.get_object_or_404(selectors.instruments(), code=self.kwargs["code"])
        return selectors.participations(instrument, sort="code")


urlpatterns = [
    path("legal-basis/", LegalBasisView.as_view(), name="api-treaties-legal-basis"),
    path("instruments/", InstrumentList.as_view(), name="api-treaties-instrument-list"),
    path("instruments/<str:code>/", InstrumentDetail.as_view(), name="api-treaties-instrument-detail"),
    path(
        "instruments/<str:code>/participations/",
        ParticipationList.as_view(),
        name="api-treaties-participation-list",
    ),
]
