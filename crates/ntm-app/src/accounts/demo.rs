//! The demo's accounts: one per role, on the demo's units, all with the same
//! password, so that anyone trying ntm can see what each role sees.

use crate::accounts::NewUserInput;
use crate::accounts::access::Actor;
use crate::error::Result;
use crate::program::Program;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "ntm-demo-2026";

/// A demo account.
#[derive(Debug, Clone, Copy)]
pub struct DemoAccount {
    pub username: &'static str,
    pub display_name: &'static str,
    pub role: &'static str,
    pub unit: Option<&'static str>,
    pub agency: Option<&'static str>,
    /// What the account shows, for the start-up message.
    pub shows: &'static str,
}

pub const DEMO_ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        username: "quantri",
        display_name: "Quản trị hệ thống",
        role: "administrator",
        unit: None,
        agency: None,
        shows: "toàn quyền: đơn vị, bộ tiêu chí, người dùng",
    },
    DemoAccount {
        username: "vpdp.laichau",
        display_name: "Văn phòng Điều phối NTM tỉnh Lai Châu",
        role: "coordinator",
        unit: Some("12"),
        agency: None,
        shows: "cả tỉnh Lai Châu",
    },
    DemoAccount {
        username: "kiemtra.laichau",
        display_name: "Cán bộ kiểm tra, Văn phòng Điều phối NTM tỉnh Lai Châu",
        role: "coordinator",
        unit: Some("12"),
        agency: None,
        shows: "người thứ hai xác nhận ngưỡng của bộ tiêu chí tỉnh",
    },
    DemoAccount {
        username: "vpdp.phongtho",
        display_name: "Văn phòng Điều phối NTM huyện Phong Thổ",
        role: "coordinator",
        unit: Some("109"),
        agency: None,
        shows: "huyện Phong Thổ (đến 30/6/2025)",
    },
    DemoAccount {
        username: "ktht.phongtho",
        display_name: "Phòng Kinh tế và Hạ tầng huyện Phong Thổ",
        role: "agency",
        unit: None,
        agency: Some("109-ktht"),
        shows: "sửa các tiêu chí, chỉ tiêu phòng phụ trách ở Phong Thổ",
    },
    DemoAccount {
        username: "xa.muongso",
        display_name: "Cán bộ xã Mường So",
        role: "commune_officer",
        unit: Some("03589"),
        agency: None,
        shows: "chỉ xã Mường So và các bản của xã",
    },
    DemoAccount {
        username: "xa.silolau",
        display_name: "Cán bộ xã Sì Lở Lầu",
        role: "commune_officer",
        unit: Some("03550"),
        agency: None,
        shows: "chỉ xã Sì Lở Lầu (đạt 7/19 tiêu chí năm 2023)",
    },
    DemoAccount {
        username: "xa.phongtho",
        display_name: "Cán bộ xã Phong Thổ (xã mới từ 01/7/2025)",
        role: "commune_officer",
        unit: Some("03549"),
        agency: None,
        shows: "xã Phong Thổ mới: số liệu năm 2026, số liệu nền từ 4 xã cũ",
    },
    DemoAccount {
        username: "lanhdao.laichau",
        display_name: "Lãnh đạo UBND tỉnh Lai Châu",
        role: "viewer",
        unit: Some("12"),
        agency: None,
        shows: "xem cả tỉnh, không sửa",
    },
];

/// Creates the demo accounts that do not exist yet; returns how many it created.
pub async fn create_demo_accounts(program: &Program, actor: &Actor) -> Result<usize> {
    let mut created = 0;
    for account in DEMO_ACCOUNTS {
        if program.store().user_by_name(account.username).await?.is_some() {
            continue;
        }
        let input = NewUserInput {
            username: account.username.to_string(),
            display_name: account.display_name.to_string(),
            password: DEMO_PASSWORD.to_string(),
            role: account.role.to_string(),
            unit_code: account.unit.map(str::to_string),
            agency_code: account.agency.map(str::to_string),
        };
        program.create_user(actor, input).await?;
        created += 1;
    }
    Ok(created)
}
