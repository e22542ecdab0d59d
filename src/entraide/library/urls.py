from django.urls import path

from .views import articles, documents, search

app_name = "library"
urlpatterns = [
    path("", search.search, name="search"),
    path("documents/new/", documents.document_new, name="document-new"),
    path("documents/<id:pk>/", documents.document_detail, name="document"),
    path("documents/<id:pk>/edit/", documents.document_edit, name="document-edit"),
    path("documents/<id:pk>/delete/", documents.document_delete, name="document-delete"),
    path("documents/<id:pk>/versions/new/", documents.version_new, name="version-new"),
    path("documents/<id:pk>/<str:language>/file/", documents.version_file, name="file"),
    path("instruments/<str:code>/", articles.instrument_text, name="instrument"),
    path("instruments/<str:code>/articles/<str:number>/", articles.article, name="article"),
]
