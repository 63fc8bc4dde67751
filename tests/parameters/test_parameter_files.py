"""The parameter file format: sources keyed by date, text values, folders with an index,
group files, one name once, and the errors that name file and field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from sterkte.errors import InputError
from sterkte.parameters import ParameterSet, load_parameter, load_scenario

D = dt.date
BUNDLED = Path(__file__).resolve().parents[2] / "src" / "sterkte" / "data" / "parameters"

DATED = """\
description: Length of the training
unit: months
reference:
  1990-01-01:
    title: Old programme (3 years)
  2021-01-01:
    - title: Letter A
      href: https://example.org/a
    - Letter B
range: [1, 60]
values:
  1990-01-01: 36
  2021-01-01: 24
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    f = folder / name
    f.write_text(text, encoding="utf-8")
    return f


def errors(f: Path) -> str:
    with pytest.raises(InputError) as info:
        load_parameter(f)
    return str(info.value)


# -- sources keyed by date -----------------------------------------------------------

def test_the_training_length_has_a_source_for_each_of_36_28_and_24_months() -> None:
    p = ParameterSet.bundled(["training_length"])["training_length"]
    old, converted, after = (p.reference_on(D(2018, 9, 30)), p.reference_on(D(2020, 12, 31)),
                             p.reference_on(D(2021, 1, 1)))
    assert len(old) == 1 and "3-year" in old[0].title
    # the streams of Q4 2018-2020 finish 8 months earlier (issue 13): the union agreement
    assert "8 months earlier" in converted[0].title and "29628, nr. 887" in converted[0].title
    assert len(after) == 2 and "2022" in after[1].title and "2 jaar" in after[1].title
    assert (p.number(D(2018, 9, 30)), p.number(D(2020, 12, 31)), p.number(D(2021, 1, 1))) \
        == (36, 28, 24)
    # the flat text reports used keeps working: every source with the date it applies from
    assert p.reference.startswith("1990-01-01: Eerste halfjaarbericht politie 2020")
    assert "; 2018-10-01: " in p.reference and "; 2021-01-01: " in p.reference


def test_dated_sources_load_with_titles_and_links(tmp_path: Path) -> None:
    p = load_parameter(write(tmp_path, "length.yaml", DATED))
    assert [s.title for s in p.reference_on(D(2000, 6, 1))] == ["Old programme (3 years)"]
    a, b = p.reference_on(D(2030, 1, 1))
    assert (a.title, a.href, b.title, b.href) == ("Letter A", "https://example.org/a",
                                                  "Letter B", None)
    assert p.reference_text_on(D(2021, 1, 1)) == "Letter A; Letter B"
    assert p.reference == ("1990-01-01: Old programme (3 years); "
                           "2021-01-01: Letter A; Letter B")


def test_a_reference_without_dates_applies_to_every_date(tmp_path: Path) -> None:
    text = DATED.replace(DATED[DATED.index("reference:"):DATED.index("range:")],
                         "reference:\n  - Politiewet 2012, art. 38a\n  - A letter\n")
    p = load_parameter(write(tmp_path, "p.yaml", text))
    assert p.reference == "Politiewet 2012, art. 38a; A letter"
    assert p.reference_text_on(D(1800, 1, 1)) == p.reference


def test_dated_sources_survive_a_round_trip_through_a_stored_run(tmp_path: Path) -> None:
    p = load_parameter(write(tmp_path, "length.yaml", DATED))
    back = ParameterSet.from_dict({"length": p.to_dict()})["length"]
    assert back.reference_on(D(2030, 1, 1)) == p.reference_on(D(2030, 1, 1))
    assert back.reference == p.reference and back.values == p.values


