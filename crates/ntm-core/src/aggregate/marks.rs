//! The mark a figure carries when it rests on estimated (filled-in) or
//! derived values, and the footnote every page, workbook and report prints
//! for it: the same words everywhere, from one place.

use crate::provenance::Provenance;

/// Which units a figure counts on estimated or derived values (by name).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Marks {
    pub estimated: Vec<String>,
    pub derived: Vec<String>,
}

impl Marks {
    pub fn is_empty(&self) -> bool {
        self.estimated.is_empty() && self.derived.is_empty()
    }

    /// Adds a unit under its mark (estimated before derived), once.
    pub fn add(&mut self, name: &str, mark: Provenance) {
        let list = match mark {
            Provenance::Estimated => &mut self.estimated,
            Provenance::Derived => &mut self.derived,
            _ => return,
        };
        if !list.iter().any(|n| n == name) {
            list.push(name.to_string());
        }
    }

    /// Adds a unit whose estimated / derived flags are given.
    pub fn add_flags(&mut self, name: &str, estimated: bool, derived: bool) {
        if estimated {
            self.add(name, Provenance::Estimated);
        } else if derived {
            self.add(name, Provenance::Derived);
        }
    }

    /// Everything of `other` in this one.
    pub fn extend(&mut self, other: &Marks) {
        for n in &other.estimated {
            self.add(n, Provenance::Estimated);
        }
        for n in &other.derived {
            self.add(n, Provenance::Derived);
        }
    }

    /// The footnote: "Có dùng số liệu ước tính, điền bổ sung (Lản Nhì
    /// Thàng) và số liệu suy ra (Bản Lang, Nậm Xe)"; `None` when unmarked.
    /// `what` qualifies the data ("năm 2022"), or is empty.
    pub fn note(&self, what: &str) -> Option<String> {
        self.note_within(what, 0)
    }

    /// The same, saying "cả 16 xã" rather than listing them when a mark
    /// covers all `total` communes of the figure (0: always list).
    pub fn note_within(&self, what: &str, total: usize) -> Option<String> {
        let clause = self.clause(what, total)?;
        let mut chars = clause.chars();
        Some(
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default(),
        )
    }

    /// The footnote as a clause: "có dùng số liệu … (…)".
    pub fn clause(&self, what: &str, total: usize) -> Option<String> {
        if self.is_empty() {
            return None;
        }
        let what = what.trim();
        let subject = if what.is_empty() {
            String::new()
        } else {
            format!(" {what}")
        };
        let whose = |names: &[String]| {
            if total > 1 && names.len() == total {
                format!("của cả {total} xã")
            } else {
                names_of(names)
            }
        };
        let mut parts = Vec::new();
        if !self.estimated.is_empty() {
            parts.push(format!(
                "số liệu{subject} ước tính, điền bổ sung ({})",
                whose(&self.estimated)
            ));
        }
        if !self.derived.is_empty() {
            parts.push(format!("số liệu{subject} suy ra ({})", whose(&self.derived)));
        }
        Some(format!("có dùng {}", parts.join(" và ")))
    }
}

/// Counted marks (villages: too many to name).
pub fn count_note(estimated: u32, derived: u32, units: &str) -> Option<String> {
    let mut parts = Vec::new();
    if estimated > 0 {
        parts.push(format!("{estimated} {units} có số liệu ước tính, điền bổ sung"));
    }
    if derived > 0 {
        parts.push(format!("{derived} {units} có số liệu suy ra"));
    }
    (!parts.is_empty()).then(|| format!("Trong đó {}", parts.join("; ")))
}

/// At most a dozen names, then how many more.
fn names_of(names: &[String]) -> String {
    const SHOWN: usize = 12;
    if names.len() <= SHOWN {
        names.join(", ")
    } else {
        format!(
            "{} và {} đơn vị khác",
            names[..SHOWN].join(", "),
            names.len() - SHOWN
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_name_the_units_under_each_mark() {
        let mut m = Marks::default();
        assert_eq!(m.note(""), None);
        m.add("Lản Nhì Thàng", Provenance::Estimated);
        m.add("Bản Lang", Provenance::Derived);
        m.add("Bản Lang", Provenance::Derived);
        m.add("Mường So", Provenance::Document);
        assert_eq!(
            m.note("năm 2022").as_deref(),
            Some(
                "Có dùng số liệu năm 2022 ước tính, điền bổ sung (Lản Nhì Thàng) và số liệu năm 2022 suy ra (Bản Lang)"
            )
        );
        assert_eq!(
            count_note(3, 0, "thôn, bản").as_deref(),
            Some("Trong đó 3 thôn, bản có số liệu ước tính, điền bổ sung")
        );
        assert_eq!(count_note(0, 0, "thôn, bản"), None);
        let all = Marks {
            estimated: vec!["A".into(), "B".into()],
            derived: Vec::new(),
        };
        assert_eq!(
            all.note_within("năm 2022", 2).as_deref(),
            Some("Có dùng số liệu năm 2022 ước tính, điền bổ sung (của cả 2 xã)")
        );
        assert_eq!(
            all.clause("", 3).as_deref(),
            Some("có dùng số liệu ước tính, điền bổ sung (A, B)")
        );
    }
}
