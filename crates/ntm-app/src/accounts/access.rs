//! Who may see and change what. Every read and write of the application
//! services takes an [`Actor`] and is checked here, whatever the channel
//! (page, API, import, command line).
//!
//! - administrator: everything;
//! - coordination office (of a province, or of a district before 2025): sees
//!   and edits every unit under its unit;
//! - agency: sees the units under its agency's unit; edits only the indicators
//!   (and criterion assessments) its agency owns there, per the ownership data;
//! - commune officer: sees and edits only their commune and its villages;
//! - viewer: sees the units under their unit; changes nothing.
//!
//! The command line and the demo act as the system: whoever can open the
//! database file already has every right over it.

use std::fmt;
use std::str::FromStr;

use ntm_core::agency::{AgencyId, OwnerQuery, owner_of};
use ntm_core::hierarchy::Hierarchy;
use ntm_core::unit::{Unit, UnitId};
use ntm_store::{AgencyData, ChangeSource, UserRecord, WriteContext};
use time::{Date, OffsetDateTime};

/// A user's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Administrator,
    Coordinator,
    Agency,
    CommuneOfficer,
    Viewer,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Administrator,
        Role::Coordinator,
        Role::Agency,
        Role::CommuneOfficer,
        Role::Viewer,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::Coordinator => "coordinator",
            Role::Agency => "agency",
            Role::CommuneOfficer => "commune_officer",
            Role::Viewer => "viewer",
        }
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            Role::Administrator => "Quản trị hệ thống",
            Role::Coordinator => "Văn phòng Điều phối",
            Role::Agency => "Cơ quan phụ trách tiêu chí",
            Role::CommuneOfficer => "Cán bộ xã",
            Role::Viewer => "Lãnh đạo (chỉ xem)",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("vai trò \"{0}\" không hợp lệ: dùng administrator, coordinator, agency, commune_officer hoặc viewer")]
pub struct RoleError(pub String);

impl FromStr for Role {
    type Err = RoleError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.key() == s.trim())
            .ok_or_else(|| RoleError(s.trim().to_string()))
    }
}

/// A signed-in user.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit: Option<UnitId>,
    pub agency: Option<AgencyId>,
}

impl User {
    /// A stored user, unless disabled or of an unknown role.
    pub fn from_record(r: &UserRecord) -> Option<User> {
        if r.disabled {
            return None;
        }
        Some(User {
            id: r.id,
            username: r.username.clone(),
            display_name: r.display_name.clone(),
            role: r.role.parse().ok()?,
            unit: r.unit,
            agency: r.agency,
        })
    }
}

/// Who acts, through what, and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// `None`: the system (command line, demo).
    pub user: Option<User>,
    pub source: ChangeSource,
    /// When it acts (the program's clock when the request came).
    pub at: OffsetDateTime,
    /// The name recorded when there is no user.
    pub system_name: String,
}

/// How users read the administration command (`ntm …` run on the server): the
/// source of its changes in the audit trail and the prefix of its operator's
/// name. The one home of this wording.
pub const ADMIN_TOOL_VI: &str = "công cụ quản trị";

/// The name the audit trail records for a change made with the administration
/// command by `operator`; the demo data is recorded under its own name
/// ("dữ liệu mẫu"), not as an operator.
pub fn command_actor_name(operator: &str, source: ChangeSource) -> String {
    match source {
        ChangeSource::Demo => operator.to_string(),
        _ => format!("{ADMIN_TOOL_VI}: {operator}"),
    }
}

/// Who made a change, as users read it. Rows written before the wording of
/// [`command_actor_name`] say "dòng lệnh: …"; they read the same way.
pub fn actor_name_vi(stored: &str) -> String {
    match stored.strip_prefix("dòng lệnh: ") {
        Some("dữ liệu mẫu") => "dữ liệu mẫu".to_string(),
        Some(operator) => command_actor_name(operator, ChangeSource::Cli),
        None => stored.to_string(),
    }
}

impl Actor {
    /// The administration command acting for `operator`; the name recorded is
    /// [`command_actor_name`].
    pub fn command(operator: &str, source: ChangeSource, at: OffsetDateTime) -> Actor {
        Actor::system(&command_actor_name(operator, source), source, at)
    }

