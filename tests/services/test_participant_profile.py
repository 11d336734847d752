"""A participant's own profile: loaded as the form shows it, saved through the import's rules,
refused whole with each problem on its field, on the sample dataset (Inès of Voltaïque Charge,
in mission hdf-nl-2025 on 10 and 11 June 2025, Paris time)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine
from tests.conftest import at

from rencontre.core.dataset import Dataset
from rencontre.core.enums import Language, OpportunityType
from rencontre.core.errors import InvalidInput
from rencontre.core.participant import TimeWindow
from rencontre.services.participant_profile import (
    NEW_REFERENCE_PREFIX,
    Availability,
    OpportunityEntry,
    ProfileForm,
    ProfileNotFound,
    WindowEntry,
    editable_profile,
    mission_span,
    save_profile,
)
from rencontre.store import repositories as repo
from rencontre.store.database import session_scope
from rencontre.store.updates import store_records

MISSION = "hdf-nl-2025"
INES = "ines@voltaique.example"
JOOST = "joost@batterijlab.example"
HER_OFFER = "BOFR2025-001"
JOOSTS_NEED = "TRNL2025-007"


@pytest.fixture
def stored(engine: Engine, sample_dataset: Dataset) -> Engine:
    with session_scope(engine) as session:
        repo.save_dataset(session, sample_dataset)
    return engine


def load(engine: Engine) -> Dataset:
    with session_scope(engine) as session:
        return repo.load_dataset(session)


def stored_form(engine: Engine) -> ProfileForm:
    with session_scope(engine) as session:
        return editable_profile(session, mission=MISSION, email=INES).form


def save(engine: Engine, form: ProfileForm, email: str = INES) -> None:
    with session_scope(engine) as session:
        save_profile(session, mission=MISSION, email=email, form=form)


def refused_fields(engine: Engine, form: ProfileForm) -> list[str | None]:
    with pytest.raises(InvalidInput) as refused:
        save(engine, form)
    return [problem.field for problem in refused.value.problems]


def test_the_form_shows_her_stored_profile(stored: Engine) -> None:
    with session_scope(stored) as session:
        profile = editable_profile(session, mission=MISSION, email=INES)
    assert profile.form == ProfileForm(
        descriptions={
            Language.FR: "Bornes de recharge rapide; cherche distributeurs.",
            Language.NL: "",
            Language.EN: "Fast EV chargers, looking for distributors.",
        },
        segments=("CHG-DC", "CHG-SMART"),
        languages=("fr", "en"),
        opportunities=(
            OpportunityEntry(
                HER_OFFER,
                "business_offer",
                "Distributeurs recherchés pour bornes rapides",
                "Bornes 150 kW.",
                "fr",
            ),
        ),
        availability=Availability.AT_TIMES,
        windows=(
            WindowEntry("2025-06-10", "09:00", "12:00"),
            WindowEntry("2025-06-11", "14:00", "18:00"),
        ),
    )
    assert [day.isoformat() for day in profile.days] == ["2025-06-10", "2025-06-11"]
    assert profile.kept_windows == ()
    assert profile.language is Language.FR


def test_someone_unknown_has_no_profile(stored: Engine) -> None:
    with session_scope(stored) as session, pytest.raises(ProfileNotFound):
        editable_profile(session, mission=MISSION, email="nobody@example.org")


def test_a_good_form_saves_everything_she_edits_and_nothing_else(stored: Engine) -> None:
    before = load(stored)
    form = replace(
        stored_form(stored),
        descriptions={
            Language.FR: "Bornes rapides et intelligentes.",
            Language.NL: "Snelladers voor elektrische auto's.\nOok slim laden.",
            Language.EN: "",
        },
        segments=("CHG-DC", "BAT-2ND"),
        languages=("en", "nl", "fr"),
        opportunities=(
            OpportunityEntry(HER_OFFER, "technology_offer", "Bornes 350 kW", "", "fr"),
            OpportunityEntry("", "rd_request", "Partenaire de recherche", "Cellules", "fr"),
            OpportunityEntry("", "business_offer", "  ", "", "en"),  # left blank: nothing
        ),
        windows=(WindowEntry("2025-06-11", "08:30", "10:00"), WindowEntry("2025-06-10", "", "")),
    )
    save(stored, form)
    after = load(stored)

    ines = next(p for p in after.participants if p.email == INES)
    # Her order of preference is kept; the new language comes last.
    assert ines.languages == (Language.FR, Language.EN, Language.NL)
    assert ines.availability == (TimeWindow(at(11, 8, 30), at(11, 10)),)
    voltaique = next(o for o in after.organisations if o.name == "Voltaïque Charge")
    assert voltaique.description(Language.FR) == "Bornes rapides et intelligentes."
    assert voltaique.description(Language.NL) == (
        "Snelladers voor elektrische auto's.\nOok slim laden."
    )
    assert voltaique.description(Language.EN) == ""
    assert voltaique.segments == ("CHG-DC", "BAT-2ND")
    theirs = [o for o in after.opportunities if o.organisation == "Voltaïque Charge"]
    assert [(o.type, o.title, o.language) for o in theirs] == [
        (OpportunityType.TECHNOLOGY_OFFER, "Bornes 350 kW", Language.FR),
        (OpportunityType.RD_REQUEST, "Partenaire de recherche", Language.FR),
    ]
    edited, added = theirs
    old = next(o for o in before.opportunities if o.reference == HER_OFFER)
    # What the form does not show stays as stored.
    assert (edited.target_countries, edited.expires_on) == (old.target_countries, old.expires_on)
    assert added.reference.startswith(NEW_REFERENCE_PREFIX)
    assert added.description == "Cellules"
    # Her name, the rest of her organisation, and everybody else's records are unchanged.
    assert replace(ines, languages=(), availability=()) == replace(
        next(p for p in before.participants if p.email == INES), languages=(), availability=()
    )
    old_voltaique = next(o for o in before.organisations if o.name == "Voltaïque Charge")
    assert replace(voltaique, descriptions=(), segments=()) == replace(
        old_voltaique, descriptions=(), segments=()
    )
    assert [p for p in after.participants if p.email != INES] == [
        p for p in before.participants if p.email != INES
    ]
    assert [o for o in after.organisations if o.name != "Voltaïque Charge"] == [
        o for o in before.organisations if o.name != "Voltaïque Charge"
    ]
    assert [o for o in after.opportunities if o.organisation != "Voltaïque Charge"] == [
        o for o in before.opportunities if o.organisation != "Voltaïque Charge"
    ]
    assert after.meeting_requests == before.meeting_requests
    assert after.meetings == before.meetings


def test_saving_the_form_as_shown_changes_nothing(stored: Engine) -> None:
    before = load(stored)
    save(stored, stored_form(stored))
    assert load(stored) == before


def test_an_offer_is_removed_only_from_her_own_organisation(stored: Engine) -> None:
    form = replace(
        stored_form(stored),
        opportunities=(
            OpportunityEntry(HER_OFFER, "business_offer", "x", "", "fr", remove=True),
            # Joost's organisation's need, named by a form that was tampered with.
            OpportunityEntry(JOOSTS_NEED, "rd_request", "Mine now", "", "en", remove=True),
            OpportunityEntry(JOOSTS_NEED, "rd_request", "Mine now", "", "en"),
        ),
    )
    before = load(stored)
    save(stored, form)
    after = load(stored)
    assert [o.reference for o in after.opportunities] == [JOOSTS_NEED]
    assert after.opportunities[0] == next(
        o for o in before.opportunities if o.reference == JOOSTS_NEED
    )


def bad(form: ProfileForm, **changes: object) -> ProfileForm:
    return replace(form, **changes)  # type: ignore[arg-type]


def one_offer(**values: object) -> tuple[OpportunityEntry, ...]:
    entry = OpportunityEntry(HER_OFFER, "business_offer", "Bornes", "", "fr")
    return (replace(entry, **values),)  # type: ignore[arg-type]


def one_window(day: str, start: str, end: str) -> dict[str, object]:
    return {"availability": Availability.AT_TIMES.value, "windows": (WindowEntry(day, start, end),)}


BAD_VALUES = {
    "unknown segment": ({"segments": ("CHG-DC", "NOT-A-SEGMENT")}, ["segments"]),
    "unknown language": ({"languages": ("fr", "klingon")}, ["languages"]),
    "offer without a kind": ({"opportunities": one_offer(type="")}, ["opportunity-0-type"]),
    "offer of an unknown kind": (
        {"opportunities": one_offer(type="gift")},
        ["opportunity-0-type"],
    ),
    "offer without a title": ({"opportunities": one_offer(title=" ")}, ["opportunity-0-title"]),
    "offer in an unknown language": (
        {"opportunities": one_offer(language="tlh")},
        ["opportunity-0-language"],
    ),
    "new need without a title": (
        {"opportunities": (OpportunityEntry("", "rd_request", "", "Cellules", "fr"),)},
        ["opportunity-0-title"],
    ),
    "window ending before it starts": (one_window("2025-06-10", "12:00", "09:00"), ["window-0"]),
    "window at a time that does not exist": (
        one_window("2025-06-10", "25:00", "10:00"),
        ["window-0"],
    ),
    "window without its end": (one_window("2025-06-10", "09:00", ""), ["window-0"]),
    "window on a day outside the mission": (
        one_window("2025-06-12", "09:00", "10:00"),
        ["window-0"],
    ),
    "no answer to when she can meet": ({"availability": ""}, ["availability"]),
    "only at times, and none given": (one_window("2025-06-10", "", ""), ["availability"]),
}


@pytest.mark.parametrize("case", BAD_VALUES, ids=str)
def test_a_bad_value_is_refused_on_its_field_and_nothing_is_written(
    stored: Engine, case: str
) -> None:
    changes, fields = BAD_VALUES[case]
    good = {Language.FR: "Changé", Language.NL: "Veranderd", Language.EN: "Changed"}
    # Good values beside the bad one must not be written either.
    form = bad(stored_form(stored), descriptions=good, **changes)
    before = load(stored)
    assert refused_fields(stored, form) == fields
    assert load(stored) == before


def test_every_bad_value_is_reported_at_once(stored: Engine) -> None:
    form = replace(
        stored_form(stored),
        segments=("NOPE",),
        languages=("xx",),
        opportunities=one_offer(title=""),
        windows=(WindowEntry("2025-06-10", "10:00", "09:00"), WindowEntry("2025-06-11", "x", "y")),
    )
    before = load(stored)
    assert refused_fields(stored, form) == [
        "segments",
        "languages",
        "window-0",
        "window-1",  # its start
        "window-1",  # and its end
        "opportunity-0-title",
    ]
    assert load(stored) == before


def test_a_refusal_keeps_the_import_reason(stored: Engine) -> None:
    form = replace(stored_form(stored), segments=("NOPE",))
    with pytest.raises(InvalidInput) as refused:
        save(stored, form)
    assert [p.reason for p in refused.value.problems] == ["unknown value-chain segment 'NOPE'"]


def test_throughout_the_mission_keeps_her_times_in_other_missions(stored: Engine) -> None:
    elsewhere = TimeWindow(
        datetime(2026, 3, 3, 9, tzinfo=UTC), datetime(2026, 3, 3, 11, tzinfo=UTC)
    )
    with session_scope(stored) as session:
        ines = next(p for p in repo.participants(session) if p.email == INES)
        windows = (*ines.availability, elsewhere)
        store_records(session, Dataset(participants=(replace(ines, availability=windows),)))
    save(stored, replace(stored_form(stored), availability=Availability.THROUGHOUT.value))
    with session_scope(stored) as session:
        ines = next(p for p in repo.participants(session) if p.email == INES)
        mission = repo.get_mission(session, MISSION)
        profile = editable_profile(session, mission=MISSION, email=INES)
    # One window elsewhere would leave her unavailable here: the whole mission is covered.
    assert ines.availability == (mission_span(mission), elsewhere)
    assert profile.form.availability == Availability.THROUGHOUT
    assert profile.form.windows == ()


def test_throughout_with_no_other_window_stores_none(stored: Engine) -> None:
    save(stored, replace(stored_form(stored), availability=Availability.THROUGHOUT.value))
    ines = next(p for p in load(stored).participants if p.email == INES)
    assert ines.availability == ()


def test_a_window_over_several_days_is_kept_and_shown_apart(stored: Engine) -> None:
    overnight = TimeWindow(at(10, 20), at(11, 8))
    with session_scope(stored) as session:
        ines = next(p for p in repo.participants(session) if p.email == INES)
        store_records(session, Dataset(participants=(replace(ines, availability=(overnight,)),)))
        profile = editable_profile(session, mission=MISSION, email=INES)
    assert (profile.kept_windows, profile.form.windows) == ((overnight,), ())
    # With no line of her own, the kept window is still an answer.
    save(stored, profile.form)
    ines = next(p for p in load(stored).participants if p.email == INES)
    assert ines.availability == (overnight,)
    save(stored, replace(profile.form, windows=(WindowEntry("2025-06-11", "14:00", "15:00"),)))
    ines = next(p for p in load(stored).participants if p.email == INES)
    assert ines.availability == (overnight, TimeWindow(at(11, 14), at(11, 15)))


def test_colleagues_share_their_organisation_texts_and_the_last_save_wins(
    stored: Engine,
) -> None:
    with session_scope(stored) as session:
        joost = next(p for p in repo.participants(session) if p.email == JOOST)
        colleague = replace(joost, email="eva@batterijlab.example", full_name="Eva Smit")
        store_records(session, Dataset(participants=(colleague,)))
        mission = repo.get_mission(session, MISSION)
        people = (*mission.participants, colleague.email)
        store_records(session, Dataset(missions=(replace(mission, participants=people),)))
        form_of = {
            email: editable_profile(session, mission=MISSION, email=email).form
            for email in (JOOST, colleague.email)
        }
    first = {Language.FR: "", Language.NL: "Versie van Joost", Language.EN: ""}
    second = {Language.FR: "", Language.NL: "Versie van Eva", Language.EN: ""}
    save(stored, replace(form_of[JOOST], descriptions=first), email=JOOST)
    # Eva's form was loaded before Joost saved: hers still wins, being the last.
    save(stored, replace(form_of[colleague.email], descriptions=second), email=colleague.email)
    lab = next(o for o in load(stored).organisations if o.name == "Batterij Lab Eindhoven")
    assert lab.descriptions[0].text == "Versie van Eva"
    assert lab.description(Language.FR) == ""
