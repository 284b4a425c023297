"""Identity and sexism contrast examples, generated from templates written for SocialSafe (BSD-3-Clause).

Not copied or adapted from any data set or published test suite. Every group below appears in hateful *and* in
ordinary sentences, so that a group's name alone teaches the model nothing: what decides is what is said about the
group (a put-down, a call for harm) or how it is said (praise, a plain fact, a denial, a condemnation of someone
else's words). Abuse of groups that are not protected ("estate agents are scum") is insulting, not hate. The
sexism rows add prejudice about women stated without swearing ("women are too emotional to lead"), beside
ordinary sentences about women in the same words. The hyperbole rows use violent words for appetite, tiredness,
machines, sport, success and hurry ("I could murder a bacon bap"), beside the same verbs aimed at a person at a
time or place, which are threats.

The rows join the project's own examples (`data.load_seeds`) and are never left out of a fold; none may equal or
nearly equal a functional-suite or hold-out case (`tests/test_training_examples.py`).
"""

from itertools import product

# Labels in the classifier's order: offensive, insult, threat, sexual, sexist, hate. None = not labelled.
HATE = (1, None, 0, 0, None, 1)
HATE_WOMEN = (1, None, 0, 0, 1, 1)
THREAT_HATE = (1, None, 1, 0, None, 1)
THREAT_HATE_WOMEN = (1, None, 1, 0, 1, 1)
NOT_ABUSE = (0, 0, 0, 0, 0, 0)
NOT_HATE_BUT_INSULT = (1, 1, 0, 0, 0, 0)
SEXIST = (None, None, 0, 0, 1, None)
THREAT = (1, None, 1, 0, 0, 0)

# (the group as people write it, whether it is women or girls)
GROUPS = (
    ("women", True),
    ("girls", True),
    ("gay people", False),
    ("lesbians", False),
    ("trans people", False),
    ("Black people", False),
    ("Muslims", False),
    ("Jews", False),
    ("Catholics", False),
    ("Protestants", False),
    ("Travellers", False),
    ("immigrants", False),
    ("refugees", False),
    ("disabled people", False),
    ("Polish people", False),
    ("Chinese people", False),
)

NOT_PROTECTED = ("estate agents", "traffic wardens", "bankers", "politicians", "landlords", "tax collectors")

DEROGATION = (
    "{g} are a plague on this country",
    "{g} are filthy animals, every one of them",
    "I can't stand {g}, they make me sick",
    "{g} don't belong anywhere near decent people",
    "get all the {g} out of our town",
    "{g} are subhuman and always will be",
    "never trust {g}, they are liars and thieves",
    "the world would be a better place without {g}",
    "{g} are vermin and should be treated like vermin",
    "I despise {g} with every bone in my body",
    "no {g} should ever be let near our kids",
    "typical {g}, ruining everything again",
    "{g} are nothing but parasites living off the rest of us",
    "I would never let one of those {g} into my house",
    "{g} are disgusting and should be ashamed to exist",
    "honestly {g} are the lowest of the low",
    "{g} are too thick to be trusted with anything",
    "we don't want {g} round here",
)

THREATS = (
    "all {g} should be rounded up and shot",
    "someone should burn the houses of {g} to the ground",
    "I'm going to hurt the next one of those {g} I see",
    "we need to get rid of {g} by force",
    "{g} deserve a good beating, the lot of them",
    "if any {g} move onto our street we will make them pay",
)

POSITIVE = (
    "{g} are welcome at our school",
    "proud to stand with {g} today and every day",
    "so many {g} have made this town a better place",
    "{g} deserve the same respect as anyone else",
    "our street is lucky to have {g} living on it",
    "love and support to all the {g} in our community",
    "{g} are brilliant and I'm glad they're here",
    "the {g} I work with are some of the kindest people I know",
)

NEUTRAL = (
    "there are quite a few {g} living in our area",
    "the talk tonight is about the history of {g} in Ireland",
    "my next-door neighbours are {g}",
    "how many {g} live in Northern Ireland?",
    "a group of {g} met at the community centre on Tuesday",
    "the survey asked {g} about their experience of the health service",
    "the documentary followed three {g} over one year",
    "the new report counts {g} in the workforce",
)

NEGATION = (
    "I don't hate {g}, I never have",
    "{g} are not vermin, they are people like you and me",
    "it isn't true that {g} are liars",
    "nobody has the right to say {g} don't belong here",
    "I would never say {g} are subhuman",
    "{g} are not the problem and never were",
)

COUNTER = (
    "someone wrote '{g} are vermin' under the post and it has been reported",
    "saying {g} are filthy animals is disgusting and has no place here",
    "if you post that {g} should get out, expect to be blocked",
    "comments calling {g} subhuman are hateful and will be deleted",
    "the abuse aimed at {g} on that page was shocking",
    "we stand against every kind of hatred towards {g}",
    "calling for {g} to be shot is a crime and we have told the police",
    "I was sickened to read people saying {g} are parasites",
)

