"""Bad files as an outsider gives them, through the real command line: each is refused
with a message naming file, row and column (Dutch by default, English on request), exit
code 2, and the store exactly as it was; never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli, snapshot

# A count far beyond any police figure (10^20) fits a float but no integer column.
HUGE = "99999999999999999999"


@pytest.mark.parametrize(("args", "header", "row", "column"), [
    (["norms", "import", "population"], "unit,inhabitants", f"AM,{HUGE}", "inhabitants"),
    (["norms", "import", "survey"], "team,respondents", f"T1,{HUGE}", "respondents"),
    (["norms", "import", "targets"], "target,year,realised",
     f"human_trafficking_suspects,{HUGE},236", "year"),
    (["teams", "import-survey"], "team,wave,dimension,respondents,score",
     f"T1,2021-10-01,werkdruk,{HUGE},7", "respondents"),
    (["diversity", "import", "--definition", "CBS"], "year,population,unit,group,persons",
     f"2021,staff,AM,a,{HUGE}", "persons"),
])
def test_a_count_too_large_for_any_police_is_refused_by_row_and_column(
        cli: Cli, tmp_path: Path, args: list[str], header: str, row: str,
        column: str) -> None:
    path = tmp_path / "input.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    assert cli("import")[0] == 0  # a store with data in it
    before = snapshot(cli.db)
    code, _, err = cli(*args, path)
    assert code == 2, err
    assert f"{path}, rij 2, kolom '{column}': " in err and "verwacht " in err
    code, _, err = cli(*args, path, "--lang", "en")
    assert code == 2 and f"{path}, row 2, column '{column}': " in err and "expected " in err
    assert snapshot(cli.db) == before


def test_a_target_year_must_be_a_whole_year(cli: Cli, tmp_path: Path) -> None:
    # a year of 2021,5 was rounded into the store as 2022
    path = tmp_path / "targets.csv"
    path.write_text("target;year;realised\nhuman_trafficking_suspects;2021,5;236\n",
                    encoding="utf-8")
    code, _, err = cli("norms", "import", "targets", path)
    assert code == 2
    assert f"{path}, rij 2, kolom 'year': verwacht een jaar zoals 2021" in err


def _nrp_instance(tmp_path: Path) -> Path:
    from tests.roster.test_nrp_odd_files import ODD

    path = tmp_path / "odd.txt"
    path.write_text(ODD, encoding="utf-8")
    return path


@pytest.mark.parametrize("which", ["instance", "solution"])
def test_an_nrp_file_that_is_not_utf8_names_the_file_and_line(
        cli: Cli, tmp_path: Path, which: str) -> None:
    instance = _nrp_instance(tmp_path)
    solution = tmp_path / "sol.csv"
    solution.write_text("employee,day,shift\nA,0,E\n", encoding="utf-8")
    bad = instance if which == "instance" else solution
    bad.write_bytes(bad.read_bytes() + "# café\n".encode("latin-1"))
    lines = bad.read_bytes().count(b"\n")
    code, _, err = cli("roster", "nrp-check", instance, solution)
    assert code == 2, err
    assert f"{bad}, rij {lines}: geen UTF-8-tekst (byte 0xe9 is onleesbaar)" in err
    code, _, err = cli("roster", "nrp-check", instance, solution, "--lang", "en")
    assert code == 2 and f"{bad}, row {lines}: not UTF-8 text (byte 0xe9" in err


def test_an_nrp_instance_saved_as_utf16_is_read(cli: Cli, tmp_path: Path) -> None:
    instance = _nrp_instance(tmp_path)
    instance.write_text(instance.read_text(encoding="utf-8"), encoding="utf-16")
    solution = tmp_path / "sol.csv"
    solution.write_text("employee,day,shift\n", encoding="utf-16")
    code, out, err = cli("roster", "nrp-check", instance, solution, "--lang", "en")
    assert code in (0, 1) and "objective" in out, err


def test_an_nrp_solution_with_a_cell_of_a_million_characters_is_refused(
        cli: Cli, tmp_path: Path) -> None:
    solution = tmp_path / "sol.csv"
    solution.write_text("employee,day,shift\nA,0," + "E" * 1_000_000 + "\n", encoding="utf-8")
    code, _, err = cli("roster", "nrp-check", _nrp_instance(tmp_path), solution)
    assert code == 2, err
    assert f"{solution}, rij 2: een cel is langer dan 131.072 tekens" in err


@pytest.mark.parametrize(("old", "new", "field"), [
    ("SECTION_HORIZON\n14\n", "SECTION_HORIZON\n99999999999\n", "horizon"),
    ("2,N,1,1000000,5", f"2,N,{HUGE},1000000,5", "required"),
    ("2,N,1,1000000,5", f"2,N,1,{HUGE},5", "weight_under"),
    ("E,480\n", f"E,{HUGE}\n", "minutes"),
])
def test_an_nrp_number_beyond_any_roster_names_its_line_and_field(
        cli: Cli, tmp_path: Path, old: str, new: str, field: str) -> None:
    # 10^11 days tried to allocate 93 GiB; a cover of 10^20 persons broke the CP-SAT model
    instance = _nrp_instance(tmp_path)
    text = instance.read_text(encoding="utf-8")
    assert old in text
    instance.write_text(text.replace(old, new), encoding="utf-8")
    code, _, err = cli("roster", "nrp", instance, "--seconds", "1", "--out", tmp_path / "o.csv")
    assert code == 2, err
    assert f"kolom '{field}': verwacht een geheel getal van " in err


SHORT_TRAINING = """description: what if training took 18 months
overrides:
  training_length:
    2024-01-01: 18
