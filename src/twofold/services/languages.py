"""Which language the server writes in for whom.

Mail to one person is in their account's language; an account left on `auto` (the browser's
choice, which the server cannot see) reads the language of the team it joined first, else
English. What goes to a whole team or outside it (chat posts, wiki pages, the stakeholder
report, the team's exports) is in the team's language.
"""

from twofold.domain.entities import User
from twofold.domain.vocab import TextLanguage
from twofold.domain.words import text_language
from twofold.store.database import Tx
from twofold.store.queries import teams as team_q


def for_person(tx: Tx, user: User) -> TextLanguage:
    if user.language.value in {language.value for language in TextLanguage}:
        return TextLanguage(user.language.value)
    return text_language(team_q.first_team_language(tx, user.id))


def for_team(tx: Tx, team_id: str) -> TextLanguage:
    return team_q.language_of(tx, team_id)
