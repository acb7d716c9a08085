"""Built-in retro templates as data: a template is a named list of columns and the polarities
each column accepts. The first polarity of a column is the default for a new card."""

from dataclasses import dataclass

from twofold.domain.vocab import Polarity, TemplateKey

_BOTH = (Polarity.WENT_WELL, Polarity.DIDNT_GO_WELL)
ALL_POLARITIES = (Polarity.WENT_WELL, Polarity.DIDNT_GO_WELL, Polarity.PROPOSAL)


@dataclass(frozen=True)
class TemplateColumn:
    title: str
    polarities: tuple[Polarity, ...]


@dataclass(frozen=True)
class Template:
    key: TemplateKey
    name: str
    description: str
    columns: tuple[TemplateColumn, ...]


TEMPLATES: dict[TemplateKey, Template] = {
    t.key: t
    for t in (
        Template(
            TemplateKey.PM_ENGINEERING,
            "PM / Engineering",
            "Both sides of the partnership in their own column, then what to change together.",
            (
                TemplateColumn("Product Perspective", _BOTH),
                TemplateColumn("Engineering Perspective", _BOTH),
                TemplateColumn("Collaboration Improvements", (Polarity.PROPOSAL,)),
            ),
        ),
        Template(
            TemplateKey.START_STOP_CONTINUE,
            "Start / Stop / Continue",
            "Habits to adopt, drop and keep.",
            (
                TemplateColumn("Start", (Polarity.PROPOSAL,)),
                TemplateColumn("Stop", (Polarity.DIDNT_GO_WELL,)),
                TemplateColumn("Continue", (Polarity.WENT_WELL,)),
            ),
        ),
        Template(
            TemplateKey.MAD_SAD_GLAD,
            "Mad / Sad / Glad",
            "How the sprint felt, for teams that want to talk about morale.",
            (
                TemplateColumn("Mad", (Polarity.DIDNT_GO_WELL,)),
                TemplateColumn("Sad", (Polarity.DIDNT_GO_WELL,)),
                TemplateColumn("Glad", (Polarity.WENT_WELL,)),
            ),
        ),
        Template(
            TemplateKey.FOUR_LS,
            "4Ls",
            "Liked, Learned, Lacked, Longed for.",
            (
                TemplateColumn("Liked", (Polarity.WENT_WELL,)),
                TemplateColumn("Learned", (Polarity.WENT_WELL,)),
                TemplateColumn("Lacked", (Polarity.DIDNT_GO_WELL,)),
                TemplateColumn("Longed for", (Polarity.PROPOSAL,)),
            ),
        ),
        Template(
            TemplateKey.SAILBOAT,
            "Sailboat",
            "What moves the team toward its goal, what holds it back, and the risks ahead.",
            (
                TemplateColumn("Wind", (Polarity.WENT_WELL,)),
                TemplateColumn("Anchors", (Polarity.DIDNT_GO_WELL,)),
                TemplateColumn("Rocks", (Polarity.DIDNT_GO_WELL,)),
                TemplateColumn("Island", (Polarity.PROPOSAL,)),
            ),
        ),
    )
}

DEFAULT_TEMPLATE = TemplateKey.PM_ENGINEERING
