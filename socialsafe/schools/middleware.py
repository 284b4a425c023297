from django.utils.functional import SimpleLazyObject

from socialsafe.schools.access import roles_for_user, schools_for_user

SESSION_KEY = "school_id"


class CurrentSchoolMiddleware:
    """Sets request.school (the school the user is working in), request.schools and request.roles.

    A person who works in, or has children at, several schools picks one; the choice lives in the session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.schools = SimpleLazyObject(lambda: schools_for_user(request.user))
        school = self._current(request)
        request.school = school
        request.roles = roles_for_user(request.user, school) if request.user.is_authenticated else frozenset()
        return self.get_response(request)

    def _current(self, request):
        if not request.user.is_authenticated:
            return None
        schools = list(request.schools)
        chosen = request.session.get(SESSION_KEY)
        for school in schools:
            if school.pk == chosen:
                return school
        return schools[0] if schools else None
