"""Rules every piece of text people send must keep, whatever model carries it."""

from pydantic_core import PydanticCustomError


def no_nul(value: object) -> object:
    """PostgreSQL cannot store NUL in text and fails with a server error; no name, card, id or
    token needs one, so it is invalid input on every database alike. Lists and tuples are
    looked into, since ids often come several at once."""
    items = value if isinstance(value, list | tuple) else (value,)
    if any(isinstance(item, str) and "\x00" in item for item in items):
        raise PydanticCustomError("nul_character", "Text cannot contain NUL characters.")
    if any(isinstance(item, str) and not _whole(item) for item in items):
        # JSON may spell half of a character pair ("\ud800"); no database or socket can
        # encode that, so it is refused here rather than failing on the way out.
        raise PydanticCustomError(
            "broken_character", "Text holds a broken character; type or paste it again."
        )
    return value


def _whole(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True
