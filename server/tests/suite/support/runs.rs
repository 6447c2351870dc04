//! Channel runs over HTTP: a connection between two sandboxes with the
//! given credentials, Run now, and reading a run until it ends.

use super::{Browser, TestServer};
use dropstream_api::{Category, Diagnosis, Platform, RunOutcome, RunProblem, RunSummary, Side};
use dropstream_server::store::Secret;
use reqwest::Method;
use std::collections::BTreeMap;
use std::time::Duration;

/// An enabled connection named `name` between these platforms, with these
/// credentials saved on each side.
pub async fn connection_between(
    s: &TestServer,
    name: &str,
    store: (Platform, &[(&str, &str)]),
    warehouse: (Platform, &[(&str, &str)]),
) -> i64 {
    let merchant = s.store.ensure_merchant("Run tests").await.unwrap().id;
    let id = s
        .store
        .create_connection(merchant, name, store.0, warehouse.0, true)
        .await
        .unwrap();
    save_side(s, id, Side::Store, store.1).await;
    save_side(s, id, Side::Warehouse, warehouse.1).await;
    id
}

/// Saves these fields on one side of the connection.
pub async fn save_side(s: &TestServer, id: i64, side: Side, fields: &[(&str, &str)]) {
    let values: BTreeMap<String, Secret> = fields
        .iter()
        .map(|(k, v)| (k.to_string(), Secret::new(*v)))
        .collect();
    s.store.save_credentials(id, side, &values).await.unwrap();
}

/// Presses Run now on `channel` of the connection at `connection` (its API
/// path); the answer as it came.
pub async fn run_now(b: &Browser, connection: &str, channel: &str) -> reqwest::Response {
    b.send(
        Method::POST,
        &format!("{connection}/channels/{channel}/runs"),
    )
    .send()
    .await
    .unwrap()
}

/// Presses Run now on `channel` of connection `id` and reads the run until
/// it ends.
pub async fn run_channel(b: &Browser, id: i64, channel: &str) -> RunSummary {
    let connection = format!("/api/connections/{id}");
    let r = run_now(b, &connection, channel).await;
    assert_eq!(r.status(), 202, "{}", r.text().await.unwrap());
    let started: RunSummary = r.json().await.unwrap();
    assert_eq!(started.outcome, RunOutcome::Running);
    ended(b, &connection, started.id).await
}

/// Reads a run of the connection at `connection` (its API path) until it
/// is no longer running.
pub async fn ended(b: &Browser, connection: &str, run: i64) -> RunSummary {
    for _ in 0..600 {
        let read: RunSummary = b
            .get(&format!("{connection}/runs/{run}"))
            .await
            .json()
            .await
            .unwrap();
        if read.outcome != RunOutcome::Running {
            assert!(read.finished_at.is_some());
            return read;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("run {run} never ended");
}

/// Asserts that `run` failed, blaming `side` for a `category` problem
/// (`what` names the case in a failure); its diagnosis, for more checks.
pub fn failed_on(
    run: &RunSummary,
    side: Side,
    category: Category,
    what: impl std::fmt::Display,
) -> &Diagnosis {
    assert_eq!(run.outcome, RunOutcome::Failed, "{what}: {run:?}");
    let d = run.diagnosis.as_ref().expect("a failed run says why");
    assert_eq!(
        (d.side, d.category),
        (Some(side), Some(category)),
        "{what}: {d:?}"
    );
    d
}

/// The problems logged by `run` of connection `id`.
pub async fn problems(b: &Browser, id: i64, run: &RunSummary) -> Vec<RunProblem> {
    b.get_json(&format!("/api/connections/{id}/runs/{}/problems", run.id))
        .await
}

/// Asserts that Inventory `run` of connection `id` set all `skus` but
/// `missing`, which the store lacks: the run is partial, names that SKU, and
/// logs it as the one problem.
pub async fn store_lacked_one(b: &Browser, id: i64, run: &RunSummary, skus: u32, missing: &str) {
    assert_eq!(run.outcome, RunOutcome::Partial, "{run:?}");
    assert_eq!((run.counts.updated, run.counts.failed), (skus - 1, 1));
    assert_eq!(run.diagnosis.as_ref().unwrap().skus, [missing]);
    let log = problems(b, id, run).await;
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0].record, format!("SKU {missing}"));
    assert_eq!(log[0].reason, format!("SKU {missing} is not in the store."));
    assert_eq!(log[0].sku.as_deref(), Some(missing));
}

/// Runs Sales Orders of connection `id` again and asserts it read nothing:
/// the store lists no open order any more.
pub async fn no_open_orders(b: &Browser, id: i64) {
    let orders = run_channel(b, id, "orders").await;
    assert_eq!(
        (orders.outcome, orders.counts.read),
        (RunOutcome::Succeeded, 0)
    );
}

/// Runs Shipments of connection `id` again and asserts it read and updated
/// nothing: every tracking has been sent.
pub async fn nothing_left_to_ship(b: &Browser, id: i64) {
    let again = run_channel(b, id, "shipments").await;
    let c = &again.counts;
    assert_eq!(
        (again.outcome, c.read, c.updated),
        (RunOutcome::Succeeded, 0, 0)
    );
}

/// The JSON body of a request's answer.
pub async fn json_of(request: reqwest::RequestBuilder) -> serde_json::Value {
    request.send().await.unwrap().json().await.unwrap()
}

/// The orders the Extensiv sandbox at `base` holds for these credentials
/// (its client id and secret, user login id and TPL key), asked the way
/// Extensiv is asked: a token, then `GET /orders?pgsiz=500`.
pub async fn extensiv_orders(base: &str, creds: impl Fn(&str) -> String) -> Vec<serde_json::Value> {
    let http = reqwest::Client::new();
    let token = json_of(
        http.post(format!("{base}/AuthServer/api/Token"))
            .basic_auth(creds("client_id"), Some(creds("client_secret")))
            .json(&serde_json::json!({"grant_type": "client_credentials",
                          "user_login_id": creds("user_login_id"),
                          "tpl": creds("tpl_key")})),
    )
    .await;
    let list = json_of(
        http.get(format!("{base}/orders?pgsiz=500"))
            .bearer_auth(token["access_token"].as_str().unwrap())
            .header("accept", "application/hal+json"),
    )
    .await;
    list["_embedded"]["http://api.3plCentral.com/rels/orders/order"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}
