from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from cchc.reporting.forms import AdminLoginForm

admin.site.site_header = "Quản trị hệ thống báo cáo CCHC"
admin.site.site_title = "Quản trị CCHC"
admin.site.index_title = "Cấu hình: đơn vị, tài khoản, kỳ báo cáo, biểu mẫu"
# The admin's own login is throttled like every other (django-axes); this form says so in Vietnamese.
admin.site.login_form = AdminLoginForm

# Each app owns its URLs; this file only mounts them.
urlpatterns = [
    path("quan-tri/", admin.site.urls),
    # Browsers ask for /favicon.ico whatever the page says; send them to the app's icon.
    path("favicon.ico", RedirectView.as_view(url=static("cchc/favicon.svg"), permanent=True), name="favicon"),
    path("api/v1/", include("cchc.api.urls")),
    path("", include("cchc.signatures.urls")),
    path("tong-hop/", include("cchc.consolidation.urls")),
    path("ke-hoach/", include("cchc.planning.urls")),
    path("bieu-mau/", include("cchc.catalog.urls")),
    path("ky-bao-cao/", include("cchc.reporting.urls_periods")),
    path("thong-bao/", include("cchc.notifications.urls")),
    path("", include("cchc.reporting.urls_files")),
    path("", include("cchc.reporting.urls_followup")),
    path("", include("cchc.reporting.urls")),
]
