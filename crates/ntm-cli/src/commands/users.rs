//! `ntm user add | passwd | list | disable | enable | token [create | list | revoke]`.

use std::io::BufRead;

use anyhow::{Context, Result, bail};
use ntm_app::Program;
use ntm_app::accounts::NewUserInput;
use ntm_app::accounts::access::{Actor, User};
use ntm_app::accounts::api_keys::DEFAULT_KEY_DAYS;
use ntm_store::ChangeSource;

use crate::TokenCommand;
use crate::commands::actor;
use crate::render::pad;

/// A password from `NTM_PASSWORD`, or the first line of standard input.
fn read_password() -> Result<String> {
    if let Ok(p) = std::env::var("NTM_PASSWORD") {
        return Ok(p);
    }
    eprint!("Mật khẩu: ");
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("không đọc được mật khẩu")?;
    let password = line.trim_end_matches(['\r', '\n']).to_string();
    if password.is_empty() {
        bail!("chưa nhập mật khẩu (gõ vào, hoặc đặt biến môi trường NTM_PASSWORD)");
    }
    Ok(password)
}

fn system() -> Actor {
    actor(None, ChangeSource::Cli)
}

pub struct NewUserArgs<'a> {
    pub username: &'a str,
    pub name: &'a str,
    pub role: &'a str,
    pub unit: Option<&'a str>,
    pub agency: Option<&'a str>,
}

pub async fn add(program: &Program, args: NewUserArgs<'_>) -> Result<()> {
    let password = read_password()?;
    let input = NewUserInput {
        username: args.username.to_string(),
        display_name: args.name.to_string(),
        password,
        role: args.role.to_string(),
        unit_code: args.unit.map(str::to_string),
        agency_code: args.agency.map(str::to_string),
    };
    program.create_user(&system(), input).await?;
    println!("Đã tạo người dùng {}.", args.username);
    Ok(())
}

pub async fn passwd(program: &Program, username: &str) -> Result<()> {
    let password = read_password()?;
    program.set_password(&system(), username, &password).await?;
    println!("Đã đặt mật khẩu mới cho {username}.");
    Ok(())
}

pub async fn set_disabled(program: &Program, username: &str, disabled: bool) -> Result<()> {
    program.set_disabled(&system(), username, disabled).await?;
    if disabled {
        println!("Đã khoá {username}; các phiên đăng nhập của người này đã kết thúc.");
    } else {
        println!("Đã mở khoá {username}.");
    }
    Ok(())
}

pub async fn list(program: &Program) -> Result<()> {
    let users = program.users(&system()).await?;
    println!(
        "{} {} {} Phạm vi",
        pad("Tên đăng nhập", 20),
        pad("Vai trò", 28),
        pad("Trạng thái", 11)
    );
    for u in users {
        println!(
            "{} {} {} {}",
            pad(&u.username, 20),
            pad(&u.role_name, 28),
            pad(
                if u.disabled {
                    "đã khoá"
                } else {
                    "hoạt động"
                },
                11
            ),
            u.agency.or(u.unit).unwrap_or_else(|| "toàn hệ thống".into())
        );
    }
    Ok(())
}

/// `ntm user token …`: create (the old form `ntm user token NAME --name …`
/// too), list, revoke.
pub async fn token_command(
    program: &Program,
    action: Option<&TokenCommand>,
    username: Option<&str>,
    name: Option<&str>,
    days: Option<u32>,
) -> Result<()> {
    match action {
        Some(TokenCommand::Create { username, name, days }) => token(program, username, name, *days).await,
        Some(TokenCommand::List { username }) => list_tokens(program, username.as_deref()).await,
        Some(TokenCommand::Revoke { id }) => {
            program.revoke_api_key(&system(), *id).await?;
            println!("Đã thu hồi khoá API số {id}; kịch bản dùng nó không truy cập được nữa.");
            Ok(())
        }
        None => match (username, name) {
            (Some(username), Some(name)) => token(program, username, name, days).await,
            (Some(_), None) => bail!("thiếu --name <TÊN>: tên khoá (kịch bản dùng nó)"),
            _ => bail!("thiếu lệnh: ntm user token create|list|revoke (xem ntm user token --help)"),
        },
    }
}

/// Creates an API token for a user (printed once; only its hash is kept).
async fn token(program: &Program, username: &str, name: &str, days: Option<u32>) -> Result<()> {
    let record = program
        .store()
        .user_by_name(username)
        .await?
        .with_context(|| format!("không có người dùng \"{username}\""))?;
    let user = User::from_record(&record).with_context(|| format!("người dùng \"{username}\" đã bị khoá"))?;
    let on_behalf = Actor::user(user, ChangeSource::Cli, ntm_app::Clock::System.now());
    let new = program
        .create_api_key(&on_behalf, name, days.unwrap_or(DEFAULT_KEY_DAYS))
        .await?;
    println!("{}", new.token);
    eprintln!(
        "Khoá API số {} \"{}\" của {username}, {} (chỉ hiện một lần): dùng trong tiêu đề Authorization: Bearer <khoá>.",
        new.key.id, new.key.name, new.key.state_vi
    );
    Ok(())
}

async fn list_tokens(program: &Program, username: Option<&str>) -> Result<()> {
    let keys = program.api_keys(&system(), username).await?;
    if keys.is_empty() {
        println!("Không có khoá API nào.");
        return Ok(());
    }
    println!(
        "{} {} {} Trạng thái",
        pad("Số", 5),
        pad("Người dùng", 20),
        pad("Tên khoá", 24)
    );
    for k in keys {
        println!(
            "{} {} {} {}",
            pad(&k.id.to_string(), 5),
            pad(&k.username, 20),
            pad(&k.name, 24),
            k.state_vi
        );
    }
    Ok(())
}
