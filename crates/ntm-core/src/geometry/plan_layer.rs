//! The plan layer: each commune coloured by how its registrations of the
//! year stand — all done, under way, some missed, or nothing registered —
//! with every registered criterion and its state in the figures.

use std::collections::BTreeMap;

use super::layer::{ClassMark, Layer, LayerClass, LayerKind, MET_COLOUR, NO_DATA_COLOUR, NOT_MET_COLOUR};
use crate::plan::registration::RegistrationStatus;

const UNDER_WAY_COLOUR: &str = "#f4c542";

/// One registration of a commune: "Tiêu chí 2 (Giao thông)" and its state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedItem {
    pub label: String,
    pub status: RegistrationStatus,
}

/// A commune of the map and what it registered for the year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommunePlan {
    pub code: String,
    pub items: Vec<PlannedItem>,
}

/// Classes, in legend order.
const DONE: usize = 0;
const UNDER_WAY: usize = 1;
const MISSED: usize = 2;
const NONE: usize = 3;

/// Colours communes by their registrations of `year`.
pub fn plan_layer(year: i32, communes: &[CommunePlan]) -> Layer {
    let class = |key: &str, label: &str, colour: &str, mark: ClassMark| LayerClass {
        key: key.into(),
        label: label.into(),
        colour: colour.into(),
        count: 0,
        mark,
    };
    let mut layer = Layer {
        kind: LayerKind::Plan,
        title: format!("Thực hiện nội dung đăng ký năm {year}"),
        classes: vec![
            // Done and missed are told apart by more than green and red.
            class(
                "done",
                "Hoàn thành mọi nội dung đăng ký",
                MET_COLOUR,
                ClassMark::Met,
            ),
            class("under-way", "Đang thực hiện", UNDER_WAY_COLOUR, ClassMark::Plain),
            class(
                "missed",
                "Có nội dung không hoàn thành",
                NOT_MET_COLOUR,
                ClassMark::NotMet,
            ),
            class("none", "Không đăng ký", NO_DATA_COLOUR, ClassMark::Plain),
        ],
        units: BTreeMap::new(),
    };
    for commune in communes {
        let count = |s: RegistrationStatus| commune.items.iter().filter(|i| i.status == s).count();
        let (met, under_way, missed) = (
            count(RegistrationStatus::Met),
            count(RegistrationStatus::InProgress),
            count(RegistrationStatus::Missed),
        );
        let class = if commune.items.is_empty() {
            NONE
        } else if missed > 0 {
            MISSED
        } else if under_way > 0 {
            UNDER_WAY
        } else {
            DONE
        };
        let mut figures = if commune.items.is_empty() {
            vec![format!("Không đăng ký nội dung nào năm {year}")]
        } else {
            vec![
                format!("Đăng ký năm {year}: {} nội dung", commune.items.len()),
                format!("Đã hoàn thành {met}, đang thực hiện {under_way}, không hoàn thành {missed}"),
            ]
        };
        figures.extend(
            commune
                .items
                .iter()
                .map(|i| format!("{}: {}", i.label, i.status.name_vi())),
        );
        layer.add(&commune.code, class, figures);
    }
    layer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commune(code: &str, states: &[RegistrationStatus]) -> CommunePlan {
        CommunePlan {
            code: code.into(),
            items: states
                .iter()
                .enumerate()
                .map(|(i, s)| PlannedItem {
                    label: format!("Tiêu chí {}", i + 1),
                    status: *s,
                })
                .collect(),
        }
    }

    #[test]
    fn the_worst_registration_decides_the_colour() {
        use RegistrationStatus::*;
        let layer = plan_layer(
            2024,
            &[
                commune("a", &[Met, Met]),
                commune("b", &[Met, InProgress]),
                commune("c", &[InProgress, Missed]),
                commune("d", &[]),
            ],
        );
        let key = |code: &str| layer.shade(code).map(|(c, _)| c.key.as_str());
        assert_eq!(key("a"), Some("done"));
        assert_eq!(key("b"), Some("under-way"));
        assert_eq!(key("c"), Some("missed"));
        assert_eq!(key("d"), Some("none"));
        assert_eq!(
            layer.classes.iter().map(|c| c.count).collect::<Vec<_>>(),
            [1, 1, 1, 1]
        );
        let (_, b) = layer.shade("b").expect("b");
        assert!(
            b.figures
                .contains(&"Đã hoàn thành 1, đang thực hiện 1, không hoàn thành 0".to_string())
        );
        assert!(b.figures.contains(&"Tiêu chí 2: đang thực hiện".to_string()));
    }
}
