from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

# Redoc (served from our static files by drf-spectacular-sidecar) styles its page with <style>
# elements it writes at run time (styled-components, no nonce) and runs its search in a Web Worker
# made from a blob: URL; only this page is allowed both, the rest of the site keeps the strict CSP.
api_docs = csp_update({"style-src": [UNSAFE_INLINE], "worker-src": [SELF, "blob:"]})(
    SpectacularRedocView.as_view(url_name="api-schema", template_name="api/redoc.html")
)

urlpatterns = [
    path("", include("entraide.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("users/", include("entraide.accounts.urls")),
    path("audit/", include("entraide.audit.urls")),
    path("reference/", include("entraide.reference.urls")),
    path("requests/", include("entraide.drafting.urls")),
    path("requests/", include("entraide.cases.urls")),
    path("directory/", include("entraide.directory.urls")),
    path("statistics/", include("entraide.stats.urls")),
    path("treaties/", include("entraide.treaties.urls")),
    path("library/", include("entraide.library.urls")),
    path("exchange/", include("entraide.exchange.urls")),
    path("notifications/", include("entraide.notifications.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", api_docs, name="api-docs"),
    path("api/", include("entraide.api_urls")),
    path("admin/", admin.site.urls),
]

handler400 = "entraide.core.views.bad_request"
handler403 = "entraide.core.views.permission_denied"
handler404 = "entraide.core.views.page_not_found"
handler500 = "entraide.core.views.server_error"
