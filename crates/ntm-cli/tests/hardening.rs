//! The command line on real files at the edges of real use: decomposed
//! Unicode, unclosed quotes, a gigabyte file, ten thousand bad rows, an
//! Excel file where a CSV file is expected, a template whose locked cells
//! were changed, a note longer than a spreadsheet cell, API keys that are
//! taken back, and the argument parser's and the operating system's
//! messages — each refused (or read) in Vietnamese, naming the place, with
//! nothing stored.

use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;

use unicode_normalization::UnicodeNormalization;

struct Run {
    ok: bool,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn ntm_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ntm"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("NTM_DATABASE_URL")
        .env_remove("NTM_CRITERIA_DIR");
    for (k, v) in env {
        command.env(k, v);
    }
    let out = command.output().expect("run ntm");
    Run {
        ok: out.status.success(),
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn ntm(dir: &Path, args: &[&str]) -> Run {
    ntm_env(dir, args, &[])
}

fn demo_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = ntm(dir.path(), &["demo"]);
    assert!(run.ok, "demo failed: {}", run.stderr);
    dir
}

fn db(dir: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(dir.join("ntm.db")).expect("database")
}

/// Everything stored of values and assessments, and the audit trail's length.
fn stored(dir: &Path) -> (i64, i64, i64) {
    let conn = db(dir);
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).expect(sql);
    (
        count("SELECT count(*) FROM indicator_values"),
        count("SELECT count(*) FROM assessments"),
        count("SELECT count(*) FROM audit"),
    )
}

/// Words of English that a message must not hold.
fn assert_vietnamese(text: &str) {
    let english = [
        "error",
        "invalid",
        "expected",
        "missing",
        "failed",
        "unknown",
        "found",
        "line ",
        "column",
        "cannot",
        "unexpected",
        "usage",
        "such file",
        "directory",
        "permission",
        "os error",
    ];
    let lower = text.to_lowercase();
    for word in english {
        assert!(!lower.contains(word), "English «{word}» in: {text}");
    }
}

const VALUES: &str = "mã đơn vị,kỳ,chỉ tiêu,tiêu chí,giá trị,số đạt,tổng số,ghi chú\n\
03589,2024,3.2,,đạt,,,Đã có biên bản nghiệm thu của huyện\n\
03589,2024,2.2,,,\"12,5\",20,Đường trục xã được cứng hóa\n\
03589,2024,,8,đạt,,,Đánh giá chung: đạt\n";

#[test]
fn decomposed_files_import_the_same_as_composed_ones() {
    let composed = demo_dir();
    let decomposed = demo_dir();
    let nfd: String = VALUES.nfd().collect();
    assert_ne!(nfd, VALUES, "the file really is decomposed");
    std::fs::write(composed.path().join("so-lieu.csv"), VALUES).expect("write");
    std::fs::write(decomposed.path().join("so-lieu.csv"), &nfd).expect("write");
    for dir in [&composed, &decomposed] {
        let run = ntm(dir.path(), &["values", "import", "so-lieu.csv"]);
        assert!(run.ok, "{}", run.stderr);
        assert!(run.stdout.contains("Đã nhập 3 dòng: 3 mới"), "{}", run.stdout);
    }
    let evaluate = |dir: &Path| {
        ntm(
            dir,
            &[
                "evaluate", "--unit", "03589", "--period", "2024", "--format", "json",
            ],
        )
        .stdout
    };
    assert_eq!(evaluate(composed.path()), evaluate(decomposed.path()));
    let notes = |dir: &Path| -> Vec<String> {
        let conn = db(dir);
        let mut stmt = conn
            .prepare("SELECT note FROM indicator_values WHERE note LIKE '%nghiệm thu%' OR note LIKE '%cứng hóa%' ORDER BY note")
            .expect("query");
        stmt.query_map([], |r| r.get(0))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("notes")
    };
    let stored_notes = notes(decomposed.path());
    assert_eq!(
        stored_notes.len(),
        2,
        "found by a composed search: stored composed"
    );
    assert_eq!(stored_notes, notes(composed.path()));

    // The units file re-imported decomposed renames nothing.
    let units: String = include_str!("../../../data/demo/lai-chau-units.csv")
        .nfd()
        .collect();
    std::fs::write(decomposed.path().join("don-vi.csv"), units).expect("write");
    let before = stored(decomposed.path());
    let named = |dir: &Path| -> i64 {
        db(dir)
            .query_row(
                "SELECT count(*) FROM units WHERE name = 'Sì Lở Lầu'",
                [],
                |r| r.get(0),
            )
            .expect("search")
    };
    let found_before = named(decomposed.path());
    assert!(found_before > 0);
    let run = ntm(decomposed.path(), &["units", "import", "don-vi.csv"]);
    assert!(run.ok, "{}", run.stderr);
    assert!(run.stdout.contains(" 0 mới, 0 cập nhật"), "{}", run.stdout);
    assert_eq!(stored(decomposed.path()), before);
    assert_eq!(
        named(decomposed.path()),
        found_before,
        "a composed name search still finds the communes"
    );
}

