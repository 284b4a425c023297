# Public pages of a school (no sign-in), mounted under /s/<school slug>/.
from django.urls import path

from socialsafe.registers import views

app_name = "registers_public"
urlpatterns = [
    path("<slug:school>/accounts/", views.public_accounts, name="accounts"),
]
