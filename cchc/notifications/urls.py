from django.urls import path

from . import views

urlpatterns = [
    path("", views.notification_list, name="notifications"),
    path("<int:notification_id>/da-doc/", views.notification_open, name="notification_open"),
    path("da-doc-tat-ca/", views.notification_read_all, name="notifications_read_all"),
]
