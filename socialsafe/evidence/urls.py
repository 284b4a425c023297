from django.urls import path

from socialsafe.evidence import views

app_name = "evidence"
urlpatterns = [
    path("case/<int:case>/add/", views.add, name="add"),
    path("case/<int:case>/bundle/", views.bundle, name="bundle"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/file/", views.file, name="file"),
    path("bundles/<int:pk>/", views.bundle_file, name="bundle_file"),
]
