from django.contrib import admin

from cchc.audit.admin import ReadOnlyAdmin

from .models import Token


@admin.register(Token)
class TokenAdmin(ReadOnlyAdmin):
    """Phòng Nội vụ sees who holds API tokens and can revoke one (delete); tokens are only issued by
    POST /api/v1/token, and only their hash is stored, so there is nothing to add or edit here."""

    deletable = True

    list_display = ("user", "created_at", "expires_at")
    list_filter = ("expires_at",)
    search_fields = ("user__username",)
    readonly_fields = ("user", "created_at", "expires_at")
    exclude = ("key_hash",)
