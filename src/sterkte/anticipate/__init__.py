"""Crime anticipation: where and when place-based crime is expected, per grid cell.

Never about persons. Events pass the gate (:mod:`sterkte.sources.crime_events`);
this package holds the engine, pure functions without I/O:

* :mod:`~sterkte.anticipate.grid` — cells aligned to the CRS origin, study area;
* :mod:`~sterkte.anticipate.history` — events as (day, cell), window counts;
* :mod:`~sterkte.anticipate.models` — baselines, learned models, the self-exciting
  model and the ensemble;
* :mod:`~sterkte.anticipate.pointprocess` — the grid Hawkes process, fitted by EM;
* :mod:`~sterkte.anticipate.predict` — forecast per cell;
* :mod:`~sterkte.anticipate.freshness` — stale events are refused;
* :mod:`~sterkte.anticipate.tuning` — rolling-origin cross-validation on training years;
* :mod:`~sterkte.anticipate.metrics` — hit rate, PAI, PEI, log-likelihood, calibration;
* :mod:`~sterkte.anticipate.backtest` — rolling-origin backtest;
* :mod:`~sterkte.anticipate.criteria` — success criteria, fit for use or not, a run's verdict;
* :mod:`~sterkte.anticipate.feedback` — feedback-loop simulation;
* :mod:`~sterkte.anticipate.concentration` — concentration, stability, external gap;
* :mod:`~sterkte.anticipate.presence` — forecast → preventive minutes and hours.

Its parameters (grid, horizon, models, success criteria, presence) are dated, sourced
files in ``data/parameters/anticipate/``, read through :mod:`sterkte.parameters`.
"""
