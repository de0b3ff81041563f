from django.urls import path

from . import views_files

urlpatterns = [
    path(
        "bao-cao/<str:unit_code>/<str:period_code>/bieu-mau-excel/", views_files.report_template, name="report_template"
    ),
    path(
        "bao-cao/<str:unit_code>/<str:period_code>/tai-ve/<str:fmt>/", views_files.report_export, name="report_export"
    ),
    path("bao-cao/<str:unit_code>/<str:period_code>/tai-len/", views_files.report_upload, name="report_upload"),
]
