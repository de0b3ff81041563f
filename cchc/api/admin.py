from django.contrib import admin

from .models import Token


@admin.register(Token)
class TokenAdmin(admin.ModelAdmin):
    """Phòng Nội vụ sees who holds API tokens and can revoke one (delete); tokens are only issued by
    POST /api/v1/token, and only their hash is stored, so there is nothing to add or edit here."""
    show_facets = admin.ShowFacets.NEVER  # see AuditedAdmin

    list_display = ("user", "created_at", "expires_at")
    list_filter = ("expires_at",)
    search_fields = ("user__username",)
    readonly_fields = ("user", "created_at", "expires_at")
    exclude = ("key_hash",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
