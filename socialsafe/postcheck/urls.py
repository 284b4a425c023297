from django.urls import path

from socialsafe.postcheck import views

app_name = "postcheck"
urlpatterns = [
    path("", views.check, name="check"),
    path("api/", views.api, name="api"),
    path("ask/", views.advice_new, name="advice_new"),
    path("school-post/", views.official_new, name="official_new"),
    path("teaching-account/", views.teaching_account, name="teaching_account"),
    path("mine/", views.mine, name="mine"),
    path("requests/", views.queue, name="queue"),
    path("advice/<int:pk>/", views.advice_detail, name="advice_detail"),
    path("advice/<int:pk>/answer/", views.advice_answer, name="advice_answer"),
    path("advice/<int:pk>/photo/", views.advice_photo, name="advice_photo"),
    path("posts/<int:pk>/", views.official_detail, name="official_detail"),
    path("posts/<int:pk>/decide/", views.official_decide, name="official_decide"),
    path("posts/<int:pk>/photo/", views.official_photo, name="official_photo"),
]