@pytest.mark.parametrize(("old", "new", "field", "expected"), [
    ("  2021-01-01:\n    - title: Letter A", "  2021-13-01:\n    - title: Letter A",
     "reference.2021-13-01", "valid date"),
    ("      href: https://example.org/a", "      href: example.org/a",
     "reference.2021-01-01.0.href", "link starting with http"),
    ("    title: Old programme (3 years)", "    titel: Old programme (3 years)",
     "reference.1990-01-01.0.title", "Field required"),
    ("    title: Old programme (3 years)", "    title: ' '",
     "reference.1990-01-01.0.title", "empty text"),
    ("  1990-01-01:\n    title: Old programme (3 years)", "  1995-01-01:\n    title: Old",
     "reference", "no source for the value from 1990-01-01"),
    ("    - Letter B\n", "    - Letter B\n  2022-01-01: []\n",
     "reference.2022-01-01", "at least one source"),
])
def test_bad_dated_sources_name_file_and_field(tmp_path: Path, old: str, new: str, field: str,
                                               expected: str) -> None:
    assert old in DATED
    f = write(tmp_path, "length.yaml", DATED.replace(old, new))
    message = errors(f)
    assert str(f) in message and f"column '{field}'" in message and expected in message


def test_before_the_first_source_there_is_none(tmp_path: Path) -> None:
    p = load_parameter(write(tmp_path, "length.yaml", DATED))
    with pytest.raises(InputError, match="no source in force on 1980-01-01"):
        p.reference_on(D(1980, 1, 1))


# -- text values ---------------------------------------------------------------------

TEXT = """\
description: Coordinate reference system of the grid
unit: EPSG code
reference: RD New, the Dutch national grid
values:
  2026-01-01: EPSG:28992
"""


def test_a_text_value_is_read_as_text(tmp_path: Path) -> None:
    p = load_parameter(write(tmp_path, "crs.yaml", TEXT))
    assert p.text(D(2026, 5, 1)) == "EPSG:28992" and p.shape == "text"


def test_a_text_where_a_number_is_needed_names_file_and_field(tmp_path: Path) -> None:
    f = write(tmp_path, "crs.yaml", TEXT)
    with pytest.raises(InputError) as info:
        load_parameter(f).number(D(2026, 5, 1))
    assert str(info.value) == (f"{f}, column 'values.2026-01-01': expected a number, "
                               "found text 'EPSG:28992'")
    p = ParameterSet.bundled(["small_cell_k"])["small_cell_k"]
    with pytest.raises(InputError, match="expected a text, found a number"):
        p.text(D(2022, 1, 1))


def test_numbers_written_as_text_are_numbers(tmp_path: Path) -> None:
    # YAML 1.1 reads 1e-3 (no dot) as text; it is still the number 0.001
    p = load_parameter(write(tmp_path, "t.yaml", TEXT.replace("EPSG:28992", "1e-3")))
    assert p.number(D(2026, 1, 1)) == pytest.approx(0.001)


@pytest.mark.parametrize(("values", "field", "expected"), [
    ("  2026-01-01: {NN: many}\n", "values.2026-01-01.NN", "expected a number, found text"),
    ("  2026-01-01: EPSG:28992\n  2027-01-01: 3\n", "values",
     "same shape, found ['number', 'text']"),
    ("  2026-01-01: ''\n", "values.2026-01-01", "empty text"),
    ("  2026-01-01: true\n", "values.2026-01-01", "expected a number, found true"),
    ("  2026-01-01: [1, 2]\n", "values.2026-01-01", "found a list"),
    ("  2026-01-01:\n", "values.2026-01-01", "found nothing"),
    ("  2026-01-01: {OS: {NN: {x: 1}}}\n", "values.2026-01-01.OS.NN", "at most two levels"),
])
def test_bad_values_name_file_and_field(tmp_path: Path, values: str, field: str,
                                        expected: str) -> None:
    text = TEXT[:TEXT.index("values:")] + "values:\n" + values
    f = write(tmp_path, "p.yaml", text)
    message = errors(f)
    assert str(f) in message and f"column '{field}'" in message and expected in message


def test_a_value_without_a_date_names_the_field(tmp_path: Path) -> None:
    f = write(tmp_path, "p.yaml", TEXT.replace("values:\n  2026-01-01: EPSG:28992",
                                               "values: 730"))
    message = errors(f)
    assert str(f) in message and "column 'values'" in message and "dictionary" in message


def test_a_text_in_a_parameter_with_a_range_is_refused_on_load(tmp_path: Path) -> None:
    f = write(tmp_path, "p.yaml", TEXT + "range: [1, 3650]\n")
    assert "expected a number (the parameter has a range or total), found text" in errors(f)


