"""Pages of the request writer, mounted under /requests/ beside the cases app's."""

from django.urls import URLPattern, path  # noqa: F401

app_name = "drafting"

urlpatterns: list[URLPattern] = []
