"""Word lists and text rules for actor extraction: names, roles, sentences, chrome.

No statistical model: names are found where the text itself says who someone
is (a title or role next to a capitalised name, "Name (ABBR)") or where the
registry knows the spelling. Everything here is constant and pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..text.patterns import longest_first_alternation


def words(text: str) -> frozenset[str]:
    """A word list written as one string, for readable constants."""
    return frozenset(text.split())


# Letters for name tokens. Latin-1 and Latin Extended-A cover the transliterated
# names of these sources (Erdoğan, Orbán, Sánchez).
UP = "A-ZÀ-ÖØ-Þ\u0100-\u017f"
LO = "a-zß-öø-ÿ\u0100-\u017f"

# One capitalised word of a name: "Pistorius", "Al-Nashif", "O’Brien", "McCain", "Jong-un".
NAME_TOKEN = rf"(?:Mc[{UP}][{LO}]+|[{UP}](?:[’'][{UP}])?[{LO}]+)(?:-[{UP}]?[{LO}]+)*"
PARTICLES = ("von", "van", "der", "den", "de", "da", "di", "du", "dos", "del", "bin", "ibn", "al")
_PARTICLE = "|".join(PARTICLES)
# A run of name words, with particles ("Ursula von der Leyen") and middle
# initials ("Donald J. Trump") inside.
NAME_RUN = rf"{NAME_TOKEN}(?:\s+(?:(?:{_PARTICLE})\s+)*(?:[{UP}]\.\s+)?{NAME_TOKEN})*"

# Role heads that name a person's position; the first letter may be either case.
PERSON_HEADS: tuple[str, ...] = (
    "president-elect",
    "vice president",
    "president",
    "prime minister",
    "vice-premier",
    "vice premier",
    "premier",
    "deputy minister",
    "minister",
    "secretary-general",
    "secretary general",
    "press secretary",
    "secretary",
    "chancellor",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "commander-in-chief",
    "commander",
    "chief of staff",
    "chief",
    "ambassador",
    "envoy",
    "senator",
    "congressman",
    "congresswoman",
    "lawmaker",
    "governor",
    "mayor",
    "director-general",
    "director",
    "chairman",
    "chairwoman",
    "chairperson",
    "head",
    "leader",
    "high commissioner",
    "commissioner",
    "adviser",
    "advisor",
    "aide",
    "analyst",
    "expert",
    "professor",
    "journalist",
    "correspondent",
    "reporter",
    "negotiator",
    "ombudsman",
    "prosecutor",
    "judge",
    "official",
    "diplomat",
    "economist",
    "researcher",
    "deputy",
    "representative",
    "founder",
    "chief executive",
    "patriarch",
    "rapporteur",
    "coordinator",
    "activist",
    "lawyer",
    "blogger",
    "first lady",
    "editor-in-chief",
    "editor",
    "CEO",
    "co-founder",
    "scholar",
    "fellow",
)
# Titles that are only titles when capitalised ("in general, Russian ..." is not one).
CAPITALISED_HEADS: tuple[str, ...] = (
    "Lieutenant General",
    "Lt. Gen.",
    "Major General",
    "Maj. Gen.",
    "Brigadier General",
    "Brig. Gen.",
    "General",
    "Gen.",
    "Lt.",
    "Maj.",
    "Col.",
    "Capt.",
    "Sgt.",
    "Adm.",
    "Colonel",
    "Major",
    "Captain",
    "Lieutenant",
    "Sergeant",
    "Admiral",
    "Marshal",
    "Dr.",
    "Mr.",
    "Mrs.",
    "Ms.",
    # British style writes honorifics without the full stop ("Mr Assange").
    "Dr",
    "Mr",
    "Mrs",
    "Ms",
    "Prof.",
    "Sen.",
    "Rep.",
    "Gov.",
    "Pope",
    "King",
    "Queen",
    "Prince",
    "Princess",
    "Emir",
    "Sheikh",
    "Ayatollah",
    "MP",
)
# Triggers that say "a person" but describe nothing worth a page's description.
HONORIFICS = frozenset({"Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Mr", "Mrs", "Ms", "Dr"})
# Heads that are interchangeable in "the Ukrainian leader" / "the Ukrainian president".
LEADER_HEADS = frozenset(
    {"president", "leader", "prime minister", "premier", "chancellor", "head of state"}
)

# Lowercase words that may open a role: "outgoing German Foreign Minister".
LOWER_MODIFIERS = (
    "deputy",
    "vice",
    "chief",
    "senior",
    "acting",
    "former",
    "outgoing",
    "incoming",
    "interim",
    "top",
    "high",
    "first",
    "prime",
    "foreign",
    "defense",
    "defence",
    "military",
    "national",
    "security",
    "press",
    "regional",
    "local",
    "state",
    "government",
    "opposition",
    "presidential",
    "special",
    "assistant",
    "executive",
    "supreme",
    "longtime",
    "veteran",
    "news",
    "political",
    "parliamentary",
    "new",
    "incumbent",
    "police",
)
# Words that only make a role read oddly out of its article ("outgoing").
TEMPORAL_MODIFIERS = frozenset({"outgoing", "incoming", "newly", "appointed", "then"})

# Subject words in "Commissioner for Human Rights", "Secretary of State".
DOMAIN_WORDS = words(
    """Human Rights Foreign Affairs Defense Defence State Security Policy Refugees
    Economy Economic Energy Finance Justice Health Interior Internal Trade European Europe
    Integration Strategic Industries Digital Transformation Reintegration Temporarily
    Occupied Territories Veterans Emergency Emergencies Situations Infrastructure
    Agriculture Education Science Culture Information Development Peace Operations
    Intelligence National Staff Joint Chiefs Armed Forces Army Navy Air Force Political
    Humanitarian Relief Coordination Nations United Commission Council Office
    Communications Budget Environment Home Industry Labor Labour Social Global Public
    Diplomacy Ground General"""
)

# Last words of organisation names; never part of a person's name.
ORG_HEADS = words(
    """Ministry Council Organization Organisation Agency Committee Commission Group Fund
    Bank Institute University Party Army Forces Force Command Parliament Court Office
    Service Services Department Union Alliance Association Federation Foundation
    Corporation Company Inc Ltd News Times Post Staff Guard Navy Fleet Brigade Battalion
    Regiment Division Corps Center Centre Network Channel Media Press Television Radio
    Authority Assembly Senate Congress Government Administration Cabinet Secretariat
    Bureau Directorate Board Forum Initiative Coalition Front Movement Embassy Mission
    Observatory Watch Institution Programme Program Court"""
)
# Other nouns that end capitalised non-person names (places, events, documents).
THING_HEADS = words(
    """Base Airport Plant Region Oblast Republic Kingdom Sea Ocean River Street Square Day
    War Conflict Crisis Treaty Agreement Accord Deal Plan Act Summit Conference Games
    Cup Prize Award Festival Palace Hall Bridge Station Island Islands Peninsula Gulf
    Strait Mountains Province State States City District Road Line Pipeline Stream"""
)

# Capitalised words that are never part of a name (sentence openers, time words).
STOP_WORDS = words(
    """The A An This That These Those He She It They We I You His Her Its Their Our My
    In On At By For From To Of With Without After Before During Since Until As But And Or
    If When While Where What Who Which Why How Although Though However Meanwhile
    Additionally Also Notably Both Some Many Most All Any Each Other Such Then There Here
    Yet So Still Now Today Yesterday Tomorrow Tonight Monday Tuesday Wednesday Thursday
    Friday Saturday Sunday January February March April May June July August September
    October November December According Among Under Over Despite Through Throughout
    Against Following Amid Amidst Prior Repeatedly Analysts Officials Western Eastern
    Northern Southern Central European Europe Asian Asia African Africa Arab Middle East
    West North South Related Sources Source Comments Read More Latest Stories Popular
    Watch Live Update Updated Breaking Exclusive Opinion Analysis Editorial Photo Video
    Image Credit Advertisement Share Subscribe Sign Log Home World Business Politics Not
    No Yes Every One Two Three Four Five Six Seven Eight Nine Ten First Second Third Last
    Next New Old Christmas Easter God Internet"""
)

# Verbs of reporting: "Morales said" shows that a reused surname is a person.
REPORTING_VERBS = words(
    """said says told tells added adds wrote writes tweeted argued argues claimed claims
    denied denies insisted insists warned warns stated states announced announces
    replied asked asks"""
)
# Nouns whose endings mark a subject, not a name: "Director of Public Prosecution".
SUBJECT_SUFFIXES = ("tion", "sion", "ment", "ity", "ism", "ics", "ship")

# Family names that come first ("Xi Jinping" is then "Xi", "Kim Jong Un" is "Kim").
FAMILY_NAME_FIRST = words(
    """Xi Li Wang Zhang Liu Chen Yang Zhao Huang Zhou Wu Hu Sun Ma Zhu Guo He Lin Gao Luo
    Zheng Liang Kim Park Lee Choi Jung Kang Yoon Moon Kwon Cho Han Shin Lim Oh Hwang Ahn
    Song Jeon Hong Ko Ri Pak Choe Ryu Nam Jang"""
)
NAME_SUFFIXES = frozenset({"Jr.", "Sr.", "Jr", "Sr", "II", "III", "IV"})

# Small words a Title Case headline leaves in lowercase.
_SMALL_WORDS = words(
    "a an and as at but by for from in into nor of on or over the to up via with vs amid"
)

ABBREVIATIONS = words(
    """Mr. Mrs. Ms. Dr. Prof. Gen. Lt. Col. Capt. Sgt. Adm. Maj. Brig. Sen. Rep. Gov. St.
    Jr. Sr. No. Nos. vs. etc. e.g. i.e. Inc. Corp. Co. Ltd. Jan. Feb. Mar. Apr. Jun. Jul.
    Aug. Sep. Sept. Oct. Nov. Dec. approx. est."""
)


# Each head as written in running text, capitalised, and in Title Case ("First Lady").
_HEAD_VARIANTS = [
    variant
    for h in PERSON_HEADS
    for variant in (h, h[0].upper() + h[1:], " ".join(w.capitalize() for w in h.split()))
]
PERSON_HEAD = rf"(?:{longest_first_alternation([*CAPITALISED_HEADS, *_HEAD_VARIANTS])})"
# A capitalised word, a dotted acronym ("U.S."), or a known lowercase modifier; a
# word ending in a full stop ends a sentence, so it never opens a role.
_MODIFIER = rf"(?:(?:[A-Z]\.){{2,}}|[{UP}][\w’'-]*|{'|'.join(LOWER_MODIFIERS)})"
_DOMAIN_TAIL = rf"(?:\s+(?:of|for|on|to)(?:\s+the)?(?=\s+[{UP}]))?"

# "German Defense Minister Boris Pistorius", "Kremlin spokesman Dmitry Peskov",
# "Deputy High Commissioner for Human Rights Nada Al-Nashif".
ROLE_THEN_NAME = re.compile(
    rf"(?<![\w’'.-])(?P<role>(?:{_MODIFIER}\s+){{0,5}}{PERSON_HEAD}{_DOMAIN_TAIL})"
    rf"\s+(?P<run>{NAME_RUN})"
)
# "the then UK Home Secretary, Sajid Javid," and "Sweden's deputy director of public
# prosecutions, Eva-Marie Persson, said": a role, then the name in commas.
ROLE_COMMA_NAME = re.compile(
    rf"(?<![\w’'.-])(?P<role>(?:{_MODIFIER}\s+){{0,5}}{PERSON_HEAD}"
    rf"(?:\s+(?:of|for|to)\s+(?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+){{0,2}})?)"
    rf",\s+(?P<run>{NAME_RUN}),"
)
# "Dmitry Peskov, the Kremlin spokesman," — a role in apposition after the name;
# "Chris Tang, Hong Kong's new police commissioner", "Avi Bell, senior fellow at".
NAME_THEN_ROLE = re.compile(
    rf"(?<![\w’'.-])(?P<run>{NAME_RUN}),\s+"
    rf"(?:(?:the|a|an|its|his|her|(?:[{UP}][\w-]*\s+){{0,2}}[{UP}][\w-]*[’']s)\s+)?"
    rf"(?P<role>(?:{_MODIFIER}\s+){{0,4}}{PERSON_HEAD}"
    rf"(?:\s+(?:of|for|at|to)\s+(?:the\s+)?[{UP}][\w’'.-]*(?:\s+[{UP}][\w’'.-]*){{0,3}})?)"
    rf"(?=[\s,.;:])"
)
# A person head as a whole word: ROLE_THEN_NAME, ROLE_COMMA_NAME and NAME_THEN_ROLE
# each match one (the role opens after a non-word character or whitespace, and its
# modifiers end in whitespace; the head is followed by whitespace, a comma, or in
# NAME_THEN_ROLE one of ".;:"), so a paragraph this does not find needs none of them.
PERSON_HEAD_AT_WORD = re.compile(rf"(?<![\w’'.-]){PERSON_HEAD}(?=[\s,.;:])")
# What follows a name and completes its role: "General Patrick Ryder from the Pentagon".
ROLE_SUFFIX = re.compile(rf"\s+(?P<suffix>(?:of|from|at)\s+(?:the\s+)?{NAME_RUN}|of\s+[{UP}]\S+)")

_MEDIA_ROLES = (
    r"Telegram channel|news agency|news outlet|media outlet|newspaper|broadcaster|think tank"
)
# The media roles as plain text: ORG_THEN_ROLE and ROLE_THEN_ORG match only text
# containing one of them verbatim (the alternation above has no metacharacters).
MEDIA_ROLES = tuple(_MEDIA_ROLES.split("|"))
# "The Shot Telegram channel", "the news agency Interfax".
ORG_THEN_ROLE = re.compile(
    rf"(?<![\w’'.-])(?P<run>[{UP}][\w’'-]*(?:\s+[{UP}][\w’'-]*){{0,3}})\s+(?P<role>{_MEDIA_ROLES})(?!\w)"
)
ROLE_THEN_ORG = re.compile(
    rf"(?<!\w)(?P<role>{_MEDIA_ROLES})\s+(?P<run>[{UP}][\w’'-]*(?:\s+[{UP}][\w’'-]*){{0,3}})"
)
# "Shanghai Cooperation Organization (SCO)".
NAME_THEN_ACRONYM = re.compile(
    rf"(?<![\w’'.-])(?P<run>[{UP}][\w’'.-]*(?:\s+(?:(?:of|for|the|and|on|in|de)\s+)*"
    rf"[{UP}][\w’'.-]*){{1,8}})\s+\((?P<abbr>[A-Z][A-Za-z&]{{1,8}})\)"
)
# "the Ukrainian leader": a role phrase that points back to someone named in the article.
# "(?<!\w)[Tt]he", with the lookbehind after the "t" so the engine skips to the
# next "t" instead of trying every position (as longest_first_alternation's not_after).
ROLE_PHRASE = re.compile(
    rf"[Tt](?<!\w[Tt])he\s+(?P<adj>[{UP}][\w-]*(?:\s+[{UP}][\w-]*)?)\s+"
    rf"(?P<head>{longest_first_alternation(h.lower() for h in LEADER_HEADS | set(PERSON_HEADS))})"
    rf"(?!\w)",
    re.IGNORECASE,
)
CAPITALISED_RUN = re.compile(NAME_RUN)
WORD = re.compile(r"[^\W_][\w’'.-]*")

# Caption credits: "… in Germany. / Yonhap News", "(Photo: Reuters)", "Photo by Jane Doe".
# Each with texts of which any match contains one (literal characters or words of
# the pattern): a paragraph without any of them is not searched.
CAPTION_CREDITS: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = (
    (("/",), re.compile(r"\s/\s*[^/\n]{1,60}$")),
    (
        ("(",),
        re.compile(r"\([^()]*\b(?:Photo|Photograph|Image|Picture|Credit|Getty|Courtesy)[^()]*\)"),
    ),
    (
        ("Photo", "Image", "Picture", "Credit", "Courtesy"),  # "Photograph" contains "Photo"
        re.compile(
            r"\b(?:Photo|Photograph|Image|Picture|Credit|Courtesy)(?:\s+by|\s+credit)?\s*[:：]?"
            r"\s*(?:by\s+)?[A-Z][^.;()\n]{0,60}$"
        ),
    ),
    (("©",), re.compile(r"©\s*[^.;()\n]{1,60}")),
    # The byline of a box inside the story: "Caroline Hawley, BBC diplomatic correspondent".
    (
        ("correspondent", "editor", "reporter", "writer", "analyst"),
        re.compile(
            rf"^{NAME_RUN},\s+[^.,;:]{{0,60}}\b(?:correspondent|editor|reporter|writer|analyst)s?\s*$"
        ),
    ),
    # The agency credit of a wire dateline: "HANOI, Vietnam (AP) —" is a byline.
    (
        ("(",),
        re.compile(
            r"^[A-Z][A-Z .'’-]{1,30}(?:, [A-Z][\w .'’-]{1,30})? (?P<credit>\([^()]{1,30}\))\s*[—–-]"
        ),
    ),
)

_SENTENCE_END = re.compile(r"[.!?…]+[\"”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
_INITIALS = re.compile(r"(?:[A-Z]\.)+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries as (start, end) offsets; abbreviations do not end a sentence."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        # The last word only: splitting all of `text[start:]` again at each
        # abbreviation was quadratic in a paragraph of initials and name lists.
        head = match.end()
        while head > start and not text[head - 1].isspace():
            head -= 1
        last = text[head : match.end()].rstrip('"”’)]')
        if last in ABBREVIATIONS or _INITIALS.fullmatch(last):
            continue
        spans.append((start, match.end()))
        start = match.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text) and text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def is_headline(text: str) -> bool:
    """A Title Case line without closing punctuation: a headline or chrome, not prose."""
    stripped = text.strip()
    if not stripped or stripped[-1] in '.!?"”’)…':
        return False
    words = [w for w in WORD.findall(stripped) if w.lower() not in _SMALL_WORDS]
    if len(words) < 5:
        return True
    capitalised = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    return capitalised >= 0.6 * len(words)


def caption_credit_spans(text: str) -> list[tuple[int, int]]:
    """Spans of photo credits: names there are agencies and photographers, not actors."""
    return [
        m.span("credit") if "credit" in pattern.groupindex else m.span()
        for needs, pattern in CAPTION_CREDITS
        if any(need in text for need in needs)
        for m in pattern.finditer(text)
    ]


def sentence_starts(spans: Iterable[tuple[int, int]], text: str) -> frozenset[int]:
    """Offsets of each sentence's first word (after opening quotes)."""
    starts = set()
    for start, _ in spans:
        offset = start
        while offset < len(text) and text[offset] in "\"“‘'([ ":
            offset += 1
        starts.add(offset)
    return frozenset(starts)


def surname_of(name: str, explicit: str | None = None) -> str:
    """The word a later mention uses alone: the family name."""
    if explicit:
        return explicit
    words = [w for w in name.split() if w not in NAME_SUFFIXES]
    if not words:
        return name
    if len(words) > 1 and words[0] in FAMILY_NAME_FIRST:
        return words[0]
    return words[-1]


def clean_role(role: str) -> str:
    """A role as a page describes someone: without openers, articles or "outgoing"."""
    words = role.split()
    while words and (words[0] in STOP_WORDS and words[0] not in ("Western", "European")):
        words.pop(0)
    while words and words[0].lower() in TEMPORAL_MODIFIERS:
        words.pop(0)
    while words and words[-1] in ("of", "for", "on", "the"):
        words.pop()
    return " ".join(words)


def has_lowercase_word(text: str) -> bool:
    """True for role phrases ("the Ukrainian leader"), false for names and acronyms."""
    for word in text.split():
        if word in PARTICLES:
            continue
        if word[0].islower():
            return True
    return False