"""


def test_a_scenario_file_saved_as_latin1_names_the_file_and_line(
        cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "scenario.yaml"
    path.write_bytes((SHORT_TRAINING + "# opleiding één jaar korter\n").encode("latin-1"))
    code, _, err = cli("forecast", "--scenario", path, "--years", "2")
    assert code == 2, err
    assert f"{path}, rij 5: geen UTF-8-tekst (byte 0xe9 is onleesbaar)" in err
    code, _, err = cli("forecast", "--scenario", path, "--years", "2", "--lang", "en")
    assert code == 2 and f"{path}, row 5: not UTF-8 text (byte 0xe9 cannot be read)" in err


def test_a_scenario_file_saved_as_utf16_is_read(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "scenario.yaml"
    path.write_text(SHORT_TRAINING, encoding="utf-16")
    assert cli("import")[0] == 0
    code, _, err = cli("forecast", "--scenario", path, "--years", "2")
    assert code == 0, err


def test_a_parameter_file_saved_as_latin1_names_the_file_and_line(
        cli: Cli, tmp_path: Path) -> None:
    from importlib import resources

    bundled = resources.files("sterkte") / "data/parameters/forecast/training_length.yaml"
    text = bundled.read_text(encoding="utf-8")
    folder = tmp_path / "parameters"
    folder.mkdir()
    path = folder / "training_length.yaml"
    path.write_bytes(text.encode("utf-8") + "# één\n".encode("latin-1"))
    code, _, err = cli("--parameters", folder, "parameters", "show", "training_length")
    assert code == 2, err
    assert f"training_length.yaml, rij {text.count(chr(10)) + 1}: geen UTF-8-tekst" in err


def test_a_missing_register_is_said_to_be_missing_in_the_users_language(
        cli: Cli, tmp_path: Path) -> None:
    # it was "kan niet als UTF-8-tekst worden gelezen: [Errno 2] No such file or directory"
    path = tmp_path / "register.yaml"
    code, _, err = cli("commitments", "--register", path)
    assert code == 2
    assert f"{path}: kan niet worden gelezen: bestand of map niet gevonden" in err
    path.write_bytes("- id: T-1\n  title: één\n".encode("latin-1"))
    code, _, err = cli("commitments", "--register", path)
    assert code == 2
    assert f"{path}, rij 2: geen UTF-8-tekst (byte 0xe9 is onleesbaar)" in err
    assert "codec" not in err


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_published_number_beyond_a_billion_is_refused_and_the_store_kept(
        cli: Cli, tmp_path: Path, kind: str) -> None:
    # 10^300 was imported, and `sterkte table` and `validate` then died in Decimal.quantize
    from importlib import resources

    import openpyxl

    text = (resources.files("sterkte") / "data/os-2021-by-unit.csv").read_text(
        encoding="utf-8")
    rows = [line.split(",") for line in text.splitlines()]
    rows[1][2] = "1" + "0" * 30
    path = tmp_path / f"os-2021.{kind}"
    if kind == "csv":
        path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    else:
        wb = openpyxl.Workbook()
        for r in rows:
            wb.active.append(r if r[0] == "unit" else [r[0], *map(float, r[1:])])
        wb.save(path)
    code, _, err = cli("validate", path)
    assert code == 2 and f"{path}, rij 2, kolom 'lateral_entry': " in err, err
    assert cli("import")[0] == 0
    before = snapshot(cli.db)
    code, _, err = cli("import", path)
    assert code == 2 and "is te groot: verwacht een getal kleiner dan een miljard" in err, err
    code, _, err = cli("import", path, "--lang", "en")
    assert code == 2 and "is too large: expected a number below a billion" in err, err
    assert snapshot(cli.db) == before
