//! The argument parser (clap) in Vietnamese: its help (headings, the help
//! and version flags, defaults, environment variables, possible values) and
//! its errors, one message per kind, naming the argument and the value.
//! clap has no translations of its own; its fixed English words are
//! replaced here, in the one place the command line is read.

use std::fmt::Write as _;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, FromArgMatches};
use ntm_core::input::messages::serde_vi;

use crate::Cli;

/// clap's fixed English words in help and usage, and their Vietnamese.
const HELP_WORDS: &[(&str, &str)] = &[
    (
        "Print help (see more with '--help')",
        "In hướng dẫn (xem đầy đủ: --help)",
    ),
    (
        "Print help (see a summary with '-h')",
        "In hướng dẫn (xem tóm tắt: -h)",
    ),
    (
        "Print this message or the help of the given subcommand(s)",
        "In hướng dẫn này hoặc hướng dẫn của một lệnh",
    ),
    ("Print help for the subcommand(s)", "In hướng dẫn của lệnh"),
    ("Print help", "In hướng dẫn"),
    ("Print version", "In phiên bản"),
    ("Usage:", "Cách dùng:"),
    ("\nCommands:\n", "\nLệnh:\n"),
    ("\nArguments:\n", "\nĐối số:\n"),
    ("\nOptions:\n", "\nTuỳ chọn:\n"),
    ("Possible values:", "Các giá trị:"),
    ("[default: ", "[mặc định: "),
    ("[env: ", "[biến môi trường: "),
    ("[possible values: ", "[giá trị: "),
    ("[aliases: ", "[tên khác: "),
    ("[OPTIONS]", "[TUỲ_CHỌN]"),
    ("<COMMAND>", "<LỆNH>"),
    ("[COMMAND]", "[LỆNH]"),
];

/// Each argument's placeholder in help and errors, and its help where the
/// command's definition gives none (by the argument's id).
const ARGUMENTS: &[(&str, &str, &str)] = &[
    ("db", "URL", ""),
    ("criteria_dir", "THƯ_MỤC", ""),
    (
        "unit",
        "MÃ",
        "Mã đơn vị (tỉnh, huyện, xã, thôn), ví dụ 12, 109, 03589",
    ),
    ("period", "KỲ", "Kỳ báo cáo: 2023, 2023-Q3, 2023-H1 hoặc 2023-9M"),
    ("as_of", "KỲ", ""),
    ("set", "BỘ", "Mã bộ tiêu chí (mặc định: bộ đang có hiệu lực)"),
    (
        "format",
        "ĐỊNH_DẠNG",
        "Định dạng in ra: text (bảng chữ) hoặc json",
    ),
    ("out", "TỆP", "Tệp ghi ra"),
    ("file", "TỆP", "Tệp cần nhập hoặc kiểm tra"),
    ("year", "NĂM", "Năm, ví dụ 2024"),
    ("by", "TÊN", ""),
    ("addr", "ĐỊA_CHỈ", ""),
    ("username", "TÊN_ĐĂNG_NHẬP", "Tên đăng nhập của người dùng"),
    ("name", "TÊN", ""),
    ("role", "VAI_TRÒ", ""),
    ("agency", "MÃ_CƠ_QUAN", ""),
    ("map", "LỚP", ""),
    ("set_code", "BỘ", "Mã bộ tiêu chí"),
];

/// The command with Vietnamese placeholders and help for every argument,
/// in every subcommand.
fn localised(command: clap::Command) -> clap::Command {
    command
        .mut_args(|arg| {
            let Some((_, placeholder, help)) = ARGUMENTS.iter().find(|(id, _, _)| arg.get_id() == *id) else {
                return arg;
            };
            let takes_value = arg.get_num_args().is_none_or(|n| n.takes_values());
            let mut arg = if takes_value && !matches!(arg.get_action(), clap::ArgAction::SetTrue) {
                arg.value_name(*placeholder)
            } else {
                arg
            };
            if arg.get_help().is_none() && !help.is_empty() {
                arg = arg.help(*help);
            }
            arg
        })
        .mut_subcommands(localised)
}

/// The command line's definition, in Vietnamese.
pub fn command() -> clap::Command {
    localised(Cli::command())
}

/// Help or usage text with clap's English replaced.
pub fn vietnamese(text: &str) -> String {
    let mut out = text.to_string();
    for (english, vi) in HELP_WORDS {
        out = out.replace(english, vi);
    }
    out
}

fn context(error: &clap::Error, kind: ContextKind) -> Option<String> {
    error.get(kind).map(|value| match value {
        ContextValue::Strings(list) => list.join(", "),
        ContextValue::StyledStrs(list) => list
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    })
}

