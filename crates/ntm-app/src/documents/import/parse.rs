//! Cell parsers shared by the importers.

use ntm_core::quantity::Quantity;
use ntm_core::unit::Flag;

/// "đạt", "có", "x", "1" → true; "không đạt", "chưa đạt", "không", "0" → false.
pub fn parse_yes_no(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "đạt" | "dat" | "có" | "co" | "x" | "1" | "true" | "yes" | "met" => Some(true),
        "không đạt" | "chưa đạt" | "khong dat" | "chua dat" | "không" | "khong" | "0" | "false" | "no"
        | "not met" => Some(false),
        _ => None,
    }
}

/// A quantity cell, with the reason when it is not one.
pub fn parse_quantity(text: &str) -> Result<Quantity, String> {
    Quantity::parse_vi(text).map_err(|e| e.to_string())
}

/// Flags separated by ";", "," or spaces.
pub fn parse_flags(text: &str) -> Result<Vec<Flag>, String> {
    text.split([';', ',', ' ', '|'])
        .filter(|t| !t.trim().is_empty())
        .map(|t| t.parse::<Flag>().map_err(|e| e.to_string()))
        .collect()
}
