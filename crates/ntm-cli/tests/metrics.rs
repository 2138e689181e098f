//! `/healthz` and `/metrics` of a running `ntm serve`: the metrics read back
//! by the Prometheus project's own text parser, counting what happened, and
//! readable only from this machine or with the token.

mod support;

use support::*;

/// One sample as the Prometheus project's own text parser (its Python
/// client, Debian's python3-prometheus-client) read it.
#[derive(Debug, serde::Deserialize)]
struct Sample {
    family: String,
    kind: String,
    name: String,
    labels: std::collections::BTreeMap<String, String>,
    value: f64,
}

const PARSER: &str = r#"
import json, sys
from prometheus_client.parser import text_string_to_metric_families
for family in text_string_to_metric_families(sys.stdin.read()):
    for s in family.samples:
        print(json.dumps({"family": family.name, "kind": family.type, "name": s.name,
                          "labels": s.labels, "value": s.value}))
"#;

/// Parses the text with an independent reader; `None` (said why) when it
/// is not installed outside CI.
fn parse_prometheus(text: &str) -> Option<Vec<Sample>> {
    use std::io::Write as _;
    let python = "/usr/bin/python3";
    let available = std::process::Command::new(python)
        .args(["-c", "import prometheus_client.parser"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        assert!(
            std::env::var("CI").map_or(true, |v| v != "true"),
            "CI must install python3-prometheus-client"
        );
        eprintln!(
            "SKIPPED the Prometheus parser check: /usr/bin/python3 with python3-prometheus-client is not installed"
        );
        return None;
    }
    let mut child = std::process::Command::new(python)
        .args(["-c", PARSER])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("parser");
    assert!(
        out.status.success(),
        "not valid Prometheus text: {}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).expect("sample"))
            .collect(),
    )
}

fn sample(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    samples
        .iter()
        .find(|s| {
            s.name == name
                && labels
                    .iter()
                    .all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v))
        })
        .map(|s| s.value)
}

#[tokio::test]
async fn health_and_metrics_in_the_prometheus_text_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = format!("sqlite://{}", dir.path().join("ntm.db").display());
    let server = ServerProcess::start(
        dir.path(),
        &[
            "--db",
            &db,
            "serve",
            "--demo",
            "--addr",
            "127.0.0.1:0",
            "--metrics-token",
            "khoa-do-luong",
        ],
        &[],
    );
    let http = client();
    let health = http.get(server.url("/healthz")).send().await.expect("healthz");
    assert_eq!(health.status(), 200);
    let health: serde_json::Value = health.json().await.expect("JSON");
    assert_eq!(health["status"], "ok");
    assert_eq!(health["database"], "ok");
    assert_eq!(health["schema_version"], ntm_store::SCHEMA_VERSION);

    for _ in 0..2 {
        let refused = http
            .post(server.url("/login"))
            .form(&[("username", "vpdp.phongtho"), ("password", "sai"), ("next", "/")])
            .send()
            .await
            .expect("login");
        assert_eq!(refused.status(), 401);
    }
    let user = login(&server.base, "vpdp.phongtho").await;
    for _ in 0..2 {
        let page = user
            .get(server.url("/overview/109?period=2023"))
            .send()
            .await
            .expect("overview");
        assert_eq!(page.status(), 200);
    }
    let token = api_token(dir.path(), &["--db", &db], "quantri");
    let bad = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(b"unit_code,period,indicator,value\n99999,2023,1.1,x\n".to_vec())
            .file_name("sai.csv"),
    );
    let refused = http
        .post(server.url("/api/v1/import"))
        .bearer_auth(&token)
        .multipart(bad)
        .send()
        .await
        .expect("import");
    assert_eq!(refused.status(), 422);

    let metrics = http.get(server.url("/metrics")).send().await.expect("metrics");
    assert_eq!(metrics.status(), 200);
    assert!(
        metrics
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/plain; version=0.0.4"))
    );
    let text = metrics.text().await.expect("text");
    assert!(text.contains("# TYPE ntm_http_requests_total counter"), "{text}");
    assert!(
        text.contains("# TYPE ntm_http_request_duration_seconds histogram"),
        "{text}"
    );
    if let Some(scrape) = parse_prometheus(&text) {
        assert_eq!(
            sample(&scrape, "ntm_login_failures_total", &[]),
            Some(2.0),
            "{text}"
        );
        assert_eq!(
            sample(
                &scrape,
                "ntm_http_requests_total",
                &[
                    ("route", "/overview/{code}"),
                    ("status", "200"),
                    ("method", "GET")
                ]
            ),
            Some(2.0),
            "by route template, not by address: {text}"
        );
        assert_eq!(
            sample(
                &scrape,
                "ntm_imports_total",
                &[("kind", "file"), ("outcome", "refused")]
            ),
            Some(1.0),
            "{text}"
        );
        assert!(sample(&scrape, "ntm_figures_computed_total", &[]).is_some_and(|v| v >= 1.0));
        assert!(
            sample(&scrape, "ntm_units_judged_total", &[]).is_some_and(|v| v >= 1.0),
            "the first figures judged the units: {text}"
        );
        assert!(sample(&scrape, "ntm_units_kept_total", &[]).is_some());
        assert!(
            sample(&scrape, "ntm_figures_cache_hits_total", &[]).is_some_and(|v| v >= 1.0),
            "the second overview came from the cache: {text}"
        );
        assert_eq!(
            sample(
                &scrape,
                "ntm_build_info",
                &[("version", env!("CARGO_PKG_VERSION"))]
            ),
            Some(1.0)
        );
        let latency = scrape
            .iter()
            .find(|s| s.family == "ntm_http_request_duration_seconds" && s.kind == "histogram")
            .expect("the latency histogram");
        assert_eq!(latency.family, "ntm_http_request_duration_seconds");
        assert_eq!(
            sample(
                &scrape,
                "ntm_http_request_duration_seconds_count",
                &[("route", "/overview/{code}")]
            ),
            Some(2.0)
        );
        assert_eq!(
            sample(
                &scrape,
                "ntm_http_request_duration_seconds_bucket",
                &[("route", "/overview/{code}"), ("le", "+Inf")]
            ),
            Some(2.0)
        );
    }

    // Through a proxy (a forwarding header), only with the token.
    let forwarded = http
        .get(server.url("/metrics"))
        .header("X-Forwarded-For", "203.0.113.9")
        .send()
        .await
        .expect("metrics");
    assert_eq!(forwarded.status(), 404);
    let wrong = http
        .get(server.url("/metrics"))
        .header("X-Forwarded-For", "203.0.113.9")
        .bearer_auth("khoa-sai")
        .send()
        .await
        .expect("metrics");
    assert_eq!(wrong.status(), 404);
    let with_token = http
        .get(server.url("/metrics"))
        .header("X-Forwarded-For", "203.0.113.9")
        .bearer_auth("khoa-do-luong")
        .send()
        .await
        .expect("metrics");
    assert_eq!(with_token.status(), 200);
}
