//! The messages of the libraries that read files and requests (serde and
//! its readers: TOML, JSON, query strings and forms; Rust's number parsers)
//! in Vietnamese. They are English and name no place; each reader calls
//! these at its boundary and adds the file, line, column or field. A
//! message not recognised becomes a general Vietnamese one: English never
//! reaches a user.

/// A value kind as serde's messages write it ("a string", "i32", "struct
/// Foo"), in Vietnamese.
fn expected_vi(expected: &str) -> String {
    let e = expected.trim().trim_end_matches('.');
    let integer = [
        "i8",
        "i16",
        "i32",
        "i64",
        "i128",
        "isize",
        "u8",
        "u16",
        "u32",
        "u64",
        "u128",
        "usize",
        "an integer",
    ];
    if integer.contains(&e) {
        return "một số nguyên".into();
    }
    if ["f32", "f64", "a float", "a number"].contains(&e) {
        return "một số".into();
    }
    if e.contains("string") || e == "a character" || e == "char" {
        return "một chuỗi ký tự".into();
    }
    if e == "a boolean" || e == "bool" {
        return "true hoặc false".into();
    }
    if e.starts_with("a sequence")
        || e.starts_with("a tuple")
        || e.starts_with("tuple")
        || e.contains("array")
    {
        return "một danh sách".into();
    }
    if e.starts_with("a map") || e.starts_with("struct ") || e.starts_with("a struct") || e.contains("table")
    {
        return "một đối tượng (bảng các trường)".into();
    }
    if e.contains("enum") || e.contains("variant") {
        return "một trong các giá trị được nhận".into();
    }
    if e.contains("date") || e.contains("Date") {
        return "một ngày dạng YYYY-MM-DD".into();
    }
    if e == "unit" || e == "null" {
        return "null".into();
    }
    if e == "option" {
        return "một giá trị hoặc null".into();
    }
    "giá trị đúng kiểu".into()
}

/// What was found, as serde writes it ("string \"abc\"", "integer `5`").
fn found_vi(found: &str) -> String {
    let f = found.trim();
    let quoted = |rest: &str| rest.trim().trim_matches('`').to_string();
    if let Some(rest) = f.strip_prefix("string ") {
        return format!("chuỗi {}", rest.trim());
    }
    if let Some(rest) = f.strip_prefix("integer ") {
        return format!("số nguyên {}", quoted(rest));
    }
    if let Some(rest) = f.strip_prefix("floating point ") {
        return format!("số {}", quoted(rest));
    }
    if let Some(rest) = f.strip_prefix("boolean ") {
        return format!("giá trị {}", quoted(rest));
    }
    if let Some(rest) = f.strip_prefix("character ") {
        return format!("ký tự {}", quoted(rest));
    }
    match f {
        "sequence" | "array" => "một danh sách".into(),
        "map" | "table" | "inline table" => "một đối tượng".into(),
        "null" | "unit value" | "unit" => "null".into(),
        "byte array" => "dữ liệu nhị phân".into(),
        _ => "một giá trị khác kiểu".into(),
    }
}

