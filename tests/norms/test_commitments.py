"""The register of commitments and motions, and parliamentary references."""

from __future__ import annotations

from pathlib import Path

import pytest

from sterkte.errors import InputError
from sterkte.norms.commitments import Status
from sterkte.norms.references import parse_reference
from sterkte.sources.commitments import load_register


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


def test_the_bundled_register_holds_the_capacity_commitments_of_the_letters() -> None:
    register = load_register()
    assert len(register) == 9
    by = {c.id: c for c in register}
    assert by["M-2019-VNVR"].reference is not None
    assert str(by["M-2019-VNVR"].reference) == "Kamerstukken II 2019/20, 35300 VI, nr. 54"
    assert by["M-2021-BISSCHOP-VW"].status is Status.OPENSTAAND
    assert by["M-2021-BISSCHOP-VW"].answered_by == ("norm:volunteers",)
    assert {c.id for c in register if c.recurring} == {"T-2022-05", "M-2019-VNVR",
                                                       "M-2021-AZARKAN"}


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
