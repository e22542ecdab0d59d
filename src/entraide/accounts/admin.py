from django.contrib import admin

from .models import User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "full_name", "authority", "role", "is_active", "is_demo"]
    list_filter = ["role", "is_active", "is_demo", "authority"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["password", "last_login", "date_joined"]
    exclude = ["user_permissions", "groups"]
