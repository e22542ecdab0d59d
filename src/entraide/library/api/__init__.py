"""The library's API: search (``search``) and documents (``documents``)."""

from . import documents, search

urlpatterns = search.urlpatterns + documents.urlpatterns
