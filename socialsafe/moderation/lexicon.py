"""Hand-written word lists and patterns behind the classifier's lexicon features.

Written for this project (BSD-3-Clause). The lists are deliberately short and
high-precision: they give the model signals that carry across sources (a slur
is a slur on Twitter, Gab or a school group chat), while the learnt n-gram
weights handle everything else. Offensive words appear here because detecting
them is the purpose of the module.
"""

import re


def words(text: str) -> list[str]:
    """The whitespace-separated words of a block of text (keeps the lists readable)."""
    return text.split()


# General profanity and vulgar words, British and Irish forms included.
PROFANITY = frozenset(
    words(
        """
    fuck fucks fucking fuckin fucked fucker fuckers fuckface fuckwit motherfucker motherfuckers mf feck
    fecking shit shits shitty shite shitting shithead bullshit crap crappy damn goddamn bloody bollocks piss
    pissed pissing ass arse asses asshole assholes arsehole arseholes dumbass jackass bitch bitches bitchy
    bastard bastards dick dicks dickhead dickheads prick pricks cock cocks cunt cunts twat twats wanker
    wankers tosser tossers bellend bellends knob knobhead knobheads slut sluts whore whores hoe hoes skank
    skanks slag slags sket douche douchebag bugger
    """
    )
)

# Insults aimed at a person (not slurs against a group).
INSULTS = frozenset(
    words(
        """
    idiot idiots idiotic stupid stupidest moron morons moronic dumb dummy loser losers ugly fat fatty fatso
    pathetic worthless useless freak freaks weirdo weirdos creep creepy scum scumbag scumbags trash clown
    clowns retard retarded imbecile cretin dimwit halfwit numpty muppet plonker eejit gobshite gobshites
    minger mingers minging pleb tramp skank pig pigs cow nobody failure waste lame cringe airhead bimbo
    braindead brainless dipshit wimp coward crybaby snitch grass rat rats parasite parasites vermin subhuman
    animal animals savage savages filth filthy
    """
    )
)

# Identity-based slurs. Kept to unambiguous forms so that a match is strong evidence.
SLURS = frozenset(
    words(
        """
    nigger niggers nigga niggas nigguh negro negroes coon coons jigaboo sambo darkie darkies fag fags faggot
    faggots faggy dyke dykes tranny trannies shemale homo homos lesbo lezza poof poofs poofter bender
    benders queer queers retard retards retarded spaz spastic spastics spacker mong mongs mongo chink chinks
    gook gooks paki pakis wog wogs kike kikes yid yids spic spics wetback wetbacks beaner beaners raghead
    ragheads towelhead towelheads sandnigger pikey pikeys gyppo gyppos knacker knackers tinker tinkers taig
    taigs kraut krauts jap japs muzzie muzzies moslem moslems
    """
    )
)

# Sexual words and phrases, including the ones pupils use when pressuring each other.
SEXUAL = frozenset(
    words(
        """
    sex sexy sexual sexually nude nudes naked boobs boob tits titties nipples penis vagina pussy pussies
    dick cock cum cumming horny porn porno pornhub blowjob handjob wank wanking jerk masturbate masturbating
    orgasm shag shagging bang banging thot thots hooker hookers rape raped raping rapist grope groped
    groping molest molested bj erection boner booty butt onlyfans nsfw stripper strip lingerie thong virgin
    """
    )
)

# Words for women that carry contempt or are used to put women down.
GENDERED = frozenset(
    words(
        """
    bitch bitches slut sluts whore whores hoe hoes skank skanks slag slags sket thot thots cunt cunts
    feminazi feminazis femoid femoids foid foids bimbo bimbos hysterical gold-digger gold-diggers
    """
    )
)

# Violent verbs that a threat is built around.
VIOLENT = frozenset(
    words(
        """
    kill killing killed murder murdering stab stabbing stabbed shoot shooting shot hurt hurting beat beating
    batter battering smash smashing punch punching kick kicking burn burning hang hanging strangle
    strangling choke choking bury slit slash cut gut destroy end rape raping deck lamp leather bash bashing
    knife glass break snap torture slaughter execute behead lynch gas exterminate eliminate wreck drown
    finish
    """
    )
)

# Groups that identity-based hate is aimed at; matched as whole words.
IDENTITY = frozenset(
    words(
        """
    women woman girls girl female females feminist feminists wife wives mothers black blacks africans
    african asians asian chinese indians indian pakistani pakistanis arabs arab mexicans immigrants
    immigrant migrants migrant refugees refugee foreigners foreigner muslims muslim islam islamic jews jew
    jewish christians catholics catholic protestants protestant hindus sikhs gays gay lesbians lesbian
    homosexuals homosexual bisexual trans transgender lgbt lgbtq queer disabled autistic travellers
    traveller gypsies gypsy roma polish romanians irish nationalists unionists
    """
    )
)

