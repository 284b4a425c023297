from django.urls import path

from socialsafe.moderation import views

app_name = "moderation"
urlpatterns = [
    path("flags/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("flags/<int:pk>/dismiss/", views.dismiss, name="dismiss"),
    path("thresholds/", views.thresholds, name="thresholds"),
]
