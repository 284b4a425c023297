from django import forms


class DateInput(forms.DateInput):
    """The browser's own date picker; works on phones and without JavaScript."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class ClearErrorsMixin:
    """Replace Django's bare "This field is required." with a message that names the question."""

    # Where several forms share a page, each names its fields' ids apart ("takedown-note", "move-note").
    id_prefix = ""

    def __init__(self, *args, **kwargs):
        if self.id_prefix:
            kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if getattr(field, "max_length", None):
                field.error_messages.setdefault(
                    "max_length", f"Keep this to {field.max_length:,} characters or fewer (it has %(show_value)d)."
                )
            if field.error_messages.get("required") != forms.Field.default_error_messages["required"]:
                continue
            label = str(field.label or "").rstrip("?:").strip()
            if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
                field.error_messages["required"] = f"Choose an answer to ‘{label}’."
            else:
                field.error_messages["required"] = f"Enter ‘{label}’."
