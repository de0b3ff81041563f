from django.urls import path

from . import views

urlpatterns = [
    path("", views.forms_index, name="forms"),
    path("sao-chep/", views.form_copy, name="form_copy"),
    path("tai-len/", views.form_upload, name="form_upload"),
    path("tai-len/luu/", views.form_upload_confirm, name="form_upload_confirm"),
    path("<int:year>/", views.form_page, name="form_page"),
    path("<int:year>/cong-bo/", views.form_publish, name="form_publish"),
    path("<int:year>/excel/", views.form_excel, name="form_excel"),
    path("<int:year>/dong/them/", views.row_add, name="form_row_add"),
    path("<int:year>/dong/<str:code>/", views.row_edit, name="form_row_edit"),
    path("<int:year>/dong/<str:code>/xoa/", views.row_delete, name="form_row_delete"),
    path("<int:year>/dong/<str:code>/<str:direction>/", views.row_move, name="form_row_move"),
    path("<int:year>/quy-tac/them/", views.rule_edit, name="form_rule_add"),
    path("<int:year>/quy-tac/<str:rule>/", views.rule_edit, name="form_rule_edit"),
    path("<int:year>/quy-tac/<str:rule>/xoa/", views.rule_delete, name="form_rule_delete"),
]
