from django.contrib import admin
from django.urls import include, path

from socialsafe.schools import views as school_views

admin.site.site_header = "SocialSafe back office"
admin.site.site_title = "SocialSafe"

urlpatterns = [
    path("", school_views.home, name="home"),
    path("accounts/", include("socialsafe.accounts.urls")),
    path("accounts/passkeys/", include(("socialsafe.accounts.webauthn", "otp_webauthn"))),
    path("school/", include("socialsafe.schools.urls")),
    path("incidents/", include("socialsafe.incidents.urls")),
    path("evidence/", include("socialsafe.evidence.urls")),
    path("moderation/", include("socialsafe.moderation.urls")),
    path("concerns/", include("socialsafe.concerns.urls")),
    path("registers/", include("socialsafe.registers.urls")),
    path("letters/", include("socialsafe.letters.urls")),
    # Each school's public pages (no sign-in): raising a concern, its official accounts.
    path("s/", include("socialsafe.concerns.public_urls")),
    path("s/", include("socialsafe.registers.public_urls")),
    path("", include("socialsafe.reports.urls")),
    path("admin/", admin.site.urls),
    path("healthz", include("socialsafe.ops.urls")),  # for the load balancer: no sign-in, no personal data
    # --- retention (issue 16) ---
    path("retention/", include("socialsafe.retention.urls")),
    path("transfers/", include("socialsafe.transfers.urls")),  # record transfer (issue 16)
    # --- subject access (issue 16) ---
    path("subject-access/", include("socialsafe.subjectaccess.urls")),
    # --- issue 18: check before you post, the staff rules, every family told and asked ---
    path("check-post/", include("socialsafe.postcheck.urls")),
    path("staff-rules/", include("socialsafe.staffrules.urls")),
    path("families/", include("socialsafe.families.urls")),
    path("s/", include("socialsafe.families.public_urls")),
]

# A refused page that names a record is logged (who tried, what, from where), then answered as usual.
handler403 = "socialsafe.reports.views.refused_403"
handler404 = "socialsafe.reports.views.refused_404"
