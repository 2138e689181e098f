//! The `ntm` command as users run it: the demo's figures, and every kind of bad
//! input refused with a message naming the place, a non-zero exit, and
//! nothing stored.

mod support;

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use support::{Run, demo_dir, json, ntm};

#[test]
fn demo_then_stats_gives_phong_tho_2023() {
    let dir = demo_dir();
    let stats = json(&ntm(
        dir.path(),
        &["stats", "--unit", "109", "--period", "2023", "--format", "json"],
    ));
    assert_eq!(stats["communes"], 16);
    assert_eq!(stats["average_criteria"], 11.06);
    let transport = &stats["per_criterion"][1];
    assert_eq!(transport["criterion"], "2");
    assert_eq!(transport["met"], 4);
    let mut names: Vec<&str> = transport["communes"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    names.sort();
    assert_eq!(names, vec!["Huổi Luông", "Khổng Lào", "Ma Li Pho", "Mường So"]);
    let brackets: Vec<(i64, i64, i64)> = stats["brackets"]
        .as_array()
        .expect("brackets")
        .iter()
        .map(|b| {
            (
                b["min"].as_i64().unwrap_or(-1),
                b["max"].as_i64().unwrap_or(-1),
                b["count"].as_i64().unwrap_or(-1),
            )
        })
        .collect();
    assert_eq!(brackets, vec![(19, 19, 2), (15, 18, 2), (10, 14, 3), (0, 9, 9)]);
    let kinds: Vec<&str> = stats["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["kind"].as_str())
        .collect();
    assert!(kinds.contains(&"recognized_not_meeting"));
    assert!(kinds.contains(&"reported_figure_mismatch"));
}

#[test]
fn demo_text_is_vietnamese_and_evaluate_explains() {
    let dir = demo_dir();
    let run = ntm(dir.path(), &["stats", "--unit", "109", "--period", "2023"]);
    assert!(run.ok);
    assert!(
        run.stdout.contains("bình quân 11,06 tiêu chí/xã"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("226,84/318,39 km (71,25%)"), "{}", run.stdout);
    let eval = json(&ntm(
        dir.path(),
        &[
            "evaluate", "--unit", "03589", "--period", "2023", "--format", "json",
        ],
    ));
    assert_eq!(eval["units"][0]["met"], 19);
    assert_eq!(
        eval["units"][0]["criteria"][3]["indicators"][1]["threshold"],
        "≥ 95%"
    );
    assert_eq!(
        eval["units"][0]["criteria"][3]["indicators"][1]["threshold_confirmed"],
        true
    );
}

/// Imports `csv` as a values file and expects it refused with `expected` in the message.
fn refused(dir: &Path, name: &str, csv: &str, expected: &str) {
    std::fs::write(dir.join(name), csv).expect("write csv");
    let run = ntm(dir, &["values", "import", name]);
    assert!(!run.ok, "{name} should be refused");
    assert!(
        run.stderr.contains(expected),
        "{name}: expected «{expected}» in:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("không có dữ liệu nào được ghi"),
        "{}",
        run.stderr
    );
}

/// How many values and assessments Mường So has for 2024 (none were ever valid).
fn stored_2024(dir: &Path) -> usize {
    let eval = json(&ntm(
        dir,
        &[
            "evaluate", "--unit", "03589", "--period", "2024", "--format", "json",
        ],
    ));
    eval["units"][0]["criteria"]
        .as_array()
        .expect("criteria")
        .iter()
        .map(|c| {
            c["indicators"]
                .as_array()
                .map_or(0, |i| i.iter().filter(|i| !i["value"].is_null()).count())
                + usize::from(!c["assessment"].is_null())
        })
        .sum()
}

#[test]
fn bad_values_files_are_refused_whole() {
    let dir = demo_dir();
    let d = dir.path();
    let head = "unit_code,period,indicator,criterion,value,achieved,total\n";
    let good = "03589,2024,3.2,,đạt,,\n";
    refused(
        d,
        "unknown.csv",
        &format!("{head}{good}99999,2024,3.2,,đạt,,\n"),
        "unknown.csv dòng 3, cột unit_code: không có đơn vị nào mang mã 99999",
    );
    refused(
        d,
        "over.csv",
        &format!("{head}{good}03589,2024,2.2,,,400,318\n"),
        "over.csv dòng 3, cột achieved: số đạt (400) lớn hơn tổng số (318)",
    );
    refused(
        d,
        "percent.csv",
        &format!("{head}{good}03589,2024,4.2,,\"101,5%\",,\n"),
        "percent.csv dòng 3, cột value: tỷ lệ 101,5% vượt quá 100%",
    );
    refused(
        d,
        "negative.csv",
        &format!("{head}{good}03589,2024,2.2,,,-3,318\n"),
        "negative.csv dòng 3, cột achieved: giá trị âm (-3)",
    );
    refused(
        d,
        "period.csv",
        &format!("{head}{good}03589,2024-Q5,3.2,,đạt,,\n"),
        "period.csv dòng 3, cột period: kỳ báo cáo \"2024-Q5\" không hợp lệ",
    );
    refused(
        d,
        "text.csv",
        &format!("{head}{good}03589,2024,2.2,,,nhiều,318\n"),
        "text.csv dòng 3, cột achieved: \"nhiều\" không phải là số",
    );
    refused(
        d,
        "indicator.csv",
        &format!("{head}{good}03589,2024,2.9,,1,,\n"),
        "bộ tiêu chí lai-chau-1285-2022 không có chỉ tiêu \"2.9\"",
    );
    refused(
        d,
        "columns.csv",
        &format!("{head}{good}03589,2024\n"),
        "columns.csv dòng 3: dòng có 2 cột, tiêu đề có 7 cột",
    );
    assert_eq!(stored_2024(d), 0, "no refused file stored anything");
}

#[test]
fn vietnamese_csv_conventions_are_accepted() {
    let dir = demo_dir();
    let d = dir.path();
    // BOM, semicolons, decimal comma, thousands dots, Vietnamese headers.
    let csv = "\u{feff}mã đơn vị;kỳ;chỉ tiêu;tiêu chí;giá trị;số đạt;tổng số;ghi chú\n\
               03589;2024;2.2;;;226,84;318,39;đo đạc 2024\n\
               03589;2024;4.2;;;16.021;16.184;\n\
               03589;2024;;5;đạt;;;\n";
    std::fs::write(d.join("vn.csv"), csv).expect("write");
    let run = ntm(d, &["values", "import", "vn.csv"]);
    assert!(run.ok, "{}", run.stderr);
    assert!(run.stdout.contains("3 mới"), "{}", run.stdout);
    assert_eq!(stored_2024(d), 3);
    let eval = json(&ntm(
        d,
        &[
            "evaluate", "--unit", "03589", "--period", "2024", "--format", "json",
        ],
    ));
    let power = &eval["units"][0]["criteria"][3]["indicators"][1];
    assert_eq!(power["value"], "16.021/16.184 hộ (98,99%)");
    assert_eq!(power["status"], "met");
    // The same file again changes nothing.
    let again = ntm(d, &["values", "import", "vn.csv"]);
    assert!(
        again.stdout.contains("0 mới, 0 cập nhật, 3 không đổi"),
        "{}",
        again.stdout
    );
}

#[test]
fn bad_unit_files_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let csv = "code,kind,name,parent_code,valid_from\n12,province,Lai Châu,,\n109,district,Phong Thổ,12,\n03589,commune,Mường So,999,\n03583,hamlet,Khổng Lào,109,\n03574,commune,Ma Li Pho,109,31/02/2023\n";
    std::fs::write(d.join("units.csv"), csv).expect("write");
    let run = ntm(d, &["units", "import", "units.csv"]);
    assert!(!run.ok);
    for expected in [
        "units.csv dòng 4, cột parent_code: không có đơn vị mã 999",
        "units.csv dòng 5, cột kind: cấp đơn vị \"hamlet\" không hợp lệ",
        "units.csv dòng 6, cột valid_from: ngày \"31/02/2023\" không hợp lệ",
    ] {
        assert!(
            run.stderr.contains(expected),
            "expected «{expected}» in:\n{}",
            run.stderr
        );
    }
    let stats = ntm(d, &["stats", "--unit", "12", "--period", "2023"]);
    assert!(
        !stats.ok && stats.stderr.contains("không có đơn vị nào mang mã 12"),
        "nothing was stored: {}",
        stats.stderr
    );
}

#[test]
fn a_malformed_criteria_file_names_file_line_and_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "code = \"x\"\nextends = \"qd318-2022\"\nname = \"Bộ sửa\"\ndocument = \"Thử\"\nscope = \"province:12\"\n\n[[overrides]]\nindicator = \"4.9\"\nthresholds = [{ at_least = 95 }]\n";
    std::fs::write(dir.path().join("bad.toml"), text).expect("write");
    let run = ntm(dir.path(), &["criteria", "check", "bad.toml"]);
    assert!(!run.ok);
    assert!(
        run.stderr
            .contains("bad.toml:7: overrides.indicator: bộ gốc không có chỉ tiêu \"4.9\""),
        "{}",
        run.stderr
    );
    let good = text.replace("4.9", "4.2");
    std::fs::write(dir.path().join("good.toml"), good).expect("write");
    let run = ntm(dir.path(), &["criteria", "check", "good.toml"]);
    assert!(run.ok, "{}", run.stderr);
    assert!(run.stdout.contains("hợp lệ"));
}

#[test]
fn a_bad_period_on_the_command_line_is_named() {
    let dir = demo_dir();
    let run = ntm(dir.path(), &["stats", "--unit", "109", "--period", "2023-Q5"]);
    assert!(!run.ok);
    assert!(
        run.stderr.contains("kỳ báo cáo \"2023-Q5\" không hợp lệ"),
        "{}",
        run.stderr
    );
}

#[test]
fn todays_commune_shows_its_predecessors_for_2023() {
    let dir = demo_dir();
    // 03433 was Thị trấn Mường Tè until 30/6/2025; since then it is Xã Bum Tở.
    let eval = json(&ntm(
        dir.path(),
        &[
            "evaluate", "--unit", "03433", "--period", "2026", "--format", "json",
        ],
    ));
    assert_eq!(eval["unit"]["name"], "Bum Tở");
    let old = json(&ntm(
        dir.path(),
        &[
            "evaluate", "--unit", "03433", "--period", "2023", "--format", "json",
        ],
    ));
    assert_eq!(old["unit"]["kind"], "town");
}

#[test]
fn today_reads_a_2025_commune_through_its_predecessors() {
    let dir = demo_dir();
    let eval = json(&ntm(
        dir.path(),
        &[
            "evaluate", "--unit", "03583", "--period", "2023", "--today", "--format", "json",
        ],
    ));
    // Today's Khổng Lào (03583) was formed on 01/07/2025 from several 2023 communes.
    let notes = eval["notes"][0].as_str().expect("a note");
    assert!(notes.contains("chưa tồn tại trong kỳ 2023"), "{notes}");
    let names: Vec<&str> = eval["units"]
        .as_array()
        .expect("units")
        .iter()
        .filter_map(|u| u["unit"]["name"].as_str())
        .collect();
    assert!(names.contains(&"Khổng Lào"), "{names:?}");
    assert!(names.len() > 1, "{names:?}");
}

fn ntm_with_password(dir: &Path, args: &[&str], password: &str) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_ntm"))
        .args(args)
        .current_dir(dir)
        .env_remove("NTM_DATABASE_URL")
        .env_remove("NTM_CRITERIA_DIR")
        .env("NTM_PASSWORD", password)
        .output()
        .expect("run ntm");
    Run {
        ok: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn users_are_added_listed_locked_and_given_keys() {
    let dir = demo_dir();
    let add = [
        "user",
        "add",
        "xa.malipho",
        "--name",
        "Cán bộ xã Bản Lang",
        "--role",
        "commune_officer",
        "--unit",
        "03574",
    ];
    let run = ntm_with_password(dir.path(), &add, "mat-khau-du-dai");
    assert!(run.ok, "{}", run.stderr);
    // The same name twice, a short password, a missing unit: refused, said why.
    let again = ntm_with_password(dir.path(), &add, "mat-khau-du-dai");
    assert!(
        !again.ok && again.stderr.contains("đã có người dùng"),
        "{}",
        again.stderr
    );
    let short = ntm_with_password(
        dir.path(),
        &[
            "user", "add", "a.b", "--name", "A", "--role", "viewer", "--unit", "12",
        ],
        "ngan",
    );
    assert!(
        !short.ok && short.stderr.contains("ít nhất 8 ký tự"),
        "{}",
        short.stderr
    );
    let no_unit = ntm_with_password(
        dir.path(),
        &["user", "add", "c.d", "--name", "C", "--role", "viewer"],
        "mat-khau-du-dai",
    );
    assert!(
        !no_unit.ok && no_unit.stderr.contains("cần mã đơn vị"),
        "{}",
        no_unit.stderr
    );
    let bad_role = ntm_with_password(
        dir.path(),
        &["user", "add", "e.f", "--name", "E", "--role", "boss"],
        "mat-khau-du-dai",
    );
    assert!(
        !bad_role.ok && bad_role.stderr.contains("vai trò \"boss\" không hợp lệ"),
        "{}",
        bad_role.stderr
    );

    let list = ntm(dir.path(), &["user", "list"]);
    assert!(list.ok, "{}", list.stderr);
    assert!(
        list.stdout.contains("xa.malipho") && list.stdout.contains("Xã Ma Li Pho (03574)"),
        "{}",
        list.stdout
    );
    assert!(list.stdout.contains("hoạt động"));
    let token = ntm(dir.path(), &["user", "token", "xa.malipho", "--name", "kịch bản"]);
    assert!(token.ok, "{}", token.stderr);
    assert_eq!(
        token.stdout.trim().len(),
        64,
        "a 256-bit key in hex: {}",
        token.stdout
    );
    assert!(ntm_with_password(dir.path(), &["user", "passwd", "xa.malipho"], "mat-khau-moi-2026").ok);
    let disable = ntm(dir.path(), &["user", "disable", "xa.malipho"]);
    assert!(disable.ok, "{}", disable.stderr);
    assert!(ntm(dir.path(), &["user", "list"]).stdout.contains("đã khoá"));
    let missing = ntm(dir.path(), &["user", "disable", "khong.co"]);
    assert!(
        !missing.ok && missing.stderr.contains("không có người dùng \"khong.co\""),
        "{}",
        missing.stderr
    );
}

#[test]
fn reports_and_templates_are_written_and_imported() {
    let dir = demo_dir();
    for (format, file) in [("xlsx", "phu-bieu.xlsx"), ("docx", "bao-cao.docx")] {
        let run = ntm(
            dir.path(),
            &[
                "report", "--unit", "109", "--period", "2023", "--format", format, "--out", file,
            ],
        );
        assert!(run.ok, "{}", run.stderr);
        let bytes = std::fs::read(dir.path().join(file)).expect("written");
        assert!(bytes.starts_with(b"PK\x03\x04"), "{file} is an Office file");
    }
    let run = ntm(
        dir.path(),
        &[
            "template", "--unit", "109", "--period", "2023", "--out", "mau.xlsx",
        ],
    );
    assert!(run.ok, "{}", run.stderr);
    let run = ntm(dir.path(), &["import", "mau.xlsx"]);
    assert!(run.ok, "{}", run.stderr);
    assert!(run.stdout.contains("0 mới, 0 cập nhật"), "{}", run.stdout);
    // A broken file: a clear error naming it, a failing exit.
    std::fs::write(dir.path().join("hong.xlsx"), b"PK\x03\x04 hong").expect("write");
    let run = ntm(dir.path(), &["import", "hong.xlsx"]);
    assert!(!run.ok);
    assert!(
        run.stderr.contains("hong.xlsx") && run.stderr.contains("đã hỏng"),
        "{}",
        run.stderr
    );
    let run = ntm(
        dir.path(),
        &[
            "report", "--unit", "03589-01", "--period", "2023", "--format", "xlsx", "--out", "x.xlsx",
        ],
    );
    assert!(!run.ok && run.stderr.contains("thôn, bản"), "{}", run.stderr);
}

#[test]
fn maps_are_drawn_to_files_and_bad_boundaries_are_refused_whole() {
    let dir = demo_dir();
    let d = dir.path();
    // Sì Lở Lầu (03550) lacks criterion 8 in 2023 (seed 001): red.
    let run = ntm(
        d,
        &[
            "map",
            "--unit",
            "109",
            "--period",
            "2023",
            "--by",
            "criterion:8",
            "--out",
            "m.svg",
        ],
    );
    assert!(run.ok, "{}", run.stderr);
    assert!(run.stdout.contains("17 theo sơ đồ"), "{}", run.stdout);
    assert!(
        run.stdout.contains("Sơ đồ: ô vẽ từ tọa độ trung tâm"),
        "{}",
        run.stdout
    );
    let svg = std::fs::read_to_string(d.join("m.svg")).expect("the SVG");
    assert!(
        svg.starts_with("<svg") && svg.contains("SƠ ĐỒ"),
        "labelled schematic"
    );
    let at = svg.find("data-code=\"03550\"").expect("Sì Lở Lầu is drawn");
    assert!(
        svg[at..]
            .split("</g>")
            .next()
            .is_some_and(|a| a.contains("#c0392b"))
    );

    let run = ntm(
        d,
        &[
            "map", "--unit", "12", "--period", "2023", "--by", "plan", "--out", "m.png",
        ],
    );
    assert!(run.ok, "{}", run.stderr);
    let png = std::fs::read(d.join("m.png")).expect("the PNG");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));

    // The coloured layer for GIS tools.
    let run = ntm(
        d,
        &["map", "--unit", "109", "--period", "2023", "--out", "m.geojson"],
    );
    assert!(run.ok, "{}", run.stderr);
    let layer: Value =
        serde_json::from_slice(&std::fs::read(d.join("m.geojson")).expect("file")).expect("JSON");
    let features = layer["features"].as_array().expect("features");
    assert_eq!(features.len(), 17);
    assert!(features.iter().all(|f| f["properties"]["schematic"] == true));

    // Unknown layer, unknown extension: named, nothing written.
    let run = ntm(
        d,
        &[
            "map", "--unit", "109", "--period", "2023", "--by", "mau", "--out", "x.svg",
        ],
    );
    assert!(
        !run.ok && run.stderr.contains("cách tô màu \"mau\""),
        "{}",
        run.stderr
    );
    let run = ntm(d, &["map", "--unit", "109", "--period", "2023", "--out", "x.pdf"]);
    assert!(!run.ok && run.stderr.contains("\".pdf\""), "{}", run.stderr);
    assert!(!d.join("x.svg").exists() && !d.join("x.pdf").exists());

    // ntm's own schematic cells are not boundaries: refused, each named.
    let run = ntm(d, &["geometry", "import", "m.geojson"]);
    assert!(!run.ok, "schematic cells imported");
    assert!(
        run.stderr.contains("không có dữ liệu nào được ghi"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("đối tượng thứ 1 (mã"), "{}", run.stderr);
    assert!(run.stderr.contains("là ô sơ đồ"), "{}", run.stderr);
    // A real square for Sì Lở Lầu, one for an unknown code.
    let square = |code: &str, lon: f64, lat: f64| {
        serde_json::json!({"type": "Feature",
            "properties": {"code": code, "valid_to": "2025-06-30"},
            "geometry": {"type": "Polygon", "coordinates": [[
                [lon - 0.02, lat - 0.02], [lon + 0.02, lat - 0.02],
                [lon + 0.02, lat + 0.02], [lon - 0.02, lat + 0.02], [lon - 0.02, lat - 0.02]]]}})
    };
    // Sì Lở Lầu's centre (data/units/units-before-2025.csv).
    let (lon, lat) = (103.347178, 22.781158);
    let bad = serde_json::json!({"type": "FeatureCollection",
        "features": [square("03550", lon, lat), square("99999", lon, lat)]});
    std::fs::write(d.join("bad.geojson"), bad.to_string()).expect("write");
    let run = ntm(d, &["geometry", "import", "bad.geojson"]);
    assert!(!run.ok);
    assert!(
        run.stderr
            .contains("đối tượng thứ 2 (mã 99999): không có đơn vị nào mang mã 99999"),
        "{}",
        run.stderr
    );
    let run = ntm(
        d,
        &["map", "--unit", "109", "--period", "2023", "--out", "again.svg"],
    );
    assert!(
        run.stdout.contains("0 đơn vị vẽ theo ranh giới"),
        "nothing stored: {}",
        run.stdout
    );
    let good = serde_json::json!({"type": "FeatureCollection", "features": [square("03550", lon, lat)]});
    std::fs::write(d.join("good.geojson"), good.to_string()).expect("write");
    let run = ntm(d, &["geometry", "import", "good.geojson"]);
    assert!(run.ok, "{}", run.stderr);
    let run = ntm(
        d,
        &["map", "--unit", "109", "--period", "2023", "--out", "again.svg"],
    );
    assert!(
        run.stdout.contains("1 đơn vị vẽ theo ranh giới"),
        "{}",
        run.stdout
    );
}

#[test]
fn money_summary_shows_seed_001s_capital() {
    let dir = demo_dir();
    let m = json(&ntm(
        dir.path(),
        &[
            "money", "summary", "--unit", "109", "--year", "2023", "--format", "json",
        ],
    ));
    let project = m["projects"]
        .as_array()
        .expect("projects")
        .iter()
        .find(|p| p["code"] == "NTM-CN-2022")
        .cloned()
        .expect("the carried-over projects");
    assert_eq!(project["allocated"], "5.939");
    assert_eq!(project["disbursed"], "3.890");
    assert_eq!(project["percent"], "65,5", "computed, not the seed's 65,6");
    assert_eq!(m["contributions_money"], "358");
    let text = ntm(
        dir.path(),
        &["money", "summary", "--unit", "109", "--year", "2023"],
    );
    assert!(
        text.ok && text.stdout.contains("Vốn đầu tư phát triển"),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("3.244"), "{}", text.stdout);
}
