from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("don-vi/<str:unit_code>/<int:year>/", views.unit_reports, name="unit_reports"),
    path("bao-cao/<str:unit_code>/<str:period_code>/", views.report_page, name="report"),
    path("bao-cao/<str:unit_code>/<str:period_code>/ky-ban-hanh/", views.report_submit, name="report_submit"),
    path("bao-cao/<str:unit_code>/<str:period_code>/tiep-nhan/", views.report_accept, name="report_accept"),
    path("bao-cao/<str:unit_code>/<str:period_code>/tra-lai/", views.report_return, name="report_return"),
    path("bao-cao/<str:unit_code>/<str:period_code>/nhan-qua-van-ban/", views.report_receive, name="report_receive"),
    path("bao-cao/<str:unit_code>/<str:period_code>/lich-su/", views.report_history, name="report_history"),
    path("theo-doi/", views.board_current, name="board_current"),
    path("theo-doi/<str:period_code>/", views.board, name="board"),
]
