"""Use cases shared by the REST API, the CLI and (later) the board socket.

`check_*` functions validate and authorise; `do_*` functions change state and record board
events in the same transaction. Only this package writes.
"""