/// "`a`, `b` or `c`" → "a, b, c".
fn names_in(list: &str) -> String {
    list.replace(" or ", ", ")
        .split(',')
        .map(|s| s.trim().trim_matches('`'))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

fn between_backticks(text: &str) -> Option<&str> {
    let start = text.find('`')? + 1;
    let len = text[start..].find('`')?;
    Some(&text[start..start + len])
}

/// A message of serde's data model or of Rust's number parsers, in Vietnamese.
pub fn serde_vi(message: &str) -> String {
    let m = message.trim();
    if let Some(field) = m.strip_prefix("missing field ").and_then(between_backticks) {
        return format!("thiếu trường \"{field}\"");
    }
    if let Some(field) = m.strip_prefix("duplicate field ").and_then(between_backticks) {
        return format!("trường \"{field}\" bị ghi hai lần");
    }
    if let Some(rest) = m.strip_prefix("unknown field ") {
        let field = between_backticks(rest).unwrap_or("");
        return match rest.split_once("expected ") {
            Some((_, list)) => format!(
                "trường \"{field}\" không được hỗ trợ (các trường: {})",
                names_in(list.trim_start_matches("one of "))
            ),
            None => format!("trường \"{field}\" không được hỗ trợ"),
        };
    }
    if let Some(rest) = m.strip_prefix("unknown variant ") {
        let value = between_backticks(rest).unwrap_or("");
        return match rest.split_once("expected ") {
            Some((_, list)) => format!(
                "giá trị \"{value}\" không được nhận (chọn một trong: {})",
                names_in(list.trim_start_matches("one of "))
            ),
            None => format!("giá trị \"{value}\" không được nhận"),
        };
    }
    for (prefix, vi) in [
        ("invalid type: ", "sai kiểu"),
        ("invalid value: ", "giá trị không hợp lệ"),
    ] {
        if let Some(rest) = m.strip_prefix(prefix) {
            return match rest.rsplit_once(", expected ") {
                Some((found, expected)) => {
                    format!("{vi}: là {}, cần {}", found_vi(found), expected_vi(expected))
                }
                None => vi.to_string(),
            };
        }
    }
    if let Some(rest) = m.strip_prefix("invalid length ") {
        let (len, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!("số phần tử ({len}) không hợp lệ, cần {}", expected_vi(expected));
    }
    if m.starts_with("data did not match any variant") {
        return "giá trị không đúng dạng nào được nhận".into();
    }
    let parse_errors = [
        (
            "cannot parse integer from empty string",
            "ô trống, cần một số nguyên",
        ),
        ("invalid digit found in string", "không phải số nguyên"),
        ("number too large to fit in target type", "số quá lớn"),
        ("number too small to fit in target type", "số quá nhỏ"),
        ("number would be zero for non-zero type", "số phải khác 0"),
        ("cannot parse float from empty string", "ô trống, cần một số"),
        ("invalid float literal", "không phải số"),
        ("provided string was not `true` or `false`", "cần true hoặc false"),
        ("recursion limit exceeded", "dữ liệu lồng nhau quá sâu"),
    ];
    for (english, vi) in parse_errors {
        if m.starts_with(english) {
            return vi.into();
        }
    }
    "dữ liệu không đúng định dạng".into()
}

/// A JSON syntax message of serde_json (without its " at line … column …"),
/// in Vietnamese; data messages go through [`serde_vi`].
pub fn json_vi(message: &str) -> String {
    let m = message.split(" at line ").next().unwrap_or(message).trim();
    let syntax = [
        (
            "EOF while parsing a list",
            "tệp kết thúc giữa một danh sách (thiếu \"]\")",
        ),
        (
            "EOF while parsing an object",
            "tệp kết thúc giữa một đối tượng (thiếu \"}\")",
        ),
        (
            "EOF while parsing a string",
            "tệp kết thúc giữa một chuỗi (thiếu dấu \" đóng)",
        ),
        (
            "EOF while parsing a value",
            "nội dung trống hoặc kết thúc giữa chừng",
        ),
        ("expected `:`", "thiếu dấu \":\" sau tên trường"),
        ("expected `,` or `]`", "thiếu dấu \",\" hoặc \"]\""),
        ("expected `,` or `}`", "thiếu dấu \",\" hoặc \"}\""),
        (
            "expected ident",
            "giá trị không hợp lệ (true, false, null phải viết thường)",
        ),
        ("expected value", "cần một giá trị JSON"),
        ("expected `\"`", "cần dấu \""),
        ("invalid escape", "chuỗi có ký tự thoát (\\) không hợp lệ"),
        ("invalid number", "số không hợp lệ"),
        ("number out of range", "số vượt quá phạm vi"),
        ("invalid unicode code point", "mã Unicode không hợp lệ"),
        ("control character", "chuỗi có ký tự điều khiển chưa được thoát"),
        ("key must be a string", "tên trường phải là chuỗi trong dấu \""),
        ("lone leading surrogate", "mã Unicode không hợp lệ"),
        ("unexpected end of hex escape", "mã \\u không đủ 4 chữ số"),
        ("trailing comma", "thừa dấu \",\" ở cuối"),
        ("trailing characters", "còn nội dung sau khi JSON đã kết thúc"),
        ("recursion limit exceeded", "dữ liệu lồng nhau quá sâu"),
        ("invalid type", ""),
    ];
    for (english, vi) in syntax {
        if m.starts_with(english) && !vi.is_empty() {
            return vi.into();
        }
    }
    serde_vi(m)
}

/// A TOML message (syntax, or serde's), in Vietnamese.
pub fn toml_vi(message: &str) -> String {
    let m = message.trim();
    let serde = [
        "missing field",
        "unknown field",
        "unknown variant",
        "duplicate field",
        "invalid type:",
        "invalid value:",
        "invalid length",
        "data did not match",
    ];
    if serde.iter().any(|p| m.starts_with(p)) {
        return serde_vi(m);
    }
    let head = m.split(", expected").next().unwrap_or(m).trim();
    let syntax = [
        (
            "missing comma between array elements",
            "thiếu dấu \",\" giữa các phần tử của danh sách",
        ),
        (
            "missing assignment between key-value pairs",
            "thiếu dấu \"=\" giữa tên và giá trị",
        ),
        ("unclosed array table", "thiếu \"]]\" đóng tên bảng"),
        ("unclosed table", "thiếu \"]\" đóng tên bảng"),
        ("unclosed inline table", "thiếu \"}\" đóng bảng"),
        ("unclosed array", "thiếu \"]\" đóng danh sách"),
        (
            "missing key for inline table element",
            "thiếu tên trường trong bảng",
        ),
        ("missing inline table opening", "thiếu \"{\" mở bảng"),
        ("missing array opening", "thiếu \"[\" mở danh sách"),
        ("missing table open", "thiếu \"[\" mở tên bảng"),
        ("missing value for key", "tên trường chưa có giá trị"),
        ("missing value", "thiếu giá trị"),
        ("key with no value", "tên trường chưa có giá trị"),
        ("invalid key-value pair", "dòng không đúng dạng tên = giá trị"),
        ("invalid inline table element", "phần tử của bảng không hợp lệ"),
        ("extra comma", "thừa dấu \",\""),
        ("extra assignment", "thừa dấu \"=\""),
        ("extra `=`", "thừa dấu \"=\""),
        ("unexpected `=` in array", "dấu \"=\" trong danh sách"),
        ("unexpected content", "nội dung không hợp lệ"),
        ("unexpected key or value", "tên hoặc giá trị không đúng chỗ"),
        ("cannot recurse further", "dữ liệu lồng nhau quá sâu"),
        ("string values must be quoted", "chuỗi phải đặt trong dấu \""),
        (
            "invalid unquoted key",
            "tên trường không hợp lệ (dùng chữ không dấu, số, '-', '_' hoặc đặt trong dấu \")",
        ),
        ("unquoted keys cannot be empty", "tên trường trống"),
        ("missing opening quote", "thiếu dấu \" mở chuỗi"),
        ("missing escaped value", "chuỗi có ký tự thoát (\\) không hợp lệ"),
        ("invalid comment character", "ghi chú có ký tự không hợp lệ"),
        (
            "carriage return must be followed by newline",
            "ký tự xuống dòng không hợp lệ",
        ),
        ("unexpected leading zero", "số không được bắt đầu bằng 0"),
        ("too few unicode value digits", "mã \\u không đủ chữ số"),
        (
            "`_` may only go between digits",
            "dấu \"_\" chỉ được đặt giữa các chữ số",
        ),
        ("invalid basic string", "chuỗi không hợp lệ"),
        ("invalid literal string", "chuỗi không hợp lệ"),
        ("invalid multi-line", "chuỗi nhiều dòng không hợp lệ"),
        ("invalid string", "chuỗi không hợp lệ"),
        ("invalid date-time", "ngày giờ không hợp lệ"),
        ("invalid integer", "số nguyên không hợp lệ"),
        ("invalid float", "số không hợp lệ"),
        ("invalid boolean", "cần true hoặc false"),
        ("invalid value", "giá trị không hợp lệ"),
        ("invalid", "nội dung không hợp lệ"),
    ];
    for (english, vi) in syntax {
        if head.starts_with(english) {
            return vi.into();
        }
    }
    if let Some(key) = head.strip_prefix("duplicate key ").and_then(between_backticks) {
        return format!("tên \"{key}\" bị ghi hai lần");
    }
    if head.starts_with("duplicate key") {
        return "một tên bị ghi hai lần".into();
    }
    if let Some(rest) = m.strip_prefix("invalid table header") {
        let _ = rest;
        return "tên bảng không hợp lệ hoặc bị ghi hai lần".into();
    }
    serde_vi(m)
}

/// The line (1-based) of a byte offset in a text.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(1, |t| t.matches('\n').count() + 1)
}

/// A TOML error as "dòng N: …" (Vietnamese), for messages that name the file.
pub fn toml_error_vi(text: &str, error: &toml::de::Error) -> String {
    let message = toml_vi(error.message());
    match error.span() {
        Some(span) => format!("dòng {}: {message}", line_of(text, span.start)),
        None => message,
    }
}

/// An operating-system error (reading a file, opening a port) in
/// Vietnamese; the caller names the file or address.
pub fn io_error_vi(error: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let text = match error.kind() {
        K::NotFound => "không có tệp hoặc thư mục này",
        K::PermissionDenied => "không có quyền truy cập",
        K::AlreadyExists => "đã có sẵn",
        K::IsADirectory => "đây là một thư mục, không phải tệp",
        K::NotADirectory => "đường dẫn không phải thư mục",
        K::DirectoryNotEmpty => "thư mục không trống",
        K::InvalidData => "nội dung không đọc được (không phải văn bản UTF-8?)",
        K::UnexpectedEof => "tệp kết thúc đột ngột",
        K::StorageFull => "ổ đĩa đã đầy",
        K::ReadOnlyFilesystem => "ổ đĩa chỉ cho đọc",
        K::FileTooLarge => "tệp quá lớn",
        K::AddrInUse => "địa chỉ (cổng) đang được chương trình khác dùng",
        K::AddrNotAvailable => "địa chỉ này không có trên máy",
        K::ConnectionRefused => "bị từ chối kết nối (máy chủ chưa chạy hoặc sai cổng?)",
        K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe => "kết nối bị ngắt",
        K::NotConnected => "chưa kết nối",
        K::TimedOut => "hết thời gian chờ",
        K::Interrupted => "bị ngắt giữa chừng",
        K::OutOfMemory => "không đủ bộ nhớ",
        K::InvalidInput => "đường dẫn hoặc giá trị không hợp lệ",
        K::Unsupported => "hệ điều hành không hỗ trợ thao tác này",
        K::WouldBlock => "tài nguyên đang bận",
        _ => {
            return match error.raw_os_error() {
                Some(code) => format!("lỗi hệ điều hành (mã {code})"),
                None => "lỗi đọc ghi".to_string(),
            };
        }
    };
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_become_vietnamese() {
        assert_eq!(serde_vi("missing field `year`"), "thiếu trường \"year\"");
        assert_eq!(
            serde_vi("unknown field `yaer`, expected `year` or `as_of`"),
            "trường \"yaer\" không được hỗ trợ (các trường: year, as_of)"
        );
        assert_eq!(
            serde_vi("unknown variant `sumbit`, expected one of `submit`, `accept`, `return`"),
            "giá trị \"sumbit\" không được nhận (chọn một trong: submit, accept, return)"
        );
        assert_eq!(
            serde_vi("invalid type: string \"ba\", expected i64"),
            "sai kiểu: là chuỗi \"ba\", cần một số nguyên"
        );
        assert_eq!(serde_vi("invalid digit found in string"), "không phải số nguyên");
        assert_eq!(
            serde_vi("something else entirely"),
            "dữ liệu không đúng định dạng"
        );
    }

    #[test]
    fn operating_system_errors_become_vietnamese() {
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(io_error_vi(&missing), "không có tệp hoặc thư mục này");
        assert_eq!(
            io_error_vi(&std::io::Error::from_raw_os_error(9999)),
            "lỗi hệ điều hành (mã 9999)"
        );
    }

    #[test]
    fn json_and_toml_messages_become_vietnamese() {
        let e = serde_json::from_str::<serde_json::Value>("{\"a\": 1,").unwrap_err();
        assert_eq!(json_vi(&e.to_string()), "nội dung trống hoặc kết thúc giữa chừng");
        let text = "code = \"x\"\nname = \n";
        let e = toml::from_str::<toml::Table>(text).unwrap_err();
        let vi = toml_error_vi(text, &e);
        assert!(vi.starts_with("dòng 2: "), "{vi}");
        assert!(!vi.contains("expected"), "{vi}");
        let e = toml::from_str::<toml::Table>("a = 1\na = 2\n").unwrap_err();
        assert!(toml_vi(e.message()).contains("hai lần"), "{}", e.message());
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Unit {
            unit: String,
        }
        let e = toml::from_str::<Unit>("unit = 3\n").unwrap_err();
        assert_eq!(
            toml_vi(e.message()),
            "sai kiểu: là số nguyên 3, cần một chuỗi ký tự"
        );
    }
}
