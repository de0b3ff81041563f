from django.urls import path

from . import views, views_register

# Mounted at /ke-hoach/ (cchc/urls.py). /ke-hoach/YEAR/ is the year's CCHC plan; the other plans of the
# year sit at /ke-hoach/YEAR/KEY/ (tuyen-truyen, khac-ID); the register of tasks assigned by the
# superior at /ke-hoach/YEAR/nhiem-vu-giao/.
urlpatterns = [
    path("", views.index, name="plan_index"),
    path("<int:year>/", views.plan_page, name="plan"),
    path("<int:year>/xlsx/", views.plan_xlsx, name="plan_xlsx"),
    path("<int:year>/nhap/", views.plan_import, name="plan_import"),
    path("<int:year>/them/", views.task_add, name="plan_task_add"),
    path("<int:year>/nhiem-vu-giao/", views_register.register_page, name="register"),
    path("<int:year>/nhiem-vu-giao/nhap/", views_register.register_import, name="register_import"),
    path("<int:year>/nhiem-vu-giao/them/", views_register.register_task_add, name="register_task_add"),
    path("nhiem-vu-giao/<int:pk>/", views_register.register_task_edit, name="register_task"),
    path("nhiem-vu-giao/<int:pk>/xoa/", views_register.register_task_delete, name="register_task_delete"),
    path("<int:year>/<slug:key>/", views.plan_page, name="plan_of"),
    path("<int:year>/<slug:key>/xlsx/", views.plan_xlsx, name="plan_of_xlsx"),
    path("<int:year>/<slug:key>/them/", views.task_add, name="plan_of_task_add"),
    path("nhiem-vu/<int:pk>/", views.progress, name="plan_progress"),
    path("nhiem-vu/<int:pk>/sua/", views.task_edit, name="plan_task_edit"),
    path("nhiem-vu/<int:pk>/xoa/", views.task_delete, name="plan_task_delete"),
]
