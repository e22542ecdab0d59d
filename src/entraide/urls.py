from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

urlpatterns = [
    path("", include("entraide.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("users/", include("entraide.accounts.urls")),
    path("audit/", include("entraide.audit.urls")),
    path("reference/", include("entraide.reference.urls")),
    path("requests/", include("entraide.cases.urls")),
    path("directory/", include("entraide.directory.urls")),
    path("treaties/", include("entraide.treaties.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include("entraide.api_urls")),
    path("admin/", admin.site.urls),
]

handler400 = "entraide.core.views.bad_request"
handler403 = "entraide.core.views.permission_denied"
handler404 = "entraide.core.views.page_not_found"
handler500 = "entraide.core.views.server_error"
