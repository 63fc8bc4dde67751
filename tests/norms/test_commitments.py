"""The register of commitments and motions, and parliamentary references."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sterkte.app.norms import norms_status
from sterkte.cli import app
from sterkte.errors import InputError
from sterkte.norms.commitments import Commitment, Evidence, Kind, Status, decide
from sterkte.norms.references import parse_reference
from sterkte.sources.commitments import load_register
from sterkte.store.db import connect
from sterkte.store.hr import ingest
from tests.conftest import REFERENCE
from tests.norms.conftest import EVENTS, PERSONS


def test_references_are_parsed_into_session_chamber_dossier_number() -> None:
    ref = parse_reference("Kamerstukken II 2021/22, 29628, nr. 1051")
    assert (ref.chamber, ref.session, ref.dossier, ref.number) == (
        "Tweede Kamer", "2021/22", "29628", 1051)
    ref = parse_reference("Kamerstukken II 2019/20, 35300 VI, nr. 54")
    assert ref.dossier == "35300 VI" and ref.number == 54
    ref = parse_reference("Aanhangsel Handelingen II 2017/18, nr. 3220")
    assert ref.kind == "aanhangsel" and ref.dossier is None
    assert str(parse_reference("Kamerstukken  II 2021/22,  29628, nr. 1051")) == \
        "Kamerstukken II 2021/22, 29628, nr. 1051"


@pytest.mark.parametrize(("text", "message"), [
    ("Kamerstukken II 2021/23, 29628, nr. 1051", "not two consecutive years"),
    ("Kamerstukken II 2021/22, 29628", "not a parliamentary reference"),
    ("Kamerstuk 29628 nr 1051", "not a parliamentary reference"),
    ("Kamerstukken III 2021/22, 29628, nr. 1051", "not a parliamentary reference"),
])
def test_malformed_references_are_refused_with_the_expected_form(text: str,
                                                                 message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_reference(text)


def test_the_bundled_register_holds_the_letters_register_as_published() -> None:
    # The letters' own register (reference/commitments-2022.csv), read without sterkte:
    # every entry is in the bundled register with its reference and its status.
    with (REFERENCE / "commitments-2022.csv").open(encoding="utf-8") as f:
        published = list(csv.DictReader(f))
    by = {c.id: c for c in load_register()}
    assert len(published) == 9
    for row in published:
        c = by[row["id"]]
        assert c.kind.value == row["kind"]
        assert (str(c.reference) if c.reference else "") == row["reference"]
        status, _, recurring = row["status"].partition(" (")
        assert c.status.value == status and c.recurring == (recurring == "recurring)")
        assert c.made_on is not None and c.made_on.isoformat() == row["made_on"]
        assert c.answered_in == row["answered_in"]
    assert by["M-2021-BISSCHOP-VW"].status is Status.OPENSTAAND


def test_the_register_lists_at_least_fifteen_capacity_commitments_each_answered() -> None:
    register = load_register()
    assert len(register) >= 15
    assert len({c.id for c in register}) == len(register)
    # the six the letters answer outside their register (issue 16)
    names = " ".join(c.text for c in register)
    for words in ("operational strength", "AVIM", "LOVP", "guidance of police volunteers",
                  "Politie voor Iedereen", "motie Hermans"):
        assert words in names, words
    for c in register:
        assert c.text_nl and c.text  # in Dutch (our words) and in English
        assert c.answered_in  # where the letters answer it
        assert c.status_by and c.status_on is not None  # whose reading, and when
        # a reference is parsed and checked on load, or it is absent because the letter
        # gives none: the register then says so (report.norm_tables)
        assert c.reference is None or str(c.reference).startswith("Kamerstukken")


def test_every_commitment_speaks_dutch_in_dutch_and_english_in_english(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from sterkte.cli import app

    register = load_register()
    # every bundled entry has its Dutch text; a due moment in words has its Dutch words
    assert all(c.text_nl and c.text_nl != c.text for c in register)
    assert all(c.due_nl for c in register if not c.due[:4].isdigit())
    by = {c.id: c for c in register}
    assert by["M-2021-BISSCHOP-VW"].text_in("nl") == (
        "Plan van aanpak om voor eind 2027 op 10 % politievrijwilligers te komen (motie "
        "Bisschop)")
    assert by["M-2021-BISSCHOP-VW"].text_in("en") == by["M-2021-BISSCHOP-VW"].text
    runner = CliRunner()
    env = {"COLUMNS": "200", "STERKTE_DB": str(tmp_path / "none.duckdb")}
    nl = runner.invoke(app, ["commitments", "--format", "csv"], env=env).stdout
    en = runner.invoke(app, ["commitments", "--format", "csv", "--lang", "en"], env=env).stdout
    row = next(r for r in nl.splitlines() if r.startswith("M-2019-VNVR;"))
    assert "Elk half jaar melden of de doelen voor de instroom" in row
    assert ";elk half jaar;" in row and "Report every half year" not in nl
    assert "Report every half year whether academy intake targets" in en
    assert "elk half jaar" not in en
    # a due date (the letter: "before the end of 2027", registered 2027-12-31) is written as
    # the report writes dates: Dutch day-month-year, English ISO
    bisschop = next(r for r in nl.splitlines() if r.startswith("M-2021-BISSCHOP-VW;"))
    assert ";31-12-2027;" in bisschop and "2027-12-31" not in bisschop
    assert ",2027-12-31," in next(r for r in en.splitlines()
                                  if r.startswith("M-2021-BISSCHOP-VW,"))
    # a register without Dutch texts shows its own text in both languages
    path = tmp_path / "register.yaml"
    path.write_text("- {id: T-1, kind: toezegging, text: Een belofte, made_on: 2022-01-01, "
                    "minister: X, due: '2022', status: Openstaand}\n")
    (only,) = load_register(path)
    assert only.text_in("nl") == only.text_in("en") == "Een belofte"


def test_a_register_with_a_bad_reference_names_the_entry_and_field(tmp_path: Path) -> None:
    path = tmp_path / "register.yaml"
    path.write_text("""- id: M-1
  kind: motie
  text: A motion
  made_on: 2022-01-01
  minister: X
  due: '2022'
  status: Openstaand
  reference: Kamerstukken II 2021/2022, 29628, nr. 1
