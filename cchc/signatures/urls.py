from django.urls import path

from . import views

urlpatterns = [
    path("bao-cao/<str:unit_code>/<str:period_code>/ky-so/", views.report_signed_upload, name="report_signed_upload"),
    path("bao-cao/<str:unit_code>/<str:period_code>/ban-ky-so/", views.report_signed_download, name="report_signed"),
    path("tong-hop/ky/<str:period_code>/ky-so/", views.consolidated_signed_upload, name="consolidated_signed_upload"),
    path("tong-hop/ky/<str:period_code>/ky-so/may-chu/", views.consolidated_seal, name="consolidated_seal"),
    path("tong-hop/ky/<str:period_code>/ban-ky-so/", views.consolidated_signed_download, name="consolidated_signed"),
]
