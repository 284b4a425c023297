from django.urls import path, re_path

from socialsafe.incidents import views

app_name = "incidents"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("report/", views.report, name="report"),
    path("report/people/<str:field>/", views.picker_options, name="picker_options"),
    path("actions/", views.action_list, name="actions"),
    path("bullying/", views.bullying_register, name="bullying_register"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/<int:pk>/withdraw/", views.withdraw_action, name="withdraw_action"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/triage/", views.triage, name="triage"),
    path("<int:pk>/facts/", views.facts, name="facts"),
    path("<int:pk>/move/", views.move, name="move"),
    path("<int:pk>/actions/add/", views.add_action, name="add_action"),
    path("<int:pk>/notes/", views.note, name="note"),
    path("<int:pk>/takedown/", views.takedown, name="takedown"),
    path("<int:pk>/seen/", views.seen, name="seen"),
    path("<int:pk>/bullying-record/", views.bullying_record, name="bullying_record"),
    re_path(r"^(?P<pk>[0-9]+)/chronology\.(?P<fmt>pdf|csv)$", views.chronology_download, name="chronology"),
]