#[test]
fn an_unclosed_quote_fails_at_its_line_with_nothing_stored() {
    let dir = demo_dir();
    let d = dir.path();
    let before = stored(d);
    let file = "unit_code,period,indicator,criterion,value,note\n\
03589,2024,3.2,,đạt,bình thường\n\
03589,2024,3.3,,đạt,\"ghi chú chưa đóng ngoặc\n\
03589,2024,3.4,,đạt,dòng này sẽ bị nuốt vào ô trên\n\
03589,2024,3.5,,đạt,và dòng này nữa\n";
    std::fs::write(d.join("ngoac.csv"), file).expect("write");
    let run = ntm(d, &["values", "import", "ngoac.csv"]);
    assert!(!run.ok);
    assert!(
        run.stderr
            .contains("ngoac.csv dòng 3: dấu ngoặc kép (\") mở ở dòng này không có dấu đóng"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("không có dữ liệu nào được ghi"),
        "{}",
        run.stderr
    );
    assert_eq!(stored(d), before, "nothing stored");
}

#[test]
fn a_gigabyte_file_is_refused_by_its_size_without_reading_it() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    assert!(ntm(d, &["init"]).ok);
    // Sparse: a gigabyte on no disk; ntm refuses it by its size alone.
    let big = std::fs::File::create(d.join("lon.csv")).expect("file");
    big.set_len(1024 * 1024 * 1024).expect("size");
    let started = std::time::Instant::now();
    let run = ntm(d, &["values", "import", "lon.csv"]);
    assert!(!run.ok);
    assert!(
        run.stderr
            .contains("lon.csv: tệp CSV lớn 1.024 MB, quá giới hạn 50 MB: hãy chia thành nhiều tệp nhỏ hơn"),
        "{}",
        run.stderr
    );
    let run = ntm(d, &["import", "lon.csv"]);
    assert!(run.stderr.contains("quá giới hạn 50 MB"), "{}", run.stderr);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "refused without reading a gigabyte"
    );
    // The peak memory of the refusal, measured by GNU time where it is
    // installed (the script tools/input-limits.sh prints it for real files).
    if Path::new("/usr/bin/time").exists() {
        let out = Command::new("/usr/bin/time")
            .args([
                "-f",
                "%M",
                env!("CARGO_BIN_EXE_ntm"),
                "values",
                "import",
                "lon.csv",
            ])
            .current_dir(d)
            .output()
            .expect("time");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let peak_kb: u64 = stderr
            .lines()
            .last()
            .and_then(|l| l.trim().parse().ok())
            .expect("peak");
        assert!(
            peak_kb < 200 * 1024,
            "peak memory {peak_kb} KB for a refused gigabyte"
        );
    } else {
        eprintln!("peak memory not measured: /usr/bin/time is not installed");
    }
}

