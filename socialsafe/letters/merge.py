"""Merge fields: letters are Django templates restricted to plain {{ field }} variables from a fixed list.

Nothing else is allowed (no tags, no filters, no attribute look-ups), and a field with no value is an error:
a letter must never go out with a silent blank where a name or a date should be.
"""

from dataclasses import dataclass

from django.template import Context, Engine, Template, TemplateSyntaxError
from django.template.base import TextNode, Variable, VariableNode

MAX_LENGTH = 20_000


@dataclass(frozen=True)
class MergeField:
    label: str
    sample: str
    missing: str  # what to do when the case or the choices give no value


FIELDS: dict[str, MergeField] = {
    "parent_names": MergeField(
        "Parent/carer name(s)",
        "Mr and Mrs Sample",
        "Choose the parent or carer the letter is addressed to, or type the names after ‘Dear’.",
    ),
    "recipient_name": MergeField("Recipient", "PSNI Antrim", "Choose or type who the letter is addressed to."),
    "platform": MergeField("Platform", "WhatsApp", "The case does not say where the comments were posted."),
    "comments_date": MergeField("Date of the comments", "20 Nov 2026", "The case has no date for the comments."),
    "nature": MergeField(
        "Nature of the comments",
        "abusive and threatening",
        "The case records nothing about the content (abusive, threatening…): record the facts on the case, or "
        "reword the sentence.",
    ),
    "note_taker_name": MergeField("Note-taker's name", "Mrs A Sample", "Choose the colleague who will take notes."),
    "note_taker_role": MergeField(
        "Note-taker's role", "Vice-Principal", "Choose the colleague who will take notes: their role is taken from it."
    ),
    "principal_name": MergeField(
        "Principal's name", "Mrs R Sample", "The school has no Principal in SocialSafe: add one under Staff."
    ),
    "principal_role": MergeField("Principal's role", "Principal", "The school has no Principal in SocialSafe."),
    "school_name": MergeField("School name", "Sample Primary School", "The school has no name."),
    "school_address": MergeField("School address", "1 School Lane, Sampletown", "Add the school's address."),
    "today": MergeField("Today's date", "25 Nov 2026", ""),
    "reference": MergeField("Case reference", "GLE-2026-0001", ""),
    "pupil_name": MergeField("Pupil's name", "Sam Sample", "The case names no pupil."),
    "licence_start": MergeField(
        "Start of the revoked licence", "25 Nov 2026", "Choose the entry in the premises register."
    ),
    "licence_end": MergeField(
        "End of the revoked licence", "25 Mar 2027", "Choose the entry in the premises register."
    ),
    "licence_review": MergeField(
        "Review date of the revoked licence", "25 Feb 2027", "Choose the entry in the premises register."
    ),
    "meeting_date": MergeField("Date of the meeting", "2 Dec 2026", "Enter the date of the meeting."),
    "event_words": MergeField(
        "An event or events (the model letter's choice)", "an event", "Choose an event or events."
    ),
    "raise_with": MergeField(
        "Who concerns are raised with (the model letter's choice)", "me", "Choose who concerns are raised with."
    ),
}

SAMPLE = {name: field.sample for name, field in FIELDS.items()}

# No loaders and no extra libraries: {% load %}, {% include %} and the rest fail or are refused below.
_ENGINE = Engine(autoescape=False, libraries={}, loaders=[])


class MergeError(Exception):
    """The letter's text uses something other than known merge fields, or a field has no value."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def parse(source: str) -> tuple[Template, list[str]]:
    """Compile the text and return it with the merge fields it uses; MergeError lists every problem found."""
    if len(source) > MAX_LENGTH:
        raise MergeError([f"The letter is too long: at most {MAX_LENGTH:,} characters."])
    try:
        template = Template(source, engine=_ENGINE)
    except TemplateSyntaxError as exc:
        reason = str(exc).split(". Must be one of")[0].rstrip(".")
        raise MergeError(
            [f"The text could not be read: {reason}. Merge fields look like {{{{ school_name }}}}."]
        ) from None
    used: list[str] = []
    problems: list[str] = []
    for node in template.nodelist:
        if isinstance(node, TextNode):
            continue
        if not isinstance(node, VariableNode):
            token = node.token.contents if getattr(node, "token", None) else "a tag"
            problems.append(f"Only merge fields such as {{{{ school_name }}}} may be used: remove {{% {token} %}}.")
            continue
        expression = node.filter_expression
        var = expression.var
        text = expression.token
        if expression.filters:
            problems.append(f"Merge fields take no filters: write {{{{ {text.split('|')[0].strip()} }}}}.")
        elif not isinstance(var, Variable) or var.lookups is None or len(var.lookups) != 1:
            problems.append(f"{{{{ {text} }}}} is not a merge field.")
        elif var.lookups[0] not in FIELDS:
            problems.append(f"Unknown merge field {{{{ {text} }}}}.")
        elif var.lookups[0] not in used:
            used.append(var.lookups[0])
    if problems:
        raise MergeError(problems)
    return template, used


def check(source: str) -> list[str]:
    """The merge fields the text uses; MergeError if it uses anything else."""
    return parse(source)[1]


def render(source: str, values: dict[str, str]) -> str:
    """Fill the merge fields. MergeError names each field used in the text that has no value."""
    template, used = parse(source)
    missing = [name for name in used if not str(values.get(name) or "").strip()]
    if missing:
        raise MergeError(
            [
                f"No value for the merge field {{{{ {name} }}}} ({FIELDS[name].label}): {FIELDS[name].missing}"
                for name in missing
            ]
        )
    # Only the fields the text uses go in: the context holds plain strings and nothing else.
    return template.render(Context({name: str(values[name]) for name in used}, autoescape=False))
