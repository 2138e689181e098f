//! The baseline the national figures are measured against: the same national
//! aggregation written as plain SQL on PostgreSQL, as an office's analyst
//! would write it over ntm's tables. Each indicator value is judged against
//! its threshold (by the province's region, the commune's special-difficulty
//! flag and the year), criteria are decided (one unmet indicator makes a
//! criterion unmet, all met make it met, anything else leaves it undecided),
//! then communes' criteria met, the count per criterion (this year and a year
//! earlier), the brackets, the average and the villages' figures are counted.
//!
//! The thresholds are resolved from the benchmark's criteria sets into a
//! small table before the clock starts (a few thousand rows); the query reads
//! ntm's own `indicator_values`, `units`, `unit_links` and
//! `unit_classifications`. The figures it returns are compared with ntm's.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};
use ntm_core::aggregate::Stats;
use ntm_core::criteria::{Catalog, CriteriaSet, Target, ThresholdContext};
use ntm_core::period::Period;
use ntm_core::quantity::SCALE;
use ntm_core::region::Region;
use ntm_core::unit::{Flag, FlagSet};
use sqlx::postgres::PgPoolOptions;
use sqlx::{PgPool, Row};

/// The figures the plain SQL computes, comparable with ntm's.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SqlFigures {
    /// Communes with at least one criterion decided.
    pub communes_judged: u32,
    pub criteria_met_total: u32,
    pub all_criteria_met: u32,
    /// Criteria met per criterion code, in the set's order.
    pub per_criterion: Vec<(String, u32)>,
    /// The same a year earlier.
    pub per_criterion_before: Vec<(String, u32)>,
    /// Judged communes per bracket label, in the set's order.
    pub brackets: Vec<(String, u32)>,
    pub villages_judged: u32,
    pub villages_all_met: u32,
    pub village_brackets: Vec<(String, u32)>,
}

impl SqlFigures {
    /// The same figures, read from ntm's result.
    pub fn of_stats(stats: &Stats) -> SqlFigures {
        let villages = stats.villages.as_ref();
        SqlFigures {
            communes_judged: stats.communes_judged,
            criteria_met_total: stats.criteria_met_total,
            all_criteria_met: stats.all_criteria_met.count,
            per_criterion: stats
                .per_criterion
                .iter()
                .map(|c| (c.criterion.clone(), c.met))
                .collect(),
            per_criterion_before: stats
                .changes
                .as_ref()
                .map(|c| {
                    c.per_criterion
                        .iter()
                        .map(|c| (c.criterion.clone(), c.before))
                        .collect()
                })
                .unwrap_or_default(),
            brackets: stats
                .brackets
                .iter()
                .map(|b| (b.label.clone(), b.count))
                .collect(),
            villages_judged: villages.map_or(0, |v| v.judged),
            villages_all_met: villages.map_or(0, |v| v.all_criteria_met),
            village_brackets: villages
                .map(|v| v.brackets.iter().map(|b| (b.label.clone(), b.count)).collect())
                .unwrap_or_default(),
        }
    }

    /// The figures on which the two disagree, named.
    pub fn differences(&self, other: &SqlFigures) -> Vec<String> {
        let mut out = Vec::new();
        let mut check = |name: &str, a: String, b: String| {
            if a != b {
                out.push(format!("{name}: SQL {a}, ntm {b}"));
            }
        };
        check(
            "communes judged",
            self.communes_judged.to_string(),
            other.communes_judged.to_string(),
        );
        check(
            "criteria met",
            self.criteria_met_total.to_string(),
            other.criteria_met_total.to_string(),
        );
        check(
            "all criteria met",
            self.all_criteria_met.to_string(),
            other.all_criteria_met.to_string(),
        );
        check(
            "per criterion",
            format!("{:?}", self.per_criterion),
            format!("{:?}", other.per_criterion),
        );
        check(
            "per criterion a year earlier",
            format!("{:?}", self.per_criterion_before),
            format!("{:?}", other.per_criterion_before),
        );
        check(
            "brackets",
            format!("{:?}", self.brackets),
            format!("{:?}", other.brackets),
        );
        check(
            "villages judged",
            self.villages_judged.to_string(),
            other.villages_judged.to_string(),
        );
        check(
            "villages meeting all",
            self.villages_all_met.to_string(),
            other.villages_all_met.to_string(),
        );
        check(
            "village brackets",
            format!("{:?}", self.village_brackets),
            format!("{:?}", other.village_brackets),
        );
        out
    }
}

