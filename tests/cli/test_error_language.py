"""User errors are in the user's language: Dutch by default, English with --lang en, and
no English inside Dutch (the frame "rij 3, kolom 'x'" as well as the message). Real bad
files through the real command line, each in both languages."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Cli

# Words of the English frame and of English messages that must not appear in a Dutch one.
ENGLISH = re.compile(r"\b(row|column|expected|found|error|cannot|not a|refused|missing|"
                     r"unknown|nothing was)\b")


def _bad_number(tmp: Path) -> tuple[list[str], list[str], list[str]]:
    path = tmp / "os-2021.csv"
    path.write_text("unit,opening,lateral_entry,graduated_in,transfer_other,outflow,"
                    "working_time,net,closing\nLimburg,2594,48,9x5,7,-186,-3,-40,2554\n",
                    encoding="utf-8")
    return (["import", str(path)],
            [f"{path}, rij 2, kolom 'graduated_in': '9x5' is geen getal: verwacht een getal "
             "in Nederlandse notatie", "store: er is niets geïmporteerd; de opslag is "
             "ongewijzigd"],
            [f"{path}, row 2, column 'graduated_in': '9x5' is not a number: expected a number "
             "in Dutch format", "store: nothing was imported; the store is unchanged"])


def _unknown_unit(tmp: Path) -> tuple[list[str], list[str], list[str]]:
    path = tmp / "os-2021.csv"
    path.write_text("unit,opening,lateral_entry,graduated_in,transfer_other,outflow,"
                    "working_time,net,closing\nLimbourg,1,0,0,0,0,0,0,1\n", encoding="utf-8")
    return (["import", str(path)],
            [f"{path}, rij 2, kolom 'unit': onbekende eenheid 'Limbourg': verwacht een van"],
            [f"{path}, row 2, column 'unit': unknown unit 'Limbourg': expected one of"])


def _missing_file(tmp: Path) -> tuple[list[str], list[str], list[str]]:
    path = tmp / "nergens.csv"
    return (["import", str(path)], [f"{path}: bestand niet gevonden"],
            [f"{path}: no such file"])


def _refused_column(tmp: Path) -> tuple[list[str], list[str], list[str]]:
    path = tmp / "personen.csv"
    path.write_text("person_id,birth_year,BSN\np1,1980,123456782\n", encoding="utf-8")
    return (["hr", "import", str(path)],
            [f"{path}, rij 1, kolom 'BSN': geweigerd bij de poort: burgerservicenummers (BSN) "
             "worden nooit opgeslagen"],
            [f"{path}, row 1, column 'BSN': refused at the gate: national ID numbers (BSN) "
             "are never stored"])


def _pdf_as_csv(tmp: Path) -> tuple[list[str], list[str], list[str]]:
    path = tmp / "personen.csv"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    return (["hr", "import", str(path)],
            [f"{path}: is een PDF-document, geen tabel: exporteer de HR-gegevens opnieuw"],
            [f"{path}: is a PDF document, not a table: export the HR records again"])


def _bad_date_option(tmp: Path) -> tuple[list[str], list[str], list[str]]:
    return (["parameters", "list", "--date", "gisteren"],
            ["--date: verwacht een datum JJJJ-MM-DD, gevonden 'gisteren'"],
            ["--date: expected a date YYYY-MM-DD, found 'gisteren'"])


def _unknown_scenario(tmp: Path) -> tuple[list[str], list[str], list[str]]:
    return (["forecast", "--scenario", "nergens"],
            ["nergens: geen scenariobestand gevonden, en geen ingebouwd scenario (ingebouwd: "
             "base, hjb2022, short-training)"],
            ["nergens: no such scenario file, and not a built-in scenario (built-in: base, "
             "hjb2022, short-training)"])


def _start_not_a_month_end(tmp: Path) -> tuple[list[str], list[str], list[str]]:
    return (["forecast", "--start-date", "2021-12-15"],
            ["--start-date: verwacht de laatste dag van een maand (de prognose begint de "
             "maand erna), gevonden 2021-12-15"],
            ["--start-date: expected the last day of a month (the forecast starts the month "
             "after), found 2021-12-15"])


def _events(tmp: Path) -> Path:
    # three burglaries in the first days of 2025, x/y in RD New metres
    path = tmp / "delicten.csv"
    path.write_text("time,x,y\n2025-01-02 10:00,155100,463100\n2025-01-05 11:00,155300,"
                    "463200\n2025-01-09 12:00,155500,463400\n", encoding="utf-8")
    return path


def _stale_events(tmp: Path) -> tuple[list[str], list[str], list[str]]:
    # the last event 2025-01-09 is 143 days before the origin 2025-06-01; the limit
    # (max_data_age_days) is 14
    path = _events(tmp)
    return (["anticipate", "forecast", "--events", str(path), "--at", "2025-06-01",
             "--source-crs", "EPSG:28992", "--model", "kde", "--out", str(tmp / "c.csv")],
            [f"{path}: de gebeurtenissen eindigen op 2025-01-09, 143 dagen vóór het startpunt "
             "van de voorspelling 2025-06-01; de gegevens mogen hoogstens 14 dagen oud zijn",
             "kies een datum hoogstens 14 dagen na 2025-01-09"],
            [f"{path}: the events end on 2025-01-09, 143 days before the forecast origin "
             "2025-06-01; data may be at most 14 days old",
             "choose a date at most 14 days after 2025-01-09"])


def _bad_anticipation_date(tmp: Path) -> tuple[list[str], list[str], list[str]]:
    return (["anticipate", "forecast", "--events", str(_events(tmp)), "--at", "morgen",
             "--out", str(tmp / "c.csv")],
            ["--at: 'morgen' is geen datum; verwacht JJJJ-MM-DD"],
            ["--at: 'morgen' is not a date; expected YYYY-MM-DD"])


def _date_option(*args: str) -> Callable[[Path], tuple[list[str], list[str], list[str]]]:
    """A date option given as a word: typer's English box in `hr import --as-of`, `norms`,
    `teams` and `earmarks --date`, whatever the language."""
    option = args[-1]

    def case(tmp: Path) -> tuple[list[str], list[str], list[str]]:
        return ([*args, "gisteren"],
                [f"{option}: verwacht een datum JJJJ-MM-DD, gevonden 'gisteren'"],
                [f"{option}: expected a date YYYY-MM-DD, found 'gisteren'"])

    return case


CASES: dict[str, Callable[[Path], tuple[list[str], list[str], list[str]]]] = {
    "a letter in a published number": _bad_number,
    "an unknown unit": _unknown_unit,
    "a file that is not there": _missing_file,
    "a refused HR column": _refused_column,
    "a PDF named .csv": _pdf_as_csv,
    "a bad date option": _bad_date_option,
    "an unknown scenario": _unknown_scenario,
    "a forecast start that is not a month end": _start_not_a_month_end,
    "crime events too old for the forecast origin": _stale_events,
    "a bad anticipation date": _bad_anticipation_date,
    "a bad import day": _date_option("hr", "import", "persons.csv", "--as-of"),
    "a bad norms date": _date_option("norms", "--date"),
    "a bad teams date": _date_option("teams", "--date"),
    "a bad earmarks date": _date_option("earmarks", "--date"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_user_error_is_in_dutch_by_default_and_in_english_on_request(
        cli: Cli, tmp_path: Path, case: str) -> None:
    args, dutch, english = CASES[case](tmp_path)
    code, _, err = cli(*args)
    flat = " ".join(err.split())
    assert code == 2 and "Traceback" not in err
    assert flat.startswith("fout: "), flat
    for text in dutch:
        assert text in flat, flat
    # no English frame or message words in the Dutch (file names and values aside)
    said = flat
    for name in (str(tmp_path),):
        said = said.replace(name, "")
    assert not ENGLISH.search(said), said

    code, _, err = cli(*args, "--lang", "en")
    flat = " ".join(err.split())
    assert code == 2 and "Traceback" not in err
    assert flat.startswith("error: "), flat
    for text in english:
        assert text in flat, flat
    assert "rij " not in flat and "kolom " not in flat and "verwacht" not in flat


def test_a_bad_parameter_override_is_named_in_the_users_language(
        cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "overrides"
    folder.mkdir()
    (folder / "volunteer_share.yaml").write_text(
        "description: test\nunit: percent\nreference: test\nrange: [0, 100]\n"
        "values:\n  2021-11-25: 140\n", encoding="utf-8")
    monkeypatch.setenv("STERKTE_PARAMETERS", str(folder))
    where = f"{folder / 'volunteer_share.yaml'}"
    code, _, err = cli("parameters", "list", "--engine", "norms")
    flat = " ".join(err.split())
    assert code == 2
    assert (f"fout: {where}, kolom 'values.2021-11-25': verwacht een getal in [0, 100], "
            "gevonden 140") in flat, flat
    code, _, err = cli("parameters", "list", "--engine", "norms", "--lang", "en")
    flat = " ".join(err.split())
    assert code == 2
    assert (f"error: {where}, column 'values.2021-11-25': expected a number in [0, 100], "
            "found 140") in flat, flat
