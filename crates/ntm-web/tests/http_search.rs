//! The unit search of the header, against the real server: names without
//! diacritics, codes, units that ended, and only what the user may see.

mod support;

use reqwest::StatusCode;
use support::{login, text_of};

#[tokio::test]
async fn a_commune_is_found_by_its_name_without_diacritics_or_its_code() {
    let s = login("vpdp.laichau").await;
    let (status, html) = s.get_text("/account").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("role=\"search\""), "the search is in the header");
    for query in ["muong%20so", "M%C6%B0%E1%BB%9Dng%20So", "MUONG%20SO", "03589"] {
        let (status, html) = s.get_text(&format!("/search?q={query}")).await;
        assert_eq!(status, StatusCode::OK, "{query}");
        assert!(
            html.contains("<a href=\"/units/03589\">Xã Mường So</a>"),
            "{query}: {}",
            text_of(&html)
        );
    }
    // The commune whose name or code it is comes first, before the villages
    // that carry its name or a code starting with it (even if it ended).
    for (query, first) in [("muong%20so", "Xã Mường So"), ("03550", "Xã Sì Lở Lầu")] {
        let (_, html) = s.get_text(&format!("/search?q={query}")).await;
        let hits = html.split("<ul class=\"search-hits\">").nth(1).expect("hits");
        let first_hit = text_of(hits.split("</li>").next().expect("a hit"));
        assert!(
            first_hit.contains(first),
            "{query}: {first} first, not {first_hit}"
        );
    }
    // A district abolished in 2025 is found and says so; the new commune
    // of the same name too, before it.
    let (_, html) = s.get_text("/search?q=phong%20tho").await;
    let text = text_of(&html);
    let new = text.find("Xã Phong Thổ").expect("the new commune");
    let old = text.find("Huyện Phong Thổ").expect("the abolished district");
    assert!(new < old, "today's units first: {text}");
    assert!(text.contains("tồn tại đến 30/06/2025"), "{text}");
    assert!(html.contains("href=\"/overview/109\""));
    let (_, html) = s.get_text("/search?q=khong%20co%20xa%20nao").await;
    assert!(text_of(&html).contains("Không tìm thấy đơn vị nào"));
}

#[tokio::test]
async fn a_commune_officer_finds_only_units_of_their_commune() {
    let s = login("xa.muongso").await;
    let (_, html) = s.get_text("/search?q=phong%20tho").await;
    let text = text_of(&html);
    assert!(!text.contains("Huyện Phong Thổ"), "{text}");
    assert!(text.contains("Không tìm thấy đơn vị nào"), "{text}");
    let (_, html) = s.get_text("/search?q=muong%20so").await;
    assert!(html.contains("/units/03589"));
}
