//! `ntm`: the command line of the NTM monitoring system. Every error is a
//! clear message naming the place, with a non-zero exit; nothing is half
//! written (imports are one transaction).

mod args_vi;
mod commands;
mod config;
mod progress;
mod render;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// What `ntm --version` prints: the release, the schema version it
/// creates and expects, and the build (git commit and its date).
pub fn version_text() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        format!(
            "{} (lược đồ cơ sở dữ liệu {}; bản dựng {}, {})",
            env!("CARGO_PKG_VERSION"),
            ntm_store::SCHEMA_VERSION,
            env!("NTM_BUILD_COMMIT"),
            env!("NTM_BUILD_DATE")
        )
    })
}

/// ntm — theo dõi, đánh giá Chương trình MTQG xây dựng nông thôn mới.
#[derive(Debug, Parser)]
#[command(name = "ntm", version = version_text(), long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub global: config::GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Tạo (hoặc nâng cấp) cơ sở dữ liệu.
    Init,
    /// Dựng cơ sở dữ liệu mẫu (tỉnh Lai Châu) và in số liệu huyện Phong Thổ năm 2023.
    Demo {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Bộ tiêu chí: liệt kê, xem, kiểm tra tệp.
    #[command(subcommand)]
    Criteria(CriteriaCommand),
    /// Đơn vị hành chính.
    #[command(subcommand)]
    Units(UnitsCommand),
    /// Số liệu chỉ tiêu và kết quả đánh giá tiêu chí.
    #[command(subcommand)]
    Values(ValuesCommand),
    /// Đánh giá một xã, thôn (chi tiết) hoặc các xã của một huyện, tỉnh.
    Evaluate {
        #[arg(long)]
        unit: String,
        #[arg(long)]
        period: String,
        /// Mã bộ tiêu chí (mặc định: bộ đang có hiệu lực).
        #[arg(long)]
        set: Option<String>,
        /// Hiểu mã là đơn vị hiện nay; với kỳ trước năm 2025, xem các đơn vị tiền thân của nó.
        #[arg(long)]
        today: bool,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Chạy ứng dụng web và API (mặc định http://127.0.0.1:8080).
    Serve {
        /// Dựng cơ sở dữ liệu mẫu mới (tệp ntm-demo.db) với các tài khoản mẫu.
        #[arg(long)]
        demo: bool,
        /// In cấu hình sẽ dùng (sau khi gộp tệp cấu hình, biến môi trường, tham số) rồi dừng.
        #[arg(long)]
        print_config: bool,
        #[command(flatten)]
        options: config::ServeArgs,
    },
    /// Sao lưu cơ sở dữ liệu (kể cả tệp minh chứng) trong khi máy chủ vẫn chạy.
    Backup(config::BackupArgs),
    /// Khôi phục một bản sao lưu vào một cơ sở dữ liệu trống.
    Restore {
        /// Tệp sao lưu (do ntm backup tạo).
        file: PathBuf,
    },
    /// Báo cáo của một đơn vị trong một kỳ: phụ biểu (xlsx) hoặc báo cáo (docx).
    Report {
        #[arg(long)]
        unit: String,
        #[arg(long)]
        period: String,
        /// Định dạng: xlsx (phụ biểu, Excel) hoặc docx (báo cáo, Word).
        #[arg(long, value_enum)]
        format: DocumentFormat,
        /// Tệp ghi ra.
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        set: Option<String>,
        /// Bản đồ kèm báo cáo: criteria (mặc định), criterion:N, plan, money hoặc none.
        #[arg(long)]
        map: Option<String>,
        /// Ngày của văn bản (mặc định: hôm nay), ví dụ 2024-01-15: quyết định cơ quan ban hành.
        #[arg(long)]
        date: Option<String>,
        /// Tệp bố cục phụ biểu (TOML) dùng cho lần này thay cho bố cục của tỉnh.
        #[arg(long)]
        layout: Option<PathBuf>,
        /// Ghi thêm danh sách các điểm cần xem lại (xlsx) vào tệp này; không đưa vào báo cáo.
        #[arg(long)]
        checks: Option<PathBuf>,
    },
    /// Đặt bố cục phụ biểu (số, tên các phụ biểu) của một tỉnh từ tệp TOML.
    ReportLayout {
        /// Mã tỉnh, ví dụ 12.
        #[arg(long)]
        province: String,
        file: PathBuf,
    },
    /// Mẫu nhập số liệu (xlsx) cho các xã (hoặc thôn, bản) của một đơn vị, điền sẵn số liệu hiện có.
    Template {
        #[arg(long)]
        unit: String,
        #[arg(long)]
        period: String,
        /// Mẫu cho các thôn, bản thay vì các xã.
        #[arg(long)]
        villages: bool,
        #[arg(long)]
        out: PathBuf,
    },
    /// Nhập một tệp: mẫu nhập số liệu (xlsx) hoặc tệp CSV số liệu, đơn vị.
    Import {
        file: PathBuf,
        /// Người nhập (ghi vào nhật ký thay đổi).
        #[arg(long)]
        by: Option<String>,
    },
    /// Kế hoạch: chỉ tiêu và đăng ký so với thực hiện.
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Các chỉ tiêu còn thiếu của từng xã và thứ tự ưu tiên.
    Gaps {
        #[arg(long)]
        unit: String,
        #[arg(long)]
        period: String,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Vốn: kế hoạch, huy động theo nguồn, giải ngân, đóng góp của nhân dân.
    #[command(subcommand)]
    Money(MoneyCommand),
    /// Chu kỳ báo cáo: ai đã gửi, đúng hạn hay chậm, đã phê duyệt chưa.
    #[command(subcommand)]
    Cycle(CycleCommand),
    /// Bản đồ một tỉnh, huyện (các xã) hoặc xã (các thôn) trong một kỳ: tệp .svg, .png hoặc .geojson.
    Map {
        #[arg(long)]
        unit: String,
        #[arg(long)]
        period: String,
        /// Tô màu theo: criteria (số tiêu chí đạt), criterion:N (một tiêu chí), plan, money.
        #[arg(long, default_value = "criteria")]
        by: String,
        #[arg(long)]
        set: Option<String>,
        /// Tệp ghi ra; phần đuôi chọn định dạng: .svg, .png hoặc .geojson.
        #[arg(long)]
        out: PathBuf,
    },
    /// Ranh giới đơn vị hành chính cho bản đồ.
    #[command(subcommand)]
    Geometry(GeometryCommand),
    /// Người dùng: thêm, đặt mật khẩu, liệt kê, khoá, mở khoá, tạo khoá API.
    #[command(subcommand)]
    User(UserCommand),
    /// Số liệu tổng hợp của một đơn vị trong một kỳ.
    Stats {
        #[arg(long)]
        unit: String,
        #[arg(long)]
        period: String,
        #[arg(long)]
        set: Option<String>,
        /// Kỳ trước theo đơn vị hành chính hiện nay: số liệu của xã mới suy ra từ các xã cũ.
        #[arg(long)]
        today: bool,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Debug, Subcommand)]
pub enum CriteriaCommand {
    /// Các bộ tiêu chí: có sẵn, đã ban hành trên ntm và các dự thảo.
    List,
    /// Toàn bộ một bộ tiêu chí (MÃ hoặc MÃ@PHIÊN_BẢN, kể cả dự thảo): tiêu chí, chỉ tiêu, ngưỡng và nguồn.
    Show {
        set: String,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Kiểm tra một tệp bộ tiêu chí (TOML).
    Check { file: PathBuf },
    /// Ghi một bộ tiêu chí (MÃ hoặc MÃ@PHIÊN_BẢN) ra tệp Excel để soạn, điền ngưỡng.
    Export {
        set: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Nhập tệp Excel bộ tiêu chí đã điền: cập nhật dự thảo, hoặc tạo phiên bản mới.
    Import {
        file: PathBuf,
        /// Người nhập (ghi vào nhật ký và vào từng ngưỡng đã sửa).
        #[arg(long)]
        by: Option<String>,
    },
    /// Bắt đầu một dự thảo: phiên bản mới của một bộ, hoặc một bộ mới (--code) từ bộ đó.
    New {
        /// Bộ làm gốc: MÃ hoặc MÃ@PHIÊN_BẢN.
        #[arg(long)]
        from: String,
        /// Mã của bộ mới (bỏ trống: phiên bản mới của bộ gốc).
        #[arg(long)]
        code: Option<String>,
        #[arg(long)]
        name: Option<String>,
        /// Bộ riêng của một tỉnh (mã tỉnh).
        #[arg(long)]
        province: Option<String>,
    },
    /// Xem trước: các xã, thôn đổi kết quả nếu ban hành dự thảo (MÃ@PHIÊN_BẢN), và số liệu chung mới.
    Preview {
        version: String,
        /// Kỳ số liệu (mặc định: năm nay).
        #[arg(long)]
        period: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Ban hành dự thảo (MÃ@PHIÊN_BẢN) có hiệu lực từ một ngày.
    Publish {
        version: String,
        /// Ngày có hiệu lực (2026-02-15 hoặc 15/02/2026).
        #[arg(long)]
        from: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Chỉ tiêu kế hoạch của một đơn vị trong một năm so với thực hiện.
    Status {
        #[arg(long)]
        unit: String,
        #[arg(long)]
        year: i32,
        /// Kỳ lấy số liệu thực hiện (mặc định: kỳ mới nhất có số liệu).
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Nạp tệp kế hoạch (TOML: chỉ tiêu, đăng ký, đơn giá).
    Import { file: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum MoneyCommand {
    /// Vốn của một đơn vị trong một năm.
    Summary {
        #[arg(long)]
        unit: String,
        #[arg(long)]
        year: i32,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Nhập vốn theo nguồn, dự án, giải ngân hoặc đóng góp từ tệp CSV, XLSX (hoặc tệp TOML).
    Import {
        file: PathBuf,
        #[arg(long)]
        by: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum CycleCommand {
    /// Tình hình gửi, xem xét, phê duyệt báo cáo của một kỳ.
    Status {
        #[arg(long)]
        unit: String,
        #[arg(long)]
        period: String,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum DocumentFormat {
    /// Phụ biểu (Excel).
    Xlsx,
    /// Báo cáo (Word).
    Docx,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Thêm người dùng; mật khẩu đọc từ NTM_PASSWORD hoặc dòng đầu của đầu vào chuẩn.
    Add {
        username: String,
        /// Họ tên hoặc tên cơ quan.
        #[arg(long)]
        name: String,
        /// administrator, coordinator, agency, commune_officer hoặc viewer.
        #[arg(long)]
        role: String,
        /// Mã đơn vị (xã, huyện, tỉnh) của người dùng.
        #[arg(long)]
        unit: Option<String>,
        /// Mã cơ quan (vai trò agency), ví dụ 109-ktht.
        #[arg(long)]
        agency: Option<String>,
    },
    /// Đặt mật khẩu mới (đọc từ NTM_PASSWORD hoặc đầu vào chuẩn).
    Passwd { username: String },
    /// Liệt kê người dùng.
    List,
    /// Khoá người dùng (kết thúc mọi phiên đăng nhập).
    Disable { username: String },
    /// Mở khoá người dùng.
    Enable { username: String },
    /// Khoá API: tạo (ntm user token TÊN_ĐĂNG_NHẬP --name …), liệt kê, thu hồi.
    #[command(args_conflicts_with_subcommands = true)]
    Token {
        #[command(subcommand)]
        action: Option<TokenCommand>,
        /// Tên đăng nhập của người dùng được tạo khoá.
        username: Option<String>,
        /// Tên khoá (kịch bản dùng nó).
        #[arg(long)]
        name: Option<String>,
        /// Số ngày khoá còn hiệu lực (1-365, mặc định 90).
        #[arg(long)]
        days: Option<u32>,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Tạo khoá API cho một người dùng (in ra một lần).
    Create {
        username: String,
        /// Tên khoá (kịch bản dùng nó).
        #[arg(long)]
        name: String,
        /// Số ngày khoá còn hiệu lực (1-365, mặc định 90).
        #[arg(long)]
        days: Option<u32>,
    },
    /// Liệt kê khoá API (của một người dùng, hoặc của mọi người).
    List { username: Option<String> },
    /// Thu hồi một khoá API theo số của nó (xem ntm user token list).
    Revoke { id: i64 },
}

#[derive(Debug, Subcommand)]
pub enum GeometryCommand {
    /// Nhập ranh giới từ tệp GeoJSON (mỗi đối tượng một đơn vị, thuộc tính code là mã đơn vị).
    Import {
        file: PathBuf,
        /// Người nhập (ghi vào nhật ký thay đổi).
        #[arg(long)]
        by: Option<String>,
    },
    /// Ghi ra các ranh giới đã lưu của một đơn vị và các đơn vị trực thuộc (GeoJSON).
    Export {
        #[arg(long)]
        unit: String,
        #[arg(long)]
        period: String,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum UnitsCommand {
    /// Nhập đơn vị (hoặc quan hệ kế thừa sáp nhập/chia tách) từ tệp CSV.
    Import { file: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum ValuesCommand {
    /// Nhập số liệu chỉ tiêu, kết quả đánh giá tiêu chí từ tệp CSV.
    Import {
        file: PathBuf,
        /// Người nhập (ghi cùng từng giá trị).
        #[arg(long)]
        by: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = args_vi::parse();
    let settings = match config::Settings::resolve(&cli.global) {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("lỗi: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    let default_log = if matches!(cli.command, Command::Serve { .. }) {
        "info"
    } else {
        "warn"
    };
    let filter = settings.log.as_deref().unwrap_or(default_log);
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_new(filter)
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_log)),
        )
        .with_writer(std::io::stderr)
        // Colours only on a terminal: a log file holds plain text.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    // Database calls run on blocking threads; a few suffice (SQLite has one
    // writer and three readers) and keep memory low under many clients.
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(16)
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("lỗi: không khởi động được: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::run(cli, settings)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lỗi: {}", error_text(&e));
            ExitCode::FAILURE
        }
    }
}

/// An error with its context, in Vietnamese: ntm's own errors say
/// everything (their sources, a library's English, are not repeated); an
/// operating-system error is translated.
fn error_text(error: &anyhow::Error) -> String {
    let mut parts = Vec::new();
    for cause in error.chain() {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            parts.push(ntm_core::input::messages::io_error_vi(io));
            break;
        }
        parts.push(cause.to_string());
        if cause.is::<ntm_app::AppError>() || cause.is::<ntm_store::StoreError>() {
            break;
        }
    }
    parts.join(": ")
}
