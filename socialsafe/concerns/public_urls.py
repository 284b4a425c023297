# Public pages of a school (no sign-in), mounted under /s/<school slug>/.
from django.urls import path

from socialsafe.concerns import public_views as views

app_name = "concerns_public"
urlpatterns = [
    path("<slug:school>/concern/", views.concern_new, name="new"),
    path("<slug:school>/concern/sent/", views.concern_sent, name="sent"),
    path("<slug:school>/concern/confirm/<str:token>/", views.concern_confirm_view, name="confirm"),
    path("<slug:school>/concern/status/<str:token>/", views.concern_status, name="status"),
    path("<slug:school>/online-safety/", views.online_safety, name="online_safety"),
]
