//! Warehouse platforms over real HTTP against their sandboxes: every
//! category each one can produce, with its steps, wording and retry figures.

use crate::support;

use dropstream_api::{Category, Platform};
use dropstream_server::sandbox::demo as d;
use support::{check_cases, fail, limited, ok, valid, with, TestServer, F, P, S};

use Category::*;

#[tokio::test]
async fn shipbob_every_category() {
    let s = TestServer::start().await;
    let p = Platform::ShipBob;
    check_cases(
        &s,
        vec![
            ok("success", valid(p), P, &["DropStream"]),
            fail(
                "channel lacks a scope",
                with(p, &[("access_token", d::SHIPBOB_NO_INVENTORY_TOKEN)]),
                MissingPermissions,
                200,
                [P, P, F],
                &["inventory_read"],
            ),
            fail(
                "wrong token",
                with(p, &[("access_token", "sbpat_wrong_000000")]),
                InvalidCredentials,
                401,
                [P, F, S],
                &["personal access token"],
            ),
            fail(
                "no access",
                with(p, &[("access_token", d::SHIPBOB_NO_ACCESS_TOKEN)]),
                MissingPermissions,
                403,
                [P, P, F],
                &["channels"],
            ),
            fail(
                "html page",
                with(p, &[("access_token", d::SHIPBOB_HTML_TOKEN)]),
                Setup,
                200,
                [P, F, S],
                &["ShipBob's API"],
            ),
            fail(
                "outage",
                with(p, &[("access_token", d::SHIPBOB_OUTAGE_TOKEN)]),
                Outage,
                503,
                [P, S, S],
                &["ShipBob"],
            ),
            limited(
                "rate limited",
                with(p, &[("access_token", d::SHIPBOB_RATE_LIMITED_TOKEN)]),
                429,
                25,
                &["Wait 25 seconds"],
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn shipbob_names_the_missing_scope_and_its_channel() {
    let s = TestServer::start().await;
    let r = s
        .test(
            dropstream_api::Side::Warehouse,
            &with(
                Platform::ShipBob,
                &[("access_token", d::SHIPBOB_NO_INVENTORY_TOKEN)],
            ),
        )
        .await;
    let detail = r.steps[2].detail.clone().unwrap();
    assert_eq!(detail, "Missing: inventory_read (Inventory)");
}

#[tokio::test]
async fn extensiv_every_category() {
    let s = TestServer::start().await;
    let p = Platform::Extensiv;
    check_cases(
        &s,
        vec![
            ok("success", valid(p), P, &["Extensiv"]),
            fail(
                "wrong secret",
                with(p, &[("client_secret", "ext_wrong_secret_00")]),
                InvalidCredentials,
                401,
                [P, F, S],
                &["3PL key", "client ID and secret"],
            ),
            fail(
                "wrong 3PL key",
                with(p, &[("tpl_key", "00000000-0000-4000-8000-00000000dead")]),
                InvalidCredentials,
                401,
                [P, F, S],
                &["user login ID"],
            ),
            fail(
                "user without access",
                with(p, &[("user_login_id", d::EXTENSIV_NO_ACCESS_USER)]),
                MissingPermissions,
                403,
                [P, P, F],
                &["2002", "Orders: create and view"],
            ),
            fail(
                "redirect to sign-in",
                with(p, &[("user_login_id", d::EXTENSIV_REDIRECT_USER)]),
                Setup,
                302,
                [P, S, S],
                &["redirect"],
            ),
            fail(
                "outage",
                with(p, &[("user_login_id", d::EXTENSIV_OUTAGE_USER)]),
                Outage,
                503,
                [P, S, S],
                &["Extensiv"],
            ),
            limited(
                "rate limited",
                with(p, &[("user_login_id", d::EXTENSIV_RATE_LIMITED_USER)]),
                429,
                60,
                &["Wait 60 seconds"],
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn shiphero_every_category() {
    let s = TestServer::start().await;
    let p = Platform::ShipHero;
    check_cases(
        &s,
        vec![
            ok("success", valid(p), S, &["ShipHero"]),
            fail(
                "wrong refresh token",
                with(p, &[("refresh_token", "shr_not_the_right_token_0")]),
                InvalidCredentials,
                403,
                [P, F, S],
                &["refresh token"],
            ),
            fail(
                "user without access",
                with(p, &[("refresh_token", d::SHIPHERO_NO_ACCESS_REFRESH)]),
                MissingPermissions,
                200,
                [P, P, F],
                &["access to the account"],
            ),
            // GraphQL throttling arrives as HTTP 200 with errors[].
            limited(
                "out of credits",
                with(p, &[("refresh_token", d::SHIPHERO_THROTTLED_REFRESH)]),
                200,
                7,
                &["Wait 7 seconds", "credits"],
            ),
            fail(
                "html page",
                with(p, &[("refresh_token", d::SHIPHERO_HTML_REFRESH)]),
                Setup,
                200,
                [P, F, S],
                &["web page"],
            ),
            fail(
                "outage",
                with(p, &[("refresh_token", d::SHIPHERO_OUTAGE_REFRESH)]),
                Outage,
                503,
                [P, S, S],
                &["ShipHero"],
            ),
        ],
    )
    .await;
}
