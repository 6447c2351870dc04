//! One browser's view of the server: a cookie jar, and the single helper
//! every state-changing request goes through.

use dropstream_api::help::{Session, SignIn, User};
use dropstream_server::demo_seed;
use reqwest::cookie::{CookieStore, Jar};
use reqwest::Method;
use std::sync::Arc;

pub struct Browser {
    pub base: String,
    /// Keeps cookies like a browser does: the session and the CSRF token.
    pub client: reqwest::Client,
    pub jar: Arc<Jar>,
}

impl Browser {
    /// A fresh browser that has loaded the session once, as the SPA does at
    /// start-up, and so holds a CSRF cookie.
    pub async fn open(base: String) -> Browser {
        let jar = Arc::new(Jar::default());
        let client = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .build()
            .unwrap();
        let browser = Browser { base, client, jar };
        browser.session().await;
        browser
    }

    /// This browser, cookies and all, talking to the server at `base` (the
    /// same one restarted on another port, say).
    pub fn at(&self, base: String) -> Browser {
        Browser {
            base,
            client: self.client.clone(),
            jar: self.jar.clone(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The value of cookie `name` this browser holds for the server.
    pub fn cookie(&self, name: &str) -> Option<String> {
        let header = self.jar.cookies(&self.base.parse().unwrap())?;
        header
            .to_str()
            .unwrap()
            .split("; ")
            .filter_map(|pair| pair.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    }

    /// Every state-changing request goes through here: it carries the CSRF
    /// token the way the SPA does (header = cookie).
    pub fn send(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        let request = self.client.request(method, self.url(path));
        match self.cookie("ds_csrf") {
            Some(token) => request.header("x-csrf-token", token),
            None => request,
        }
    }

    /// A state-changing request with a JSON body; the answer as it came.
    pub async fn send_body(
        &self,
        method: Method,
        path: &str,
        body: &impl serde::Serialize,
    ) -> reqwest::Response {
        self.send(method, path).json(body).send().await.unwrap()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// GET that must answer 200; the body decoded.
    pub async fn get_json<T: serde::de::DeserializeOwned>(&self, path: &str) -> T {
        let r = self.get(path).await;
        assert_eq!(r.status(), 200, "{path}");
        r.json().await.unwrap()
    }

    pub async fn session(&self) -> Session {
        self.get_json("/api/session").await
    }

    /// Signs in; answers the status and body.
    pub async fn sign_in_raw(&self, email: &str, password: &str) -> (u16, String) {
        let r = self
            .send(Method::POST, "/api/session")
            .json(&SignIn {
                email: email.into(),
                password: password.into(),
            })
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    /// Signs in as `demo_seed::DEMO_USERS[n]` (see `demo_seed::DEMO_ADMIN` and the
    /// other indexes).
    pub async fn sign_in_demo(&self, n: usize) -> User {
        let user = &demo_seed::DEMO_USERS[n];
        let (status, body) = self.sign_in_raw(user.email, user.password).await;
        assert_eq!(status, 200, "{body}");
        let session: Session = serde_json::from_str(&body).unwrap();
        session.user.unwrap()
    }

    /// Sends `body` as JSON with `method`; returns the status and raw body.
    pub async fn send_json(
        &self,
        method: reqwest::Method,
        path: &str,
        body: &serde_json::Value,
    ) -> (u16, String) {
        let r = self.send(method, path).json(body).send().await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    /// GET; returns the status and raw body.
    pub async fn get_text(&self, path: &str) -> (u16, String) {
        let r = self.client.get(self.url(path)).send().await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    /// Posts a test request (`body` is sent as written, JSON or not) to
    /// side `side` of connection `id`; the answer as it came.
    pub async fn post_test(&self, id: &str, side: &str, body: &str) -> reqwest::Response {
        self.send(
            reqwest::Method::POST,
            &format!("/api/connections/{id}/{side}/test"),
        )
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap()
    }

    /// Posts a test request and returns the HTTP status and raw body.
    pub async fn post_test_raw(&self, id: &str, side: &str, body: &str) -> (u16, String) {
        let r = self.post_test(id, side, body).await;
        (r.status().as_u16(), r.text().await.unwrap())
    }
}
