"""One endpoint per indicator, with the page's filters (under /api/statistics/)."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request as ApiRequest
from rest_framework.response import Response
from rest_framework.views import APIView

from entraide.audit.services import record
from entraide.cases.models import Request
from entraide.tenancy.models import Authority
from entraide.tenancy.policies import require_role

from .indicators import INDICATORS, BadFilter, parse_filters

FILTERS = [
    OpenApiParameter("start", str, description="first day of the period (YYYY-MM-DD; default: 1 January)"),
    OpenApiParameter("end", str, description="last day of the period (default: today)"),
    OpenApiParameter("direction", str, enum=["outgoing", "incoming"]),
    OpenApiParameter("modality", str),
    OpenApiParameter("counterpart", str, description="ISO alpha-3 code"),
    OpenApiParameter("offence", str, description="ICCS code (2, 4 or 5 digits)"),
    OpenApiParameter("legal_basis", str, description="instrument code, or reciprocity"),
    OpenApiParameter(
        "suppressed",
        bool,
        description="true: counts under the authority's threshold shown as '<threshold', as in the exports "
        "(for figures that leave the authority); default: exact figures",
    ),
]
TABLE = inline_serializer(
    "Indicator",
    {
        "indicator": serializers.CharField(),
        "title": serializers.CharField(),
        "definition": serializers.CharField(),
        "columns": serializers.ListField(child=serializers.CharField()),
        "rows": serializers.ListField(child=serializers.ListField()),
    },
)


def _view(key: str) -> type[APIView]:
    compute = INDICATORS[key]

    class Indicator(APIView):
        @extend_schema(parameters=FILTERS, responses={200: TABLE}, operation_id=f"statistics_{key.replace('-', '_')}")
        def get(self, request: ApiRequest) -> Response:
            require_role(request.user, Request, "statistics")
            query = dict(request.query_params.items())
            suppressed = query.pop("suppressed", "false")
            try:
                if suppressed not in ("true", "false"):
                    raise BadFilter(_("suppressed: say true or false."))
                filters = parse_filters(query)
            except BadFilter as exc:
                return Response({"detail": str(exc)}, status=400)
            table = compute(request.user, filters)
            detail: dict[str, object] = {"indicator": key, **filters.as_query()}
            if suppressed == "true":
                user: Any = request.user
                threshold = Authority.objects.get(pk=user.authority_id).statistics_threshold
                table = table.suppressed(threshold)
                detail["threshold"] = threshold
            record(request.user, "statistics.viewed", detail=detail)
            return Response(table.as_dict())

    Indicator.__name__ = f"Indicator_{key.replace('-', '_')}"
    Indicator.__doc__ = str(compute.__doc__ or key)
    return Indicator


urlpatterns: list[URLPattern] = [
    path(f"{key}/", _view(key).as_view(), name=f"api-statistics-{key}") for key in INDICATORS
]
