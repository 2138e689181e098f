//! The commands: each opens what it needs, calls one application service and
//! renders the result.

mod backup;
mod criteria;
mod documents;
mod figures;
mod import;
mod map;
mod plans;
mod serve;
mod users;

use std::sync::Arc;

use anyhow::{Context, Result};
use ntm_app::Program;
use ntm_app::accounts::access::Actor;
use ntm_app::criteria::catalog_files::{catalog_from_dir, shipped_catalog};
use ntm_core::criteria::Catalog;
use ntm_core::period::Period;
use ntm_store::ChangeSource;
use ntm_store::Store;

use crate::config::Settings;
use crate::{
    Cli, Command, CriteriaCommand, CycleCommand, MoneyCommand, PlanCommand, UnitsCommand, UserCommand,
    ValuesCommand,
};

pub async fn run(cli: Cli, settings: Settings) -> Result<()> {
    let command = cli.command;
    // The commands read the settings (database, criteria folder) only.
    let cli = settings;
    match &command {
        Command::Init => {
            let program = open_program(&cli).await?;
            let sets = program.catalog().sets().len();
            println!(
                "Đã sẵn sàng cơ sở dữ liệu {} ({}, lược đồ phiên bản {}), {sets} bộ tiêu chí.",
                crate::config::hide_password(&cli.database_url),
                program.store().backend(),
                program.store().schema_version().await?
            );
            Ok(())
        }
        Command::Demo { format } => figures::demo(&cli, *format).await,
        Command::Criteria(CriteriaCommand::Check { file }) => criteria::check(file),
        Command::Criteria(command) => criteria::run(&open_program(&cli).await?, command).await,
        Command::Units(UnitsCommand::Import { file }) => {
            import::units(
                &open_program(&cli).await?,
                file,
                &actor(None, ChangeSource::Import),
            )
            .await
        }
        Command::Values(ValuesCommand::Import { file, by }) => {
            import::values(
                &open_program(&cli).await?,
                file,
                &actor(by.as_deref(), ChangeSource::Import),
            )
            .await
        }
        Command::Evaluate {
            unit,
            period,
            set,
            today,
            format,
        } => {
            let program = open_program(&cli).await?;
            figures::evaluate(
                &program,
                unit,
                parse_period(period)?,
                set.as_deref(),
                *today,
                *format,
            )
            .await
        }
        Command::Serve {
            demo,
            print_config,
            options,
        } => {
            let serve_settings = cli.serve(options)?;
            if *print_config {
                print!("{}", serve_settings.describe(&cli));
                return Ok(());
            }
            serve::serve(&cli, &serve_settings, *demo).await
        }
        Command::Backup(args) => backup::backup(&cli, &cli.backup(args)?).await,
        Command::Restore { file } => backup::restore(&cli, file).await,
        Command::Report {
            unit,
            period,
            format,
            out,
            set,
            map,
            date,
            layout,
            checks,
        } => {
            let program = open_program(&cli).await?;
            let options =
                documents::options(set.as_deref(), map.as_deref(), date.as_deref(), layout.as_deref())?;
            documents::report(
                &program,
                documents::ReportRequest {
                    unit,
                    period: parse_period(period)?,
                    format: *format,
                    out,
                    checks: checks.as_deref(),
                },
                &options,
            )
            .await
        }
        Command::ReportLayout { province, file } => {
            let program = open_program(&cli).await?;
            documents::set_layout(&program, province, file).await
        }
        Command::Template {
            unit,
            period,
            villages,
            out,
        } => {
            let program = open_program(&cli).await?;
            documents::template(&program, unit, parse_period(period)?, *villages, out).await
        }
        Command::Import { file, by } => {
            let program = open_program(&cli).await?;
            import::any(&program, file, &actor(by.as_deref(), ChangeSource::Import)).await
        }
        Command::Plan(PlanCommand::Status {
            unit,
            year,
            as_of,
            format,
        }) => {
            let program = open_program(&cli).await?;
            let as_of = as_of.as_deref().map(parse_period).transpose()?;
            plans::status(&program, unit, *year, as_of, *format).await
        }
        Command::Plan(PlanCommand::Import { file }) => plans::import(&open_program(&cli).await?, file).await,
        Command::Gaps { unit, period, format } => {
            plans::gaps(&open_program(&cli).await?, unit, parse_period(period)?, *format).await
        }
        Command::Money(MoneyCommand::Summary { unit, year, format }) => {
            plans::money(&open_program(&cli).await?, unit, *year, *format).await
        }
        Command::Money(MoneyCommand::Import { file, by }) => {
            plans::import_money(
                &open_program(&cli).await?,
                file,
                &actor(by.as_deref(), ChangeSource::Import),
            )
            .await
        }
        Command::Cycle(CycleCommand::Status { unit, period, format }) => {
            plans::cycle(&open_program(&cli).await?, unit, parse_period(period)?, *format).await
        }
        Command::User(command) => {
            let program = open_program(&cli).await?;
            match command {
                UserCommand::Add {
                    username,
                    name,
                    role,
                    unit,
                    agency,
                } => {
                    let args = users::NewUserArgs {
                        username,
                        name,
                        role,
                        unit: unit.as_deref(),
                        agency: agency.as_deref(),
                    };
                    users::add(&program, args).await
                }
                UserCommand::Passwd { username } => users::passwd(&program, username).await,
                UserCommand::List => users::list(&program).await,
                UserCommand::Disable { username } => users::set_disabled(&program, username, true).await,
                UserCommand::Enable { username } => users::set_disabled(&program, username, false).await,
                UserCommand::Token {
                    action,
                    username,
                    name,
                    days,
                } => {
                    users::token_command(
                        &program,
                        action.as_ref(),
                        username.as_deref(),
                        name.as_deref(),
                        *days,
                    )
                    .await
                }
            }
        }
        Command::Map {
            unit,
            period,
            by,
            set,
            out,
        } => {
            let program = open_program(&cli).await?;
            let request = map::MapRequest {
                unit,
                period: parse_period(period)?,
                by,
                set: set.as_deref(),
            };
            map::map(&program, request, out).await
        }
        Command::Geometry(command) => {
            let program = open_program(&cli).await?;
            map::geometry(&program, command).await
        }
        Command::Stats {
            unit,
            period,
            set,
            today,
            format,
        } => {
            let program = open_program(&cli).await?;
            if *today {
                figures::stats_today(&program, unit, parse_period(period)?, *format).await
            } else {
                figures::stats(&program, unit, parse_period(period)?, set.as_deref(), *format).await
            }
        }
    }
}