INSULT_NOT_PROTECTED = (
    "{g} are scum, the whole lot of them",
    "I can't stand {g}, they make me sick",
    "{g} are parasites living off the rest of us",
    "never trust {g}, they are liars and thieves",
)

SEXIST_STATEMENTS = (
    "{w} are too emotional to be put in charge of anything",
    "a woman's place is at home looking after the children",
    "{w} are useless at maths and science, everyone knows it",
    "she only got the job because she is a woman",
    "{w} should not be allowed to vote",
    "never hire a woman, she will just get pregnant and leave",
    "female referees have no idea what they are doing",
    "{w} belong in the kitchen, not the boardroom",
    "any girl who dresses like that is asking for it",
    "feminists are just bitter women who can't get a man",
    "{w} make things up about harassment for attention",
    "{w} can't handle pressure like men can",
    "no man should take orders from a woman",
    "{w} are only good for cooking and cleaning",
    "she's pretty for a woman engineer",
    "{w} are naturally worse leaders than men",
)

NOT_SEXIST_STATEMENTS = (
    "{w} are brilliant leaders when they are given the chance",
    "the women's football team won the league this year",
    "she got the job because she was the best person for it",
    "{w} have the same right to vote as anyone",
    "the study found female drivers had fewer crashes",
    "female referees are taking charge of more matches this season",
    "{w} are doing better than ever in maths and science",
    "my mum runs the whole department and she is great at it",
    "harassment of {w} online is far too common",
    "men and {w} should be paid the same for the same job",
    "the girls' coding club meets on Thursdays",
    "she is one of the best engineers in the company",
)

WOMEN_WORDS = ("women", "girls", "mums", "female teachers")

# Violent words used for appetite, tiredness, machines, sport, success and hurry: not threats. Each template is
# filled with every item of its list. Beside them, the same verbs aimed at a person with a time or place: threats.
HYPERBOLE = (
    (
        "I could {x} right now",
        (
            "murder a bacon bap",
            "kill for a hot chocolate",
            "destroy a whole pizza",
            "murder a Chinese",
            "kill for a lie-in",
            "murder a plate of champ",
        ),
    ),
    (
        "honestly {x} is killing me",
        (
            "this revision",
            "the commute",
            "marking all these books",
            "the wait for results",
            "this heatwave",
            "the Irish homework",
        ),
    ),
    (
        "{x} will be the death of me",
        ("this cough", "the school run", "the group project", "our new puppy", "that boiler"),
    ),
    (
        "I'm going to {x} in a minute",
        (
            "throttle this laptop",
            "strangle the photocopier",
            "murder the wifi router",
            "batter this stupid stapler",
            "smash the self-checkout",
        ),
    ),
    (
        "we're going to {x} in the final",
        (
            "hammer the other team",
            "thrash St Patrick's",
            "destroy the Year 7s",
            "slaughter Ballymena",
            "batter the girls from Lisburn",
        ),
    ),
    (
        "you absolutely {x} last night",
        (
            "killed it at the concert",
            "smashed it in the quiz",
            "nailed it in the play",
            "slayed that song",
            "murdered that solo",
        ),
    ),
    (
        "I'll shoot {x} after tea",
        ("over to yours", "round to the shop", "down to the pitch", "across to granny's", "up to the club"),
    ),
    ("I was {x} at the panto", ("dying laughing", "nearly crying laughing", "in stitches", "killing myself laughing")),
)
THREAT_CONTRASTS = (
    "I'm going to {verb} {who} {where}",
    ("batter", "stab", "hurt", "kill"),
    ("you", "him", "that wee girl"),
    ("at the bus stop", "after PE", "behind the mobiles"),
)


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:]


def rows() -> list[tuple[str, tuple[int | None, ...]]]:
    """Every generated example as (text, labels), in a fixed order."""
    out: list[tuple[str, tuple[int | None, ...]]] = []

    def add(templates: tuple[str, ...], groups, labels, women_labels=None) -> None:
        for template, (group, women) in product(templates, groups):
            out.append((_sentence(template.format(g=group)), women_labels if women and women_labels else labels))

    add(DEROGATION, GROUPS, HATE, HATE_WOMEN)
    add(THREATS, GROUPS, THREAT_HATE, THREAT_HATE_WOMEN)
    for templates in (POSITIVE, NEUTRAL, NEGATION, COUNTER):
        add(templates, GROUPS, NOT_ABUSE)
    add(INSULT_NOT_PROTECTED, [(g, False) for g in NOT_PROTECTED], NOT_HATE_BUT_INSULT)
    for templates, labels in ((SEXIST_STATEMENTS, SEXIST), (NOT_SEXIST_STATEMENTS, NOT_ABUSE)):
        for template in templates:
            for word in WOMEN_WORDS if "{w}" in template else ("",):
                out.append((_sentence(template.format(w=word)), labels))
    for template, fillers in HYPERBOLE:
        out.extend((_sentence(template.format(x=filler)), NOT_ABUSE) for filler in fillers)
    template, verbs, targets, places = THREAT_CONTRASTS
    for verb, who, where in product(verbs, targets, places):
        out.append((template.format(verb=verb, who=who, where=where), THREAT))
    return out
