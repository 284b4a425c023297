import unicodedata


def clean_query(value: str, limit: int = 100) -> str:
    """A search box's text, safe for any database: control characters (NUL among them) removed, cut to `limit`."""
    return "".join(ch for ch in value if unicodedata.category(ch) != "Cc" or ch == " ").strip()[:limit]
