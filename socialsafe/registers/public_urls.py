# Public pages of a school (no sign-in), mounted under /s/<school slug>/.
app_name = "registers_public"
urlpatterns: list = []
