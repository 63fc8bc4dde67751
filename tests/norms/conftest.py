"""A small hand-made HR history in a real store, for the norms."""

from __future__ import annotations

from pathlib import Path

import pytest

from sterkte.store.db import connect
from sterkte.store.hr import ingest

PERSONS = """person_id,birth_year,unit,district,team,function,category,fte,hours
p1,1980,LB,LB-D1,LB-T1,wijkagent,OS,1.0,36
p2,1985,LB,LB-D1,LB-T1,noodhulp,OS,0.5,18
p3,1990,LB,LB-D1,LB-T1,wijkagent,OS,1.0,36
v1,1970,LB,LB-D1,LB-T1,vrijwilliger,VOL,,
v2,1975,LB,LB-D1,LB-T1,vrijwilliger,VOL,,
"""
# All hired before 2021; p3 leaves on 1 July 2021 (not in the stock from that day).
EVENTS = """event_id,person_id,date,type,unit,team,category,fte,reason
e1,p1,2015-01-01,hire,LB,LB-T1,OS,1.0,
e2,p2,2015-01-01,hire,LB,LB-T1,OS,0.5,
e3,p3,2015-01-01,hire,LB,LB-T1,OS,1.0,
e4,p3,2021-07-01,leave,,,,,unplanned
e5,v1,2018-01-01,hire,LB,LB-T1,VOL,,
e6,v2,2018-01-01,hire,LB,LB-T1,VOL,,
"""
# p1: 10 days at 100 % in March 2021; p2 (0.5 fte): 20 days at 50 % in June 2021;
# p3: sick from 2018-06-01 onwards until leaving: a spell over two years, of which only the
# days up to its two-year point (730 days: to 30 May 2020) count ("verzuim tot 2 jaar").
SICKNESS = """person_id,start,end,percentage
p1,2021-03-01,2021-03-10,100
p2,2021-06-01,2021-06-20,50
p3,2018-06-01,2021-06-30,100
"""
HOURS = """person_id,month,hours
v1,2021-01,300
v1,2021-02,300
v2,2021-03,100
"""


@pytest.fixture
def hr_store(tmp_path: Path) -> Path:
    files = {"persons.csv": PERSONS, "events.csv": EVENTS, "sickness.csv": SICKNESS,
             "volunteer_hours.csv": HOURS}
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    db = tmp_path / "hr.duckdb"
    con = connect(db)
    summary = ingest(con, [tmp_path / n for n in files])
    con.close()
    assert summary.rejected == 0
    return db
