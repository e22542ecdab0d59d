from django.urls import path

from . import views

app_name = "stats"
urlpatterns = [
    path("", views.page, name="page"),
    path("statistics.xlsx", views.workbook, name="xlsx"),
    path("report.pdf", views.report, name="report"),
    path("threshold/", views.threshold, name="threshold"),
    path("<slug:indicator>.csv", views.export, name="export"),
]
