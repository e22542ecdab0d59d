from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read-all/", views.read_all, name="read-all"),
    path("preferences/", views.preferences, name="preferences"),
    path("<id:pk>/", views.notification_open, name="open"),
    path("<id:pk>/read/", views.notification_mark_read, name="read"),
]
