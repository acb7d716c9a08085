"""The closed vocabularies the product speaks: roles, card polarity and friction points.

They are string enums so that the same words travel unchanged through the database, the API
and the front end.
"""

from enum import StrEnum


class ColorTheme(StrEnum):
    """How a person wants the app to look; `system` follows the device's light/dark setting."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


class UiLanguage(StrEnum):
    """The language a person reads the web UI in; `auto` takes the browser's preferred one
    among those shipped, so nobody has to choose before the first page makes sense."""

    AUTO = "auto"
    EN = "en"
    DE = "de"
    FR = "fr"


class TextLanguage(StrEnum):
    """A language the server writes in (mail, exports, posts, reports). A team has one of
    these; a person's `UiLanguage` may also say `auto`, read as their team's language."""

    EN = "en"
    DE = "de"
    FR = "fr"


class Role(StrEnum):
    PM = "pm"
    ENG = "eng"
    TECH_LEAD = "tech_lead"
    DESIGN = "design"
    QA = "qa"
    EM = "em"


ROLE_LABELS: dict[Role, str] = {
    Role.PM: "Product Manager",
    Role.ENG: "Engineer",
    Role.TECH_LEAD: "Tech Lead",
    Role.DESIGN: "Design",
    Role.QA: "QA",
    Role.EM: "Engineering Manager",
}


class Polarity(StrEnum):
    WENT_WELL = "went_well"
    DIDNT_GO_WELL = "didnt_go_well"
    PROPOSAL = "proposal"


class Friction(StrEnum):
    """The recurring causes of PM/Engineering friction a card can be tagged with."""

    REQUIREMENTS_CLARITY = "requirements_clarity"
    VELOCITY_QUALITY = "velocity_quality"
    TECH_DEBT = "tech_debt"
    ESTIMATION = "estimation"
    COMMUNICATION = "communication"


class ColumnKind(StrEnum):
    """What a column of the PM / Engineering template collects: one side's view of the sprint, or
    what both sides will change together. Other columns have no kind."""

    PRODUCT = "product"
    ENGINEERING = "engineering"
    COLLABORATION = "collaboration"


class TemplateKey(StrEnum):
    PM_ENGINEERING = "pm_engineering"
    START_STOP_CONTINUE = "start_stop_continue"
    MAD_SAD_GLAD = "mad_sad_glad"
    FOUR_LS = "four_ls"
    SAILBOAT = "sailboat"
    CROSS_FUNCTIONAL_PRODUCT_TEAM = "cross_functional_product_team"
    PRODUCT_DEVELOPMENT = "product_development"
    TECH_DEBT_REVIEW = "tech_debt_review"
    # A team's own template; the retro keeps a copy of it, so later edits don't change the retro.
    TEAM = "team"
