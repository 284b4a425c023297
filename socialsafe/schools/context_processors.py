from django.urls import reverse

from socialsafe.schools.roles import NAVIGATION, Role, allows


def navigation(request) -> dict:
    """The navigation items this user's roles allow, and the current one marked."""
    roles = getattr(request, "roles", frozenset())
    if not roles:
        return {"nav_items": [], "role_labels": []}
    items = []
    for label, url_name, perm in NAVIGATION:
        if allows(roles, perm):
            url = reverse(url_name)
            current = request.path == url or (url != "/" and request.path.startswith(url))
            items.append({"label": label, "url": url, "current": current})
    order = list(Role.values)
    return {"nav_items": items, "role_labels": [Role(r).label for r in sorted(roles, key=order.index)]}
