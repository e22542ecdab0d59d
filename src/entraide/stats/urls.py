from typing import Any, cast

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import path

from . import views

# pygal writes its styles into the SVG: that response (an image, in which no script runs) may use them.
chart = csp_update({"style-src": [UNSAFE_INLINE]})(cast(Any, views.chart))

app_name = "stats"
urlpatterns = [
    path("", views.page, name="page"),
    path("statistics.xlsx", views.workbook, name="xlsx"),
    path("report.pdf", views.report, name="report"),
    path("threshold/", views.threshold, name="threshold"),
    path("<slug:indicator>.csv", views.export, name="export"),
    path("<slug:indicator>.svg", chart, name="chart"),
]
