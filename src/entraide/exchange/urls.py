from django.urls import path

from . import endpoints, views

app_name = "exchange"

urlpatterns = [
    # The protocol (docs/exchange.md): what peers call.
    path("v1/node", endpoints.node, name="node"),
    path("v1/inbox", endpoints.inbox, name="inbox"),
    path("v1/outbox", endpoints.outbox, name="outbox"),
    path("v1/evidence", endpoints.evidence, name="evidence"),
    # Pages.
    path("", views.overview, name="overview"),
]
