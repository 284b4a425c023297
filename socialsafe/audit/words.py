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
    "incident.access_log_viewed": "looked at who has seen case",
    "incident.list_viewed": "viewed the list of cases",
    "incident.bullying_recorded": "made the statutory bullying record of case",
    "incident.bullying_revised": "revised the statutory bullying record of case",
    "incident.bullying_record_viewed": "opened the statutory bullying record of case",
    "incident.bullying_register_viewed": "viewed the bullying register",
    "action.viewed": "viewed an action on case",
    "incident.in_progress": "moved to in progress case",
    "incident.awaiting_outcome": "moved to awaiting outcome case",
    "incident.closed": "closed case",
    "evidence.added": "added evidence",
    "evidence.viewed": "viewed evidence",
    "evidence.downloaded": "downloaded evidence",
    "evidence.bundle_created": "prepared a referral bundle for case",
    "evidence.bundle_downloaded": "downloaded the referral bundle of case",
    "evidence.image_shown": "viewed the full-size image of evidence",
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
    "registers.ict_viewed": "viewed the ICT ban:",
    "registers.premises_listed": "viewed the register of premises bars",
    "registers.ict_listed": "viewed the register of ICT bans",
    "registers.accounts_listed": "viewed the register of teaching accounts",
    "registers.account_viewed": "viewed the teaching account",
    "registers.account_reports_viewed": "viewed the reports about the school's accounts",
    "member.roles_changed": "changed the roles of",
    "member.invited": "invited",
    "parent.invited": "invited the parent",
    "pupil.viewed": "viewed the record of",
    "pupil.list_viewed": "viewed the list of pupils",
    "pupil.class_viewed": "viewed the class list of",
    "pupil.children_viewed": "viewed the records of their children",
    "parent.list_viewed": "viewed the list of parents and carers",
    "concern.submitted": "raised the concern",
    "concern.viewed": "opened the concern",
    "concern.replied": "replied to the concern",
    "concern.to_case": "turned into a case the concern",
    "concern.inbox_viewed": "viewed the concerns inbox",
    "concern.mine_viewed": "viewed their own concerns",
    "concern.status_viewed": "opened by its link the parent's page of the concern",
    "consent.list_viewed": "viewed the school's photo consents",
    "consent.mine_viewed": "viewed the photo consents for their children",
    "letters.mine_viewed": "viewed their letters",
    "policy.acknowledgements_viewed": "viewed who has acknowledged the policy",
    "audit.viewed": "viewed the audit log",
    "authority.exported": "downloaded the Education Authority's table of schools as CSV",
    "access.refused": "was refused",
    "moderation.flag_confirmed": "confirmed a suggestion on",
    "moderation.flag_dismissed": "dismissed a suggestion on",
    "policy.published": "published the policy",
    "policy.acknowledged": "acknowledged the policy",
    "reports.termly_produced": "produced the",
    "reports.termly_viewed": "viewed the",
    "reports.termly_downloaded": "downloaded the PDF of the",
    "export.cases": "exported the list of cases",
    "export.actions": "exported the list of actions",
    "export.premises": "exported the register of premises bars",
    "export.ict_bans": "exported the register of ICT bans",
    "export.concerns": "exported the log of parents' concerns",
    "export.acknowledgements": "exported who has acknowledged the policy",
    "export.consent": "exported the school's photo consents",
    "export.bullying": "exported the statutory bullying register",
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
    "exports": ("Lists and registers exported", ("export.",)),
    "reports": ("Reports and the audit log itself", ("audit.", "reports.")),
    "refused": ("Refused attempts", ("access.",)),
}

# What the page "who has seen this case" can be narrowed to: its label, then the verbs (or starts of verbs) it holds.
ACCESS_KINDS = {
    "views": (
        "Views of the case",
        ("incident.viewed", "incident.access_log_viewed", "action.viewed", "incident.bullying_record_viewed"),
    ),
    "evidence": ("Evidence viewed or downloaded", ("evidence.viewed", "evidence.downloaded", "evidence.image_shown")),
    "bundles": ("Referral bundles", ("evidence.bundle_",)),
    "letters": ("Letters viewed or downloaded", ("letters.viewed", "letters.downloaded.")),
    "exports": ("Chronology downloads and prints", ("incident.chronology_downloaded",)),
    "registers": ("Register entries viewed", ("registers.premises_viewed", "registers.ict_viewed")),
    "refused": ("Refused attempts", ("access.refused",)),
}
ACCESS_VERBS = tuple(v for _, verbs in ACCESS_KINDS.values() for v in verbs)


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
    if event.verb == "access.refused":
        return f"{who} was refused {event.data.get('path', 'a page')} (answered {event.data.get('status', '?')})."
    what = phrase(event.verb)
    return f"{who} {what} {event.target_repr}".strip() + "."


def access_what(event) -> str:
    """What someone did with a case's file, for the table "who has seen this case"."""
    if event.verb == "access.refused":
        return f"Refused: {event.data.get('path', 'a page')} (answered {event.data.get('status', '?')})"
    what = phrase(event.verb)
    if event.verb == "evidence.bundle_downloaded" and event.data.get("recipient"):
        return f"Downloaded the referral bundle for {event.data['recipient']}"
    if event.target_type == "incidents.incident":
        what = what.removesuffix(" case")  # the page is about this case already
        return what[:1].upper() + what[1:]
    return f"{what[:1].upper()}{what[1:]} {event.target_repr}".strip()
