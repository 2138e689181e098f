//! Several `ntm serve` processes on one PostgreSQL database, as a national
//! or large province's deployment runs them behind a load balancer: a save
//! through one server shows on the other's overview page at the next read.

mod support;

use serde_json::Value;
use support::*;

#[tokio::test]
async fn a_save_through_one_server_shows_on_the_others_overview() {
    let Some(db) = postgres_database("two_servers").await else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let first = ServerProcess::start(
        dir.path(),
        &["--db", &db, "serve", "--demo", "--addr", "127.0.0.1:0"],
        &[],
    );
    let second = ServerProcess::start(dir.path(), &["--db", &db, "serve", "--addr", "127.0.0.1:0"], &[]);
    assert_ne!(first.base, second.base);
    for server in [&first, &second] {
        let health: Value = client()
            .get(server.url("/healthz"))
            .send()
            .await
            .expect("healthz")
            .json()
            .await
            .expect("JSON");
        assert_eq!(health["status"], "ok");
        assert_eq!(health["backend"], "postgres");
    }

    // The district's office reads the overview on the second server.
    let office = login(&second.base, "vpdp.phongtho").await;
    let overview = || async {
        let page = office
            .get(second.url("/overview/109?period=2023"))
            .send()
            .await
            .expect("overview");
        assert_eq!(page.status(), 200);
        criterion_count(&page.text().await.expect("html"), "6")
    };
    assert_eq!(overview().await, "5/16", "criterion 6 in Phong Thổ, 2023");

    // Sì Lở Lầu's officer saves criterion 6 as met through the first server's pages.
    let officer = login(&first.base, "xa.silolau").await;
    let form = officer
        .get(first.url("/units/03550/entry?period=2023"))
        .send()
        .await
        .expect("entry form")
        .text()
        .await
        .expect("html");
    let field = |name: &str| {
        let marker = format!(r#"name="{name}" value=""#);
        let at = form.find(&marker).unwrap_or_else(|| panic!("no field {name}")) + marker.len();
        form[at..].split('"').next().unwrap_or("").to_string()
    };
    let csrf = field("csrf");
    let version = field("a.6.version");
    let shown = field("a.6.orig");
    let saved = officer
        .post(first.url("/units/03550/entry?period=2023"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("a.6.version", version.as_str()),
            ("a.6.orig", shown.as_str()),
            ("a.6.met", "đạt"),
            ("a.6.note", "Biên bản kiểm tra nhà văn hoá"),
        ])
        .send()
        .await
        .expect("save");
    assert_eq!(saved.status(), 303, "{}", saved.text().await.unwrap_or_default());

    // The next read on the other server counts it.
    assert_eq!(overview().await, "6/16");
}
