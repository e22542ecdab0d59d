"""The library's API: search (``search``) and documents (``documents``)."""

urlpatterns: list = []
