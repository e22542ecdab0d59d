from django.urls import path

from . import views

app_name = "treaties"
urlpatterns = [
    path("", views.legal_basis, name="legal-basis"),
    path("instruments/", views.instrument_list, name="instrument-list"),
    path("instruments/<str:code>/", views.instrument_detail, name="instrument-detail"),
]