    pub fn system(name: &str, source: ChangeSource, at: OffsetDateTime) -> Actor {
        Actor {
            user: None,
            source,
            at,
            system_name: name.to_string(),
        }
    }

    pub fn user(user: User, source: ChangeSource, at: OffsetDateTime) -> Actor {
        Actor {
            user: Some(user),
            source,
            at,
            system_name: String::new(),
        }
    }

    /// What the audit trail records.
    pub fn context(&self) -> WriteContext {
        match &self.user {
            Some(u) => WriteContext {
                by: format!("{} ({})", u.display_name, u.username),
                user: Some(u.id),
                at: crate::clock::rfc3339(self.at),
                source: self.source,
            },
            None => WriteContext {
                by: self.system_name.clone(),
                user: None,
                at: crate::clock::rfc3339(self.at),
                source: self.source,
            },
        }
    }

    /// The day it acts on, in Vietnam.
    pub fn today(&self) -> Date {
        self.at.to_offset(crate::clock::VIETNAM).date()
    }

    pub fn role(&self) -> Option<Role> {
        self.user.as_ref().map(|u| u.role)
    }

    /// Full rights: the system and administrators.
    pub fn is_all_powerful(&self) -> bool {
        matches!(self.role(), None | Some(Role::Administrator))
    }
}

/// Whether `unit` is `root` or under it on `day`.
pub fn within(hierarchy: &Hierarchy, unit: UnitId, root: UnitId, day: Date) -> bool {
    unit == root || hierarchy.ancestors_at(unit, day).iter().any(|u| u.id == root)
}

/// The unit an actor's reach starts from (their unit, or their agency's).
fn home(actor: &Actor, agencies: &AgencyData) -> Option<UnitId> {
    let user = actor.user.as_ref()?;
    match user.role {
        Role::Agency => user
            .agency
            .and_then(|a| agencies.agencies.iter().find(|x| x.id == a))
            .map(|a| a.unit)
            .or(user.unit),
        _ => user.unit,
    }
}

/// May the actor see this unit's data on `day`?
pub fn can_view(actor: &Actor, hierarchy: &Hierarchy, agencies: &AgencyData, unit: &Unit, day: Date) -> bool {
    if actor.is_all_powerful() {
        return true;
    }
    home(actor, agencies).is_some_and(|root| within(hierarchy, unit.id, root, day))
}

/// What a change touches.
#[derive(Clone, Copy, Debug)]
pub struct Target<'a> {
    pub unit: &'a Unit,
    pub namespace: &'a str,
    pub criterion: &'a str,
    /// `None`: the criterion's assessment.
    pub indicator: Option<&'a str>,
    pub day: Date,
}

/// May the actor change this value or assessment?
pub fn can_edit(actor: &Actor, hierarchy: &Hierarchy, agencies: &AgencyData, target: Target<'_>) -> bool {
    let Some(user) = &actor.user else { return true };
    match user.role {
        Role::Administrator => true,
        Role::Viewer => false,
        Role::Coordinator | Role::CommuneOfficer => user
            .unit
            .is_some_and(|root| within(hierarchy, target.unit.id, root, target.day)),
        Role::Agency => {
            let query = OwnerQuery {
                unit: target.unit.id,
                namespace: target.namespace,
                criterion: target.criterion,
                indicator: target.indicator,
                day: target.day,
            };
            let owner = owner_of(hierarchy, &agencies.agencies, &agencies.ownerships, query);
            owner.is_some_and(|(agency, _)| Some(agency.id) == user.agency)
        }
    }
}

/// May the actor enter data at all (forms, import files, entry templates)?
/// Everyone but a viewer; which values each may change is [`can_edit`]'s.
pub fn can_enter_data(actor: &Actor) -> bool {
    actor.role() != Some(Role::Viewer)
}

/// May the actor manage units, criteria sets and users?
pub fn can_administer(actor: &Actor) -> bool {
    actor.is_all_powerful()
}

