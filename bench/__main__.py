"""`python -m bench` runs every benchmark; `python -m bench
api|bundle|live|ratio|storm|redis|understanding|situations|insights|deletion [options]` runs one (`friction` is
another name for `understanding`: the friction-point suggester on its held-out split and on every
blind set in bench/data/blind/). `ratio` is the live board's N=200/B=20 load on Twofold and on the minimal
broadcast server (bench/broadcast.py), with Twofold's rate as a share of the broadcast server's
(a few minutes; `python -m bench ratio --scenarios sqlite200,sqlite1000` adds N=1000/B=100).

`python -m bench live --help` lists the live load options (N, B, rates, step length, ...).

`insights` seeds a company's retro history (200 teams x 5 years, ~1.3 M cards) into a
PostgreSQL database of its own and times the trends, company, side-by-side and summary views,
then the trends and summary on SQLite for one team, in about two minutes (`python -m bench
insights --help`; `--teams 40` for a smaller company; the size used is printed first).

`deletion` times deleting an account (the scrub of every table) as the board log grows
(bench/account_deletion.py).
`bundle` prints, per route of the web app, the gzipped JavaScript and CSS that opening it by its
address downloads (from the build's manifest; `make build` first), against the 60 KB target.

`situations` scores same-situation grouping and perception gaps on the labelled tuning sets and
on any set under bench/data/blind/, and times grouping a board of 50 cards (bench/situations.py);
`situations --fit` fits the same-situation odds and chooses their thresholds on the tuning sets
(bench/situation_fit.py, about 15 seconds).
"""

import sys

from bench import (
    account_deletion,
    api_cards,
    bundle,
    insights,
    join_storm,
    live_load,
    redis_faults,
    situations,
    understanding,
)


def main() -> None:
    args = sys.argv[1:]
    if args and args[0] == "api":
        api_cards.main()
    elif args and args[0] == "live":
        live_load.main(args[1:])
    elif args and args[0] == "ratio":
        live_load.main(["--scenarios", "sqlite200", *args[1:]])
    elif args and args[0] == "storm":
        join_storm.main(args[1:])
    elif args and args[0] in ("understanding", "friction"):
        understanding.main()
    elif args and args[0] == "redis":
        redis_faults.main()
    elif args and args[0] == "situations":
        situations.main(args[1:])
    elif args and args[0] == "bundle":
        bundle.main()
    elif args and args[0] == "insights":
        insights.main(args[1:])
    elif args and args[0] == "deletion":
        account_deletion.main()
    elif args and args[0] in ("-h", "--help"):
        print(__doc__)
    else:
        bundle.main()
        api_cards.main()
        live_load.main(args)
        join_storm.main([])
        redis_faults.main()
        understanding.main()
        situations.main()
        insights.main([])
        account_deletion.main()


main()