pub(crate) fn parse_period(text: &str) -> Result<Period> {
    Ok(text.parse::<Period>()?)
}

pub fn catalog(cli: &Settings) -> Result<Catalog> {
    Ok(match &cli.criteria_dir {
        Some(dir) => catalog_from_dir(dir)?,
        None => shipped_catalog()?,
    })
}

pub async fn open_store(cli: &Settings) -> Result<Arc<dyn Store>> {
    open_database(cli, &cli.database_url).await
}

/// Opens (creating and migrating) a database, refusing what would leave
/// files the server cannot write.
pub async fn open_database(cli: &Settings, url: &str) -> Result<Arc<dyn Store>> {
    check_owner(url)?;
    let options = ntm_store::OpenOptions {
        max_connections: cli.database_connections,
    };
    ntm_store::open_with(url, &options).await.with_context(|| {
        format!(
            "không mở được cơ sở dữ liệu {}",
            crate::config::hide_password(url)
        )
    })
}

/// Run as root on another user's SQLite file (the service's, owned by
/// `ntm`), SQLite would create its journal files owned by root, and the
/// service could no longer write: refused, with the command that works.
pub fn check_owner(url: &str) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let Ok(ntm_store::DatabaseUrl::Sqlite(path)) = ntm_store::DatabaseUrl::parse(url) else {
        return Ok(());
    };
    let (Ok(me), Ok(file)) = (std::fs::metadata("/proc/self"), std::fs::metadata(path)) else {
        return Ok(());
    };
    if me.uid() == 0 && file.uid() != 0 {
        anyhow::bail!(
            "tệp cơ sở dữ liệu {path} thuộc người dùng khác (uid {}): hãy chạy lệnh bằng người dùng đó, \
             ví dụ: sudo -u ntm ntm --config /etc/ntm/ntm.toml …",
            file.uid()
        );
    }
    Ok(())
}

pub async fn open_program(cli: &Settings) -> Result<Program> {
    let catalog = catalog(cli)?;
    let store = open_store(cli).await?;
    Ok(Program::open(store, catalog).await?)
}

/// The command line acts as the system (whoever can open the database has
/// every right over it), under the operator's name as users read it
/// (`Actor::command`).
pub fn actor(by: Option<&str>, source: ChangeSource) -> Actor {
    let user = by
        .map(str::to_string)
        .unwrap_or_else(|| std::env::var("USER").unwrap_or_else(|_| "ntm".into()));
    Actor::command(&user, source, ntm_app::Clock::System.now())
}
