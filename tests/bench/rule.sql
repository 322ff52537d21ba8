-- The core rule of the benchmark's peers (tests/bench/README.md), the same text for DuckDB
-- (duckdb.cjs) and sqlite3 (sqlite3.sh), over two tables of text columns named households and
-- members (the CSV files as they are). A toy, not benefitroll: dibao = S x n - income, with no
-- rigid-expense deduction, rounding, minimum, gradual exit, holds or checks; tekun basic + care.
--
-- The standards are those of rules/erdao-2020.toml in effect for 2020-09, in fen:
--   [[dibao]] from 2020-01: urban_monthly 710, rural_annual 6000 (S rural = 6000 / 12 = 500.00)
--   [[tekun]] from 2020-01: urban_monthly 1130, rural_monthly 860,
--                           care_full 178, care_partial 356, care_none 712
-- A member is living unless deceased_on is before 2020-09-01. An amount becomes fen through a
-- double rounded to the integer: exact for the at most 11 digits of a money value.
WITH
std(area, s_dibao, tekun_basic) AS (
  VALUES ('urban', 71000, 113000), ('rural', 50000, 86000)
),
hh AS (
  SELECT household_id, area, program,
         CAST(ROUND(COALESCE(CAST(NULLIF(monthly_income, '') AS DOUBLE), 0) * 100) AS BIGINT)
           AS income
  FROM households
  WHERE COALESCE(status, '') IN ('', 'active')
),
living AS (
  SELECT household_id, covered, tekun, self_care
  FROM members
  WHERE COALESCE(deceased_on, '') = '' OR deceased_on >= '2020-09-01'
),
counted AS (
  SELECT household_id, COUNT(*) AS n
  FROM living
  WHERE covered IN ('y', 'Y', '1', '是')
  GROUP BY household_id
),
dibao AS (
  SELECT s.s_dibao * c.n - h.income AS amount
  FROM hh h
  JOIN counted c ON c.household_id = h.household_id
  JOIN std s ON s.area = h.area
  WHERE h.program = 'dibao' AND s.s_dibao * c.n > h.income
),
tekun AS (
  SELECT s.tekun_basic AS basic,
         CASE l.self_care WHEN 'full' THEN 17800 WHEN 'partial' THEN 35600
                          WHEN 'none' THEN 71200 ELSE 0 END AS care
  FROM hh h
  JOIN living l ON l.household_id = h.household_id
  JOIN std s ON s.area = h.area
  WHERE h.program = 'tekun' AND l.tekun IN ('y', 'Y', '1', '是')
),
lines AS (
  SELECT amount FROM dibao
  UNION ALL SELECT basic FROM tekun
  UNION ALL SELECT care FROM tekun WHERE care > 0
)
SELECT COUNT(*) AS lines, COALESCE(SUM(amount), 0) AS total_fen FROM lines;
