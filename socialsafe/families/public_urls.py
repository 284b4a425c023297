# Public pages for families (no sign-in), mounted under /s/<school slug>/.
from django.urls import path  # noqa: F401

app_name = "families_public"
urlpatterns: list = []