/// Operators of the threshold table.
const OP_YES: i16 = 0;
const OP_AT_LEAST: i16 = 1;
const OP_AT_MOST: i16 = 2;
const OP_LEVEL: i16 = 3;

/// Fills the temporary threshold, criterion and bracket tables for `periods`.
async fn prepare(pool: &PgPool, catalog: &Catalog, sets: [&str; 2], periods: [Period; 2]) -> Result<()> {
    let mut conn = pool.acquire().await?;
    for statement in [
        "DROP TABLE IF EXISTS bench_thresholds, bench_criteria, bench_brackets",
        "CREATE UNLOGGED TABLE bench_thresholds (set_code TEXT, period INTEGER, ctx TEXT, \
         indicator_id BIGINT, crit INTEGER, indicators INTEGER, op SMALLINT, t BIGINT)",
        "CREATE UNLOGGED TABLE bench_criteria (set_code TEXT, ord INTEGER, criterion TEXT, indicators INTEGER)",
        "CREATE UNLOGGED TABLE bench_brackets (set_code TEXT, ord INTEGER, label TEXT, lo INTEGER, hi INTEGER)",
    ] {
        sqlx::query(statement).execute(&mut *conn).await?;
    }
    for code in sets {
        let set = catalog.set(code).ok_or_else(|| anyhow!("set {code} missing"))?;
        insert_set(&mut conn, set, periods).await?;
    }
    sqlx::query("ANALYZE bench_thresholds, bench_criteria, bench_brackets")
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn insert_set(conn: &mut sqlx::PgConnection, set: &CriteriaSet, periods: [Period; 2]) -> Result<()> {
    for (ord, c) in set.criteria.iter().enumerate() {
        sqlx::query("INSERT INTO bench_criteria VALUES ($1, $2, $3, $4)")
            .bind(&set.code)
            .bind(ord as i32)
            .bind(&c.code)
            .bind(c.indicators.len() as i32)
            .execute(&mut *conn)
            .await?;
    }
    for (ord, b) in set.brackets.iter().enumerate() {
        sqlx::query("INSERT INTO bench_brackets VALUES ($1, $2, $3, $4, $5)")
            .bind(&set.code)
            .bind(ord as i32)
            .bind(&b.label)
            .bind(b.min as i32)
            .bind(b.max as i32)
            .execute(&mut *conn)
            .await?;
    }
    for period in periods {
        for region in Region::ALL {
            for special in [false, true] {
                let flags = if special {
                    FlagSet::from_iter([Flag::SpecialDifficulty])
                } else {
                    FlagSet::default()
                };
                let ctx = ThresholdContext {
                    region: Some(region),
                    flags,
                    year: period.calendar_year(),
                };
                for (ord, c) in set.criteria.iter().enumerate() {
                    for i in &c.indicators {
                        let (op, t) = match i.threshold_for(set, &ctx).target() {
                            Target::Unknown => (None, None),
                            Target::Yes => (Some(OP_YES), None),
                            Target::AtLeast(q) => (Some(OP_AT_LEAST), Some(q.raw())),
                            Target::AtMost(q) => (Some(OP_AT_MOST), Some(q.raw())),
                            Target::LevelAtLeast(l) => (Some(OP_LEVEL), Some(i64::from(l))),
                        };
                        sqlx::query(
                            "INSERT INTO bench_thresholds \
                             SELECT $1, $2, $3, k.id, $4, $5, $6, $7 FROM indicator_keys k \
                             WHERE k.namespace = $8 AND k.code = $9",
                        )
                        .bind(&set.code)
                        .bind(period.key())
                        .bind(format!("{}:{}:{}", set.code, region.key(), u8::from(special)))
                        .bind(ord as i32)
                        .bind(c.indicators.len() as i32)
                        .bind(op)
                        .bind(t)
                        .bind(&set.namespace)
                        .bind(&i.code)
                        .execute(&mut *conn)
                        .await?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// The aggregation. `$1` is the period, `$2` the year before, `$3` the
/// commune set, `$4` the village set, `$5` the scale of a quantity × 100.
/// Rows: (what, ord, key, count) — `criterion`, `before`, `bracket`,
/// `village_bracket`, `total`. A unit's threshold context is one text key
/// (set, region, flag): joined on separate columns, PostgreSQL's estimate of
/// the join fell to a few hundred rows of 3.9 million and it chose nested
/// loops that took minutes.
const AGGREGATION: &str = r#"
WITH
place AS MATERIALIZED (
    -- Each unit's threshold context: its set, its province's region, its flag.
    SELECT u.id AS unit_id, $3::text AS set_code,
           $3::text || ':' || p.region || ':' || (EXISTS (SELECT 1 FROM unit_classifications c
               WHERE c.unit_id = u.id AND c.flag = 'dac_biet_kho_khan'))::int AS ctx
    FROM units u
    JOIN unit_links l1 ON l1.child_id = u.id
    JOIN unit_links l2 ON l2.child_id = l1.parent_id
    JOIN units p ON p.id = l2.parent_id
    WHERE u.kind = 'commune'
    UNION ALL
    SELECT u.id, $4::text, $4::text || ':' || p.region || ':0'
    FROM units u
    JOIN unit_links l1 ON l1.child_id = u.id
    JOIN unit_links l2 ON l2.child_id = l1.parent_id
    JOIN unit_links l3 ON l3.child_id = l2.parent_id
    JOIN units p ON p.id = l3.parent_id
    WHERE u.kind = 'village'
),
criterion AS MATERIALIZED (
    SELECT v.period, v.unit_id, t.set_code, t.crit,
        CASE
            WHEN bool_or(NOT m.met) THEN FALSE
            WHEN count(*) FILTER (WHERE m.met) = min(t.indicators) THEN TRUE
        END AS met
    FROM indicator_values v
    JOIN place p ON p.unit_id = v.unit_id
    JOIN bench_thresholds t
      ON t.indicator_id = v.indicator_id AND t.period = v.period AND t.ctx = p.ctx
    CROSS JOIN LATERAL (SELECT CASE
            WHEN v.value_kind = 5 THEN TRUE
            WHEN t.op IS NULL THEN NULL
            WHEN t.op = 0 THEN v.value_kind = 0 AND v.a = 1
            WHEN v.value_kind = 1 AND v.b = 0 THEN NULL
            WHEN v.value_kind = 1 AND t.op = 1 THEN v.a * $5 >= t.t * v.b
            WHEN v.value_kind = 1 AND t.op = 2 THEN v.a * $5 <= t.t * v.b
            WHEN t.op IN (1, 3) THEN v.a >= t.t
            WHEN t.op = 2 THEN v.a <= t.t
        END AS met) m
    WHERE v.period IN ($1, $2)
    GROUP BY v.period, v.unit_id, t.set_code, t.crit
),
judged AS MATERIALIZED (
    SELECT period, unit_id, set_code, count(*) FILTER (WHERE met) AS met
    FROM criterion
    GROUP BY period, unit_id, set_code
    HAVING count(met) > 0
),
per_criterion AS (
    SELECT period, crit, count(*) FILTER (WHERE met) AS n
    FROM criterion WHERE set_code = $3 GROUP BY period, crit
)
SELECT CASE WHEN x.period = $1 THEN 'criterion' ELSE 'before' END AS what, c.ord, c.criterion AS key, x.n
FROM bench_criteria c JOIN per_criterion x ON x.crit = c.ord
WHERE c.set_code = $3
UNION ALL
SELECT CASE WHEN b.set_code = $3 THEN 'bracket' ELSE 'village_bracket' END, b.ord, b.label, count(j.unit_id)
FROM bench_brackets b LEFT JOIN judged j
  ON j.set_code = b.set_code AND j.period = $1 AND j.met BETWEEN b.lo AND b.hi
GROUP BY b.set_code, b.ord, b.label
UNION ALL
SELECT 'total', 0, j.set_code || ':judged', count(*) FROM judged j WHERE j.period = $1 GROUP BY j.set_code
UNION ALL
SELECT 'total', 0, j.set_code || ':met', sum(j.met)::bigint FROM judged j WHERE j.period = $1 GROUP BY j.set_code
UNION ALL
SELECT 'total', 0, j.set_code || ':all', count(*) FILTER (WHERE j.met = c.n)
FROM judged j JOIN (SELECT set_code, count(*) AS n FROM bench_criteria GROUP BY set_code) c
  ON c.set_code = j.set_code
WHERE j.period = $1 GROUP BY j.set_code
ORDER BY 1, 2
"#;

/// Runs the aggregation once; returns its time and figures.
async fn run_once(pool: &PgPool, period: Period, sets: [&str; 2]) -> Result<(Duration, SqlFigures)> {
    let started = Instant::now();
    let rows = sqlx::query(AGGREGATION)
        .bind(period.key())
        .bind(period.year_earlier().key())
        .bind(sets[0])
        .bind(sets[1])
        .bind(100 * SCALE)
        .fetch_all(pool)
        .await
        .context("the plain-SQL aggregation")?;
    let elapsed = started.elapsed();
    let mut f = SqlFigures::default();
    for row in rows {
        let what: String = row.try_get(0)?;
        let key: String = row.try_get(2)?;
        let n: i64 = row.try_get::<Option<i64>, _>(3)?.unwrap_or(0);
        let n = u32::try_from(n)?;
        match what.as_str() {
            "criterion" => f.per_criterion.push((key, n)),
            "before" => f.per_criterion_before.push((key, n)),
            "bracket" => f.brackets.push((key, n)),
            "village_bracket" => f.village_brackets.push((key, n)),
            _ => match key.strip_prefix(sets[0]).or_else(|| key.strip_prefix(sets[1])) {
                Some(":judged") if key.starts_with(sets[0]) => f.communes_judged = n,
                Some(":met") if key.starts_with(sets[0]) => f.criteria_met_total = n,
                Some(":all") if key.starts_with(sets[0]) => f.all_criteria_met = n,
                Some(":judged") => f.villages_judged = n,
                Some(":all") => f.villages_all_met = n,
                _ => {}
            },
        }
    }
    Ok((elapsed, f))
}

/// What the baseline measured.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// Median time of the runs.
    pub median: Duration,
    pub runs: usize,
    pub figures: SqlFigures,
}

/// Prepares the threshold tables, then runs the aggregation `runs` times
/// (after one warm-up run) on the database at `url`.
pub async fn measure(url: &str, catalog: &Catalog, period: Period, runs: usize) -> Result<Baseline> {
    let pool = PgPoolOptions::new().max_connections(1).connect(url).await?;
    let sets = ["bench-xa", "bench-thon"];
    prepare(&pool, catalog, sets, [period, period.year_earlier()]).await?;
    let (_, figures) = run_once(&pool, period, sets).await?;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let (t, again) = run_once(&pool, period, sets).await?;
        if again != figures {
            return Err(anyhow!(
                "the plain-SQL aggregation gave different figures on a second run"
            ));
        }
        times.push(t);
    }
    times.sort();
    sqlx::query("DROP TABLE IF EXISTS bench_thresholds, bench_criteria, bench_brackets")
        .execute(&pool)
        .await?;
    Ok(Baseline {
        median: times.get(times.len() / 2).copied().unwrap_or_default(),
        runs,
        figures,
    })
}
