from django.urls import path

from . import views

app_name = "stats"
urlpatterns = [
    path("", views.page, name="page"),
    path("<slug:indicator>.csv", views.export, name="export"),
]
