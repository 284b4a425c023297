from django.urls import path

from socialsafe.staffrules import views

app_name = "staffrules"
urlpatterns = [
    path("", views.index, name="index"),
    path("outstanding/", views.outstanding, name="outstanding"),
    path("outstanding/remind/", views.remind, name="remind"),
    path("default-guidance/", views.default_guidance, name="default"),
]