def test_a_scenario_cannot_give_a_text_where_the_parameter_is_a_number(tmp_path: Path) -> None:
    f = write(tmp_path, "s.yaml", "overrides:\n  training_length:\n    2025-01-01: two years\n")
    with pytest.raises(InputError) as info:
        load_scenario(str(f)).apply(ParameterSet.bundled(["training_length"]))
    assert "overrides.training_length.2025-01-01" in str(info.value)
    assert "expected a number" in str(info.value) and "found a text" in str(info.value)


# -- folders, index.yaml and group files ---------------------------------------------

GROUP = """\
description: Defaults of the grid
cell_size:
  description: Side of a grid cell
  unit: metres
  reference: Issue 8
  values: {2026-01-01: 125}
crs:
  description: Coordinate reference system
  unit: EPSG code
  reference: RD New
  values: {2026-01-01: EPSG:28992}
"""


def test_folders_with_an_index_and_a_group_file_of_several_parameters(tmp_path: Path) -> None:
    write(tmp_path / "grid", "index.yaml", "description: Everything about the grid\n")
    write(tmp_path / "grid", "models.yaml", GROUP)
    write(tmp_path / "norms", "index.yaml", "description: Norms\n")
    write(tmp_path / "norms", "length.yaml", DATED)
    params = ParameterSet.from_directory(tmp_path)
    assert sorted(params) == ["cell_size", "crs", "length"]
    assert params["cell_size"].number(D(2026, 1, 1)) == 125
    assert params["crs"].text(D(2026, 1, 1)) == "EPSG:28992"
    assert params.groups == {"grid": "Everything about the grid",
                             "grid/models": "Defaults of the grid", "norms": "Norms"}
    assert (params["crs"].group, params["length"].group) == ("grid/models", "norms")


def test_an_error_in_a_group_file_names_the_parameter_in_the_field(tmp_path: Path) -> None:
    f = write(tmp_path, "models.yaml", GROUP.replace("{2026-01-01: 125}",
                                                     "{2026-01-01: [125]}"))
    with pytest.raises(InputError) as info:
        ParameterSet.from_directory(tmp_path)
    assert f"{f}, column 'cell_size.values.2026-01-01'" in str(info.value)


def test_a_bad_index_names_its_file(tmp_path: Path) -> None:
    f = write(tmp_path / "grid", "index.yaml", "descripton: typo\n")
    write(tmp_path / "grid", "length.yaml", DATED)
    with pytest.raises(InputError) as info:
        ParameterSet.from_directory(tmp_path)
    assert f"{f}, column 'description': Field required" in str(info.value)


def test_a_name_defined_twice_is_refused_naming_both_files(tmp_path: Path) -> None:
    first = write(tmp_path / "a", "length.yaml", DATED)
    second = write(tmp_path / "b", "length.yaml", DATED)
    with pytest.raises(InputError) as info:
        ParameterSet.from_directory(tmp_path)
    assert str(second) in str(info.value) and str(first) in str(info.value)
    assert "defined twice" in str(info.value)


def test_a_group_file_key_may_not_repeat_a_file_name(tmp_path: Path) -> None:
    write(tmp_path, "cell_size.yaml", "description: Side of a grid cell\nunit: metres\n"
                                      "reference: Issue 8\nvalues: {2026-01-01: 100}\n")
    write(tmp_path, "models.yaml", GROUP)
    with pytest.raises(InputError, match="'cell_size' is defined twice"):
        ParameterSet.from_directory(tmp_path)


