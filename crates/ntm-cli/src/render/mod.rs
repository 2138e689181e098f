//! Readable Vietnamese text output for the terminal.

pub mod criteria;
pub mod evaluation;
pub mod money;
pub mod plans;
pub mod stats;

/// Pads `text` with spaces to `width` characters (not bytes: Vietnamese
/// letters take several bytes).
pub fn pad(text: &str, width: usize) -> String {
    let len = text.chars().count();
    if len >= width {
        text.to_string()
    } else {
        format!("{text}{}", " ".repeat(width - len))
    }
}

/// Cuts `text` to `width` characters, marking the cut with "…".
pub fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        pad(text, width)
    } else {
        let cut: String = text.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// "Mường So, Khổng Lào" or "—" for an empty list.
pub fn names(list: &[String]) -> String {
    if list.is_empty() {
        "—".to_string()
    } else {
        list.join(", ")
    }
}
