"""The 2021 annex says what the June 2022 letter says (issue 13): realisation beside the
police's own prognosis, the vintage named, sterkte's model in a separate labelled column;
the motion Van Nispen / Van Raak answered against the police's prognosis; the wijkagent
norm of the end of 2021 with that date's inhabitants. Real CLI runs on real store files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.sources.test_prognosis_tables import ROWS_3, ROWS_4, ROWS_5, T3, T4, T5, _block, _write


def _csv(path: Path) -> dict[str, dict[str, str]]:
    """A report CSV (Dutch: ';', decimal comma) as row label → column header → cell."""
    with path.open(encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter=";"))
    header = rows[0]
    return {r[0]: dict(zip(header[1:], r[1:], strict=True)) for r in rows[1:]}


def _n(text: str) -> float:
    return float(text.replace(",", "."))


@pytest.fixture
def annex_2021(cli: Cli, tmp_path: Path) -> Path:
    """The annex of 2021 from the bundled published tables and prognosis column only."""
    assert cli("import")[0] == 0
    out = tmp_path / "annex"
    code, text, err = cli("report", "--period", "2021", "--out", out)
    assert code == 0, (text, err)
    return out


def test_intake_and_graduates_stand_beside_the_polices_prognosis(annex_2021: Path) -> None:
    academy = _csv(annex_2021 / "politieonderwijs-2021-politie.csv")
    intake = academy["Instroom in opleiding"]
    assert _n(intake["Realisatie 2021"]) == 2148 and _n(intake["Prognose politie 2021"]) == 2388
    assert _n(intake["Realisatie − prognose politie"]) == -240
    grads = academy["Afgestudeerd (instroom OS)"]
    assert (_n(grads["Realisatie 2021"]), _n(grads["Prognose politie 2021"])) == (1708, 1786)
    t3 = _csv(annex_2021 / "prognose-politie-tabel3.csv")
    lateral = t3["Zijinstroom"]
    assert (_n(lateral["Realisatie 2021"]), _n(lateral["Prognose politie 2021"]),
            _n(lateral["Realisatie − prognose politie"])) == (1178, 1058, 120)
    # sterkte's own run stands beside it, labelled, not in its place
    assert "Model sterkte 2021" in lateral and "Voorziene uitstroom" in t3
    html = (annex_2021 / "report-2021.html").read_text(encoding="utf-8")
    assert "prognose van de politie (hjb2022-1)" in html


def test_the_motion_is_answered_not_met_for_intake_and_graduates(annex_2021: Path,
                                                                  cli: Cli) -> None:
    overview = _csv(annex_2021 / "normen.csv")  # the nation's norms in the annex
    intake = overview["Instroom politieacademie t.o.v. prognose politie (hjb2022-1)"]
    assert (_n(intake["Waarde"]), _n(intake["Norm/doel"]), intake["Status"]) == (
        2148, 2388, "niet voldaan")
    grads = overview["Afgestudeerden t.o.v. prognose politie (hjb2022-1)"]
    assert (_n(grads["Waarde"]), _n(grads["Norm/doel"]), grads["Status"]) == (
        1708, 1786, "niet voldaan")
    # per unit the police publishes no prognosis: those rows say they are against the model
    code, out, _ = cli("norms", "--date", "2021-12-31", "--format", "csv")
    assert code == 0
    rows = [r.split(";") for r in out.splitlines()[1:]]
    units = [r for r in rows if r[0].startswith("Instroom politieacademie") and
             r[1] != "Nationaal"]
    assert len(units) >= 10 and all("t.o.v. model sterkte" in r[0] for r in units)


def test_the_wijkagent_norm_of_the_end_of_2021(annex_2021: Path) -> None:
    wijk = _csv(annex_2021 / "wijkagenten.csv")["Nationaal"]
    assert round(_n(wijk["Norm"])) == 3518 and _n(wijk["Waarde"]) == 3603
    assert round(_n(wijk["Verschil"])) == 85 and wijk["Status"] == "voldaan"


def test_a_full_prognosis_imported_later_replaces_the_bundled_column(cli: Cli,
                                                                      tmp_path: Path) -> None:
    assert cli("import")[0] == 0
    letter = _write(tmp_path / "tabellen-3-5.csv", [_block(T3, ROWS_3), _block(T4, ROWS_4),
                                                    _block(T5, ROWS_5, total=True)])
    assert cli("import", letter, "--vintage", "hjb2022-volledig")[0] == 0
    out = tmp_path / "annex"
    assert cli("report", "--out", out)[0] == 0
    t4 = _csv(out / "prognose-politie-tabel4.csv")
    assert _n(t4["Instroom in opleiding"]["2022"]) == 2300
    assert _n(t4["Instroom in opleiding"]["2023"]) == 2200
    html = (out / "report-2021.html").read_text(encoding="utf-8")
    assert "hjb2022-volledig" in html


def test_without_a_police_prognosis_the_annex_says_it_compares_with_the_model(
        cli: Cli, tmp_path: Path, bundled: dict[str, Path]) -> None:
    assert cli("import", bundled["os"], bundled["asp"])[0] == 0
    out = tmp_path / "annex"
    assert cli("report", "--out", out)[0] == 0
    assert not (out / "prognose-politie-tabel3.csv").exists()
    md = (out / "report-2021.md").read_text(encoding="utf-8")
    assert "Geen prognose van de politie voor 2021 in de store" in md
    norms = (out / "normen.csv").read_text(encoding="utf-8")
    assert "t.o.v. model sterkte" in norms and "prognose politie" not in norms


def test_forecast_variance_names_the_polices_prognosis_and_the_model(cli: Cli) -> None:
    assert cli("import")[0] == 0
    code, out, err = cli("forecast", "variance", "--year", "2021", "--scenario", "hjb2022")
    assert code == 0, err
    flat = " ".join(out.split())
    assert "prognose van de politie (hjb2022-1)" in flat
    assert "Zijinstroom 1.178 1.058 +120" in flat  # realised, police, difference
    assert "Realisatie 2021 naast model sterkte (hjb2022)" in flat
