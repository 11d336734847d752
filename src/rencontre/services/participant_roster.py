"""The people of one mission, as its organisers add them: files uploaded, or one at a time.

Both go through `rencontre import` (`rencontre.services.records.import_files`): an upload
is the import of the files given, and a participant typed in the desk's form becomes the
`participants.json` (and, for a new organisation, `organisations.json`) that an import would
read, so the same rules refuse the same values. Every refusal is `InvalidInput` and writes
nothing. The people an upload or the form adds to the database take part in this mission
from then on (they join the end of its list); people already stored are updated (with
`update`) and stay in the missions they were in. Each change is logged in the audit log, in
the same transaction.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from rencontre.core.dataset import Dataset
from rencontre.core.errors import InvalidInput, Problem
from rencontre.core.input_limits import InputLimits
from rencontre.core.participant import Participant
from rencontre.documents.i18n import N_
from rencontre.services import audit_log
from rencontre.services.records import ImportSummary, import_files
from rencontre.store import repositories as repo
from rencontre.store.models import ParticipantRow
from rencontre.store.profile_edits import participant as stored_participant
from rencontre.store.updates import store_records

PARTICIPANT_FORM = "participant form"
IMPORTED = N_("Files imported (%(files)s): %(added)s participants added, %(changed)s changed")
ADDED = N_("Participant %(name)s added")
EDITED = N_("Participant %(name)s edited")

#: Form field of each column of the files the form stands for.
_PARTICIPANT_FIELDS = {
    "email": "email",
    "full_name": "full_name",
    "organisation": "organisation",
    "role": "role",
    "languages": "languages",
}
_ORGANISATION_FIELDS = {"name": "new_organisation", "country": "country", "kind": "kind"}


@dataclass(frozen=True)
class ParticipantForm:
    """One participant as the desk's form holds it; a new organisation when
    `new_organisation` is given (with its country and kind)."""

    email: str = ""
    full_name: str = ""
    organisation: str = ""
    role: str = ""
    languages: tuple[str, ...] = ()
    new_organisation: str = ""
    country: str = ""
    kind: str = ""


@dataclass(frozen=True)
class Upload:
    """What an upload did: the import's summary and who joined the mission."""

    summary: ImportSummary
    joined: tuple[str, ...]


def import_for_mission(
    session: Session,
    *,
    mission: str,
    paths: Sequence[Path],
    update: bool,
    actor: str,
    now: datetime,
    limits: InputLimits = InputLimits(),
) -> Upload:
    """Import `paths` as `rencontre import [--update]` does; the new people join `mission`."""
    repo.get_mission(session, mission)
    before = _emails(session)
    summary = import_files(session, paths, update=update, limits=limits)
    joined = tuple(sorted(_emails(session) - before))
    _join(session, mission, joined)
    people = summary.counts["participants"]
    values = {
        "files": ", ".join(p.name for p in paths),
        "added": people.added,
        "changed": people.changed,
    }
    audit_log.record(session, mission=mission, actor=actor, action="participants.imported",
                     message=IMPORTED, values=values, now=now)  # fmt: skip
    return Upload(summary, joined)


def participant_form(person: Participant) -> ParticipantForm:
    return ParticipantForm(
        email=person.email,
        full_name=person.full_name,
        organisation=person.organisation,
        role=person.role,
        languages=tuple(language.value for language in person.languages),
    )


def find_participant(session: Session, *, mission: str, ident: int) -> Participant | None:
    """Participant `ident` when they take part in `mission`, else None."""
    email = session.scalar(select(ParticipantRow.email).where(ParticipantRow.id == ident))
    if email is None or email not in repo.get_mission(session, mission).participants:
        return None
    return stored_participant(session, email)


def save_participant(
    session: Session,
    *,
    mission: str,
    form: ParticipantForm,
    existing: Participant | None,
    actor: str,
    now: datetime,
) -> str:
    """Add (`existing` None) or edit one participant of `mission`; their e-mail.

    A new one must not be stored yet (the e-mail is refused as in a plain import); an
    edited one keeps their e-mail and availability.
    """
    email = existing.email if existing is not None else form.email
    person: dict[str, object] = {
        "email": email,
        "full_name": form.full_name,
        "organisation": form.new_organisation.strip() or form.organisation,
        "role": form.role,
        "languages": list(form.languages),
    }
    files: dict[str, list[dict[str, object]]] = {"participants": [person]}
    if form.new_organisation.strip():
        files["organisations"] = [
            {"name": form.new_organisation, "country": form.country, "kind": form.kind}
        ]
    if existing is None and stored_participant(session, email.strip().lower()) is not None:
        reason = "a participant with this e-mail is stored already"
        raise InvalidInput([Problem(PARTICIPANT_FORM, None, "email", reason)])
    with tempfile.TemporaryDirectory(prefix="rencontre-participant-") as folder:
        paths = []
        for kind in ("organisations", "participants"):
            if kind in files:
                path = Path(folder) / f"{kind}.json"
                path.write_text(json.dumps(files[kind], ensure_ascii=False), encoding="utf-8")
                paths.append(path)
        try:
            import_files(session, paths, update=existing is not None)
        except InvalidInput as refused:
            raise InvalidInput([_on_form(p) for p in refused.problems]) from None
    saved = _stored_email(session, email)
    if existing is None:
        _join(session, mission, (saved,))
    name = form.full_name.strip()
    added = existing is None
    message, action = (ADDED, "participant.added") if added else (EDITED, "participant.edited")
    audit_log.record(session, mission=mission, actor=actor, action=action, message=message,
                     values={"name": name}, note=saved, now=now)  # fmt: skip
    return saved


def _stored_email(session: Session, written: str) -> str:
    """The e-mail as stored (the import writes it in lower case)."""
    lowered = written.strip().lower()
    return lowered if stored_participant(session, lowered) is not None else written.strip()


def _on_form(problem: Problem) -> Problem:
    organisation = problem.file.startswith("organisations")
    fields = _ORGANISATION_FIELDS if organisation else _PARTICIPANT_FIELDS
    return Problem(PARTICIPANT_FORM, None, fields.get(problem.field or ""), problem.reason)


def _emails(session: Session) -> set[str]:
    return set(session.scalars(select(ParticipantRow.email)))


def _join(session: Session, mission: str, emails: Sequence[str]) -> None:
    """Add `emails` at the end of `mission`'s participants (those in it already stay put)."""
    stored = repo.get_mission(session, mission)
    new = [e for e in emails if e not in stored.participants]
    if new:
        joined = replace(stored, participants=(*stored.participants, *new))
        store_records(session, Dataset(missions=(joined,)))