/// A parse error in Vietnamese: what is wrong, the usage, where to read more.
pub fn error_text(error: &clap::Error) -> String {
    let arg = context(error, ContextKind::InvalidArg).unwrap_or_default();
    let value = context(error, ContextKind::InvalidValue).unwrap_or_default();
    let mut text = match error.kind() {
        ErrorKind::InvalidValue => {
            let mut t = if value.is_empty() {
                format!("{arg} cần một giá trị")
            } else {
                format!("giá trị \"{value}\" không hợp lệ cho {arg}")
            };
            if let Some(valid) = context(error, ContextKind::ValidValue) {
                let _ = write!(t, " (các giá trị: {valid})");
            }
            t
        }
        ErrorKind::UnknownArgument => format!("không có tuỳ chọn \"{arg}\""),
        ErrorKind::InvalidSubcommand => {
            let name = context(error, ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("không có lệnh \"{name}\"")
        }
        ErrorKind::NoEquals => format!("{arg} cần dấu = trước giá trị"),
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(error)
                .map(|e| serde_vi(&e.to_string()))
                .unwrap_or_else(|| "không hợp lệ".into());
            format!("giá trị \"{value}\" của {arg}: {why}")
        }
        ErrorKind::TooManyValues => format!("{arg}: thừa giá trị \"{value}\""),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("{arg}: số giá trị không đúng")
        }
        ErrorKind::ArgumentConflict => {
            let prior = context(error, ContextKind::PriorArg).unwrap_or_default();
            format!("{arg} không dùng cùng với {prior}")
        }
        ErrorKind::MissingRequiredArgument => format!("thiếu {arg}"),
        ErrorKind::MissingSubcommand => "thiếu lệnh: hãy chọn một lệnh".to_string(),
        ErrorKind::InvalidUtf8 => "đối số không phải văn bản UTF-8".to_string(),
        _ => "không đọc được dòng lệnh".to_string(),
    };
    for (kind, prefix) in [
        (ContextKind::SuggestedSubcommand, "có phải ý bạn là lệnh"),
        (ContextKind::SuggestedArg, "có phải ý bạn là"),
        (ContextKind::SuggestedValue, "có phải ý bạn là"),
    ] {
        if let Some(suggested) = context(error, kind) {
            let _ = write!(text, "; {prefix} \"{suggested}\"?");
        }
    }
    if let Some(trailing) = context(error, ContextKind::TrailingArg)
        && trailing == "true"
    {
        text.push_str("; nếu đó là một giá trị bắt đầu bằng '-', hãy viết '-- giá-trị'");
    }
    let mut out = format!("lỗi: {text}\n");
    if let Some(usage) = context(error, ContextKind::Usage) {
        let _ = write!(out, "\n{}\n", vietnamese(&usage));
    }
    out.push_str("\nXem thêm: ntm --help (hoặc ntm LỆNH --help)\n");
    out
}

/// Reads the command line; prints help, the version or the error (in
/// Vietnamese) and exits when it asks for them or is wrong.
pub fn parse() -> Cli {
    let mut command = command();
    let matches = match command.try_get_matches_from_mut(std::env::args_os()) {
        Ok(m) => m,
        Err(e) => exit_with(&e),
    };
    match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => exit_with(&e.with_cmd(&command)),
    }
}

fn exit_with(error: &clap::Error) -> ! {
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let text = vietnamese(&error.render().to_string());
            println!("{}", text.trim_end());
            std::process::exit(0);
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            eprint!("{}", vietnamese(&error.render().to_string()));
            std::process::exit(2);
        }
        _ => {
            eprint!("{}", error_text(error));
            std::process::exit(2);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(args: &[&str]) -> String {
        let mut command = command();
        let e = command.try_get_matches_from_mut(args).expect_err("an error");
        error_text(&e)
    }

    #[test]
    fn parse_errors_are_vietnamese_and_name_the_argument() {
        let e = error_of(&["ntm", "stats", "--unit", "109"]);
        assert!(e.starts_with("lỗi: thiếu --period <KỲ>"), "{e}");
        assert!(e.contains("Cách dùng: ntm stats"), "{e}");
        let e = error_of(&["ntm", "stast"]);
        assert!(
            e.contains("không có lệnh \"stast\"; có phải ý bạn là lệnh \"stats\"?"),
            "{e}"
        );
        let e = error_of(&["ntm", "stats", "--bogus"]);
        assert!(e.contains("không có tuỳ chọn \"--bogus\""), "{e}");
        let e = error_of(&["ntm", "plan", "status", "--unit", "109", "--year", "hai"]);
        assert!(
            e.contains("giá trị \"hai\" của --year <NĂM>: không phải số nguyên"),
            "{e}"
        );
        let e = error_of(&["ntm", "demo", "--format", "xml"]);
        assert!(
            e.contains("giá trị \"xml\" không hợp lệ cho --format <ĐỊNH_DẠNG> (các giá trị: text, json)"),
            "{e}"
        );
        for english in [
            "error:",
            "Usage:",
            "For more information",
            "required",
            "unexpected",
        ] {
            assert!(!e.contains(english), "{english} in {e}");
        }
    }

    #[test]
    fn help_is_vietnamese() {
        let help = vietnamese(&command().render_help().to_string());
        let stats = command()
            .find_subcommand_mut("stats")
            .map(|c| vietnamese(&c.render_help().to_string()))
            .unwrap_or_default();
        assert!(
            stats.contains("--unit <MÃ>") && stats.contains("Mã đơn vị (tỉnh"),
            "{stats}"
        );
        assert!(!help.contains("The ntm command"), "{help}");
        assert!(help.contains("Cách dùng: ntm"), "{help}");
        assert!(help.contains("\nLệnh:\n"), "{help}");
        assert!(help.contains("In hướng dẫn"), "{help}");
        assert!(help.contains("[biến môi trường: NTM_DATABASE_URL=]"), "{help}");
        assert!(help.contains("--db <ĐỊA_CHỈ>"), "{help}");
        assert!(help.contains("theo dõi, đánh giá Chương trình MTQG"), "{help}");
        for english in ["Usage", "Commands:", "Options:", "Print help", "[default", "[env"] {
            assert!(!help.contains(english), "{english} in {help}");
        }
    }
}