/// May the actor set targets and approve reports for this unit? The
/// coordination office of the unit or above it, and administrators.
pub fn can_coordinate(actor: &Actor, hierarchy: &Hierarchy, unit: &Unit, day: Date) -> bool {
    let Some(user) = &actor.user else { return true };
    match user.role {
        Role::Administrator => true,
        Role::Coordinator => user
            .unit
            .is_some_and(|root| within(hierarchy, unit.id, root, day)),
        _ => false,
    }
}

/// May the actor register criteria or submit reports for this commune? Its
/// commune officers, and whoever coordinates it.
pub fn can_act_for(actor: &Actor, hierarchy: &Hierarchy, unit: &Unit, day: Date) -> bool {
    if can_coordinate(actor, hierarchy, unit, day) {
        return true;
    }
    actor.user.as_ref().is_some_and(|u| {
        u.role == Role::CommuneOfficer && u.unit.is_some_and(|root| within(hierarchy, unit.id, root, day))
    })
}

/// What of a unit's money an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoneyEntry {
    /// Capital plans, projects and their disbursements.
    Plan,
    /// What the community gave: entered commune by commune.
    Contribution,
}

/// May the actor enter this money of `unit`? Capital, projects and
/// disbursements: whoever coordinates the unit; a contribution: whoever
/// acts for the commune (its officers and its coordination office).
pub fn can_enter_money(
    actor: &Actor,
    hierarchy: &Hierarchy,
    unit: &Unit,
    entry: MoneyEntry,
    day: Date,
) -> bool {
    match entry {
        MoneyEntry::Plan => can_coordinate(actor, hierarchy, unit, day),
        MoneyEntry::Contribution => {
            unit.kind == ntm_core::unit::UnitKind::Commune && can_act_for(actor, hierarchy, unit, day)
        }
    }
}

/// May the actor send the report of `unit` in its period: its own (`agency`
/// `None`: whoever acts for the commune) or an agency's on what it owns
/// there (the agency's users, and whoever coordinates the unit)?
pub fn can_send_report(
    actor: &Actor,
    hierarchy: &Hierarchy,
    unit: &Unit,
    agency: Option<AgencyId>,
    day: Date,
) -> bool {
    match agency {
        None => can_act_for(actor, hierarchy, unit, day),
        Some(agency) => {
            actor
                .user
                .as_ref()
                .is_some_and(|u| u.role == Role::Agency && u.agency == Some(agency))
                || can_coordinate(actor, hierarchy, unit, day)
        }
    }
}

/// May the actor review (accept or return) the report of `unit`: whoever
/// coordinates it, or, for a commune's own report, a user of an agency
/// whose unit holds it.
pub fn can_review_report(
    actor: &Actor,
    hierarchy: &Hierarchy,
    agencies: &AgencyData,
    unit: &Unit,
    own_report: bool,
    day: Date,
) -> bool {
    if can_coordinate(actor, hierarchy, unit, day) {
        return true;
    }
    own_report
        && actor.user.as_ref().is_some_and(|u| {
            u.role == Role::Agency
                && u.agency
                    .and_then(|a| agencies.agencies.iter().find(|x| x.id == a))
                    .is_some_and(|a| within(hierarchy, unit.id, a.unit, day))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_and_the_demo_are_named_in_users_words() {
        assert_eq!(
            command_actor_name("nguyenvana", ChangeSource::Cli),
            "công cụ quản trị: nguyenvana"
        );
        assert_eq!(
            command_actor_name("dữ liệu mẫu", ChangeSource::Demo),
            "dữ liệu mẫu"
        );
        let at = time::macros::datetime!(2026-12-01 00:00 UTC);
        assert_eq!(
            Actor::command("nguyenvana", ChangeSource::Import, at).system_name,
            "công cụ quản trị: nguyenvana"
        );
    }

    #[test]
    fn rows_written_before_read_the_same_way() {
        assert_eq!(actor_name_vi("dòng lệnh: dữ liệu mẫu"), "dữ liệu mẫu");
        assert_eq!(actor_name_vi("dòng lệnh: root"), "công cụ quản trị: root");
        assert_eq!(actor_name_vi("Nguyễn Văn A"), "Nguyễn Văn A");
        assert_eq!(actor_name_vi("khởi động ntm"), "khởi động ntm");
    }
}
