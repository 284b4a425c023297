from django.urls import path

from socialsafe.reports import views

app_name = "reports"
urlpatterns = [path("audit/", views.audit_log, name="audit_log")]
