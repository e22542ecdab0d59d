from django.urls import path

from . import views

app_name = "directory"
urlpatterns = [
    path("", views.search, name="search"),
    path("route/", views.route_page, name="route"),
    path("networks/", views.network_list, name="network-list"),
    path("networks/shared/", views.shared_networks_page, name="shared-networks"),
    path("networks/<str:code>/", views.network_detail, name="network-detail"),
    path("authorities/<id:pk>/", views.authority_detail, name="authority-detail"),
    path("authorities/<id:pk>/edit/", views.authority_edit, name="authority-edit"),
    path("authorities/<id:pk>/verify/", views.authority_verify, name="authority-verify"),
    path("authorities/<id:pk>/contact-points/new/", views.contact_point_create, name="contact-point-create"),
    path("contact-points/<id:pk>/edit/", views.contact_point_edit, name="contact-point-edit"),
    path("contact-points/<id:pk>/verify/", views.contact_point_verify, name="contact-point-verify"),
    path("contact-points/<id:pk>/active/", views.contact_point_active, name="contact-point-active"),
    path("contact-points/<id:pk>/delete/", views.contact_point_delete, name="contact-point-delete"),
    path("not-verified/", views.not_verified, name="not-verified"),
    path("countries/<str:code>/", views.country_profile, name="country"),
    path("countries/<str:code>/pdf/", views.country_profile_pdf, name="country-pdf"),
    path("countries/<str:code>/note/", views.country_note_edit, name="country-note-edit"),
    path("notes/", views.note_list, name="note-list"),
    path("import/", views.import_csv, name="import"),
    path("export/authorities.csv", views.export_authorities, name="export-authorities"),
    path("export/contact-points.csv", views.export_contact_points, name="export-contact-points"),
]
