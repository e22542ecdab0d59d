from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.user_list, name="user-list"),
    path("new/", views.user_new, name="user-new"),
    path("<int:pk>/", views.user_detail, name="user-detail"),
    path("<int:pk>/active/", views.user_active, name="user-active"),
]