def test_every_bundled_folder_has_an_index_and_no_name_twice() -> None:
    params = ParameterSet.bundled()  # refuses a name defined twice
    folders = [d for d in BUNDLED.iterdir() if d.is_dir() and d.name != "__pycache__"]
    assert sorted(d.name for d in folders) == ["anticipate", "demand", "forecast", "norms",
                                               "roster", "web"]
    themes = [s for d in folders for s in d.rglob("*")  # e.g. norms/earmarks
              if s.is_dir() and s.name != "__pycache__"]
    assert all((d / "index.yaml").is_file() for d in [*folders, *themes])
    assert {g for g in params.groups if "/" not in g} == {d.name for d in folders}
    # the anticipation parameters are in group files (criteria, models, presence), each
    # with a description of its own
    group_files = ["anticipate/criteria", "anticipate/models", "anticipate/presence"]
    assert set(group_files) <= set(params.groups)
    # a parameter file is named after its parameter; a group file holds several by name
    names = []
    for d in folders:
        for f in d.rglob("*.yaml"):
            if f.name == "index.yaml":
                continue
            data = yaml.safe_load(f.read_text(encoding="utf-8"))
            if "values" in data:
                names.append(f.stem)
            else:
                names += [k for k in data if k != "description"]
    assert sorted(params) == sorted(names)
    grouped = sorted(n for n in params if params[n].group in group_files)
    assert len(grouped) == len(set(grouped)) >= 30


def test_one_value_one_file() -> None:
    params = ParameterSet.bundled()
    # the 80 %-norm and the volunteer cap were defined twice (norms/ and roster/)
    for gone in ("roster_neighbourhood_share", "roster_volunteer_max_hours_per_year"):
        assert gone not in params
    assert params["neighbourhood_share"].number(D(2026, 1, 1)) == 0.8
    assert params["volunteer_hours_cap"].number(D(2026, 1, 1)) == 576
    # the demand model's parameters say what they are
    assert not [n for n in params if n.startswith(("roster_demand", "roster_supply"))]


# -- overrides ($STERKTE_PARAMETERS) ---------------------------------------------------

LONG_SPELL = (BUNDLED / "norms" / "absence_long_spell_days.yaml").read_text(encoding="utf-8")


def test_an_override_folder_replaces_the_bundled_parameter(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = write(tmp_path, "absence_long_spell_days.yaml",
              LONG_SPELL.replace("2004-01-01: 730", "2004-01-01: 365"))
    monkeypatch.setenv("STERKTE_PARAMETERS", str(tmp_path))
    params = ParameterSet.bundled()
    assert params["absence_long_spell_days"].number(D(2022, 1, 1)) == 365
    assert params["absence_long_spell_days"].source == str(f)
    assert params["absence_long_spell_days"].group == "norms"
    assert params.overridden == ("absence_long_spell_days",)
    # every way of asking for bundled parameters gets it, and a scenario keeps it
    assert ParameterSet.bundled(engine="norms")["absence_long_spell_days"].number(
        D(2022, 1, 1)) == 365
    assert ParameterSet.bundled(["training_length"]).overridden == ()
    monkeypatch.delenv("STERKTE_PARAMETERS")
    assert ParameterSet.bundled()["absence_long_spell_days"].number(D(2022, 1, 1)) == 730


@pytest.mark.parametrize(("name", "text", "field", "expected"), [
    ("absence_long_spel_days.yaml", LONG_SPELL, None, "no bundled parameter is named"),
    ("absence_long_spell_days.yaml", LONG_SPELL.replace("unit: calendar days", "unit: weeks"),
     "unit", "expected the unit of the bundled parameter, 'calendar days'"),
    ("absence_long_spell_days.yaml",
     LONG_SPELL.replace("2004-01-01: 730", "2004-01-01: {NN: 730}"), "values",
     "expected values of the bundled parameter's shape, a number, found a mapping"),
    ("absence_long_spell_days.yaml",
     LONG_SPELL.replace("2004-01-01: 730", "2004-01-01: 5000"), "values.2004-01-01",
     "expected a number in [1, 3650], found 5000"),
])
def test_a_bad_override_names_file_and_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              name: str, text: str, field: str | None,
                                              expected: str) -> None:
    f = write(tmp_path / "norms", name, text)
    monkeypatch.setenv("STERKTE_PARAMETERS", str(tmp_path))
    with pytest.raises(InputError) as info:
        ParameterSet.bundled()
    message = str(info.value)
    assert message.startswith(str(f)) and expected in message
    if field is not None:
        assert f"column '{field}'" in message


def test_an_override_folder_that_does_not_exist_is_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STERKTE_PARAMETERS", str(tmp_path / "nowhere"))
    with pytest.raises(InputError, match=r"\$STERKTE_PARAMETERS=.*nowhere: no such folder"):
        ParameterSet.bundled()
