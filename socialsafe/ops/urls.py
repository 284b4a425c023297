from django.urls import path

from socialsafe.ops import views

app_name = "ops"
urlpatterns = [path("", views.healthz, name="healthz")]
