//! The template reader never panics: random bytes, and real workbooks with
//! random bytes flipped or cut, are read or refused with a message. (The
//! cargo-fuzz targets in fuzz/ explore the same with coverage guidance.)

use ntm_reports::template::{Answer, Template, TemplateRow, read_template, template_xlsx};
use proptest::prelude::*;

fn sample() -> Vec<u8> {
    let row = |indicator: &str, answer: Answer| TemplateRow {
        unit_code: "03550".into(),
        unit_name: "Xã Sì Lở Lầu".into(),
        period: "2023".into(),
        criteria_set: "lai-chau-1285-2022".into(),
        criterion: "2".into(),
        indicator: indicator.into(),
        label: format!("{indicator} Đường xã"),
        hint: "số đạt và tổng số (km)".into(),
        answer,
        value: String::new(),
        achieved: Some(226.84),
        total: Some(318.39),
        number: None,
        note: "Nguồn: báo cáo".into(),
        version: 3,
        orig: String::new(),
    };
    let template = Template {
        title: "Mẫu".into(),
        made_for: "kiểm thử".into(),
        rows: vec![
            row("2.1", Answer::Ratio),
            row("2.2", Answer::Choice(vec!["đạt".into(), "không đạt".into()])),
        ],
        left_out: Vec::new(),
    };
    template_xlsx(&template).expect("workbook")
}

#[test]
fn a_written_template_reads_back() {
    let sheet = read_template(&sample()).expect("read");
    assert_eq!(sheet.rows.len(), 2);
    let at = |key: &str| sheet.keys.iter().position(|k| k == key).expect(key);
    assert_eq!(sheet.rows[0].line, 5);
    assert_eq!(sheet.rows[0].cells[at("achieved")], "226,84");
    assert_eq!(sheet.rows[0].cells[at("total")], "318,39");
    assert_eq!(sheet.rows[0].cells[at("version")], "3");
    assert_eq!(sheet.letters[at("value")], "H");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let _ = read_template(&bytes);
        let mut zipped = b"PK\x03\x04".to_vec();
        zipped.extend(bytes);
        let _ = read_template(&zipped);
    }

    #[test]
    fn damaged_workbooks_never_panic(flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..24),
                                     cut in any::<prop::sample::Index>()) {
        let mut bytes = sample();
        for (at, x) in flips {
            let i = at.index(bytes.len());
            bytes[i] ^= x;
        }
        let _ = read_template(&bytes);
        let end = cut.index(bytes.len());
        let _ = read_template(&bytes[..end]);
    }
}
