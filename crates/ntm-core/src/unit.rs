//! Administrative units: provinces, districts, communes, wards, towns, special
//! zones and villages, with their official codes, names, validity, region and
//! classification.

use std::fmt;
use std::str::FromStr;

use time::Date;

use crate::region::Region;
use crate::validity::Validity;

/// The database identity of a unit. Stable across renames; a code is not.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct UnitId(pub i64);

/// An official unit code (Lai Châu `12`, Phong Thổ `109`, Mường So `03589`), or
/// a local code for a village. A code names a unit only within its validity:
/// the 2025 units reuse some old codes.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct UnitCode(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("mã đơn vị \"{0}\" không hợp lệ: chỉ gồm chữ số, chữ cái không dấu, '-', '.', tối đa 20 ký tự")]
pub struct UnitCodeError(pub String);

impl UnitCode {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for UnitCode {
    type Err = UnitCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let ok = !t.is_empty()
            && t.len() <= 20
            && t.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_');
        if ok {
            Ok(UnitCode(t.to_string()))
        } else {
            Err(UnitCodeError(t.to_string()))
        }
    }
}

impl fmt::Display for UnitCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What level of the hierarchy a unit is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// The whole country (cả nước): the root of national figures.
    Country,
    Province,
    District,
    /// A rural commune (xã): the unit the commune criteria judge.
    Commune,
    /// An urban ward (phường): not assessed as a commune.
    Ward,
    /// A district town (thị trấn): not assessed as a commune.
    Town,
    /// A special zone (đặc khu), since 2025.
    SpecialZone,
    /// A village (thôn, bản, tổ dân phố): judged under a village set.
    Village,
}

impl UnitKind {
    pub const ALL: [UnitKind; 8] = [
        UnitKind::Country,
        UnitKind::Province,
        UnitKind::District,
        UnitKind::Commune,
        UnitKind::Ward,
        UnitKind::Town,
        UnitKind::SpecialZone,
        UnitKind::Village,
    ];

    pub fn key(self) -> &'static str {
        match self {
            UnitKind::Country => "country",
            UnitKind::Province => "province",
            UnitKind::District => "district",
            UnitKind::Commune => "commune",
            UnitKind::Ward => "ward",
            UnitKind::Town => "town",
            UnitKind::SpecialZone => "special_zone",
            UnitKind::Village => "village",
        }
    }

    /// How deep the level sits: the country 0, a province 1, a district 2,
    /// a commune, ward, town or special zone 3, a village 4.
    pub fn depth(self) -> u8 {
        match self {
            UnitKind::Country => 0,
            UnitKind::Province => 1,
            UnitKind::District => 2,
            UnitKind::Commune | UnitKind::Ward | UnitKind::Town | UnitKind::SpecialZone => 3,
            UnitKind::Village => 4,
        }
    }

    /// The generic Vietnamese word for the level.
    pub fn name_vi(self) -> &'static str {
        match self {
            UnitKind::Country => "cả nước",
            UnitKind::Province => "tỉnh",
            UnitKind::District => "huyện",
            UnitKind::Commune => "xã",
            UnitKind::Ward => "phường",
            UnitKind::Town => "thị trấn",
            UnitKind::SpecialZone => "đặc khu",
            UnitKind::Village => "thôn, bản",
        }
    }

    /// Units that hold other units and so have aggregate figures.
    pub fn is_aggregate(self) -> bool {
        matches!(self, UnitKind::Country | UnitKind::Province | UnitKind::District)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "cấp đơn vị \"{0}\" không hợp lệ: dùng country, province, district, commune, ward, town, special_zone hoặc village"
)]
pub struct UnitKindError(pub String);

