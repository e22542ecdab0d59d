"""Audit events in the REST API (read-only)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import path
from rest_framework import generics, serializers

from entraide.tenancy.policies import require_role

from .models import AuditEvent
from .selectors import audit_events_for_user, get_audit_event_for_user


class AuditEventSerializer(serializers.ModelSerializer[AuditEvent]):
    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "seq",
            "at",
            "actor_label",
            "authority",
            "action",
            "object_type",
            "object_id",
            "justification",
            "detail",
            "prev_hash",
            "hash",
        ]


class AuditEventList(generics.ListAPIView[AuditEvent]):
    queryset = AuditEvent.objects.none()  # the schema's model; requests use get_queryset()
    serializer_class = AuditEventSerializer
    filterset_fields = ["action", "object_type", "object_id"]

    def get_queryset(self) -> QuerySet[AuditEvent]:
        require_role(self.request.user, AuditEvent, "view")
        return audit_events_for_user(self.request.user)


class AuditEventDetail(generics.RetrieveAPIView[AuditEvent]):
    queryset = AuditEvent.objects.none()
    serializer_class = AuditEventSerializer

    def get_object(self) -> AuditEvent:
        return get_audit_event_for_user(self.request.user, self.kwargs["pk"])


urlpatterns = [
    path("events/", AuditEventList.as_view(), name="api-audit-event-list"),
    path("events/<id:pk>/", AuditEventDetail.as_view(), name="api-audit-event-detail"),
]
