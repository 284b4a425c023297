# Public pages of a school (no sign-in), mounted under /s/<school slug>/.
app_name = "concerns_public"
urlpatterns: list = []
