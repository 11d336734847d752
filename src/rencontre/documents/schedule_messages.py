"""What the desk's schedule services say: why a hand move is refused, and the audit log's
sentences for moves, locks, runs, publications and changes on the day.

Message ids only (marked with `N_`), with `%(name)s` values; each is translated where it is
shown, in the reader's language: a refusal on the page, an audit entry when the log is read.
"""

from __future__ import annotations

from rencontre.documents.i18n import N_

# Why a hand move is refused: one sentence per rule it would break.
PERSON_BUSY = N_("%(person)s already has a meeting then, with %(partner)s.")
TABLE_TAKEN = N_("Table %(table)s is taken then, by %(first)s and %(second)s.")
NO_SUCH_TABLE = N_("%(venue)s has no table %(table)s then.")
UNAVAILABLE = N_("%(person)s is not available then.")
PROGRAMME = N_("%(person)s attends “%(item)s” then.")
TRAVEL_TIME = N_("%(person)s cannot come from “%(item)s” in time: it is %(minutes)s minutes away.")
LOCKED = N_("The meeting of %(first)s and %(second)s is locked: unlock it first.")
NOT_LIVE = N_("The meeting of %(first)s and %(second)s is cancelled or over: it cannot move.")
NO_SUCH_SLOT = N_("There is no such slot in this mission.")
ALREADY_THERE = N_("The meeting is already there.")

# The audit log.
MOVED = N_("Moved the meeting of %(first)s and %(second)s to %(place)s")
SWAPPED = N_("Swapped the meetings of %(first)s and %(second)s and of %(third)s and %(fourth)s")
LOCKED_ENTRY = N_("Locked the meeting of %(first)s and %(second)s")
UNLOCKED_ENTRY = N_("Unlocked the meeting of %(first)s and %(second)s")
SCHEDULING_STARTED = N_("Started the scheduling")
PUBLISHED = N_("Published version %(number)s of the schedule")
CHANGES_APPLIED = N_("Applied changes on the day: %(changes)s; %(moved)s meetings moved")
