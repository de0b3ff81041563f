from django.contrib.auth import views as auth_views
from django.urls import path

from . import views_accounts, views_board, views_entry, views_review

urlpatterns = [
    path("", views_board.home, name="home"),
    path("dang-nhap/", views_accounts.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", views_accounts.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", views_accounts.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("don-vi/<str:unit_code>/<int:year>/", views_board.unit_reports, name="unit_reports"),
    path("bao-cao/<str:unit_code>/<str:period_code>/", views_entry.report_page, name="report"),
    path("bao-cao/<str:unit_code>/<str:period_code>/ky-ban-hanh/", views_review.report_submit, name="report_submit"),
    path("bao-cao/<str:unit_code>/<str:period_code>/tiep-nhan/", views_review.report_accept, name="report_accept"),
    path("bao-cao/<str:unit_code>/<str:period_code>/tra-lai/", views_review.report_return, name="report_return"),
    path(
        "bao-cao/<str:unit_code>/<str:period_code>/nhan-qua-van-ban/", views_entry.report_receive, name="report_receive"
    ),
    path("bao-cao/<str:unit_code>/<str:period_code>/lich-su/", views_review.report_history, name="report_history"),
    path("theo-doi/", views_board.board_current, name="board_current"),
    path("theo-doi/<str:period_code>/", views_board.board, name="board"),
]
