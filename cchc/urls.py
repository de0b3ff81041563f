from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Quản trị hệ thống báo cáo CCHC"
admin.site.site_title = "Quản trị CCHC"
admin.site.index_title = "Cấu hình: đơn vị, tài khoản, kỳ báo cáo, biểu mẫu"

urlpatterns = [
    path("quan-tri/", admin.site.urls),
    path("", include("cchc.reporting.urls")),
]
