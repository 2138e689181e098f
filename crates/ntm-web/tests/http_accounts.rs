//! The real server over HTTP: access that can be taken back. A password is
//! changed with the current one and ends the other sessions; an
//! administrator's reset ends them all; API keys are named, expire, are
//! listed and revoked (on the page and through the API) and audited; a
//! revoked or expired key gets 401.

mod support;

use reqwest::StatusCode;
use serde_json::{Value, json};
use support::{client, csrf_in, login, server, text_of};

/// A user of this test alone (so that changing its password disturbs no
/// other test), with a password.
async fn fresh_user(username: &str, password: &str) {
    let s = server();
    let admin = ntm_app::accounts::access::Actor::system(
        "kiểm thử",
        ntm_store::ChangeSource::Cli,
        ntm_app::Clock::System.now(),
    );
    let input = ntm_app::accounts::NewUserInput {
        username: username.into(),
        display_name: "Người kiểm thử".into(),
        password: password.into(),
        role: "viewer".into(),
        unit_code: Some("109".into()),
        agency_code: None,
    };
    s.program.create_user(&admin, input).await.expect("user");
}

async fn sign_in(username: &str, password: &str) -> Option<support::Session> {
    let s = server();
    let c = client();
    let r = c
        .post(s.url("/login"))
        .form(&[
            ("username", username),
            ("password", password),
            ("next", "/account"),
        ])
        .send()
        .await
        .unwrap();
    if r.status() != StatusCode::SEE_OTHER {
        return None;
    }
    let page = c
        .get(s.url("/account"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    Some(support::Session {
        csrf: csrf_in(&page),
        client: c,
        base: s.base.clone(),
    })
}

async fn signed_in(session: &support::Session) -> bool {
    session.get("/account").await.status() == StatusCode::OK
}

#[tokio::test]
async fn a_password_change_needs_the_current_one_and_ends_the_other_sessions() {
    fresh_user("kt.matkhau", "mat-khau-cu-2026").await;
    let laptop = sign_in("kt.matkhau", "mat-khau-cu-2026").await.expect("laptop");
    let phone = sign_in("kt.matkhau", "mat-khau-cu-2026").await.expect("phone");

    let wrong = laptop
        .post_form(
            "/account/password",
            &[
                ("csrf", &laptop.csrf),
                ("current", "khong-dung"),
                ("password", "mat-khau-moi-2026"),
            ],
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = wrong.text().await.unwrap();
    assert!(text_of(&html).contains("mật khẩu hiện tại không đúng"), "{html}");
    assert!(html.contains("Đăng xuất"), "inside the layout");
    assert!(signed_in(&phone).await, "a refused change ends nothing");

    let changed = laptop
        .post_form(
            "/account/password",
            &[
                ("csrf", &laptop.csrf),
                ("current", "mat-khau-cu-2026"),
                ("password", "mat-khau-moi-2026"),
            ],
        )
        .await;
    assert_eq!(changed.status(), StatusCode::SEE_OTHER);
    let (_, page) = laptop.get_text("/account?done=password").await;
    assert!(text_of(&page).contains("các phiên đăng nhập khác đã kết thúc"));
    assert!(signed_in(&laptop).await, "the session that changed it stays");
    assert!(!signed_in(&phone).await, "the other session ended");
    assert!(sign_in("kt.matkhau", "mat-khau-cu-2026").await.is_none());
    let again = sign_in("kt.matkhau", "mat-khau-moi-2026")
        .await
        .expect("new password");

    // An administrator's reset ends every session of that user.
    let admin = login("quantri").await;
    let reset = admin
        .post_form(
            "/users/kt.matkhau/password",
            &[("csrf", &admin.csrf), ("password", "mat-khau-dat-lai")],
        )
        .await;
    assert_eq!(reset.status(), StatusCode::SEE_OTHER);
    assert!(!signed_in(&laptop).await && !signed_in(&again).await);
    // … but never the administrator's own password without the current one.
    let own = admin
        .post_form(
            "/users/quantri/password",
            &[("csrf", &admin.csrf), ("password", "khong-can-mat-khau-cu")],
        )
        .await;
    assert_eq!(own.status(), StatusCode::FORBIDDEN);
    let html = own.text().await.unwrap();
    assert!(text_of(&html).contains("với mật khẩu hiện tại"), "{html}");
    assert!(html.contains("Đăng xuất"), "inside the layout");
    let (_, users) = admin.get_text("/users").await;
    assert!(
        users.contains("Mật khẩu của bạn: đổi ở"),
        "no reset form on one's own row"
    );
}

#[tokio::test]
async fn api_keys_are_named_listed_revoked_audited_and_expire() {
    let s = server();
    let api = client();
    let token = s.token("vpdp.phongtho").await;
    let made = api
        .post(s.url("/api/v1/keys"))
        .bearer_auth(&token)
        .json(&json!({"name": "báo cáo quý", "days": 30}))
        .send()
        .await
        .unwrap();
    assert_eq!(made.status(), StatusCode::CREATED);
    let made: Value = made.json().await.unwrap();
    let key = made["token"].as_str().unwrap().to_string();
    let id = made["key"]["id"].as_i64().unwrap();
    assert_eq!(made["key"]["state"], "active");
    assert!(
        made["key"]["expires_at"]
            .as_str()
            .is_some_and(|t| t.starts_with("20"))
    );

    let me = |key: String| {
        let api = client();
        async move {
            api.get(s.url("/api/v1/me"))
                .bearer_auth(key)
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(me(key.clone()).await.status(), StatusCode::OK);
    let list: Value = api
        .get(s.url("/api/v1/keys"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["id"] == id && k["name"] == "báo cáo quý"),
        "{list}"
    );
    assert!(
        !list.to_string().contains(&key),
        "a list never holds the key itself"
    );

    // Someone else's key is not theirs to revoke: as if it did not exist.
    let other = s.token("xa.muongso").await;
    let r = api
        .delete(s.url(&format!("/api/v1/keys/{id}")))
        .bearer_auth(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = api
        .delete(s.url(&format!("/api/v1/keys/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let revoked = me(key).await;
    assert_eq!(
        revoked.status(),
        StatusCode::UNAUTHORIZED,
        "a revoked key gets 401"
    );
    let body: Value = revoked.json().await.unwrap();
    assert!(
        body["detail"].as_str().unwrap().contains("đã bị thu hồi"),
        "{body}"
    );

    // An expired key opens nothing either.
    let user = s
        .program
        .store()
        .user_by_name("vpdp.phongtho")
        .await
        .unwrap()
        .unwrap();
    let old = "0".repeat(64);
    let expired = ntm_store::NewApiToken {
        user: user.id,
        name: "cũ".into(),
        token_hash: ntm_app::accounts::token_hash(&old),
        expires_at: "2020-01-01T00:00:00Z".into(),
    };
    let ctx = ntm_store::WriteContext {
        by: "kiểm thử".into(),
        user: None,
        at: ntm_app::clock::rfc3339(ntm_app::Clock::System.now()),
        source: ntm_store::ChangeSource::Cli,
    };
    s.program.store().create_api_token(expired, ctx).await.unwrap();
    assert_eq!(me(old).await.status(), StatusCode::UNAUTHORIZED);

    // The audit trail holds the creation and the revocation.
    let admin = s.token("quantri").await;
    let audit: Value = api
        .get(s.url("/api/v1/audit?entity=api_token"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let text = audit.to_string();
    assert!(
        text.contains("báo cáo quý") && text.contains("revoked_at"),
        "{text}"
    );
}

#[tokio::test]
async fn the_account_page_makes_lists_and_revokes_keys() {
    let user = login("ktht.phongtho").await;
    let made = user
        .post_form(
            "/account/tokens",
            &[("csrf", &user.csrf), ("name", "đồng bộ sở"), ("days", "180")],
        )
        .await;
    assert_eq!(made.status(), StatusCode::OK);
    let html = made.text().await.unwrap();
    assert!(html.contains("id=\"new-token\""), "shown once");
    let text = text_of(&html);
    assert!(
        text.contains("đồng bộ sở") && text.contains("còn hiệu lực đến"),
        "{text}"
    );
    let marker = "action=\"/account/tokens/";
    let at = html.find(marker).expect("a revoke form") + marker.len();
    let id: String = html[at..].chars().take_while(char::is_ascii_digit).collect();
    let revoked = user
        .post_form(
            &format!("/account/tokens/{id}/revoke"),
            &[("csrf", &user.csrf), ("back", "/account")],
        )
        .await;
    assert_eq!(revoked.status(), StatusCode::SEE_OTHER);
    let (_, page) = user.get_text("/account?done=revoked").await;
    let text = text_of(&page);
    assert!(text.contains("Đã thu hồi khoá API"), "{text}");
    assert!(text.contains("đã thu hồi lúc"), "{text}");
    // A name that hides its ending is refused, and what was typed stays.
    let refused = user
        .post_form(
            "/account/tokens",
            &[("csrf", &user.csrf), ("name", "báo\u{202E}cáo"), ("days", "30")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.unwrap();
    assert!(html.contains("U+202E"), "{html}");
}
