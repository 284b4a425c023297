"""The letters a school starts with. The first is the policy's own model letter, with its [brackets] as merge fields."""

from dataclasses import dataclass


@dataclass(frozen=True)
class DefaultLetter:
    kind: str
    name: str
    subject: str
    body: str


SIGNATURE = """Yours sincerely,

{{ principal_name }}
{{ principal_role }}"""

INVITATION = DefaultLetter(
    "invitation",
    "Invitation to a meeting about comments made online (the policy's model letter)",
    "Comments made online",
    """Dear {{ parent_names }},

It has been drawn to my attention that you have recently made comments online on {{ platform }} on {{ comments_date }} \
relating to {{ event_words }} you believe to have taken place in this school.

I am very concerned about the tone of comments made and their {{ nature }} nature. It is important that if you have \
concerns that you raise them with {{ raise_with }} in the first instance.

To move forward we should meet to discuss this matter informally in an open and constructive manner. I invite you to \
contact me at your earliest convenience to arrange an appointment. My colleague {{ note_taker_name }} \
({{ note_taker_role }}) will be present to act as note-taker and you may also be accompanied by a family member or \
friend. I must emphasise, however, that the conversation must remain confidential.

"""
    + SIGNATURE,
)

REMOVAL = DefaultLetter(
    "removal_request",
    "Request to remove content",
    "Request to remove comments posted online",
    """Dear {{ parent_names }},

On {{ comments_date }} comments were posted on {{ platform }} about a member of our school community. The comments \
are {{ nature }}, and they are not acceptable.

Our Social Media Policy asks parents and carers to raise queries, concerns or complaints directly with the Principal \
rather than posting them on social media. I am therefore asking you to remove the comments within two school days of \
the date of this letter.

If the comments are not removed, the school will report them to {{ platform }} and will seek advice from the \
Education Authority's legal team.

"""
    + SIGNATURE,
)

PREMISES = DefaultLetter(
    "premises_notice",
    "Notice of revoked licence to enter the premises",
    "Your licence to enter the school premises",
    """Dear {{ parent_names }},

Following the comments posted on {{ platform }} on {{ comments_date }}, I am writing to tell you that your licence to \
enter the premises of {{ school_name }} is revoked from {{ licence_start }} until {{ licence_end }}.

Our Social Media Policy states that parents and carers posting malicious or fictitious comments on social media \
sites about any member of the school community will have their licence to enter school premises revoked, for a \
minimum of four months. Until {{ licence_end }} you must not come onto the school premises, including the grounds and \
the car park. Please make other arrangements for bringing your child to and from school, and contact the school \
office by telephone or in writing.

This decision will be reviewed on {{ licence_review }}.

"""
    + SIGNATURE,
)

OUTCOME = DefaultLetter(
    "meeting_outcome",
    "Outcome of the meeting",
    "Our meeting about comments made online",
    """Dear {{ parent_names }},

Thank you for meeting me on {{ meeting_date }} to discuss the comments posted on {{ platform }} on \
{{ comments_date }}. My colleague {{ note_taker_name }} ({{ note_taker_role }}) took notes of the meeting.

This letter confirms what we agreed: the comments will be removed, and any future concerns will be raised directly \
with me or with the class teacher rather than on social media.

If you have legitimate grounds for complaint, please follow the school's Complaints Procedure, which is available \
from the school office.

"""
    + SIGNATURE,
)

REFERRAL = DefaultLetter(
    "referral_cover",
    "Referral cover letter",
    "Referral: comments posted online (our reference {{ reference }})",
    """Dear {{ recipient_name }},

Please find enclosed the record of an incident involving comments posted on {{ platform }} on {{ comments_date }}, \
which {{ school_name }} is referring to you in line with its Social Media Policy.

The comments are {{ nature }}. The enclosed record includes screenshots taken with the date and time, and the steps \
the school has taken so far.

Please quote our reference, {{ reference }}, in any reply. The enclosed information is confidential.

"""
    + SIGNATURE,
)

DEFAULTS = [INVITATION, REMOVAL, PREMISES, OUTCOME, REFERRAL]
