from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("don-vi/", views.unit_search, name="dashboard_unit_search"),
    path("ky/<str:period_code>/", views.consolidation, name="consolidation"),
    path("ky/<str:period_code>/noi-dung/", views.narrative_save, name="consolidation_narrative"),
    path("ky/<str:period_code>/tai-ve/<str:fmt>/", views.consolidated_export, name="consolidated_export"),
    path("ky/<str:period_code>/chi-tieu/<str:code>/", views.indicator_detail, name="consolidation_indicator"),
    path("thi-dua/<int:year>/", views.compliance, name="compliance"),
    path("thi-dua/<int:year>/excel/", views.compliance_xlsx, name="compliance_xlsx"),
]