# Words that condemn or distance the writer from abuse (counter-speech, reports of abuse).
CONDEMN = frozenset(
    words(
        """
    disgusting unacceptable wrong inappropriate offensive racist sexist homophobic bigoted bigotry hateful
    horrible shameful appalling awful report reported reporting bullying abuse abusive harassment
    """
    )
)

# Words a masked or leet-spelt token may be restored to. The commonest come first, because "f*ck"
# could also be "feck" and "sh*t" could be "shot": when several fit, the first one listed wins.
_PREFERRED = words(
    """
    fuck fucking fucked fucker fuckers fuckin motherfucker shit shitty bullshit bitch bitches cunt cunts
    twat wanker asshole arsehole dickhead dick cock prick bastard slut sluts whore whores pussy penis nigger
    niggers nigga faggot faggots fag retard retarded kill die dead stab rape
    """
)
# Ordinary words that people also space out ("y o u a r e"), so that a spaced-out insult reads as one.
SPACED_WORDS = frozenset(["you", "are", "your", "ugly", "fat", "dead", "die", "kill", "loser", "gay", "hate"])
OBFUSCATION_TARGETS = tuple(
    dict.fromkeys(
        _PREFERRED
        + sorted((PROFANITY | INSULTS | SLURS | SEXUAL | GENDERED) - {"feck", "fecking"}, key=lambda w: (-len(w), w))
    )
)

_YOU = r"(?:you|u|ya|yous|youse|ye|yez)"
_YOU_ARE = r"(?:you\s*are|you'?re|youre|ur|u\s+r|u\s+are|you\s+r|yer)"
_WORDS = r"(?:\w+\s+){0,3}?"
_VIOLENT_RE = "|".join(sorted(VIOLENT, key=len, reverse=True))
_NEG = r"(?:not|never|n't|wont|wouldnt|dont|cant|shouldnt|no\s+one|nobody)"

# Direct threats: a first-person future act of violence, or a warning aimed at "you".
THREAT_PATTERNS = tuple(
    re.compile(p)
    for p in (
        rf"\b(?:i'?m|i\s+am|im|we'?re|we\s+are|i'?ll|i\s+will|ill|we'?ll|we\s+will|i\s+shall|gonna|going\s+to|"
        rf"gunna|about\s+to|i\s+want\s+to|i\s+wanna|i'?d\s+love\s+to)\s+{_WORDS}(?:{_VIOLENT_RE})\b",
        rf"\b(?:{_VIOLENT_RE})\s+(?:you|u|ya|him|her|them|yer|your|ur|you're|youre)\b",
        rf"\b(?:{_VIOLENT_RE})\s+(?:your|ur|yer|his|her)\s+(?:\w+\s+)?(?:family|mum|mam|ma|da|dad|kids|face|head|legs|"
        rf"neck|house|car|teeth|throat)\b",
        r"\bwatch\s+(?:your|ur|yer)\s+(?:back|self|step)\b",
        r"\bknow\s+where\s+(?:you|u|ya|your\s+\w+|ur\s+\w+)\s+(?:live|lives|stay|sleep|go\s+to\s+school)\b",
        rf"\b{_YOU_ARE}\s+(?:so\s+|gonna\s+be\s+|going\s+to\s+be\s+)?(?:dead|dead\s+meat|finished|done\s+for|next)\b",
        rf"\b{_YOU}\s+(?:will|'ll|ll|are\s+going\s+to|gonna)\s+(?:die|regret|pay|be\s+sorry|get\s+what)",
        rf"\b{_YOU}\s*(?:'d|would|had)?\s*(?:better|best)\s+(?:watch|run|hide|sleep|stay|keep|not|be\s+careful)",
        r"\b(?:your|ur)\s+days\s+are\s+numbered\b",
        r"\b(?:sleep\s+with\s+one\s+eye\s+open|or\s+else|wait\s+till\s+i\s+get|wait\s+until\s+i\s+get)\b",
        r"\b(?:coming|come)\s+(?:for|after)\s+(?:you|u|ya|ye)\b",
        r"\b(?:kill|hang|end)\s+(?:yourself|urself|yerself|yourselves|ur\s+self)\b|\bkys\b",
        rf"\b(?:i|we)\s+(?:will|'ll|ll|am\s+going\s+to|are\s+going\s+to|gonna)\s+(?:find|get|catch|hunt)\s+{_YOU}\b"
        r"(?!\s+(?:a|an|the|some|one|two|your|ur|yer|tickets?|seats?)\b)",
        rf"\b(?:should|deserve\s+to|ought\s+to|need\s+to)\s+be\s+(?:{_VIOLENT_RE}|shot|hanged|hung|gassed|killed|"
        r"stabbed|raped|beaten|burned|burnt|deported|exterminated|wiped\s+out)",
        r"\b(?:bring|bringing)\s+(?:a\s+)?(?:knife|gun|blade)\b|\bshoot\s+up\b|\bblow\s+up\b",
        rf"\b(?:{_VIOLENT_RE})\s+(?:all|every|each|them\s+all|all\s+of\s+them|those|these)\b",
        r"\b(?:want|like|love)\s+(?:to\s+see\s+)?(?:all|every|them|those|these|you)\s+(?:\w+\s+){0,2}(?:dead|die|suffer|burn)\b",
        r"\b(?:all|every|each)\s+(?:\w+\s+){1,2}(?:should|must|need\s+to|deserve\s+to|ought\s+to)\s+(?:be\s+)?"
        r"(?:die|dead|killed|shot|hanged|hung|burned|burnt|gassed|stabbed|beaten|exterminated|wiped\s+out)\b",
    )
)

