from django import forms

CONFIRM_REQUIRED = "Tick the box to confirm that you have read both documents and will follow them."


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Your code",
        max_length=20,
        help_text="The 8 characters on your letter or in your email, for example ABCD-EFGH.",
        error_messages={"required": "Enter the code from your letter or email."},
    )


class AcknowledgeForm(CodeForm):
    confirm = forms.BooleanField(error_messages={"required": CONFIRM_REQUIRED})
