# Public pages for families (no sign-in), mounted under /s/<school slug>/.
from django.urls import path

from socialsafe.families import public_views as views

app_name = "families_public"
urlpatterns = [
    path("<slug:school>/welcome/", views.welcome, name="welcome"),
    path("<slug:school>/welcome/thanks/", views.welcome_thanks, name="welcome_thanks"),
]
