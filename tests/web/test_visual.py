"""How every page looks, in Debian's chromium: compared with committed reference screenshots
(nl and en, 1400 and 1024 px wide), no chart label clipped, no request leaving the machine,
and axe-core (from the npm registry, run in the same browser) finding no serious or
critical accessibility violation.

Reference images live in ``tests/web/screenshots/`` as half-size PNGs with a reduced
palette (small in the repository; a layout change still shows plainly). A page matches
when at most ``TOLERANCE`` of its pixels differ by more than ``LEVEL`` in some colour
channel and its height is within ``HEIGHT_TOLERANCE`` — room for anti-aliasing and a
timestamp, none for a moved chart or table. To take new references after a change meant
to alter the pages: ``make screenshots`` (``STERKTE_UPDATE_SCREENSHOTS=1``), then look at
every changed image (``git diff --stat tests/web/screenshots``) before committing it. On a
mismatch the page, the reference and their difference are written to ``test-artifacts/``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops  # a test dependency: missing fails

from tests.web.browser_helpers import browser  # noqa: F401 (a fixture)
from tests.web.conftest import ARTIFACTS, Server
from tests.web.town import CLIPPED_LABELS, offline, serve, store_with_town

REFERENCES = Path(__file__).resolve().parent / "screenshots"
AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
UPDATE = os.environ.get("STERKTE_UPDATE_SCREENSHOTS") == "1"
SCALE = 2  # references are stored at half size
COLOURS = 64  # and with a reduced palette
LEVEL = 48  # a channel difference (0–255) below this is anti-aliasing, not a change
TOLERANCE = 0.02  # share of pixels allowed to differ by more than LEVEL
HEIGHT_TOLERANCE = 0.03

# every page a planner opens (a roster or scenario run is left out: the solver's result
# depends on the machine's speed within its time budget)
PAGES = {
    "overview": "/",
    "unit-NN": "/units/NN",
    "norms": "/norms",
    "commitments": "/commitments",
    "scenario": "/scenario",
    "capacity": "/capacity",
    "anticipation": "/anticipation",
    "roster": "/roster",
    "diversity": "/diversity",
    "teams": "/teams",
    "earmarks": "/earmarks",
    "not-found": "/no-such-page",
}
WIDTHS = (1400, 1024)


@pytest.fixture(scope="module")
def town(server: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from serve(store_with_town(server.db, tmp_path_factory.mktemp("town")))


def _look(browser: Any, town: Server, path: str, lang: str, width: int  # noqa: F811
          ) -> tuple[Any, list[str]]:
    # axe-core is injected as an inline script, which the pages' policy refuses (as it
    # should: test_security_headers.py); the policy is set aside for this tool only
    page = browser.new_page(viewport={"width": width, "height": 900}, bypass_csp=True)
    blocked = offline(page, town.url)
    # the scripts stand at the end of the body: at "load" every chart has been drawn
    page.goto(f"{town.url}{path}?lang={lang}", wait_until="load")
    if page.locator(".chart").count():
        page.wait_for_selector(".chart .main-svg")
        # plotly redraws a responsive chart to its box after a pause, which a loaded
        # machine can make longer than any fixed wait: redraw every chart now and wait
        # until each is done (the same drawing, at a known moment)
        page.evaluate("""async () => { await Promise.all(
            [...document.querySelectorAll(".js-plotly-plot")]
            .map((g) => Plotly.Plots.resize(g))); }""")
    return page, blocked


def _small(png: bytes) -> Any:
    import io

    im = Image.open(io.BytesIO(png)).convert("RGB")
    im = im.resize((im.width // SCALE, im.height // SCALE), Image.Resampling.LANCZOS)
    return im.quantize(COLOURS, method=Image.Quantize.MEDIANCUT).convert("RGB")


def _compare(name: str, shot: Any) -> str:
    """'' when ``shot`` matches the reference ``name``; else why not."""
    ref_path = REFERENCES / f"{name}.png"
    if UPDATE:
        REFERENCES.mkdir(exist_ok=True)
        shot.quantize(COLOURS, method=Image.Quantize.MEDIANCUT).save(ref_path, optimize=True)
        return ""
    if not ref_path.exists():
        return f"no reference {ref_path.name}: run `make screenshots` and look at it"
    ref = Image.open(ref_path).convert("RGB")
    if abs(shot.height - ref.height) > HEIGHT_TOLERANCE * ref.height or shot.width != ref.width:
        problem = f"size {shot.size} against the reference's {ref.size}"
    else:
        h = min(shot.height, ref.height)
        diff = ImageChops.difference(shot.crop((0, 0, ref.width, h)),
                                     ref.crop((0, 0, ref.width, h)))
        bands = [b.point(lambda v: 255 if v > LEVEL else 0) for b in diff.split()]
        changed = ImageChops.lighter(ImageChops.lighter(bands[0], bands[1]), bands[2])
        share = (ref.width * h - changed.histogram()[0]) / (ref.width * h)
        if share <= TOLERANCE:
            return ""
        problem = f"{share:.1%} of the pixels differ (tolerance {TOLERANCE:.0%})"
        ARTIFACTS.mkdir(exist_ok=True)
        changed.save(ARTIFACTS / f"{name}-diff.png")
    ARTIFACTS.mkdir(exist_ok=True)
    shot.save(ARTIFACTS / f"{name}-actual.png")
    ref.save(ARTIFACTS / f"{name}-reference.png")
    return f"{name}: {problem}; see test-artifacts/{name}-*.png"


AXE_RUN = """async () => {
  const r = await axe.run(document, {resultTypes: ["violations"]});
  return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
}"""


def _serious_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it stands."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return [v for v in page.evaluate(AXE_RUN) if v["impact"] in ("serious", "critical")]


# One visit per page, language and width does the three checks (a page load is the
# expensive part); each check's failure says which it is.
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_looks_as_its_reference_is_accessible_and_clips_no_label(
        browser: Any, town: Server, name: str, lang: str, width: int) -> None:  # noqa: F811
    page, blocked = _look(browser, town, PAGES[name], lang, width)
    try:
        clipped = page.evaluate(CLIPPED_LABELS)
        shot = _small(page.screenshot(full_page=True))
        # axe-core once per page and language (the widest layout); its rules are not
        # about the width
        serious = _serious_violations(page) if width == WIDTHS[0] and AXE.exists() else []
    finally:
        page.close()
    assert clipped == [], "chart labels outside their chart"
    assert blocked == [], "requests that left the machine"
    assert serious == [], json.dumps(serious, indent=1, ensure_ascii=False)
    problem = _compare(f"{name}-{lang}-{width}", shot)
    assert not problem, problem


def test_axe_core_is_installed_for_the_accessibility_check() -> None:
    """`make test` installs it (npm ci in tests/web/axe); without it the check above
    would pass without looking."""
    if not AXE.exists():
        pytest.fail("axe-core is not installed: run `make axe`", pytrace=False)
    assert "axe.run" in AXE.read_text(encoding="utf-8")[:2_000_000]


def test_after_make_runs_steps_anticipation_shows_a_labelled_synthetic_run_with_outlines(
        browser: Any, town: Server) -> None:  # noqa: F811
    page, blocked = _look(browser, town, "/anticipation", "nl", 1400)
    try:
        # the model's fitness comes before anything else on the page, then the label
        first = page.evaluate("() => document.querySelector('main h1').nextElementSibling"
                              ".dataset.key")
        synthetic = page.locator("[data-key=synthetic]").inner_text()
        figure = json.loads(page.locator(".chart.map").get_attribute("data-figure") or "{}")
        labels = page.evaluate("() => [...document.querySelectorAll('.chart.map "
                               ".annotation-text')].map(t => t.textContent)")
    finally:
        page.close()
    assert first == "fitness" and blocked == []
    assert synthetic.startswith("SYNTHETISCH")
    assert figure["layout"]["title"]["text"].endswith("SYNTHETISCH")
    # the outlines drawn are the squares of the areas file, corner for corner (the file is
    # already in the grid's CRS, EPSG:28992, so no reprojection stands between them)
    areas = json.loads((town.db.parent / "synthetic-areas.geojson").read_text())
    outline = next(t for t in figure["data"] if t.get("name") == "Gebiedsgrenzen")
    drawn = {(x, y) for x, y in zip(outline["x"], outline["y"], strict=True) if x is not None}
    corners = {(float(x), float(y)) for f in areas["features"]
               for x, y in f["geometry"]["coordinates"][0]}
    assert drawn == corners and len(areas["features"]) == 3
    # each area is named on the map with its expected events (the areas table's figures)
    import httpx

    api = httpx.get(f"{town.url}/api/anticipation", timeout=60).json()
    table = next(t for t in api["tables"] if t["name"] == "anticipatie-gebieden")
    expected = {r["key"]: r["text"]["expected"] for r in table["rows"]}
    assert sorted(labels) == sorted(f"{a}: {n} verwacht" for a, n in expected.items())
