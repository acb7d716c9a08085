"""The names of the closed vocabularies (roles, polarities, friction points, statuses) as the
server writes them into exports, pages and posts, in the reader's or the team's language. The
web UI names the same values from its own catalogue."""

from twofold.domain.vocab import TextLanguage
from twofold.domain.words import N_, words

_NAMES: dict[str, str] = {
    # Roles.
    "pm": N_("Product Manager"),
    "eng": N_("Engineer"),
    "tech_lead": N_("Tech Lead"),
    "design": N_("Design"),
    "qa": N_("QA"),
    "em": N_("Engineering Manager"),
    # Polarities.
    "went_well": N_("Went well"),
    "didnt_go_well": N_("Didn't go well"),
    "proposal": N_("Proposal"),
    # Friction points.
    "requirements_clarity": N_("Requirements clarity"),
    "velocity_quality": N_("Velocity vs quality"),
    "tech_debt": N_("Tech debt"),
    "estimation": N_("Estimation"),
    "communication": N_("Communication"),
    # Statuses of action items and debt items.
    "open": N_("Open"),
    "in_progress": N_("In progress"),
    "done": N_("Done"),
    "dropped": N_("Dropped"),
    "planned": N_("Planned"),
    "wont_fix": N_("Won't fix"),
}
ROLE_VALUES = frozenset({"pm", "eng", "tech_lead", "design", "qa", "em"})


def label(value: str, language: TextLanguage = TextLanguage.EN) -> str:
    """A value's name; one this list does not know reads as the value, spaced and capitalised."""
    known = _NAMES.get(value)
    if known is None:
        return value.replace("_", " ").capitalize()
    return words(language).known(known)
