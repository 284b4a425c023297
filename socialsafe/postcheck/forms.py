from django import forms

from socialsafe.lib.forms import ClearErrorsMixin
from socialsafe.postcheck import photo as photo_checks
from socialsafe.postcheck.services import MAX_DRAFT_CHARS


class CheckForm(ClearErrorsMixin, forms.Form):
    text = forms.CharField(
        label="Your post",
        help_text="Paste the words as you would post them. Nothing is kept unless you ask the Principal below.",
        max_length=MAX_DRAFT_CHARS,
        required=False,
        strip=False,
        widget=forms.Textarea,
    )
    photo = forms.FileField(
        label="Photo (if any)",
        help_text="A JPEG or PNG up to 10 MB. It is checked here and not kept.",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    need_text = False

    def clean_photo(self) -> bytes | None:
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        if upload.size > photo_checks.MAX_PHOTO_BYTES:
            raise forms.ValidationError(
                f"The photo is larger than {photo_checks.MAX_PHOTO_BYTES // (1024 * 1024)} MB. Choose a smaller copy."
            )
        return upload.read()

    def clean(self):
        data = super().clean()
        text = data.get("text") or ""
        if self.need_text and not text.strip():
            self.add_error("text", "Paste the words of your post.")
        elif not text.strip() and not data.get("photo") and "photo" not in self.errors and "text" not in self.errors:
            self.add_error("text", "Paste the words of your post, or choose a photo, to check it.")
        return data


class AdviceForm(CheckForm):
    need_text = True
    question = forms.CharField(
        label="What would you like to ask the Principal?",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": "Tell the Principal what you would like to know about this post."},
    )


class OfficialPostForm(CheckForm):
    need_text = True
    accounts = forms.ModelMultipleChoiceField(
        label="Which of the school's accounts should it go on?",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one of the school's official accounts."},
    )

    def __init__(self, *args, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accounts"].queryset = accounts


class AnswerForm(ClearErrorsMixin, forms.Form):
    answer = forms.CharField(
        label="Your answer",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={"required": "Write your answer to the member of staff."},
    )


class DecideForm(ClearErrorsMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approved", "Approve it"), ("declined", "Decline it")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="Note to the member of staff", required=False, max_length=2000, widget=forms.Textarea)
