from django.urls import path

from socialsafe.reports import authority_views
from socialsafe.schools import views

app_name = "schools"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("switch/", views.switch_school, name="switch"),
    path("pupils/", views.pupils, name="pupils"),
    path("pupils/<int:pk>/", views.pupil_detail, name="pupil_detail"),
    path("classes/mine/", views.my_class, name="my_class"),
    path("classes/<int:pk>/", views.class_detail, name="class_detail"),
    path("people/", views.people, name="people"),
    path("people/<int:pk>/roles/", views.member_roles, name="member_roles"),
    path("people/<int:pk>/second-factor/reset/", views.member_second_factor_reset, name="member_second_factor_reset"),
    path("people/<int:pk>/invite/", views.invite_member, name="invite_member"),
    path("parents/", views.guardians, name="guardians"),
    path("children/", views.my_children, name="my_children"),
    path("import/", views.import_roster, name="import"),
    # The Education Authority's view lives with the reports (it reads every app); its address stays here.
    path("authority/", authority_views.authority, name="authority"),
    path("authority/export.csv", authority_views.authority_csv, name="authority_csv"),
]
