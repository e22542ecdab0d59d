"""The REST API: each app contributes its routes here."""

from django.urls import include, path

urlpatterns = [
    path("reference/", include("entraide.reference.api")),
    path("requests/", include("entraide.drafting.api")),
    path("requests/", include("entraide.cases.api")),
    path("treaties/", include("entraide.treaties.api")),
    path("audit/", include("entraide.audit.api")),
    path("statistics/", include("entraide.stats.api")),
    path("directory/", include("entraide.directory.api")),
    path("library/", include("entraide.library.api")),
]
