//! Compression over HTTP, against the real server: a page and an API answer
//! come compressed when the client accepts it (brotli, gzip), the same bytes
//! once decoded; a workbook, already compressed, comes as it is.

mod support;

use std::io::Read;

use reqwest::header::{ACCEPT_ENCODING, CONTENT_ENCODING};
use support::login;

async fn fetch(s: &support::Session, path: &str, accept: &str) -> (Option<String>, Vec<u8>) {
    let r = s
        .client
        .get(format!("{}{path}", s.base))
        .header(ACCEPT_ENCODING, accept)
        .send()
        .await
        .expect("GET");
    assert!(r.status().is_success(), "{path}: {}", r.status());
    let encoding = r
        .headers()
        .get(CONTENT_ENCODING)
        .map(|v| v.to_str().expect("ascii").to_string());
    (encoding, r.bytes().await.expect("body").to_vec())
}

#[tokio::test]
async fn the_province_overview_comes_compressed_when_the_client_accepts_it() {
    let s = login("vpdp.laichau").await;
    let path = "/overview/12?period=2023";
    let (encoding, plain) = fetch(&s, path, "identity").await;
    assert_eq!(encoding, None);
    let (encoding, gzipped) = fetch(&s, path, "gzip").await;
    assert_eq!(encoding.as_deref(), Some("gzip"));
    let mut decoded = Vec::new();
    flate2::read::GzDecoder::new(&gzipped[..])
        .read_to_end(&mut decoded)
        .expect("gzip");
    assert_eq!(decoded, plain, "the same page once decoded");
    assert!(
        gzipped.len() * 5 < plain.len(),
        "{} bytes compressed of {}",
        gzipped.len(),
        plain.len()
    );
    let (encoding, brotli) = fetch(&s, path, "br, gzip").await;
    assert_eq!(encoding.as_deref(), Some("br"));
    assert!(brotli.len() <= gzipped.len());
}

#[tokio::test]
async fn api_answers_are_compressed_and_workbooks_sent_as_they_are() {
    let s = login("vpdp.laichau").await;
    let (encoding, _) = fetch(&s, "/api/v1/units/12/statistics?period=2023", "gzip").await;
    assert_eq!(encoding.as_deref(), Some("gzip"));
    let (encoding, body) = fetch(&s, "/overview/109/appendix.xlsx?period=2023", "gzip, br").await;
    assert_eq!(encoding, None, "a workbook is already compressed");
    assert!(body.starts_with(b"PK"));
}
