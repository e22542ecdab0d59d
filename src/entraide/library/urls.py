from django.urls import path

from .views import search

app_name = "library"
urlpatterns = [
    path("", search.search, name="search"),
]
