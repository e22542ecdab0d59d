from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("open-counts/", views.dashboard_counts, name="dashboard-counts"),
    path("list/", views.request_list, name="request-list"),
    path("new/", views.request_create, name="request-create"),
    path("<id:pk>/", views.request_detail, name="request-detail"),
    path("<id:pk>/edit/", views.request_edit, name="request-edit"),
    path("<id:pk>/transition/", views.request_transition, name="request-transition"),
    path("<id:pk>/assign/", views.request_assign, name="request-assign"),
    path("<id:pk>/consent/", views.request_consent, name="request-consent"),
    path("<id:pk>/legal-basis/", views.request_legal_basis, name="request-legal-basis"),
    path("<id:pk>/measures/", views.measure_add, name="measure-add"),
    path("<id:pk>/offences/", views.offence_add, name="offence-add"),
    path("<id:pk>/persons/", views.person_add, name="person-add"),
    path("<id:pk>/deadlines/", views.deadline_add, name="deadline-add"),
    path("<id:pk>/documents/", views.document_upload, name="document-upload"),
    path("measures/<id:pk>/transition/", views.measure_transition, name="measure-transition"),
    path("measures/<id:pk>/result/", views.measure_record_result, name="measure-result"),
    path("documents/<id:pk>/", views.document_download, name="document-download"),
    path("documents/<id:pk>/export/", views.document_export, name="document-export"),
    path("documents/<id:pk>/share/", views.document_share, name="document-share"),
    path("documents/<id:pk>/copy/", views.document_copy, name="document-copy"),
    path("reminders/<id:pk>/dismiss/", views.reminder_dismiss, name="reminder-dismiss"),
]
