from django.urls import path

from socialsafe.subjectaccess import views

app_name = "subjectaccess"
urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/", views.request_new, name="new"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/extend/", views.request_extend, name="extend"),
    path("<int:pk>/status/", views.request_move, name="move"),
    path("<int:pk>/redaction/", views.redaction, name="redaction"),
    path("<int:pk>/produce/", views.produce, name="produce"),
    path("exports/<int:pk>/download/", views.download, name="download"),
]
