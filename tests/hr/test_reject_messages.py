"""The HR gate's row messages (stored in English with their reason) read in Dutch: every
message the gate writes for the bad rows of tests/hr/test_gate.py, and more, is known to
:func:`sterkte.report.hr_messages.in_dutch`, with no English left beside values and codes."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from sterkte.report.hr_messages import in_dutch
from sterkte.store.hr import ingest, rejects
from tests.conftest import Cli
from tests.hr.conftest import PERSON_COLUMNS, write_csv
from tests.hr.test_gate import _files

# English words of the messages (codes such as hire, leave, planned stay as they are)
ENGLISH = re.compile(r"\b(not|the|a|an|required|outside|before|after|expected|found|"
                     r"appears|already|stored|with|person|spell|overlaps|must|one|units?|"
                     r"digits|month|date|number|fields|earlier|file|row|never|"
                     r"volunteer|records|known|function|type|possible)\b")


def test_every_row_message_of_the_gate_reads_in_dutch(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "s.duckdb"))
    persons, events, _ = _files(tmp_path, bad=True)
    spells = write_csv(tmp_path / "sick.csv", ("person_id", "start", "end", "percentage"), [
        ("p1", "2021-01-04", "2021-01-08", "100"), ("p1", "2021-01-08", "2021-01-20", "100"),
        ("p3", "2021-03-05", "2021-03-01", "100"), ("p2", "2021-03-05", "2021-03-06", "150"),
        ("nobody", "2021-03-05", "2021-03-06", "100")])
    hours = write_csv(tmp_path / "hours.csv", ("person_id", "month", "hours"), [
        ("v1", "2021-01", "12"), ("p1", "2021-01", "5"), ("v1", "2021-13", "3"),
        ("v1", "2021-02", "800"), ("v1", "2099-01", "3")])
    wide = tmp_path / "more.csv"
    wide.write_text(",".join(PERSON_COLUMNS) + "\n"
                    "q1,1980,NN,,,noodhulp,OS,1,36,extra\n"
                    "q2,1880,NN,,,noodhulp,OS,1,36\n"
                    "q2,1980,NN,,,noodhulp,OS,1,36\n"
                    "q3,1980,NN,,,wizard,XX,,99\n"
                    "q 4,,NN,d!,t!,noodhulp,OS,1,36\n", encoding="utf-8")
    ingest(con, [str(persons), str(events), str(spells), str(hours), str(wide)])
    stored = rejects(con)
    con.close()
    messages = {r.message for r in stored}
    reasons = {r.reason for r in stored}
    assert len(messages) >= 25 and len(reasons) >= 12, (len(messages), reasons)
    for message in messages:
        dutch = in_dutch(message)
        assert dutch != message, message
        # values are quoted ('…') or follow a field name; what is left must be Dutch
        words = re.sub(r"'[^']*'", "", dutch)
        assert not ENGLISH.search(words), (message, dutch)
    assert in_dutch("'Utopia' is not one of the 15 reporting units") == \
        "'Utopia' is geen van de 15 rapportage-eenheden"
    assert in_dutch("fte_change on 2021-05-01 would make the stored leave on 2021-06-01 "
                    "impossible (leave on 2021-06-01: the person had already left (someone "
                    "who returns gets a new person_id))") == (
        "fte_change op 2021-05-01 zou de opgeslagen leave op 2021-06-01 onmogelijk maken "
        "(leave op 2021-06-01: de persoon was al uit dienst (wie terugkomt krijgt een nieuwe "
        "person_id))")


def test_hr_import_shows_the_first_problems_in_the_users_language(cli: Cli,
                                                                   tmp_path: Path) -> None:
    persons, events, _ = _files(tmp_path, bad=True)
    code, _, err = cli("hr", "import", persons, events)
    flat = " ".join(err.split())
    assert code == 2, err  # rows were refused
    assert f"{persons}, rij 6, kolom 'unit': 'Utopia' is geen van de 15 rapportage-eenheden" \
        in flat, flat
    code, out, _ = cli("hr", "rejects", "--lang", "en")
    assert "'Utopia' is not one of the 15 reporting units" in " ".join(out.split())
    code, out, _ = cli("hr", "rejects")
    assert "'Utopia' is geen van de 15 rapportage-eenheden" in " ".join(out.split())
