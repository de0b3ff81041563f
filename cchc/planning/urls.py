from django.urls import path

from . import views

# Mounted at /ke-hoach/ (cchc/urls.py).
urlpatterns = [
    path("", views.index, name="plan_index"),
    path("<int:year>/", views.plan_page, name="plan"),
    path("<int:year>/xlsx/", views.plan_xlsx, name="plan_xlsx"),
    path("<int:year>/nhap/", views.plan_import, name="plan_import"),
    path("<int:year>/them/", views.task_add, name="plan_task_add"),
    path("nhiem-vu/<int:pk>/", views.progress, name="plan_progress"),
    path("nhiem-vu/<int:pk>/sua/", views.task_edit, name="plan_task_edit"),
    path("nhiem-vu/<int:pk>/xoa/", views.task_delete, name="plan_task_delete"),
]
