from django.urls import path

from socialsafe.concerns import views

app_name = "concerns"
urlpatterns = [
    path("", views.index, name="index"),
    # The Principal's inbox: under its own prefix, so that the menu marks only one item as current.
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/", views.detail, name="detail"),
    path("inbox/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("inbox/<int:pk>/reply/", views.reply, name="reply"),
    path("inbox/<int:pk>/case/", views.to_case, name="to_case"),
    path("inbox/<int:pk>/complaint/", views.to_complaint, name="to_complaint"),
    path("inbox/<int:pk>/close/", views.close, name="close"),
    path("inbox/<int:pk>/reopen/", views.reopen, name="reopen"),
    path("inbox/templates/", views.templates, name="templates"),
    path("inbox/templates/<int:pk>/", views.template_edit, name="template_edit"),
    path("inbox/templates/<int:pk>/delete/", views.template_delete, name="template_delete"),
    path("inbox/settings/", views.concern_settings, name="settings"),
    # Parents
    path("mine/", views.mine, name="mine"),
    path("consent/", views.my_consent, name="my_consent"),
    path("consent/<int:pk>/", views.consent_set, name="consent_set"),
    path("consent/school/", views.consent_list, name="consent_list"),
    path("parents/", views.parents, name="parents"),
    path("parents/<int:pk>/invite/", views.invite, name="invite"),
    # Policy documents
    path("policies/", views.policies, name="policies"),
    path("policies/versions/<int:pk>/", views.version, name="version"),
    path("policies/<slug:kind>/", views.policy_manage, name="policy"),
    path("policies/<slug:kind>/publish/", views.publish, name="publish"),
    path("policies/<slug:kind>/remind/", views.remind, name="remind"),
    # --- part "public" (issue 18): the crest and the snippet for the school's own website ---
    path("public-pages/", views.public_pages, name="public_pages"),
]
