"""The backtest of crime anticipation as report tables (ranking, then level) and the
scores file of `sterkte anticipate backtest --out` (one row per model and origin, an
interchange CSV of its own: plain numbers, English headers)."""

from __future__ import annotations

import csv
from pathlib import Path

from sterkte.anticipate.backtest import BacktestResult
from sterkte.anticipate.criteria import Fitness
from sterkte.anticipate.metrics import COVERAGES
from sterkte.ledger import format_percent
from sterkte.report.labels import day_text, term
from sterkte.report.table import Column, Table


def backtest_tables(result: BacktestResult, fitness: list[Fitness], lang: str) -> list[Table]:
    """Two tables, ranking then level, in ``lang``."""
    w = lang
    title = term("backtest.title", w, n=len(result.origins),
                 first=day_text(result.origins[0], w), last=day_text(result.origins[-1], w),
                 days=result.horizon_days, cells=result.n_cells, size=f"{result.cell_size:g}")
    verdicts = {f.model: f for f in fitness}

    def share(c: float) -> str:
        return format_percent(100 * c, w, 0).replace(" ", "")

    ranking = Table("backtest-ranking", title, [
        Column("model", term("backtest.model", w), "text"),
        *(Column(f"pai_{c}", f"PAI {share(c)}", decimals=2) for c in COVERAGES),
        Column("pei", f"PEI {share(0.03)}", decimals=3),
        Column("verdict", term("backtest.verdict", w), "text")], lang=w)
    level = Table("backtest-level", "", [
        Column("model", term("backtest.model", w), "text"),
        *(Column(f"hit_{c}", term("backtest.hit", w, share=share(c)), "percent", 1)
          for c in COVERAGES),
        Column("loglik", "log-lik", decimals=4),
        Column("calibration", term("backtest.obs_fc", w), decimals=2)], lang=w,
        notes=[term("backtest.note", w)])
    for m in result.models:
        label = m + (" *" if result.learned[m] else "")
        ranking.add(m, [label, *(result.mean(m, "pai", c) for c in COVERAGES),
                        result.mean(m, "pei", 0.03),
                        term("backtest.fit" if verdicts[m].fit else "backtest.not_fit", w)])
        level.add(m, [label, *(100 * result.mean(m, "hit_rate", c) for c in COVERAGES),
                      result.mean(m, "loglik"), result.pooled_calibration_ratio(m)])
    return [ranking, level]


def write_scores(path: Path, result: BacktestResult) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        head = ["model", "origin", "events", "events_outside", "expected"]
        head += [f"{k}_{int(c * 100)}pct" for k in ("hit_rate", "pai", "pei") for c in COVERAGES]
        w.writerow([*head, "loglik"])
        for m in result.models:
            for o, s in zip(result.origins, result.scores[m], strict=True):
                row = [m, o.isoformat(), f"{s.events:g}", f"{s.events_outside:g}",
                       f"{s.expected:.4f}"]
                row += [f"{getattr(s, k)[c]:.5f}" for k in ("hit_rate", "pai", "pei")
                        for c in COVERAGES]
                w.writerow([*row, f"{s.loglik:.6f}"])
