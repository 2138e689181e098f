//! How changes to units and reference data look in the audit trail (JSON),
//! the same for both backends.

use ntm_core::agency::Ownership;
use ntm_core::hierarchy::SuccessionKind;
use ntm_core::recognition::Recognition;
use ntm_core::unit::Classification;
use ntm_core::validity::Validity;
use serde_json::json;

use crate::model::{UnitRow, date_text};

pub fn unit(u: &UnitRow) -> String {
    json!({
        "code": u.code, "kind": u.kind.key(), "type_name": u.type_name, "name": u.name,
        "valid_from": date_text(u.validity.from), "valid_to": date_text(u.validity.to),
        "region": u.region.map(|r| r.key()),
        "lat": u.location.map(|l| l.lat), "lon": u.location.map(|l| l.lon),
    })
    .to_string()
}

pub fn link(child: i64, parent: i64, v: &Validity) -> String {
    json!({ "child": child, "parent": parent, "valid_from": date_text(v.from), "valid_to": date_text(v.to) })
        .to_string()
}

pub fn link_end(child: i64, parent: i64, last: time::Date) -> String {
    json!({ "child": child, "parent": parent, "valid_to": last.to_string() }).to_string()
}

pub fn classifications(flags: &[Classification]) -> String {
    let list: Vec<_> = flags
        .iter()
        .map(|c| {
            json!({ "flag": c.flag.key(), "valid_from": date_text(c.validity.from), "valid_to": date_text(c.validity.to), "source": c.source })
        })
        .collect();
    json!(list).to_string()
}

pub fn succession(predecessor: i64, successor: i64, date: time::Date, kind: SuccessionKind) -> String {
    json!({ "predecessor": predecessor, "successor": successor, "date": date.to_string(), "kind": kind.key() }).to_string()
}

pub fn recognition(r: &Recognition) -> String {
    json!({
        "tier": r.tier.key(), "decision": r.decision, "decided_on": r.decided_on.to_string(),
        "judged_under": r.judged_under, "revoked_on": date_text(r.revoked_on), "note": r.note,
    })
    .to_string()
}

/// An ownership's audit subject ("agency → namespace:criterion (indicator)")
/// and its JSON.
pub fn ownership(agency: &str, o: &Ownership) -> (String, String) {
    let subject = format!(
        "{agency} → {}:{}{}",
        o.namespace,
        o.criterion,
        o.indicator
            .as_deref()
            .map(|i| format!(" ({i})"))
            .unwrap_or_default()
    );
    let new = json!({ "scope": o.scope.0, "decision": o.decision, "valid_from": date_text(o.validity.from), "valid_to": date_text(o.validity.to) }).to_string();
    (subject, new)
}
