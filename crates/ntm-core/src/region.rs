//! The seven socio-economic regions of Decision 318/QĐ-TTg, by which the
//! 2021-2025 thresholds differ.

use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Region {
    NorthernMidlandsMountains,
    RedRiverDelta,
    NorthCentral,
    SouthCentralCoast,
    CentralHighlands,
    Southeast,
    MekongDelta,
}

impl Region {
    pub const ALL: [Region; 7] = [
        Region::NorthernMidlandsMountains,
        Region::RedRiverDelta,
        Region::NorthCentral,
        Region::SouthCentralCoast,
        Region::CentralHighlands,
        Region::Southeast,
        Region::MekongDelta,
    ];

    /// The key used in data files.
    pub fn key(self) -> &'static str {
        match self {
            Region::NorthernMidlandsMountains => "trung_du_mien_nui_phia_bac",
            Region::RedRiverDelta => "dong_bang_song_hong",
            Region::NorthCentral => "bac_trung_bo",
            Region::SouthCentralCoast => "duyen_hai_nam_trung_bo",
            Region::CentralHighlands => "tay_nguyen",
            Region::Southeast => "dong_nam_bo",
            Region::MekongDelta => "dong_bang_song_cuu_long",
        }
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            Region::NorthernMidlandsMountains => "Trung du miền núi phía Bắc",
            Region::RedRiverDelta => "Đồng bằng sông Hồng",
            Region::NorthCentral => "Bắc Trung Bộ",
            Region::SouthCentralCoast => "Duyên hải Nam Trung Bộ",
            Region::CentralHighlands => "Tây Nguyên",
            Region::Southeast => "Đông Nam Bộ",
            Region::MekongDelta => "Đồng bằng sông Cửu Long",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("vùng \"{0}\" không có trong 7 vùng của Quyết định 318 (ví dụ: trung_du_mien_nui_phia_bac)")]
pub struct RegionError(pub String);

impl FromStr for Region {
    type Err = RegionError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        Region::ALL
            .into_iter()
            .find(|r| r.key() == t || r.name_vi() == t)
            .ok_or_else(|| RegionError(t.to_string()))
    }
}

impl serde::Serialize for Region {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

impl<'de> serde::Deserialize<'de> for Region {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Region, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name_vi())
    }
}
