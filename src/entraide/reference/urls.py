from django.urls import path

from . import views

app_name = "reference"
urlpatterns = [
    path("jurisdictions/", views.jurisdiction_list, name="jurisdiction-list"),
    path("jurisdictions/<str:code>/", views.jurisdiction_detail, name="jurisdiction-detail"),
    path("offences/", views.offence_class_list, name="offence-class-list"),
]
