from django.urls import path

from socialsafe.reports import termly_views, views

app_name = "reports"
urlpatterns = [
    path("audit/", views.audit_log, name="audit_log"),
    path("reports/termly/", termly_views.termly, name="termly"),
    path("reports/termly/<int:pk>/", termly_views.termly_detail, name="termly_detail"),
    path("reports/termly/<int:pk>/pdf/", termly_views.termly_pdf, name="termly_pdf"),
]
