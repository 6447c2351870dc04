//! Command-line and environment configuration.

use clap::{Parser, Subcommand};
use std::net::IpAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "dropstream-server",
    about = "DropStream Connection Desk backend"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub serve: ServeConfig,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API and the built SPA (the default).
    Serve,
    /// Add a user. The password is read from DROPSTREAM_PASSWORD, or else
    /// from the first line of standard input; it is never taken as an
    /// argument. The first admin of a fresh install is made this way.
    AddUser {
        #[arg(long)]
        email: String,
        /// The name shown in the header, the history and next to comments.
        #[arg(long)]
        name: String,
        /// admin (everything, manages users), staff (sees and tests every
        /// merchant's connections) or merchant (its own merchant's only).
        #[arg(long, value_parser = parse_role)]
        role: dropstream_api::access::Role,
        /// The merchant (name or id) of a merchant user.
        #[arg(long)]
        merchant: Option<String>,
    },
    /// Add a merchant (the owner of connections).
    AddMerchant {
        #[arg(long)]
        name: String,
    },
    /// Print a one-time link with which the user sets a (new) password;
    /// earlier links of the user stop working.
    PasswordLink {
        #[arg(long)]
        email: String,
        /// The desk's address as users reach it.
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        base_url: String,
    },
    /// The sites whose pages may embed the help widget:
    /// `embed-sites list`, `embed-sites add ORIGIN`, `embed-sites remove ORIGIN`.
    EmbedSites {
        #[command(subcommand)]
        action: EmbedSitesAction,
    },
    /// Articles the help widget suggests by the host page's path (its
    /// `page` call): `help-suggestions list`, `help-suggestions add
    /// '/orders/*' test-connection channels-and-run-logs`,
    /// `help-suggestions remove ID`.
    HelpSuggestions {
        #[command(subcommand)]
        action: SuggestionsAction,
    },
    /// Re-wrap every saved credential under a new key-encryption key (from
    /// DROPSTREAM_NEW_KEK, or a generated one written to the key file).
    /// Stop the server first.
    RotateKek,
    /// Seed a fresh database for the load bench: a merchant, connections
    /// with sandbox credentials and a long test history.
    #[command(hide = true)]
    SeedLoad {
        #[arg(long, default_value_t = 1_000)]
        connections: u32,
        #[arg(long, default_value_t = 1_000_000)]
        runs: u64,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum EmbedSitesAction {
    /// Print the list.
    List,
    /// Let a site's pages embed the help widget.
    Add {
        /// The site's origin: scheme, host and port, e.g. https://shop.example.com.
        #[arg(value_parser = parse_origin)]
        origin: String,
        /// The merchant (name or id) whose users the site's server may sign
        /// in to the widget with `identify` tokens. The secret it signs them
        /// with is printed.
        #[arg(long)]
        merchant: Option<String>,
    },
    /// Print the secret a site's server signs `identify` tokens with.
    Secret {
        #[arg(value_parser = parse_origin)]
        origin: String,
    },
    /// Replace a site's secret (tokens signed with the old one stop
    /// working), and print the new one.
    RenewSecret {
        #[arg(value_parser = parse_origin)]
        origin: String,
    },
    /// Stop a site from embedding the help widget.
    Remove {
        #[arg(value_parser = parse_origin)]
        origin: String,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum SuggestionsAction {
    List,
    /// Suggest ARTICLES (slugs, in order) on host pages whose path matches
    /// PATTERN (`*` matches anything).
    Add {
        pattern: String,
        #[arg(required = true)]
        articles: Vec<String>,
    },
    Remove {
        id: i64,
    },
}

#[derive(Clone, Debug, clap::Args)]
pub struct ServeConfig {
    /// Address to listen on.
    #[arg(long, env = "HOST", default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// Port to listen on; 0 picks a free one (the chosen URL is printed).
    #[arg(long, env = "PORT", default_value_t = 8080)]
    pub port: u16,
    /// Folder holding the SQLite database (unless --database-url names
    /// another) and the key file (unless DROPSTREAM_KEK is set).
    #[arg(long, env = "DROPSTREAM_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
    /// The database, when not SQLite in --data-dir: postgres://user:pass@host/db.
    /// Several servers may share one PostgreSQL database; they must then
    /// share the key-encryption key too (DROPSTREAM_KEK).
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// Proxies whose X-Forwarded-For is believed, comma-separated addresses
    /// or networks (e.g. 10.0.0.0/8). The client address is then the last
    /// entry not itself a trusted proxy. None by default: the desk is
    /// reached directly and the peer address is the client's.
    #[arg(long, env = "DROPSTREAM_TRUSTED_PROXIES", value_delimiter = ',', value_parser = parse_network)]
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Folder of the built SPA (Trunk's dist/).
    #[arg(long, env = "DROPSTREAM_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Demo mode: start the platform sandboxes on loopback, point the
    /// connectors at them and seed the demo connection.
    #[arg(long, env = "DROPSTREAM_DEMO")]
    pub demo: bool,
    /// Demo mode with sandboxes that already run at this address (another
    /// process's, which outlive this server), instead of starting its own.
    #[arg(long, hide = true, requires = "demo")]
    pub sandboxes_at: Option<String>,
    /// Overall deadline of one Test Connection run, in milliseconds.
    #[arg(long, env = "DROPSTREAM_TEST_TIMEOUT_MS", default_value_t = 10_000)]
    pub test_timeout_ms: u64,
    /// Mark cookies Secure. Set it whenever the desk is reached over https
    /// (directly or behind a TLS-terminating proxy).
    #[arg(long, env = "DROPSTREAM_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Comments one user may post or edit per minute.
    #[arg(long, env = "DROPSTREAM_COMMENTS_PER_MINUTE", default_value_t = 6)]
    pub comments_per_minute: u32,
    /// Test Connection runs one session (or address, signed out) may start
    /// per minute.
    #[arg(long, env = "DROPSTREAM_TESTS_PER_MINUTE", default_value_t = 30)]
    pub tests_per_minute: u32,
    /// A session ends after this many minutes without a request.
    #[arg(long, env = "DROPSTREAM_SESSION_IDLE_MINUTES", default_value_t = 720)]
    pub session_idle_minutes: u64,
    /// A session ends this many hours after sign-in, however active.
    #[arg(long, env = "DROPSTREAM_SESSION_MAX_HOURS", default_value_t = 336)]
    pub session_max_hours: u64,
    /// Sign-in attempts one client address may make per minute, whatever
    /// the email (each email also has 5 a minute per address).
    #[arg(long, env = "DROPSTREAM_SIGN_INS_PER_MINUTE", default_value_t = 30)]
    pub sign_ins_per_minute: u32,
    /// Outbound Test Connection runs in progress at once, over all users;
    /// above it a test answers 503 with Retry-After.
    #[arg(long, env = "DROPSTREAM_MAX_CONCURRENT_TESTS", default_value_t = crate::MAX_CONCURRENT_TESTS)]
    pub max_concurrent_tests: usize,
    /// Time a client has to send a request's head, counted from when the
    /// server starts waiting for it (milliseconds).
    #[arg(long, env = "DROPSTREAM_HEADER_TIMEOUT_MS", default_value_t = 10_000)]
    pub header_timeout_ms: u64,
    /// Longest pause between two pieces of a request body (milliseconds).
    #[arg(long, env = "DROPSTREAM_BODY_TIMEOUT_MS", default_value_t = 10_000)]
    pub body_timeout_ms: u64,
    /// A connection with no request in progress and no traffic for this
    /// long is closed (milliseconds).
    #[arg(long, env = "DROPSTREAM_IDLE_TIMEOUT_MS", default_value_t = 5_000)]
    pub idle_timeout_ms: u64,
    /// Longest an API request may take before it answers 503
    /// (milliseconds); keep it above --test-timeout-ms.
    #[arg(long, env = "DROPSTREAM_REQUEST_TIMEOUT_MS", default_value_t = 30_000)]
    pub request_timeout_ms: u64,
    /// Test runs and channel runs newer than this many days are kept; older
    /// ones go once they are also outside --keep-runs-per-side (whichever
    /// keeps more).
    #[arg(long, env = "DROPSTREAM_KEEP_RUNS_DAYS", default_value_t = 90)]
    pub keep_runs_days: u32,
    /// The newest test runs of each connection side (and channel runs of
    /// each channel) kept however old.
    #[arg(long, env = "DROPSTREAM_KEEP_RUNS_PER_SIDE", default_value_t = 1_000,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub keep_runs_per_side: u32,
    /// Minutes between two prunings of old runs; one also runs at start.
    #[arg(long, env = "DROPSTREAM_PRUNE_EVERY_MINUTES", default_value_t = 60,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub prune_every_minutes: u64,
    /// Seconds between two looks for channels whose schedule has come.
    #[arg(long, env = "DROPSTREAM_SCHEDULE_EVERY_SECONDS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub schedule_every_seconds: u64,
    /// Sites that may embed the help widget's panel, comma-separated
    /// origins (e.g. https://shop.example.com), besides those admins add
    /// (`embed-sites add`, or Admin → Embed sites). No other page of the
    /// desk may be framed.
    #[arg(long, env = "DROPSTREAM_FRAME_ANCESTORS", value_delimiter = ',', value_parser = parse_origin)]
    pub frame_ancestors: Vec<String>,
}

impl ServeConfig {
    /// Opens (and migrates) the configured database.
    pub async fn open_store(&self) -> anyhow::Result<crate::store::Store> {
        crate::store::Store::open_config(&self.data_dir, self.database_url.as_deref()).await
    }

    pub fn retention(&self) -> crate::store::retention::Retention {
        crate::store::retention::Retention {
            days: self.keep_runs_days,
            per_side: self.keep_runs_per_side,
        }
    }

    pub fn timeouts(&self) -> crate::edge::Timeouts {
        let ms = std::time::Duration::from_millis;
        crate::edge::Timeouts {
            header: ms(self.header_timeout_ms),
            body: ms(self.body_timeout_ms),
            idle: ms(self.idle_timeout_ms),
            request: ms(self.request_timeout_ms),
        }
    }
}

fn parse_origin(raw: &str) -> Result<String, String> {
    crate::security::headers::origin(raw)
}

/// An address (one host) or a network in CIDR form.
fn parse_network(raw: &str) -> Result<ipnet::IpNet, String> {
    let raw = raw.trim();
    raw.parse::<ipnet::IpNet>()
        .or_else(|_| raw.parse::<IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| format!("{raw}: not an address or network (e.g. 10.0.0.0/8)"))
}

fn parse_role(raw: &str) -> Result<dropstream_api::access::Role, String> {
    dropstream_api::access::Role::parse(raw)
        .ok_or_else(|| format!("“{raw}” is not a role: use admin, staff or merchant"))
}
