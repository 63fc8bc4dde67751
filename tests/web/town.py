"""A served store with everything a page can show: the session's store (bundled tables and a
small synthetic police) plus a saved crime-anticipation run of the synthetic town, with its
area outlines, as `make run` stores one."""

from __future__ import annotations

import shlex
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import uvicorn
from typer.testing import CliRunner

from sterkte.cli.anticipate import app as anticipate_app
from sterkte.web import create_app
from tests.web.conftest import Server, _free_port

BLOCKED = """(route) => route.abort()"""


MAKEFILE = Path(__file__).resolve().parents[2] / "Makefile"


def make_run_anticipation_steps() -> list[list[str]]:
    """The `sterkte anticipate …` commands of `make run`'s recipe, as argument lists (with
    ``$(TOWN)`` still in them)."""
    recipe = MAKEFILE.read_text(encoding="utf-8").split("\nrun:", 1)[1].split("\n\n", 1)[0]
    lines = recipe.replace("\\\n", " ").splitlines()
    return [shlex.split(line.split("sterkte anticipate", 1)[1])
            for line in lines if "sterkte anticipate" in line]


def store_with_town(source: Path, folder: Path) -> Path:
    """A copy of the store at ``source`` with the synthetic town's run saved in it by the
    very commands `make run` uses."""
    db = folder / "town.duckdb"
    shutil.copyfile(source, db)
    steps = make_run_anticipation_steps()
    assert [s[0] for s in steps] == ["demo", "forecast"]
    for args in steps:
        args = [a.replace("$(TOWN)", str(folder)) for a in args]
        if args[0] == "forecast":
            args += ["--db", str(db)]
        done = CliRunner().invoke(anticipate_app, args)
        assert done.exit_code == 0, done.output
    return db


def serve(db: Path) -> Iterator[Server]:
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port,
                                        log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    yield Server(f"http://127.0.0.1:{port}", db)
    srv.should_exit = True
    thread.join(timeout=10)


def offline(page: Any, base: str) -> list[str]:
    """Block every request that leaves this machine's server; returns the blocked URLs
    (the list fills as the page loads)."""
    blocked: list[str] = []

    def handle(route: Any) -> None:
        url = route.request.url
        if url.startswith(base) or url.startswith("data:"):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    page.route("**/*", handle)
    return blocked


# Every tick label, axis title and chart title lies inside its chart's drawing: a label
# running off the edge is cut off by the browser ("idden-Nederland").
CLIPPED_LABELS = """() => {
  const out = [];
  document.querySelectorAll(".chart .svg-container").forEach((drawing) => {
    const box = drawing.getBoundingClientRect();
    const chart = drawing.closest(".chart").id;
    drawing.querySelectorAll(
        ".xtick text, .ytick text, .g-xtitle text, .g-ytitle text, .gtitle, .cbtitle text"
    ).forEach((t) => {
      const r = t.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) return;
      if (r.left < box.left - 1 || r.right > box.right + 1 ||
          r.top < box.top - 1 || r.bottom > box.bottom + 1) {
        out.push(chart + ": '" + t.textContent + "' at " + [r.left, r.top, r.right, r.bottom]
                 .map(Math.round).join(",") + " outside " +
                 [box.left, box.top, box.right, box.bottom].map(Math.round).join(","));
      }
    });
  });
  return out;
}"""
