"""The e-mail that tells a participant of the meeting requests an organiser approved for her.

One message per person and decision, however many pairs it approved: each line says whether
the request was sent in her name (she asked them) or to her (they ask her), with the
matching's reasons when there are some. Written in the language the mission writes to her;
the links lead to her requests page, and to her space for a device that has not opened it
yet (the page needs her session).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rencontre.core.enums import Language
from rencontre.core.participant import Participant
from rencontre.documents.i18n import N_, words_for
from rencontre.mail.messages import Mail

SUBJECT = N_("%(mission)s: new meeting requests")
GREETING = N_("Hello %(name)s,")
INTRODUCTION = N_("The organisers of %(mission)s suggest that you meet these participants:")
SENT_IN_HER_NAME = N_(
    "%(name)s (%(organisation)s): a request to meet them was sent in your name; "
    "they will answer it."
)
ASKS_HER = N_("%(name)s (%(organisation)s) asks to meet you: accept or decline the request.")
REASONS = N_("Why: %(reasons)s")
REASONS_IN_ENGLISH = N_("Why, as the matching wrote it in English: %(reasons)s")
REQUESTS_PAGE = N_("Your requests: %(url)s")
PERSONAL_LINK = N_(
    "If this device has not opened your space yet, open it first with your personal link "
    "(keep it to yourself): %(url)s"
)


@dataclass(frozen=True)
class ApprovedRequest:
    """One approved pair as one of its two people reads it."""

    other: Participant
    #: True: sent in her name to `other`; False: `other` asks her.
    sent: bool
    reasons: str = ""
    #: The reasons are the matching engine's, which it writes in English.
    reasons_in_english: bool = False


def approved_requests_mail(
    *,
    person: Participant,
    language: Language,
    mission_title: str,
    requests: Sequence[ApprovedRequest],
    requests_url: str,
    personal_link: str,
) -> Mail:
    """The message to `person` about `requests`, in `language`."""
    words = words_for(language)
    lines = [
        words.gettext(GREETING, name=person.full_name),
        "",
        words.gettext(INTRODUCTION, mission=mission_title),
        "",
    ]
    for approved in requests:
        said = SENT_IN_HER_NAME if approved.sent else ASKS_HER
        other = approved.other
        lines.append(
            "- " + words.gettext(said, name=other.full_name, organisation=other.organisation)
        )
        if approved.reasons:
            why = REASONS_IN_ENGLISH if approved.reasons_in_english else REASONS
            lines.append("  " + words.gettext(why, reasons=approved.reasons))
    lines += [
        "",
        words.gettext(REQUESTS_PAGE, url=requests_url),
        "",
        words.gettext(PERSONAL_LINK, url=personal_link),
        "",
    ]
    return Mail(
        to=person.email,
        subject=words.gettext(SUBJECT, mission=mission_title),
        text="\n".join(lines),
        language=language,
    )