# The same threats preceded by a negation ("I would never hurt you"), which usually means the opposite.
NEGATED_THREAT = re.compile(rf"\b{_NEG}\s+(?:\w+\s+){{0,3}}(?:{_VIOLENT_RE})\b")

# "You are a <insult>" and friends: abuse aimed at the reader.
INSULT_AT_YOU = re.compile(
    rf"\b(?:{_YOU_ARE}|{_YOU}|shut\s+up|go\s+away|get\s+lost|nobody\s+likes)\s+(?:\w+\s+){{0,3}}"
    rf"(?:{'|'.join(sorted(INSULTS | PROFANITY | SLURS, key=len, reverse=True))})\b"
)

# Reported or condemned abuse: "calling her a ... is disgusting", "he called me a ...", quoting a slur.
COUNTER_SPEECH = tuple(
    re.compile(p)
    for p in (
        r"\b(?:calling|call|called|calls)\s+(?:me|her|him|them|us|someone|somebody|people|anyone|a\s+\w+|\w+)"
        r"\s+(?:a|an)?\s*\w*",
        r"\b(?:don'?t|do\s+not|never|stop|shouldn'?t|should\s+not|please\s+don'?t)\s+(?:call|say|use|write|post)",
        r"\b(?:is|was|are|were|that'?s|thats|it'?s)\s+(?:so\s+|really\s+|just\s+|totally\s+)?(?:not\s+ok|not\s+okay|"
        r"not\s+acceptable|unacceptable|disgusting|wrong|racist|sexist|homophobic|bullying|hate\s+speech|"
        r"out\s+of\s+order|not\s+on|not\s+funny|vile)",
        r"\b(?:used|uses|using|said|saying|says|wrote|posted)\s+(?:the\s+)?(?:word|words|slur|slurs|things?\s+like)",
        r"\b(?:said|says|saying|told\s+me|told\s+her|told\s+him)\s+(?:that\s+)?(?:i|she|he|they|we)\s+(?:was|were|am|is|are)",
        r"\b(?:no\s+one|nobody|no\s+child|no\s+pupil|no\s+one)\s+(?:deserves|should\s+have\s+to)",
    )
)

# Speech acts that affirm support rather than attack.
SUPPORT = re.compile(
    r"\b(?:well\s+done|congratulations|congrats|thank\s+you|thanks|proud\s+of|love\s+(?:you|this|it|that)|"
    r"brilliant|amazing|fantastic|great\s+job|good\s+luck|lovely|class\b|deadly\b|stay\s+safe)"
)

# Dehumanising or eliminationist claims about a group.
DEHUMANISE = re.compile(
    r"\b(?:are|r|is)\s+(?:all\s+|just\s+|nothing\s+but\s+|like\s+|such\s+)?(?:(?:\w+\s+){0,2})"
    r"(?:animals|vermin|rats|cockroaches|parasites|scum|filth|savages|subhuman|disease|a\s+disease|cancer|"
    r"a\s+cancer|plague|a\s+plague|trash|garbage|pigs|apes|monkeys|dogs|inferior|evil|terrorists|criminals|"
    r"rapists|pedos|paedos|paedophiles|pedophiles|a\s+virus|worthless)\b"
)

# Hatred declared against a group ("I hate all ..."); a negation just before it is checked in code.
HATE_GROUP = re.compile(
    r"\b(?:hate|despise|loathe|detest|can'?t\s+stand|sick\s+of|get\s+rid\s+of|ban|deport)\s+(?:all\s+|the\s+|those\s+|"
    r"these\s+|every\s+)?(?:\w+\s+)?(?:" + "|".join(sorted(IDENTITY | SLURS, key=len, reverse=True)) + r")\b"
)
