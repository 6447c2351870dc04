//! Warehouse platforms over real HTTP against their sandboxes: every
//! category each one can produce, with its steps, wording and retry figures.

mod support;

use dropstream_api::{Category, Platform, StepStatus, TestRequest};
use dropstream_server::sandbox::demo as d;
use support::{check_cases, limited, valid, with, Case, TestServer, F, P, S};

use Category::*;

fn case(
    name: &'static str,
    request: TestRequest,
    category: Option<Category>,
    status: u16,
    steps: [StepStatus; 3],
    says: &'static [&'static str],
) -> Case {
    Case {
        name,
        request,
        category,
        http_status: Some(status),
        steps,
        says,
        retry_after: None,
    }
}

#[tokio::test]
async fn shipbob_every_category() {
    let s = TestServer::start().await;
    let p = Platform::ShipBob;
    check_cases(
        &s,
        vec![
            case("success", valid(p), None, 200, [P, P, P], &["DropStream"]),
            case(
                "channel lacks a scope",
                with(p, &[("access_token", d::SHIPBOB_NO_INVENTORY_TOKEN)]),
                Some(MissingPermissions),
                200,
                [P, P, F],
                &["inventory_read"],
            ),
            case(
                "wrong token",
                with(p, &[("access_token", "sbpat_wrong_000000")]),
                Some(InvalidCredentials),
                401,
                [P, F, S],
                &["personal access token"],
            ),
            case(
                "no access",
                with(p, &[("access_token", d::SHIPBOB_NO_ACCESS_TOKEN)]),
                Some(MissingPermissions),
                403,
                [P, P, F],
                &["channels"],
            ),
            case(
                "html page",
                with(p, &[("access_token", d::SHIPBOB_HTML_TOKEN)]),
                Some(Setup),
                200,
                [P, F, S],
                &["ShipBob's API"],
            ),
            case(
                "outage",
                with(p, &[("access_token", d::SHIPBOB_OUTAGE_TOKEN)]),
                Some(Outage),
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
            case("success", valid(p), None, 200, [P, P, P], &["Extensiv"]),
            case(
                "wrong secret",
                with(p, &[("client_secret", "ext_wrong_secret_00")]),
                Some(InvalidCredentials),
                401,
                [P, F, S],
                &["3PL key", "client ID and secret"],
            ),
            case(
                "wrong 3PL key",
                with(p, &[("tpl_key", "00000000-0000-4000-8000-00000000dead")]),
                Some(InvalidCredentials),
                401,
                [P, F, S],
                &["user login ID"],
            ),
            case(
                "user without access",
                with(p, &[("user_login_id", d::EXTENSIV_NO_ACCESS_USER)]),
                Some(MissingPermissions),
                403,
                [P, P, F],
                &["2002", "Orders: create and view"],
            ),
            case(
                "redirect to sign-in",
                with(p, &[("user_login_id", d::EXTENSIV_REDIRECT_USER)]),
                Some(Setup),
                302,
                [P, S, S],
                &["redirect"],
            ),
            case(
                "outage",
                with(p, &[("user_login_id", d::EXTENSIV_OUTAGE_USER)]),
                Some(Outage),
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
            case("success", valid(p), None, 200, [P, P, S], &["ShipHero"]),
            case(
                "wrong refresh token",
                with(p, &[("refresh_token", "shr_not_the_right_token_0")]),
                Some(InvalidCredentials),
                403,
                [P, F, S],
                &["refresh token"],
            ),
            case(
                "user without access",
                with(p, &[("refresh_token", d::SHIPHERO_NO_ACCESS_REFRESH)]),
                Some(MissingPermissions),
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
            case(
                "html page",
                with(p, &[("refresh_token", d::SHIPHERO_HTML_REFRESH)]),
                Some(Setup),
                200,
                [P, F, S],
                &["web page"],
            ),
            case(
                "outage",
                with(p, &[("refresh_token", d::SHIPHERO_OUTAGE_REFRESH)]),
                Some(Outage),
                503,
                [P, S, S],
                &["ShipHero"],
            ),
        ],
    )
    .await;
}
