from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Quản trị hệ thống báo cáo CCHC"
admin.site.site_title = "Quản trị CCHC"
admin.site.index_title = "Cấu hình: đơn vị, tài khoản, kỳ báo cáo, biểu mẫu"

# Each app owns its URLs; this file only mounts them.
urlpatterns = [
    path("quan-tri/", admin.site.urls),
    path("api/v1/", include("cchc.api.urls")),
    path("tong-hop/", include("cchc.consolidation.urls")),
    path("ke-hoach/", include("cchc.planning.urls")),
    path("", include("cchc.reporting.urls_files")),
    path("", include("cchc.reporting.urls")),
]
