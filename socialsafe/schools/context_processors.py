from django.urls import reverse

from socialsafe.schools.roles import MENU, NAVIGATION, Perm, Role, allows


def _halfway_signed_in(request) -> bool:
    """The password given, not yet the second factor: the sign-in pages then offer no menu (it would lead nowhere)."""
    from socialsafe.accounts.second_factor import second_factor_asked

    name = request.resolver_match.view_name if getattr(request, "resolver_match", None) else ""
    user = request.user
    if not name.startswith("accounts:") or not user.is_authenticated or user.is_verified():
        return False
    return second_factor_asked(user)


def navigation(request) -> dict:
    """The menu and School-page items this user's roles allow, the current one marked."""
    roles = getattr(request, "roles", frozenset())
    if not roles or _halfway_signed_in(request):
        return {"nav_items": [], "school_items": [], "role_labels": []}
    menu, school = [], []
    has_school_page = allows(roles, Perm.VIEW_SCHOOL)
    for label, url_name, perm, place in NAVIGATION:
        if allows(roles, perm):
            url = reverse(url_name)
            current = request.path == url or (url != "/" and request.path.startswith(url))
            # Someone with no School page (a parent) finds every item in the menu.
            in_menu = place == MENU or not has_school_page
            (menu if in_menu else school).append({"label": label, "url": url, "current": current})
    order = list(Role.values)
    return {
        "nav_items": menu,
        "school_items": school,
        "role_labels": [Role(r).label for r in sorted(roles, key=order.index)],
    }
