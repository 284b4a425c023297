from django.urls import path

from socialsafe.transfers import views

app_name = "transfers"

urlpatterns = [
    path("", views.transfer_list, name="list"),
    path("leaver/", views.leaver, name="leaver"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/download/", views.download, name="download"),
    path("<int:pk>/send/", views.send, name="send"),
    path("inbox/<int:pk>/", views.incoming, name="incoming"),
    path("import/", views.import_package, name="import"),
    path("received/<int:pk>/", views.received, name="received"),
    path("received/<int:pk>/receipt/", views.receipt_download, name="receipt_download"),
    path("receipt/", views.receipt_upload, name="receipt_upload"),
]
