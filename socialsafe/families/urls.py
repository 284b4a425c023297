from django.urls import path

from socialsafe.families import views

app_name = "families"
urlpatterns = [
    path("", views.coverage, name="coverage"),
    path("classes/<int:pk>/", views.class_detail, name="class_detail"),
    path("classes/<int:pk>/letters.pdf", views.class_letters, name="class_letters"),
    path("invite/", views.invite, name="invite"),
    path("batches/<int:pk>/", views.batch, name="batch"),
    path("batches/<int:pk>/letters.pdf", views.batch_letters, name="batch_letters"),
    path("invitations/<int:pk>/letter.pdf", views.invitation_letter, name="invitation_letter"),
]
