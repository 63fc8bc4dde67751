"""Version 1: the schema as sterkte created it before stores had a version (until the
PostgreSQL store). Frozen: a store made then has some or all of these tables (each
module created its own on first write); upgrading fills in the missing ones.

The statements are DuckDB's spelling; :func:`sterkte.store.dialect.ddl` adapts them.
"""

from __future__ import annotations

DESCRIPTION = "published ledgers, HR records, norm inputs, forecast and anticipation runs"
DESCRIPTION_NL = ("gepubliceerde tabellen, HR-gegevens, invoer "
                  "voor normen, prognose- en anticipatieruns")

TABLES: dict[str, str] = {
    "imports": """CREATE TABLE IF NOT EXISTS imports (
        import_id INTEGER PRIMARY KEY,
        source_name VARCHAR NOT NULL,
        source_path VARCHAR NOT NULL,
        checksum VARCHAR NOT NULL UNIQUE,
        kind VARCHAR NOT NULL,
        category VARCHAR,
        period VARCHAR,
        imported_at TIMESTAMP NOT NULL,
        entries INTEGER NOT NULL)""",
    "ledger_entries": """CREATE TABLE IF NOT EXISTS ledger_entries (
        import_id INTEGER NOT NULL,
        period VARCHAR NOT NULL,
        unit VARCHAR NOT NULL,
        category VARCHAR NOT NULL,
        flow VARCHAR NOT NULL,
        value DOUBLE NOT NULL,
        PRIMARY KEY (import_id, period, unit, category, flow))""",
    "table_inconsistencies": """CREATE TABLE IF NOT EXISTS table_inconsistencies (
        import_id INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        unit VARCHAR NOT NULL,
        column_name VARCHAR NOT NULL,
        check_name VARCHAR NOT NULL,
        expected DOUBLE NOT NULL,
        found DOUBLE NOT NULL,
        terms INTEGER NOT NULL,
        PRIMARY KEY (import_id, seq))""",
    "hr_persons": """CREATE TABLE IF NOT EXISTS hr_persons ("person_id" VARCHAR NOT NULL,
        "birth_year" INTEGER NOT NULL, "unit" VARCHAR NOT NULL, "district" VARCHAR,
        "team" VARCHAR, "function" VARCHAR NOT NULL, "category" VARCHAR NOT NULL,
        "fte" DOUBLE, "hours" DOUBLE)""",
    "hr_events": """CREATE TABLE IF NOT EXISTS hr_events ("event_id" VARCHAR NOT NULL,
        "person_id" VARCHAR NOT NULL, "date" DATE NOT NULL, "type" VARCHAR NOT NULL,
        "unit" VARCHAR, "team" VARCHAR, "category" VARCHAR, "fte" DOUBLE,
        "reason" VARCHAR)""",
    "hr_sickness": """CREATE TABLE IF NOT EXISTS hr_sickness ("person_id" VARCHAR NOT NULL,
        "start" DATE NOT NULL, "end" DATE, "percentage" DOUBLE)""",
    "hr_volunteer_hours": """CREATE TABLE IF NOT EXISTS hr_volunteer_hours (
        "person_id" VARCHAR NOT NULL, "month" VARCHAR NOT NULL, "hours" DOUBLE NOT NULL)""",
    "hr_imports": """CREATE TABLE IF NOT EXISTS hr_imports (
        import_id INTEGER NOT NULL, file VARCHAR NOT NULL, sha256 VARCHAR NOT NULL,
        kind VARCHAR NOT NULL, imported_at TIMESTAMP NOT NULL, rows_read INTEGER NOT NULL,
        accepted INTEGER NOT NULL, unchanged INTEGER NOT NULL, rejected INTEGER NOT NULL)""",
    "hr_rejects": """CREATE TABLE IF NOT EXISTS hr_rejects (
        import_id INTEGER NOT NULL, file VARCHAR NOT NULL, row BIGINT, field VARCHAR,
        reason VARCHAR NOT NULL, message VARCHAR NOT NULL)""",
    "norm_population": """CREATE TABLE IF NOT EXISTS norm_population (
        on_date DATE NOT NULL, municipality_code VARCHAR, municipality VARCHAR,
        unit VARCHAR NOT NULL, inhabitants BIGINT NOT NULL, source VARCHAR NOT NULL)""",
    "norm_time": """CREATE TABLE IF NOT EXISTS norm_time (
        person_id VARCHAR NOT NULL, date DATE NOT NULL, hours DOUBLE NOT NULL,
        neighbourhood_hours DOUBLE NOT NULL, source VARCHAR NOT NULL)""",
    "norm_target_realisations": """CREATE TABLE IF NOT EXISTS norm_target_realisations (
        target VARCHAR NOT NULL, year INTEGER NOT NULL, realised DOUBLE NOT NULL,
        source VARCHAR NOT NULL)""",
    "norm_team_formatie": """CREATE TABLE IF NOT EXISTS norm_team_formatie (
        team VARCHAR NOT NULL, formatie_fte DOUBLE NOT NULL, source VARCHAR NOT NULL)""",
    "norm_survey": """CREATE TABLE IF NOT EXISTS norm_survey (
        team VARCHAR NOT NULL, respondents INTEGER NOT NULL, social_safety DOUBLE,
        workload DOUBLE, source VARCHAR NOT NULL)""",
    "forecast_runs": """CREATE TABLE IF NOT EXISTS forecast_runs (
        run_id INTEGER PRIMARY KEY,
        created_at TIMESTAMP NOT NULL,
        scenario VARCHAR NOT NULL,
        origin VARCHAR NOT NULL,
        start_month VARCHAR NOT NULL,
        months INTEGER NOT NULL,
        samples INTEGER NOT NULL,
        seed INTEGER,
        parameters VARCHAR NOT NULL,
        scenarios VARCHAR NOT NULL,
        summary VARCHAR NOT NULL)""",
    "forecast_entries": """CREATE TABLE IF NOT EXISTS forecast_entries (
        run_id INTEGER NOT NULL,
        period VARCHAR NOT NULL,
        unit VARCHAR NOT NULL,
        category VARCHAR NOT NULL,
        flow VARCHAR NOT NULL,
        value DOUBLE NOT NULL,
        PRIMARY KEY (run_id, period, unit, category, flow))""",
    "forecast_bands": """CREATE TABLE IF NOT EXISTS forecast_bands (
        run_id INTEGER NOT NULL,
        period VARCHAR NOT NULL,
        unit VARCHAR NOT NULL,
        category VARCHAR NOT NULL,
        quantile DOUBLE NOT NULL,
        value DOUBLE NOT NULL,
        PRIMARY KEY (run_id, period, unit, category, quantile))""",
    "forecast_formatie": """CREATE TABLE IF NOT EXISTS forecast_formatie (
        run_id INTEGER NOT NULL,
        unit VARCHAR NOT NULL,
        year INTEGER NOT NULL,
        value DOUBLE NOT NULL,
        PRIMARY KEY (run_id, unit, year))""",
    "anticipation_runs": """CREATE TABLE IF NOT EXISTS anticipation_runs (
        run_id INTEGER PRIMARY KEY, saved_at TIMESTAMP NOT NULL, model VARCHAR NOT NULL,
        fit BOOLEAN, verdict VARCHAR NOT NULL, origin DATE NOT NULL, days INTEGER NOT NULL,
        cell_size DOUBLE NOT NULL, crs VARCHAR NOT NULL, parameters_on DATE NOT NULL,
        source VARCHAR NOT NULL)""",
    "anticipation_cells": """CREATE TABLE IF NOT EXISTS anticipation_cells (
        run_id INTEGER NOT NULL, x_min DOUBLE NOT NULL, y_min DOUBLE NOT NULL,
        score DOUBLE NOT NULL, area VARCHAR, minutes_per_day DOUBLE)""",
    "anticipation_areas": """CREATE TABLE IF NOT EXISTS anticipation_areas (
        run_id INTEGER NOT NULL, area VARCHAR NOT NULL, flagged_cells INTEGER NOT NULL,
        expected_events DOUBLE NOT NULL, hours_per_week DOUBLE NOT NULL)""",
}


def statements() -> list[str]:
    return list(TABLES.values())
