//! A screenful of errors. A file with a million bad rows must not print a
//! million lines: every screen (the command line, the import page, the
//! API's `errors`) lists the first [`ERRORS_SHOWN`] in file order and
//! counts the rest.

use super::limits::ERRORS_SHOWN;
use crate::quantity::group_thousands;

/// The errors a screen lists, and how many it leaves out.
pub fn screenful<T>(errors: &[T]) -> (&[T], usize) {
    let shown = errors.len().min(ERRORS_SHOWN);
    (&errors[..shown], errors.len() - shown)
}

/// "… và 1.234 lỗi khác", when some were left out.
pub fn more_errors_line(more: usize) -> Option<String> {
    (more > 0).then(|| format!("… và {} lỗi khác", group_thousands(more as u64)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_list_is_cut_to_a_screenful_and_counted() {
        let errors: Vec<usize> = (0..1_500).collect();
        let (shown, more) = screenful(&errors);
        assert_eq!(shown.len(), ERRORS_SHOWN);
        assert_eq!(shown[0], 0);
        assert_eq!(more_errors_line(more).unwrap(), "… và 1.480 lỗi khác");
        assert_eq!(screenful(&errors[..3]).1, 0);
        assert_eq!(more_errors_line(0), None);
    }
}
