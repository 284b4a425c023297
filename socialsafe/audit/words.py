"""The audit log in plain English: "Ruth Patterson opened case GLE-2026-0007"."""

# What each verb says, before the record it is about. A verb not listed reads as its own words.
PHRASES = {
    "account.signed_in": "signed in",
    "account.signed_out": "signed out",
    "account.sign_in_failed": "failed to sign in",
    "incident.reported": "reported case",
    "incident.viewed": "opened case",
    "incident.triaged": "triaged case",
    "incident.facts_changed": "changed the facts of case",
    "incident.noted": "added a note to case",
    "incident.corrected": "corrected an entry of case",
    "incident.takedown_step": "recorded a takedown step on case",
    "incident.chronology_downloaded": "downloaded the chronology of case",
    "incident.in_progress": "moved to in progress case",
    "incident.awaiting_outcome": "moved to awaiting outcome case",
    "incident.closed": "closed case",
    "evidence.added": "added evidence",
    "evidence.viewed": "viewed evidence",
    "evidence.downloaded": "downloaded evidence",
    "evidence.bundle_created": "prepared a referral bundle for case",
    "letters.issued": "issued the letter",
    "letters.viewed": "viewed the letter",
    "letters.emailed": "emailed the letter",
    "letters.posted": "recorded as posted the letter",
    "letters.template_updated": "changed the letter template",
    "registers.premises_revoked": "revoked the licence to enter the premises:",
    "registers.premises_lifted": "lifted the premises bar:",
    "registers.premises_viewed": "viewed the premises bar:",
    "registers.reception_check": "checked a name at reception",
    "registers.ict_banned": "banned from school ICT equipment:",
    "registers.ict_reinstated": "gave ICT access back:",
    "member.roles_changed": "changed the roles of",
    "member.invited": "invited",
    "parent.invited": "invited the parent",
    "pupil.viewed": "viewed the record of",
    "concern.submitted": "raised the concern",
    "concern.viewed": "opened the concern",
    "concern.replied": "replied to the concern",
    "concern.to_case": "turned into a case the concern",
    "moderation.flag_confirmed": "confirmed a suggestion on",
    "moderation.flag_dismissed": "dismissed a suggestion on",
    "policy.published": "published the policy",
    "policy.acknowledged": "acknowledged the policy",
}
PREFIXES = {
    "action.done.": "completed an action on case",
    "action.withdrawn.": "marked an action as no longer needed:",
    "letters.downloaded.": "downloaded the letter",
    "roster.imported.": "imported the roster of",
}
# The kinds of event the log can be narrowed to, by the start of their verb.
KINDS = {
    "cases": ("Cases", ("incident.", "action.")),
    "evidence": ("Evidence", ("evidence.",)),
    "letters": ("Letters", ("letters.",)),
    "registers": ("Registers", ("registers.",)),
    "people": ("People, roles and sign-ins", ("account.", "member.", "parent.", "pupil.", "roster.")),
    "concerns": ("Parents' concerns and policies", ("concern.", "consent.", "policy.")),
    "classifier": ("Classifier suggestions", ("moderation.",)),
}


def phrase(verb: str) -> str:
    if verb in PHRASES:
        return PHRASES[verb]
    for prefix, words in PREFIXES.items():
        if verb.startswith(prefix):
            return words
    return verb.replace(".", " ").replace("_", " ")


def sentence(event) -> str:
    """Who did what to which record, as a sentence."""
    who = event.actor.get_full_name() if event.actor else "SocialSafe"
    what = phrase(event.verb)
    return f"{who} {what} {event.target_repr}".strip() + "."
