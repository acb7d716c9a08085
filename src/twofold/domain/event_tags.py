"""Short tags that tell one logged board event from any other event that could ever take its
place at the same `seq`.

A live client resumes with the `seq` it last applied and that event's tag. After a restore
from a backup, the log can reach that `seq` again with different events; the tag of the event
now stored there no longer matches, and the client is sent a fresh snapshot instead of events
that would not fit what it shows.

A tag is a keyed hash (BLAKE2b in its keyed mode, with a key drawn from the instance's secret
key) of the event's full form; BLAKE2b because every event sent live is tagged once per
process, and it is the cheapest keyed hash the standard library has.
Keyed, because a tag travels to everyone on the board, including people who are only sent the
event's public form: an unkeyed hash of a hidden vote or card could be matched against guesses;
this one cannot without the key. The full form, because the public form can be the same for
many events (`withheld`), and it would not tell them apart.
"""

import hashlib

TAG_CHARS = 16


class EventTags:
    def __init__(self, secret: str) -> None:
        self._key = hashlib.sha256(f"twofold event tags\n{secret}".encode()).digest()

    def of(self, retro_id: str, seq: int, full_body: str) -> str:
        """The tag of the event logged at `seq` on this board, whose full form is `full_body`
        (the JSON its audience is sent)."""
        text = f"{retro_id}\n{seq}\n{full_body}".encode()
        return hashlib.blake2b(text, key=self._key, digest_size=TAG_CHARS // 2).hexdigest()
