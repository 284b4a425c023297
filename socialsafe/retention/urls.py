from django.urls import path

from socialsafe.retention import views

app_name = "retention"
urlpatterns = [
    path("", views.schedule, name="schedule"),
    path("reviews/", views.queue, name="queue"),
    path("reviews/<int:pk>/keep/", views.keep, name="keep"),
    path("reviews/<int:pk>/destroy/", views.destroy, name="destroy"),
    path("holds/", views.holds, name="holds"),
    path("holds/<int:pk>/lift/", views.hold_lift, name="hold_lift"),
    path("authority/", views.authority, name="authority"),
]
