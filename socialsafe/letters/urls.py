from django.urls import path, re_path

from socialsafe.letters import views

app_name = "letters"
urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("templates/", views.templates, name="templates"),
    path("templates/<int:pk>/", views.template_edit, name="template_edit"),
    path("case/<int:case_pk>/new/", views.issue, name="issue"),
    path("<int:pk>/", views.detail, name="detail"),
    re_path(r"^(?P<pk>[0-9]+)/download\.(?P<fmt>pdf|docx)$", views.download, name="download"),
    path("<int:pk>/send/", views.send, name="send"),
    path("<int:pk>/posted/", views.posted, name="posted"),
]
