from django.urls import path

from . import views, views_reminders

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("don-vi/", views.unit_search, name="dashboard_unit_search"),
    path("ky/<str:period_code>/", views.consolidation, name="consolidation"),
    path("ky/<str:period_code>/noi-dung/", views.narrative_save, name="consolidation_narrative"),
    path("ky/<str:period_code>/noi-dung-don-vi/<str:part>/", views.narrative_part, name="consolidation_narrative_part"),
    path("ky/<str:period_code>/tai-ve/<str:fmt>/", views.consolidated_export, name="consolidated_export"),
    path("ky/<str:period_code>/chi-tieu/<str:code>/", views.indicator_detail, name="consolidation_indicator"),
    path("ky/<str:period_code>/nhac-han/", views_reminders.reminder_log, name="reminder_log"),
    path("ky/<str:period_code>/nhac-han/gui/", views_reminders.reminder_send, name="reminder_send"),
    path("thi-dua/<int:year>/", views.compliance, name="compliance"),
    path("thi-dua/<int:year>/excel/", views.compliance_xlsx, name="compliance_xlsx"),
]
