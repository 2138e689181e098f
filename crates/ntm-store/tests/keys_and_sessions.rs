//! The storage contract of what takes access back: a new password ends the
//! user's other sessions (the one that changed it stays); API keys are
//! listed with their expiry and state, revoked once, and every creation and
//! revocation is audited. The same cases run against SQLite and PostgreSQL.

mod common;

use std::sync::Arc;

use common::fixtures::*;
use ntm_store::{AuditQuery, NewApiToken, NewUser, SessionRecord, Store, UserUpdate};

contract!(
    a_new_password_ends_the_other_sessions,
    api_keys_are_listed_revoked_and_audited
);

async fn user(store: &Arc<dyn Store>, name: &str) -> i64 {
    let new = NewUser {
        username: name.into(),
        display_name: "Xã Mường So".into(),
        password_hash: "argon2-hash".into(),
        role: "commune_officer".into(),
        unit: None,
        agency: None,
    };
    store.create_user(new, ctx("admin")).await.expect("user")
}

async fn sign_in(store: &Arc<dyn Store>, user: i64, hash: &str) {
    let session = SessionRecord {
        user,
        csrf_token: format!("csrf-{hash}"),
        expires_at: "2099-01-01T00:00:00Z".into(),
    };
    store
        .create_session(hash, session, "2024-01-01T00:00:00Z")
        .await
        .expect("session");
}

async fn a_new_password_ends_the_other_sessions(store: Arc<dyn Store>) {
    let id = user(&store, "muongso").await;
    let other = user(&store, "silolau").await;
    for hash in ["laptop", "phone", "office"] {
        sign_in(&store, id, hash).await;
    }
    sign_in(&store, other, "someone-else").await;
    // Changed from the laptop: the laptop stays signed in, the rest end.
    let change = UserUpdate {
        password_hash: Some("new-hash".into()),
        keep_session: Some("laptop".into()),
        ..UserUpdate::default()
    };
    store
        .update_user(id, change, ctx("muongso"))
        .await
        .expect("change");
    assert!(store.session("laptop").await.expect("read").is_some());
    assert!(store.session("phone").await.expect("read").is_none());
    assert!(store.session("office").await.expect("read").is_none());
    assert!(
        store.session("someone-else").await.expect("read").is_some(),
        "another user's session is not touched"
    );
    // A reset (no session kept) ends them all; a change of name alone, none.
    store
        .update_user(
            id,
            UserUpdate {
                password_hash: Some("reset-hash".into()),
                ..UserUpdate::default()
            },
            ctx("admin"),
        )
        .await
        .expect("reset");
    assert!(store.session("laptop").await.expect("read").is_none());
    sign_in(&store, id, "again").await;
    store
        .update_user(
            id,
            UserUpdate {
                display_name: Some("UBND xã Mường So".into()),
                ..UserUpdate::default()
            },
            ctx("admin"),
        )
        .await
        .expect("rename");
    assert!(store.session("again").await.expect("read").is_some());
}

async fn api_keys_are_listed_revoked_and_audited(store: Arc<dyn Store>) {
    let id = user(&store, "muongso").await;
    let other = user(&store, "silolau").await;
    let key = |user: i64, name: &str, hash: &str| NewApiToken {
        user,
        name: name.into(),
        token_hash: hash.into(),
        expires_at: "2027-03-01T00:00:00Z".into(),
    };
    let first = store
        .create_api_token(key(id, "báo cáo quý", "h1"), ctx("muongso"))
        .await
        .expect("key");
    store
        .create_api_token(key(id, "đồng bộ", "h2"), ctx("muongso"))
        .await
        .expect("key");
    store
        .create_api_token(key(other, "khác", "h3"), ctx("silolau"))
        .await
        .expect("key");
    let mine = store.api_tokens(Some(id)).await.expect("list");
    assert_eq!(mine.len(), 2);
    assert_eq!(mine[0].name, "đồng bộ", "newest first");
    assert_eq!(mine[1].expires_at.as_deref(), Some("2027-03-01T00:00:00Z"));
    assert_eq!(store.api_tokens(None).await.expect("all").len(), 3);

    assert!(
        store
            .revoke_api_token(first, ctx("muongso"))
            .await
            .expect("revoke")
    );
    assert!(
        !store
            .revoke_api_token(first, ctx("muongso"))
            .await
            .expect("again"),
        "a key is revoked once"
    );
    assert!(
        !store
            .revoke_api_token(9_999, ctx("muongso"))
            .await
            .expect("unknown")
    );
    assert!(
        store.api_token("h1").await.expect("read").is_none(),
        "a revoked key opens nothing"
    );
    assert!(store.api_token("h2").await.expect("read").is_some());
    let listed = store.api_tokens(Some(id)).await.expect("list");
    let revoked = listed.iter().find(|k| k.id == first).expect("still listed");
    assert_eq!(revoked.revoked_at.as_deref(), Some("2024-01-05T08:00:00Z"));

    let audit = store
        .audit(AuditQuery {
            entity: Some(ntm_store::AuditEntity::ApiToken),
            limit: 10,
            ..AuditQuery::default()
        })
        .await
        .expect("audit");
    assert_eq!(audit.len(), 4, "three creations and one revocation");
    let revocation = audit
        .iter()
        .find(|a| a.new.as_deref().is_some_and(|n| n.contains("revoked_at")))
        .expect("the revocation is audited");
    assert_eq!(revocation.subject.as_deref(), Some("báo cáo quý"));
    assert!(revocation.old.is_some());
}
