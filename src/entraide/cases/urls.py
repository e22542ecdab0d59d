from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("open-counts/", views.dashboard_counts, name="dashboard-counts"),
    path("list/", views.request_list, name="request-list"),
    path("new/", views.request_create, name="request-create"),
    path("<int:pk>/", views.request_detail, name="request-detail"),
    path("<int:pk>/edit/", views.request_edit, name="request-edit"),
    path("<int:pk>/transition/", views.request_transition, name="request-transition"),
    path("<int:pk>/assign/", views.request_assign, name="request-assign"),
    path("<int:pk>/consent/", views.request_consent, name="request-consent"),
    path("<int:pk>/legal-basis/", views.request_legal_basis, name="request-legal-basis"),
    path("<int:pk>/measures/", views.measure_add, name="measure-add"),
    path("<int:pk>/offences/", views.offence_add, name="offence-add"),
    path("<int:pk>/persons/", views.person_add, name="person-add"),
    path("<int:pk>/deadlines/", views.deadline_add, name="deadline-add"),
    path("<int:pk>/documents/", views.document_upload, name="document-upload"),
    path("measures/<int:pk>/transition/", views.measure_transition, name="measure-transition"),
    path("documents/<int:pk>/", views.document_download, name="document-download"),
    path("documents/<int:pk>/export/", views.document_export, name="document-export"),
    path("documents/<int:pk>/share/", views.document_share, name="document-share"),
    path("documents/<int:pk>/copy/", views.document_copy, name="document-copy"),
    path("reminders/<int:pk>/dismiss/", views.reminder_dismiss, name="reminder-dismiss"),
]
