"""One scenario, one answer (issue 13 §5): `sterkte forecast --scenario hjb2022`, the API's
/api/forecast and the annex start hjb2022 where it says it starts (the published opening
stocks of 2021, as the police's table is made) and give the same stocks and balance date.
Real CLI runs, a real HTTP server and a real annex on the same store file."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import httpx
import pytest

from sterkte.forecast import scenario_start
from sterkte.parameters import load_scenario
from tests.conftest import Cli
from tests.web.conftest import Server


def _dutch(text: str) -> float:
    return float(text.replace(",", "."))


@pytest.fixture(scope="module")
def annex(server: Server, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("annex")
    code, text, err = Cli(server.db)("report", "--out", out, "--scenario", "hjb2022")
    assert code == 0, (text, err)
    return out


def test_hjb2022_says_where_it_starts() -> None:
    start = scenario_start(load_scenario("hjb2022"))
    assert (start.stocks, start.at, start.year) == ("published", "opening", 2021)


def test_the_cli_the_api_and_the_annex_give_the_same_stocks(server: Server, http: httpx.Client,
                                                            annex: Path) -> None:
    code, out, err = Cli(server.db)("forecast", "--scenario", "hjb2022", "--years", "6",
                                    "--format", "csv", "--no-save")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out), delimiter=";"))
    years = rows[0][3:]
    cli_closing = {r[2]: [_dutch(v) for v in r[3:]] for r in rows[1:]
                   if r[1] == "Bezetting OS einde boekjaar"}
    assert years == [str(y) for y in range(2021, 2027)]
    api = http.get("/api/forecast").json()
    assert api["periods"] == years
    (os_closing,) = [r["values"] for r in api["rows"]
                     if r["table"].startswith("Tabel 3") and r["name"] == "closing"]
    assert os_closing == pytest.approx(cli_closing["closing"], abs=1e-6)
    with (annex / "model-tabel3.csv").open(encoding="utf-8") as f:
        table = list(csv.reader(f, delimiter=";"))
    header = table[0]
    (closing,) = [r for r in table if r[0] == "Bezetting OS einde boekjaar"]
    annex_values = [_dutch(closing[header.index(h)]) for h in header
                    if h.startswith("Model 2021") or h.isdigit()]
    assert annex_values == pytest.approx(os_closing, abs=1e-6)


def test_and_the_same_national_balance_date(server: Server, http: httpx.Client,
                                            annex: Path) -> None:
    api = http.get("/api/forecast").json()
    (nation,) = [b for b in api["balance"] if b["unit"] == "NP"]
    assert nation["date"] is not None
    day = dt.date.fromisoformat(nation["date"])
    shown = f"{day:%d-%m-%Y}"
    code, out, _ = Cli(server.db)("forecast", "--scenario", "hjb2022", "--years", "6",
                                  "--no-save")
    assert code == 0
    assert shown in out  # the CLI's balance table, Dutch dates
    with (annex / "formatie-bezetting-2021.csv").open(encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter=";"))
    assert rows[-1][-1] == shown  # the annex's national row, its balance date


def test_a_scenario_that_starts_elsewhere_is_said_to_in_the_annex(server: Server,
                                                                   tmp_path: Path) -> None:
    # base starts at the latest published closing stocks; the annex starts at the opening
    # of the reported year on purpose, to put the year's realisation beside its prognosis
    out = tmp_path / "annex-base"
    code, _, err = Cli(server.db)("report", "--out", out, "--scenario", "base")
    assert code == 0, err
    md = (out / "report-2021.md").read_text(encoding="utf-8")
    assert "Het scenario base begint volgens zijn eigen definitie elders" in md
    code, _, err = Cli(server.db)("report", "--out", tmp_path / "annex-hjb", "--scenario",
                                  "hjb2022")
    assert "begint volgens zijn eigen definitie elders" not in (
        tmp_path / "annex-hjb" / "report-2021.md").read_text(encoding="utf-8")
