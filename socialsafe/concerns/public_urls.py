# Public pages of a school (no sign-in), mounted under /s/<school slug>/.
from django.urls import path

from socialsafe.concerns import public_views as views

app_name = "concerns_public"
urlpatterns = [
    path("<slug:school>/concern/", views.concern_new, name="new"),
    path("<slug:school>/concern/sent/", views.concern_sent, name="sent"),
    path("<slug:school>/concern/confirm/<str:token>/", views.concern_confirm_view, name="confirm"),
    path("<slug:school>/concern/status/<str:token>/", views.concern_status, name="status"),
    path("<slug:school>/online-safety/", views.online_safety, name="online_safety"),
    # --- part "public" (issue 18): the parent's answer, the school's own public pages ---
    path("<slug:school>/concern/status/<str:token>/answer/", views.concern_answer_view, name="answer"),
    path("<slug:school>/concern/status/<str:token>/answered/", views.concern_answered, name="answered"),
    path("<slug:school>/", views.school_home, name="home"),
    path("<slug:school>/policy/", views.school_document, {"kind": "policy"}, name="policy"),
    path("<slug:school>/code-of-conduct/", views.school_document, {"kind": "code-of-conduct"}, name="code_of_conduct"),
    path("<slug:school>/newsletter/", views.newsletter, name="newsletter"),
    path("<slug:school>/crest.png", views.crest, name="crest"),
]
