"""The e-mail that brings a participant her agenda: when the schedule is published, and when
a change on the day moves, cancels or adds one of her meetings.

Written in the agenda's language (the one the mission writes to her). The agenda comes as a
PDF to print and as an iCalendar file whose events update, not duplicate, what an earlier
one put in her calendar (same UID, higher SEQUENCE). The link opens her space, where the
agenda is always current.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rencontre.documents.agenda import Agenda
from rencontre.documents.agenda_ics import render_ics
from rencontre.documents.agenda_page import render_agenda_pdf
from rencontre.documents.file_names import file_stem
from rencontre.documents.i18n import N_
from rencontre.mail.messages import Attachment, Mail

PUBLISHED_SUBJECT = N_("%(mission)s: your agenda")
CHANGED_SUBJECT = N_("%(mission)s: your agenda has changed")
GREETING = N_("Hello %(name)s,")
PUBLISHED_TEXT = N_(
    "The schedule of %(mission)s is published. Your agenda is attached: a PDF to print, and a "
    "calendar file (.ics) to open in your calendar application."
)
CHANGED_TEXT = N_(
    "Your agenda for %(mission)s has changed. The attached calendar file (.ics) updates the "
    "events it put in your calendar; the PDF is your agenda as it is now."
)
WHAT_CHANGED = N_("What changed:")
SPACE_LINK = N_(
    "Your space, with your agenda always up to date (keep this link to yourself): %(url)s"
)
CLOSING = N_("See you soon,")
# One line per change of her meetings.
MOVED_LINE = N_("Your meeting with %(partner)s moves to %(when)s, %(place)s.")
ADDED_LINE = N_("New meeting with %(partner)s: %(when)s, %(place)s.")
CANCELLED_LINE = N_("Your meeting with %(partner)s on %(when)s is cancelled.")
NOT_PLACED_LINE = N_(
    "Your meeting with %(partner)s could not be kept: there is no room left for it."
)
PLACE = N_("%(venue)s, table %(table)s")


def agenda_mail(
    agenda: Agenda,
    *,
    link: str,
    changes: Sequence[str] = (),
    stamp: datetime | None = None,
) -> Mail:
    """The agenda of `agenda.person` by e-mail; with `changes` (sentences already in her
    language), the message that tells her of a change instead of the publication."""
    words = agenda.words
    mission = agenda.mission.title
    meetings = sum(1 for e in agenda.entries if e.is_meeting and not e.cancelled)
    lines = [words.gettext(GREETING, name=agenda.person.full_name), ""]
    if changes:
        lines += [words.gettext(CHANGED_TEXT, mission=mission), "", words.gettext(WHAT_CHANGED)]
        lines += [f"- {change}" for change in changes]
    else:
        lines.append(words.gettext(PUBLISHED_TEXT, mission=mission))
    count = words.ngettext("You have %(count)d meeting.", "You have %(count)d meetings.", meetings)
    lines += ["", count]
    if link:
        lines += ["", words.gettext(SPACE_LINK, url=link)]
    lines += ["", words.gettext(CLOSING)]
    stem = f"{file_stem(agenda.mission.key)}-{file_stem(agenda.person.email)}"
    subject = CHANGED_SUBJECT if changes else PUBLISHED_SUBJECT
    return Mail(
        to=agenda.person.email,
        subject=words.gettext(subject, mission=mission),
        text="\n".join(lines) + "\n",
        language=agenda.language,
        attachments=(
            Attachment(f"{stem}.pdf", render_agenda_pdf(agenda), "application/pdf"),
            Attachment(f"{stem}.ics", render_ics(agenda, stamp=stamp), "text/calendar"),
        ),
    )
