from django.urls import path

from . import views_followup as v

urlpatterns = [
    path("bao-cao/<str:unit_code>/<str:period_code>/so-sanh/", v.report_compare, name="report_compare"),
    path("theo-doi/<str:period_code>/excel/", v.board_xlsx, name="board_xlsx"),
    path("theo-doi/<str:period_code>/cong-van-don-doc/", v.board_letter, name="board_letter"),
]
