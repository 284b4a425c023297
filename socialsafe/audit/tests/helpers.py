import re


def token_in(response, action: str | None = None) -> str:
    """The one-time token of a form on the page: the first form, or the one that posts to `action`."""
    html = response.content.decode()
    if action is not None:
        form = re.search(rf'<form[^>]*action="{re.escape(action)}"[^>]*>(.*?)</form>', html, re.S)
        assert form, f"no form posts to {action}"
        html = form.group(1)
    found = re.search(r'name="submission" value="([0-9a-f]{32})"', html)
    assert found, "the form carries no one-time token"
    return found.group(1)