impl FromStr for UnitKind {
    type Err = UnitKindError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_lowercase();
        let kind = match t.as_str() {
            "country" | "cả nước" | "ca_nuoc" => UnitKind::Country,
            "province" | "tỉnh" | "tinh" => UnitKind::Province,
            "district" | "huyện" | "huyen" => UnitKind::District,
            "commune" | "xã" | "xa" => UnitKind::Commune,
            "ward" | "phường" | "phuong" => UnitKind::Ward,
            "town" | "thị trấn" | "thi_tran" => UnitKind::Town,
            "special_zone" | "đặc khu" | "dac_khu" => UnitKind::SpecialZone,
            "village" | "thôn" | "bản" | "thon" | "ban" => UnitKind::Village,
            _ => return Err(UnitKindError(s.trim().to_string())),
        };
        Ok(kind)
    }
}

/// A classification a unit can carry for a time: the flags thresholds and
/// special rules look at. Serialized by its key (`nhom_1`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Flag {
    /// Xã đặc biệt khó khăn.
    SpecialDifficulty,
    /// Xã an toàn khu thuộc huyện nghèo hoặc huyện vừa thoát nghèo 2018-2020.
    SafeZoneInPoorDistrict,
    /// Xã biên giới.
    Border,
    /// Xã khu vực II (vùng đồng bào dân tộc thiểu số và miền núi).
    EthnicAreaZone2,
    /// Xã khu vực III (vùng đồng bào dân tộc thiểu số và miền núi).
    EthnicAreaZone3,
    /// Xã nhóm 1 (Decision 51/2025): next to a town, or little agriculture.
    CommuneGroup1,
    /// Xã nhóm 2 (Decision 51/2025): the others.
    CommuneGroup2,
    /// Xã nhóm 3 (Decision 51/2025): zone II and III communes.
    CommuneGroup3,
}

impl Flag {
    pub const ALL: [Flag; 8] = [
        Flag::SpecialDifficulty,
        Flag::SafeZoneInPoorDistrict,
        Flag::Border,
        Flag::EthnicAreaZone2,
        Flag::EthnicAreaZone3,
        Flag::CommuneGroup1,
        Flag::CommuneGroup2,
        Flag::CommuneGroup3,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Flag::SpecialDifficulty => "dac_biet_kho_khan",
            Flag::SafeZoneInPoorDistrict => "an_toan_khu_huyen_ngheo",
            Flag::Border => "bien_gioi",
            Flag::EthnicAreaZone2 => "khu_vuc_ii",
            Flag::EthnicAreaZone3 => "khu_vuc_iii",
            Flag::CommuneGroup1 => "nhom_1",
            Flag::CommuneGroup2 => "nhom_2",
            Flag::CommuneGroup3 => "nhom_3",
        }
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            Flag::SpecialDifficulty => "xã đặc biệt khó khăn",
            Flag::SafeZoneInPoorDistrict => "xã an toàn khu thuộc huyện nghèo",
            Flag::Border => "xã biên giới",
            Flag::EthnicAreaZone2 => "xã khu vực II",
            Flag::EthnicAreaZone3 => "xã khu vực III",
            Flag::CommuneGroup1 => "xã nhóm 1",
            Flag::CommuneGroup2 => "xã nhóm 2",
            Flag::CommuneGroup3 => "xã nhóm 3",
        }
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }

    /// What a commune without a group is called wherever its group is asked.
    pub const UNGROUPED: &'static str = "chưa xếp nhóm";

    /// The three commune groups of Decision 51/2025, in order.
    pub const COMMUNE_GROUPS: [Flag; 3] = [Flag::CommuneGroup1, Flag::CommuneGroup2, Flag::CommuneGroup3];

    /// A commune group of Decision 51/2025: a commune is in at most one at a time.
    pub fn is_commune_group(self) -> bool {
        Flag::COMMUNE_GROUPS.contains(&self)
    }
}

impl serde::Serialize for Flag {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

impl<'de> serde::Deserialize<'de> for Flag {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Flag, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "phân loại \"{0}\" không hợp lệ: dùng dac_biet_kho_khan, an_toan_khu_huyen_ngheo, bien_gioi, khu_vuc_ii, khu_vuc_iii, nhom_1, nhom_2 hoặc nhom_3"
)]
pub struct FlagError(pub String);

