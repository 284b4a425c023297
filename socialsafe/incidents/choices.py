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
    BULLYING_RECORD = "bullying_record", "Complete the statutory bullying record"
    MEDIATION = "mediation", "Mediation or disciplinary procedure"
    COMPLAINTS = "complaints", "Complaints Procedure"
    STAFF_SUPPORT = "staff_support", "Support for the member of staff"
    SCHOOL_SYSTEMS = "school_systems", "Remove it from the school's own systems"
    # Part "conduct": an allegation about a member of staff's suitability to work with pupils.
    ALLEGATION_RECORD = "allegation_record", "Record the allegation and pass it on at once"
    REFERRAL_EA_ALLEGATION = "referral_ea_allegation", "Refer the allegation to the Education Authority"
    CHAIR_INFORMED = "chair_informed", "Inform the Chair of Governors"
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
    BULLYING_RECORD = "bullying_record", "Statutory bullying record"


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


# --- The statutory record of pupil-to-pupil bullying (Addressing Bullying in Schools Act (NI) 2016, s.3) ---
# The categories follow the Department of Education's statutory guidance (2021) and the NI Anti-Bullying Forum's
# recording template that the Education Authority gives schools.


class BullyingJudgement(models.TextChoices):
    """Whether, after clarifying facts and perceptions, the behaviour meets the Act's definition of bullying."""

    BULLYING = "bullying", "Bullying: it meets the Act's definition"
    NOT_BULLYING = "not_bullying", "Not bullying: socially unacceptable behaviour, addressed as such"
    UNRESOLVED = "unresolved", "Alleged bullying: it could not be determined"


class BullyingMethod(models.TextChoices):
    """How it was done. The Act: 'verbal, written or electronic communication, any other act, or a combination'."""

    PHYSICAL = "physical", "Physical, including jostling and interfering with belongings"
    VERBAL = "verbal", "Verbal, including name-calling"
    INDIRECT = "indirect", "Indirect, including isolating someone and spreading rumours"
    WRITTEN = "written", "Written, such as notes"
    ONLINE_SOCIAL = "online_social", "Online: social media posts or comments"
    ONLINE_MESSAGING = "online_messaging", "Online: messaging or group chats"
    ONLINE_GAMING = "online_gaming", "Online: gaming"
    ONLINE_IMAGES = "online_images", "Online: images or videos"
    ONLINE_OTHER = "online_other", "Online: another way"


ONLINE_METHODS = frozenset(
    {
        BullyingMethod.ONLINE_SOCIAL,
        BullyingMethod.ONLINE_MESSAGING,
        BullyingMethod.ONLINE_GAMING,
        BullyingMethod.ONLINE_IMAGES,
        BullyingMethod.ONLINE_OTHER,
    }
)


class BullyingMotivation(models.TextChoices):
    """What the behaviour was aimed at, as the Department's guidance lists it; more than one may apply."""

    AGE = "age", "Age"
    APPEARANCE = "appearance", "Appearance"
    CARED_FOR = "cared_for", "Being a looked-after or cared-for child"
    DISABILITY = "disability", "Disability (perceived or actual)"
    SEN = "sen", "Special educational needs"
    ETHNICITY = "ethnicity", "Ethnicity"
    FAMILY = "family", "Family circumstances (for example separation, bereavement, being a young carer)"
    GENDER = "gender", "Gender"
    GENDER_IDENTITY = "gender_identity", "Gender identity"
    NEWCOMER = "newcomer", "Being a newcomer"
    POLITICAL = "political", "Political affiliation"
    PREGNANCY = "pregnancy", "Pregnancy"
    RACE = "race", "Race"
    RELIGION = "religion", "Religion"
    SEXUAL_ORIENTATION = "sexual_orientation", "Sexual orientation (perceived or actual)"
    SOCIO_ECONOMIC = "socio_economic", "Socio-economic background"
    TRAVELLER = "traveller", "Being from the Traveller community"
    OTHER = "other", "Another motivation"
    NOT_KNOWN = "not_known", "Not known"


class InterventionLevel(models.TextChoices):
    """The Education Authority's levels of response to bullying behaviour (Effective Responses to Bullying
    Behaviour): from the class teacher's early response to work with outside agencies."""

    LEVEL_1 = "1", "Level 1: early, low-level response by the class teacher"
    LEVEL_2 = "2", "Level 2: the teacher with the pastoral or senior team, parents informed"
    LEVEL_3 = "3", "Level 3: senior leadership, a structured intervention and a support plan"
    LEVEL_4 = "4", "Level 4: with outside agencies (EA services, CPSS, PSNI, health)"


class Intervention(models.TextChoices):
    """How it was addressed: the interventions the Education Authority's guidance names."""

    RESTORATIVE = "restorative", "Restorative practice"
    SOLUTION_FOCUSED = "solution_focused", "Solution-focused approach"
    SUPPORT_GROUP = "support_group", "Support Group Method"
    SHARED_CONCERN = "shared_concern", "Method of Shared Concern"
    MEDIATION = "mediation", "Peer or staff mediation"
    INDIVIDUAL_SUPPORT = "individual_support", "Individual support for the pupil experiencing it"
    BEHAVIOUR_SUPPORT = "behaviour_support", "Support for the pupil displaying it"
    SANCTION = "sanction", "A sanction under the Positive Behaviour Policy"
    ONLINE_SAFETY = "online_safety", "Online safety work, content reported or removed"
    EXTERNAL = "external", "Referral to an outside agency"
    OTHER = "other", "Another intervention"


class BullyingOutcome(models.TextChoices):
    RESOLVED = "resolved", "Resolved: the behaviour has stopped"
    MONITORING = "monitoring", "Being monitored: the behaviour has stopped for now"
    ONGOING = "ongoing", "Ongoing: the behaviour continues, further action planned"
    REFERRED = "referred", "Handed to an outside agency"
    NOT_RESOLVED = "not_resolved", "Not resolved, for example one of the pupils has left"
