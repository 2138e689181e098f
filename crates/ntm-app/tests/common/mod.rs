//! The demo database for tests, in a temporary folder.

#![allow(dead_code)]

use std::sync::Arc;

use ntm_app::accounts::access::Actor;
use ntm_app::criteria::catalog_files::shipped_catalog;
use ntm_app::demo::build_demo;

pub fn actor() -> Actor {
    Actor::system(
        "kiểm thử",
        ntm_store::ChangeSource::Demo,
        time::macros::datetime!(2026-11-23 00:00 UTC),
    )
}

pub async fn demo() -> (ntm_app::Program, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("demo.db");
    let store = ntm_store::open(path.to_str().expect("utf-8"))
        .await
        .expect("open");
    let (program, _) = build_demo(Arc::clone(&store), shipped_catalog().expect("catalog"), &actor())
        .await
        .expect("demo");
    (program, dir)
}

/// A new user with a role over a unit, signed in (as the pages see them).
pub async fn user(program: &ntm_app::Program, username: &str, role: &str, unit: &str) -> Actor {
    let input = ntm_app::accounts::NewUserInput {
        username: username.into(),
        display_name: format!("Người dùng {username}"),
        password: "mat-khau-du-dai".into(),
        role: role.into(),
        unit_code: Some(unit.into()),
        agency_code: None,
    };
    program.create_user(&actor(), input).await.expect("user");
    let record = program
        .store()
        .user_by_name(username)
        .await
        .expect("store")
        .expect("user");
    Actor::user(
        ntm_app::accounts::access::User::from_record(&record).expect("enabled"),
        ntm_store::ChangeSource::Page,
        ntm_app::Clock::System.now(),
    )
}