#[test]
fn ten_thousand_bad_rows_print_a_screenful_and_a_count() {
    let dir = demo_dir();
    let d = dir.path();
    let mut file = String::from("unit_code,period,indicator,value\n");
    for _ in 0..10_000 {
        file.push_str("03589,2024,3.2,có lẽ\n");
    }
    std::fs::write(d.join("loi.csv"), file).expect("write");
    let before = stored(d);
    let run = ntm(d, &["values", "import", "loi.csv"]);
    assert!(!run.ok);
    assert!(
        run.stderr
            .starts_with("lỗi: 10.000 lỗi, không có dữ liệu nào được ghi:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.trim_end().ends_with("… và 9.980 lỗi khác"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.lines().count() <= 23,
        "{} lines",
        run.stderr.lines().count()
    );
    assert_eq!(stored(d), before);
}

#[test]
fn an_excel_file_given_as_csv_says_what_it_is_and_which_command_takes_it() {
    let dir = demo_dir();
    let d = dir.path();
    let run = ntm(
        d,
        &[
            "template", "--unit", "109", "--period", "2023", "--out", "mau.xlsx",
        ],
    );
    assert!(run.ok, "{}", run.stderr);
    let run = ntm(d, &["values", "import", "mau.xlsx"]);
    assert!(!run.ok);
    assert!(
        run.stderr
            .contains("đây là tệp Excel (.xlsx), không phải tệp CSV"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("`ntm import TỆP`"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("không phải UTF-8"),
        "not a misleading encoding message: {}",
        run.stderr
    );
}

/// A copy of a workbook with one shared string replaced, as if typed over
/// in every cell that held it.
fn replace_string(xlsx: &[u8], from: &str, to: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut replaced = false;
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("entry");
        let name = file.name().expect("entry name").to_string();
        let mut data = Vec::new();
        file.read_to_end(&mut data).expect("read");
        if name.ends_with(".xml") {
            let text = String::from_utf8(data).expect("xml");
            let (old, new) = (format!("<t>{from}</t>"), format!("<t>{to}</t>"));
            replaced |= text.contains(&old);
            data = text.replace(&old, &new).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        out.write_all(&data).expect("write");
    }
    assert!(replaced, "the workbook holds {from} as a cell");
    out.finish().expect("finish").into_inner()
}

#[test]
fn a_template_whose_unit_code_was_changed_is_refused_naming_the_cell() {
    let dir = demo_dir();
    let d = dir.path();
    let run = ntm(
        d,
        &[
            "template", "--unit", "109", "--period", "2023", "--out", "mau.xlsx",
        ],
    );
    assert!(run.ok, "{}", run.stderr);
    let original = std::fs::read(d.join("mau.xlsx")).expect("read");
    std::fs::write(d.join("sua.xlsx"), replace_string(&original, "03550", "03553")).expect("write");
    let before = stored(d);
    let run = ntm(d, &["import", "sua.xlsx"]);
    assert!(!run.ok);
    assert!(
        run.stderr.contains("sua.xlsx, trang \"Số liệu\", ô A")
            && run.stderr.contains(
                ", cột unit_code: ô khoá \"Mã đơn vị\" đã bị sửa: khi xuất là \"03550\", nay là \"03553\""
            ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("không có dữ liệu nào được ghi"),
        "{}",
        run.stderr
    );
    assert_eq!(stored(d), before, "nothing stored");
    // The unchanged template imports (and changes nothing).
    let run = ntm(d, &["import", "mau.xlsx"]);
    assert!(run.ok, "{}", run.stderr);
}

#[test]
fn a_note_longer_than_a_cell_neither_breaks_nor_slips_into_an_export() {
    let dir = demo_dir();
    let d = dir.path();
    // A note stored before notes were limited (the limit refuses it on entry now).
    let long = "Biên bản kiểm tra hiện trạng đường trục xã. ".repeat(900);
    assert!(long.chars().count() > 32_767);
    let changed = db(d)
        .execute(
            "UPDATE assessments SET note = ?1 WHERE unit_id IN (SELECT id FROM units WHERE code = '03589')",
            [&long],
        )
        .expect("update");
    assert!(changed > 0);
    let run = ntm(
        d,
        &[
            "template", "--unit", "109", "--period", "2023", "--out", "mau.xlsx",
        ],
    );
    assert!(run.ok, "the export does not fail for one value: {}", run.stderr);
    let run = ntm(
        d,
        &[
            "report", "--unit", "109", "--period", "2023", "--format", "xlsx", "--out", "pb.xlsx", "--map",
            "none",
        ],
    );
    assert!(run.ok, "{}", run.stderr);
    // The guide sheet names the unit and the indicator left out.
    let xlsx = std::fs::read(d.join("mau.xlsx")).expect("read");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).expect("zip");
    let mut strings = String::new();
    archive
        .by_name("xl/sharedStrings.xml")
        .expect("strings")
        .read_to_string(&mut strings)
        .expect("read");
    assert!(
        strings.contains("Không có trong mẫu"),
        "the guide says what is left out"
    );
    assert!(strings.contains("của Xã Mường So (mã 03589)"), "names the unit");
    assert!(strings.contains("quá sức chứa một ô Excel (32.767 ký tự)"));
    // And a note that long is refused on entry, saying the limit.
    let file = format!(
        "unit_code,period,indicator,value,note\n03589,2024,3.2,đạt,{}\n",
        "x".repeat(5_001)
    );
    std::fs::write(d.join("dai.csv"), file).expect("write");
    let run = ntm(d, &["values", "import", "dai.csv"]);
    assert!(
        run.stderr.contains("dài 5.001 ký tự, quá giới hạn 5.000 ký tự"),
        "{}",
        run.stderr
    );
}

#[test]
fn api_keys_are_made_listed_and_revoked() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    assert!(ntm(d, &["init"]).ok);
    let password = [("NTM_PASSWORD", "mat-khau-dai-du")];
    let run = ntm_env(
        d,
        &[
            "user",
            "add",
            "kichban",
            "--name",
            "Kịch bản báo cáo",
            "--role",
            "administrator",
        ],
        &password,
    );
    assert!(run.ok, "{}", run.stderr);
    let run = ntm(
        d,
        &[
            "user",
            "token",
            "create",
            "kichban",
            "--name",
            "báo cáo quý",
            "--days",
            "30",
        ],
    );
    assert!(run.ok, "{}", run.stderr);
    assert_eq!(run.stdout.trim().len(), 64, "the key, printed once");
    assert!(run.stderr.contains("còn hiệu lực đến"), "{}", run.stderr);
    // The older form still makes a key.
    let run = ntm(d, &["user", "token", "kichban", "--name", "đồng bộ"]);
    assert!(run.ok, "{}", run.stderr);
    let run = ntm(d, &["user", "token", "list", "kichban"]);
    assert!(run.ok, "{}", run.stderr);
    assert!(
        run.stdout.contains("báo cáo quý") && run.stdout.contains("đồng bộ"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("đã thu hồi"), "{}", run.stdout);
    let id = run
        .stdout
        .lines()
        .find(|l| l.contains("báo cáo quý"))
        .and_then(|l| l.split_whitespace().next())
        .expect("the key's number")
        .to_string();
    let run = ntm(d, &["user", "token", "revoke", &id]);
    assert!(run.ok, "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!("Đã thu hồi khoá API số {id}")),
        "{}",
        run.stdout
    );
    let run = ntm(d, &["user", "token", "list"]);
    let line = run
        .stdout
        .lines()
        .find(|l| l.contains("báo cáo quý"))
        .expect("still listed");
    assert!(line.contains("đã thu hồi lúc"), "{line}");
    let run = ntm(d, &["user", "token", "revoke", "9999"]);
    assert!(!run.ok);
    assert!(run.stderr.contains("không có khoá API số 9999"), "{}", run.stderr);
    // The audit trail holds each creation and the revocation.
    let audited: i64 = db(d)
        .query_row("SELECT count(*) FROM audit WHERE entity = 'api_token'", [], |r| {
            r.get(0)
        })
        .expect("audit");
    assert_eq!(audited, 3);
}

#[test]
fn the_argument_parser_and_the_system_speak_vietnamese() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let run = ntm(d, &["stast"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .contains("lỗi: không có lệnh \"stast\"; có phải ý bạn là lệnh \"stats\"?"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("Cách dùng: ntm"), "{}", run.stderr);
    assert_vietnamese(&run.stderr);
    let run = ntm(d, &["stats", "--unit", "109"]);
    assert!(run.stderr.contains("thiếu --period <KỲ>"), "{}", run.stderr);
    assert_vietnamese(&run.stderr);
    let run = ntm(d, &["plan", "status", "--unit", "109", "--year", "năm"]);
    assert!(
        run.stderr
            .contains("giá trị \"năm\" của --year <NĂM>: không phải số nguyên"),
        "{}",
        run.stderr
    );
    let run = ntm(d, &["--help"]);
    assert!(run.ok);
    assert!(
        run.stdout.contains("Cách dùng:") && run.stdout.contains("Lệnh:"),
        "{}",
        run.stdout
    );
    assert_vietnamese(&run.stdout);
    // The operating system's errors, translated and naming the file.
    let run = ntm(d, &["values", "import", "khong-co.csv"]);
    assert!(!run.ok);
    assert!(
        run.stderr
            .contains("không đọc được tệp khong-co.csv: không có tệp hoặc thư mục này"),
        "{}",
        run.stderr
    );
    assert_vietnamese(&run.stderr);
    let run = ntm(d, &["values", "import", "."]);
    assert!(run.stderr.contains("là một thư mục"), "{}", run.stderr);
    // TOML files: the line and a Vietnamese reason.
    std::fs::write(d.join("bo.toml"), "code = \"x\"\nname = [chưa đóng\n").expect("write");
    let run = ntm(d, &["criteria", "check", "bo.toml"]);
    assert!(!run.ok);
    assert!(run.stderr.contains("bo.toml:2: cú pháp TOML:"), "{}", run.stderr);
    assert_vietnamese(&run.stderr);
    assert!(ntm(d, &["init"]).ok);
    std::fs::write(d.join("ke-hoach.toml"), "[[targets]]\nunit = 109\n").expect("write");
    let run = ntm(d, &["plan", "import", "ke-hoach.toml"]);
    assert!(!run.ok);
    assert!(
        run.stderr
            .contains("ke-hoach.toml dòng 2: sai kiểu: là số nguyên 109, cần một chuỗi ký tự"),
        "{}",
        run.stderr
    );
    assert_vietnamese(&run.stderr);
}
