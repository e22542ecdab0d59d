from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.user_list, name="user-list"),
    path("new/", views.user_new, name="user-new"),
    path("<id:pk>/", views.user_detail, name="user-detail"),
    path("<id:pk>/active/", views.user_active, name="user-active"),
]
