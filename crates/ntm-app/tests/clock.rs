//! The program reads one clock: set it, and every "now" and "today" of the
//! services follows (here an API key's expiry and the day plans are judged).

mod common;

use ntm_app::Clock;
use time::macros::{date, datetime};

#[tokio::test]
async fn the_programs_clock_decides_what_has_expired() {
    let (program, _dir) = common::demo().await;
    let program = program.with_clock(Clock::Fixed(datetime!(2026-01-01 08:00 UTC)));
    assert_eq!(program.today(), date!(2026 - 01 - 01));
    let office = common::user(&program, "dongho.laichau", "coordinator", "12").await;
    let key = program
        .create_api_key(&office, "kịch bản hằng quý", 30)
        .await
        .expect("key");
    assert_eq!(key.key.expires_at.as_deref(), Some("2026-01-31T08:00:00Z"));
    assert!(program.api_user(&key.token).await.expect("store").is_some());

    // 31 days later by the program's clock, the same key opens nothing.
    let later = program.with_clock(Clock::Fixed(datetime!(2026-02-01 08:00 UTC)));
    assert!(later.api_user(&key.token).await.expect("store").is_none());
    // Past midnight in Vietnam is the next day, whatever the server's zone.
    let evening = later.with_clock(Clock::Fixed(datetime!(2026-02-01 17:30 UTC)));
    assert_eq!(evening.today(), date!(2026 - 02 - 02));
}
