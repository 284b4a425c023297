"""The choices a case is made of: kinds, platforms, states, kinds of action. The policy's rules (rules.py) and the
models both read them; they hold no decision of their own."""

from django.db import models


class Kind(models.TextChoices):
    PUPIL_CYBERBULLYING = "pupil_cyberbullying", "Cyber-bullying of a pupil"
    IMPROPER_CONTACT = "improper_contact", "Improper online contact with a pupil"
    STAFF_ABUSE = "staff_abuse", "Online bullying, harassment or abuse of staff"
    MALICIOUS_COMMENTS = "malicious_comments", "Malicious or fictitious comments about a member of the school community"
    PUPIL_IMAGES = "pupil_images", "Images of pupils posted without their parents' permission"
    PUPIL_PHONE = "pupil_phone", "A pupil using social media or a phone in school"
    PUPIL_JOIN_STAFF = "pupil_join_staff", "A pupil trying to join a staff member's social networking area"
    FIREWALL = "firewall", "An attempt to breach the school firewall"
    STAFF_CONDUCT = "staff_conduct", "A staff conduct concern"
    ILLEGAL = "illegal", "Suspected illegal content"
    OTHER = "other", "Other"


class Platform(models.TextChoices):
    WHATSAPP = "whatsapp", "WhatsApp"
    FACEBOOK = "facebook", "Facebook"
    X = "x", "X (Twitter)"
    INSTAGRAM = "instagram", "Instagram"
    TIKTOK = "tiktok", "TikTok"
    YOUTUBE = "youtube", "YouTube"
    SNAPCHAT = "snapchat", "Snapchat"
    GAMING = "gaming", "Online gaming"
    SCHOOL = "school", "The school's website, email or a note"
    OTHER = "other", "Other"
    NONE = "none", "Not online (in school)"


class TargetKind(models.TextChoices):
    PUPIL = "pupil", "A pupil"
    STAFF = "staff", "A member of staff"
    PRINCIPAL = "principal", "The Principal"
    GOVERNOR = "governor", "A governor"
    SCHOOL = "school", "The school"


class ResponsibleKind(models.TextChoices):
    PUPIL = "pupil", "A pupil"
    PARENT = "parent", "A parent or carer"
    COLLEAGUE = "colleague", "A member of staff or governor"
    UNKNOWN = "unknown", "Not known"
    OUTSIDER = "outsider", "Someone outside the school"


class Ground(models.TextChoices):
    """The policy's grounds for acting on something that happened outside school hours."""

    ORDERLY_RUNNING = "orderly_running", "It could have repercussions for the orderly running of the school"
    THREAT = "threat", "It poses a threat to a member of the school community"
    REPUTATION = (
        "reputation",
        "It could adversely affect the reputation of the school, Principal, employees or Governors",
    )


class Route(models.TextChoices):
    SCHOOL = "school", "School"
    GOVERNORS = "governors", "Governors (the Principal is the target)"


class Status(models.TextChoices):
    REPORTED = "reported", "Reported"
    TRIAGED = "triaged", "Triaged"
    IN_PROGRESS = "in_progress", "In progress"
    AWAITING_OUTCOME = "awaiting_outcome", "Awaiting outcome"
    READY_TO_CLOSE = "ready_to_close", "Ready to close"
    CLOSED = "closed", "Closed"


class Outcome(models.TextChoices):
    RESOLVED = "resolved", "Resolved: content removed and matter addressed"
    SANCTION = "sanction", "Resolved with a sanction"
    REFERRED = "referred", "Handed to another agency (PSNI, EA, CPSS)"
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    NOT_UPHELD = "not_upheld", "Not upheld"


class ActionKind(models.TextChoices):
    EVIDENCE = "evidence", "Capture evidence"
    INVITATION = "invitation", "Invite to a meeting"
    MEETING = "meeting", "Meeting"
    REMOVAL_REQUEST = "removal_request", "Request to remove the content"
    PLATFORM_REPORT = "platform_report", "Report to the platform"
    REFERRAL_PSNI = "referral_psni", "Report to the PSNI"
    REFERRAL_EA_LEGAL = "referral_ea_legal", "Refer to the Education Authority Legal Department"
    REFERRAL_C2K = "referral_c2k", "Tell C2K (the schools' ICT service)"
    REFERRAL_CPSS = "referral_cpss", "Refer to CPSS (Child Protection Support Service)"
    PARENTS_INFORMED = "parents_informed", "Inform the parents"
    PREMISES_BAR = "premises_bar", "Revoke the licence to enter the premises"
    ICT_BAN = "ict_ban", "Ban from school ICT equipment"
    SANCTION = "sanction", "Sanction"
    CHILD_PROTECTION = "child_protection", "Child Protection Policy procedure"
    ANTI_BULLYING = "anti_bullying", "Anti-Bullying Policy procedure"
    MEDIATION = "mediation", "Mediation or disciplinary procedure"
    COMPLAINTS = "complaints", "Complaints Procedure"
    STAFF_SUPPORT = "staff_support", "Support for the member of staff"
    SCHOOL_SYSTEMS = "school_systems", "Remove it from the school's own systems"
    OTHER = "other", "Other"


class ActionStatus(models.TextChoices):
    OPEN = "open", "To do"
    DONE = "done", "Done"
    WITHDRAWN = "withdrawn", "No longer needed"


class Entry(models.TextChoices):
    REPORTED = "reported", "Reported"
    FACT = "fact", "Fact changed"
    STATUS = "status", "Status changed"
    ROUTED = "routed", "Routed"
    ACTION_ADDED = "action_added", "Action added"
    ACTION_DONE = "action_done", "Action done"
    ACTION_WITHDRAWN = "action_withdrawn", "Action no longer needed"
    ACTION_REASSIGNED = "action_reassigned", "Action reassigned"
    CONFIRMED = "confirmed", "Escalation confirmed"
    NOTE = "note", "Note"
    CORRECTION = "correction", "Correction"
    TAKEDOWN = "takedown", "Takedown"
    VIEWED = "viewed", "Viewed"
    NOTIFIED = "notified", "Notification sent"
    EVIDENCE = "evidence", "Evidence"


class TakedownStage(models.TextChoices):
    ASKED_POSTER = "asked_poster", "Asked the poster to remove it"
    REPORTED_PLATFORM = "reported_platform", "Reported to the platform"
    FOLLOWED_UP = "followed_up", "Followed up"
    HELPLINE = "helpline", "Escalated to a UK helpline"
    REMOVED = "removed", "Removed"
    NOT_REMOVED = "not_removed", "Not removed"


class Helpline(models.TextChoices):
    REPORT_HARMFUL_CONTENT = "rhc", "Report Harmful Content"
    POSH = "posh", "Professionals Online Safety Helpline"
