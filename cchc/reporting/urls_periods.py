from django.urls import path

from . import views_periods

urlpatterns = [
    path("<int:year>/", views_periods.year_periods, name="periods_year"),
    path("<int:year>/lap/", views_periods.create_periods, name="periods_create"),
    path("sua/<str:period_code>/", views_periods.edit_period, name="period_edit"),
]
