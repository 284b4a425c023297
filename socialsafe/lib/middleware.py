"""Headers every response needs."""

from django.utils.cache import patch_cache_control


class NoStoreWhenSignedInMiddleware:
    """A page or download shown to someone signed in may hold safeguarding records: no browser or proxy keeps a copy.

    Sets `Cache-Control: private, no-store` on every response to a signed-in request (a shared school laptop's back
    button or disk cache then shows nothing of a case after sign-out). Static files are served before this runs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