impl FromStr for Flag {
    type Err = FlagError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        Flag::ALL
            .into_iter()
            .find(|f| f.key() == t)
            .ok_or_else(|| FlagError(t.to_string()))
    }
}

/// A set of flags, as a bit set so that contexts can be compared and cached.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct FlagSet(u16);

impl FlagSet {
    pub fn insert(&mut self, flag: Flag) {
        self.0 |= flag.bit();
    }

    pub fn contains(self, flag: Flag) -> bool {
        self.0 & flag.bit() != 0
    }

    pub fn iter(self) -> impl Iterator<Item = Flag> {
        Flag::ALL.into_iter().filter(move |f| self.contains(*f))
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl FromIterator<Flag> for FlagSet {
    fn from_iter<I: IntoIterator<Item = Flag>>(iter: I) -> Self {
        let mut set = FlagSet::default();
        for f in iter {
            set.insert(f);
        }
        set
    }
}

/// A flag held for a time, with the decision that gave it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Classification {
    pub flag: Flag,
    pub validity: Validity,
    /// The decision or document that classifies the unit
    /// ("Quyết định số …/QĐ-UBND ngày … của UBND tỉnh"); `None` when not recorded.
    pub source: Option<String>,
}

/// A unit's classifications once `new` is given: an earlier holding of the
/// same flag (or, for a commune group, of any group: a commune is in one
/// group at a time) that overlaps the new one ends the day before it starts,
/// or goes when it would start on or after that day.
pub fn classify(current: &[Classification], new: Classification) -> Vec<Classification> {
    let clashes =
        |c: &Classification| c.flag == new.flag || (c.flag.is_commune_group() && new.flag.is_commune_group());
    let mut out = Vec::new();
    for c in current {
        let overlaps = c
            .validity
            .from
            .is_none_or(|f| new.validity.to.is_none_or(|t| f <= t))
            && c.validity
                .to
                .is_none_or(|t| new.validity.from.is_none_or(|f| f <= t));
        if !clashes(c) || !overlaps {
            out.push(c.clone());
            continue;
        }
        let starts_before = match (c.validity.from, new.validity.from) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(a), Some(b)) => a < b,
        };
        if starts_before {
            let mut cut = c.clone();
            cut.validity.to = new.validity.from.and_then(|d| d.previous_day());
            out.push(cut);
        }
    }
    out.push(new);
    out.sort_by_key(|c| (c.flag, c.validity.from));
    out
}

/// A point on the map (WGS84), as the administrative-units data gives it.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Location {
    pub lat: f64,
    pub lon: f64,
}

/// An administrative unit.
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    pub id: UnitId,
    pub code: UnitCode,
    pub kind: UnitKind,
    /// The Vietnamese type as written in the unit's official name: "Huyện",
    /// "Thành phố", "Xã", "Bản".
    pub type_name: String,
    pub name: String,
    pub validity: Validity,
    /// Set on provinces (and on units that differ from their province).
    pub region: Option<Region>,
    pub classifications: Vec<Classification>,
    pub location: Option<Location>,
}

impl Unit {
    /// "Xã Mường So", "Huyện Phong Thổ".
    pub fn full_name(&self) -> String {
        if self.type_name.is_empty() {
            self.name.clone()
        } else {
            format!("{} {}", self.type_name, self.name)
        }
    }

    pub fn flags_at(&self, day: Date) -> FlagSet {
        self.classifications
            .iter()
            .filter(|c| c.validity.contains(day))
            .map(|c| c.flag)
            .collect()
    }

    /// The commune group (Decision 51/2025) the unit is in on a day, with its
    /// classification; `None`: not yet grouped ("chưa xếp nhóm").
    pub fn commune_group_at(&self, day: Date) -> Option<&Classification> {
        self.classifications
            .iter()
            .find(|c| c.flag.is_commune_group() && c.validity.contains(day))
    }
}
