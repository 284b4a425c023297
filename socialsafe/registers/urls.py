from django.urls import path

from socialsafe.registers import views

app_name = "registers"
urlpatterns = [
    path("", views.index, name="index"),
    path("premises/", views.premises_list, name="premises"),
    path("premises/case/<int:case_pk>/new/", views.premises_new, name="premises_new"),
    path("premises/<int:pk>/", views.premises_detail, name="premises_detail"),
    path("premises/<int:pk>/lift/", views.premises_lift, name="premises_lift"),
    path("reception-check/", views.reception, name="reception"),
    path("ict/", views.ict_list, name="ict"),
    path("ict/case/<int:case_pk>/new/", views.ict_new, name="ict_new"),
    path("ict/<int:pk>/", views.ict_detail, name="ict_detail"),
    path("ict/<int:pk>/reinstate/", views.ict_reinstate, name="ict_reinstate"),
    path("accounts/", views.accounts, name="accounts"),
    path("accounts/request/", views.account_request, name="account_request"),
    path("accounts/official/new/", views.account_official_new, name="account_official_new"),
    path("accounts/<int:pk>/", views.account_detail, name="account_detail"),
    path("accounts/<int:pk>/decide/", views.account_decide, name="account_decide"),
    path("accounts/<int:pk>/used-before-approval/", views.account_used_before_approval, name="account_used"),
    path("accounts/reports/", views.account_reports, name="account_reports"),
    path("accounts/reports/<int:pk>/reviewed/", views.account_report_review, name="account_report_review"),
]