- id: T-1
  kind: toezegging
  text: A promise
  made_on: 2022-13-01
  minister: X
  due: '2022'
  status: Beloofd
""")
    with pytest.raises(InputError) as err:
        load_register(path)
    fields = {p.field for p in err.value.problems}
    assert "entry 1.reference" in fields
    assert "entry 2.made_on" in fields and "entry 2.status" in fields


def _entry(rules: tuple[str, ...], status: Status = Status.OPENSTAAND) -> Commitment:
    return Commitment("X-1", Kind.MOTIE, "a motion", None, "", "2027", status,
                      decided_by=rules, status_by="analyst A", status_on=dt.date(2022, 6, 20))


@pytest.mark.parametrize(("met", "expected", "by_data"), [
    ((True, True), Status.VOLDAAN, True),
    ((True, False), Status.DEELS_VOLDAAN, True),
    ((False, False), Status.OPENSTAAND, True),
    ((True, None), Status.AFGEDAAN, False),  # a figure unknown: the recorded status stands
])
def test_the_figures_decide_a_status_only_when_they_are_all_known(
        met: tuple[bool | None, bool | None], expected: Status, by_data: bool) -> None:
    c = _entry(("norm:a", "earmark:b"), Status.AFGEDAAN)
    d = decide(c, {"norm:a": Evidence(met[0], "a"), "earmark:b": Evidence(met[1], "b")})
    assert (d.status, d.by_data) == (expected, by_data)
    assert decide(_entry(()), {"norm:a": Evidence(True, "a")}).by_data is False
    assert decide(c, {"norm:a": Evidence(True, "a")}).status is Status.AFGEDAAN  # b missing


def _statuses(db: Path) -> dict[str, tuple[str, str]]:
    got = CliRunner().invoke(app, ["commitments", "--db", str(db), "--format", "csv"],
                             env={"COLUMNS": "200"})
    assert got.exit_code == 0, got.stderr
    rows = list(csv.reader(io.StringIO(got.stdout), delimiter=";"))
    h = rows[0]
    return {r[h.index("Nr.")]: (r[h.index("Status")], r[h.index("Status volgens")])
            for r in rows[1:] if r}


@pytest.fixture
def late_store(tmp_path: Path) -> Path:
    """The small history of tests/norms/conftest.py and one more event after the motion
    of 25 November 2021 that set the 10 % norm: p1 goes to 0.9 fte on 15 December."""
    files = {"persons.csv": PERSONS, "events.csv": EVENTS
             + "e7,p1,2021-12-15,fte_change,,,,0.9,\n"}
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    con = connect(tmp_path / "late.duckdb")
    assert ingest(con, [tmp_path / n for n in files]).rejected == 0
    con.close()
    return tmp_path / "late.duckdb"


def test_statuses_decided_by_data_follow_the_stores_figures(late_store: Path,
                                                           tmp_path: Path) -> None:
    # 2 volunteers beside 0.9 + 0.5 fte OS on 15-12-2021: 142,9 %, far above 10 %: the
    # 10 % motion is met by the data, whatever the letters' register read
    hr_store = late_store
    got = _statuses(hr_store)
    assert got["M-2021-BISSCHOP-VW"] == ("Voldaan", "gegevens: volunteers 142,9 % / 10,0 %")
    # AVIM: nothing imported, so the recorded reading stands, with who and when
    assert got["T-AVIM"][0] == "Openstaand (doorlopend)"
    assert got["T-AVIM"][1] == "analist: sterkte, 05-12-2026"
    assert got["T-2022-03"] == ("Voldaan", "analist: register bijlage 2, Eerste "
                                           "halfjaarbericht politie 2022, 20-06-2022")
    for rows, expected in ((("12,5", "5"), "Deels voldaan (doorlopend)"),
                           (("12", "6"), "Voldaan (doorlopend)")):
        f = tmp_path / "avim.csv"
        f.write_text("earmark,unit,date,bezetting_fte\n"
                     f"avim_opsporing,NP,2021-06-30,\"{rows[0]}\"\n"
                     f"avim_identificatie,NP,2021-06-30,\"{rows[1]}\"\n", encoding="utf-8")
        assert CliRunner().invoke(app, ["earmarks", "import", "bezetting", str(f), "--db",
                                        str(hr_store)]).exit_code == 0
        assert _statuses(hr_store)["T-AVIM"][0] == expected


def test_every_norm_a_commitment_names_exists(late_store: Path) -> None:
    # the norms judged on the small store, and the academy norms, judged where a
    # prognosis of the year is stored (norms/evaluate.py)
    names = {s.norm for s in norms_status(late_store)} | {"academy_intake",
                                                          "academy_graduated"}
    for c in load_register():
        for target in (*c.answered_by, *c.decided_by):
            if target.startswith("norm:"):
                assert target.removeprefix("norm:") in names, (c.id, target)
