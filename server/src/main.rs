use clap::Parser;
use dropstream_api::access::Role;
use dropstream_server::config::{Cli, Command, EmbedSitesAction, ServeConfig, SuggestionsAction};
use dropstream_server::connectors::egress::Egress;
use dropstream_server::connectors::{Connectors, Endpoints};
use dropstream_server::security::rate_limit::RateLimiter;
use dropstream_server::store::accounts::{NewAccount, SessionPolicy};
use dropstream_server::store::load_seed::LoadSeed;
use dropstream_server::{app, demo_seed, sandbox, AppState};
use std::time::Duration;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,tower_http=warn,sqlx=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(cli.serve).await,
        Command::AddUser {
            email,
            name,
            role,
            merchant,
        } => add_user(&cli.serve, &email, &name, role, merchant.as_deref()).await,
        Command::AddMerchant { name } => {
            let name = dropstream_api::access::validate_merchant_name(&name)
                .map_err(anyhow::Error::msg)?;
            let store = cli.serve.open_store().await?;
            match store.add_merchant(&name).await? {
                Some(m) => println!("Added merchant {}: {}.", m.id, m.name),
                None => anyhow::bail!("a merchant named {name:?} already exists"),
            }
            Ok(())
        }
        Command::PasswordLink { email, base_url } => {
            let store = cli.serve.open_store().await?;
            let Some(id) = store.user_id_by_email(&email).await? else {
                anyhow::bail!("there is no user with the email {email}");
            };
            let token = store.password_token(id).await?;
            let days = dropstream_server::store::accounts::PASSWORD_LINK_DAYS;
            println!(
                "{}/set-password?token={token}\n(works once, for {days} days)",
                base_url.trim_end_matches('/')
            );
            Ok(())
        }
        Command::RotateKek => {
            let message = dropstream_server::store::rotate::rotate_in_dir(
                &cli.serve.data_dir,
                cli.serve.database_url.as_deref(),
            )
            .await?;
            println!("{message}");
            Ok(())
        }
        Command::SeedLoad { connections, runs } => seed_load(&cli.serve, connections, runs).await,
        Command::EmbedSites { action } => embed_sites(&cli.serve, action).await,
        Command::HelpSuggestions { action } => help_suggestions(&cli.serve, action).await,
    }
}

async fn add_user(
    config: &ServeConfig,
    email: &str,
    name: &str,
    role: Role,
    merchant: Option<&str>,
) -> anyhow::Result<()> {
    let password = match std::env::var("DROPSTREAM_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            eprintln!("Password (one line on standard input):");
            let mut line = String::new();
            std::io::stdin().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    let store = config.open_store().await?;
    let merchant_id = match merchant {
        None => None,
        Some(wanted) => Some(merchant_named(&store, wanted).await?),
    };
    let who = NewAccount {
        email,
        display_name: name,
        role,
        merchant_id,
    };
    let id = store.add_user(&who, &password).await?;
    println!("Added user {id}: {name} <{email}> ({}).", role.label());
    Ok(())
}

async fn embed_sites(config: &ServeConfig, action: EmbedSitesAction) -> anyhow::Result<()> {
    let store = config.open_store().await?;
    match action {
        EmbedSitesAction::List => {
            let sites = store.embed_sites().await?;
            if sites.is_empty() {
                println!("No site may embed the help widget yet.");
            }
            for site in sites {
                let identify = site.merchant.map(|m| format!(", identify for {m}"));
                println!(
                    "{}\tadded {} by {}{}",
                    site.origin,
                    site.added_at,
                    site.added_by,
                    identify.unwrap_or_default()
                );
            }
        }
        EmbedSitesAction::Add { origin, merchant } => {
            let merchant_id = match merchant.as_deref() {
                None => None,
                Some(wanted) => Some(merchant_named(&store, wanted).await?),
            };
            match store
                .add_embed_site(&origin, merchant_id, "command line")
                .await?
            {
                Some(_) => println!("{origin} may now embed the help widget."),
                None => anyhow::bail!("{origin} is already on the list"),
            }
            if merchant_id.is_some() {
                print_secret(&store, &origin).await?;
            }
        }
        EmbedSitesAction::Secret { origin } => print_secret(&store, &origin).await?,
        EmbedSitesAction::RenewSecret { origin } => {
            if !store.renew_site_secret(&origin).await? {
                anyhow::bail!("{origin} is not on the list");
            }
            print_secret(&store, &origin).await?;
        }
        EmbedSitesAction::Remove { origin } => {
            if !store.remove_embed_site(&origin).await? {
                anyhow::bail!("{origin} is not on the list");
            }
            println!("{origin} may no longer embed the help widget.");
        }
    }
    Ok(())
}

async fn help_suggestions(config: &ServeConfig, action: SuggestionsAction) -> anyhow::Result<()> {
    let store = config.open_store().await?;
    match action {
        SuggestionsAction::List => {
            for s in store.help_suggestions().await? {
                println!("{}\t{}\t{}", s.id, s.pattern, s.articles.join(", "));
            }
        }
        SuggestionsAction::Add { pattern, articles } => {
            let (pattern, articles) =
                dropstream_server::help::checked_suggestion(&pattern, &articles)
                    .map_err(|(_, message)| anyhow::anyhow!(message))?;
            match store
                .add_help_suggestion(&pattern, &articles, "command line")
                .await?
            {
                Some(s) => println!(
                    "Suggestion {}: {} on {}.",
                    s.id,
                    articles.join(", "),
                    s.pattern
                ),
                None => anyhow::bail!("{pattern} already has suggestions"),
            }
        }
        SuggestionsAction::Remove { id } => {
            if !store.remove_help_suggestion(id).await? {
                anyhow::bail!("there is no suggestion {id}");
            }
            println!("Suggestion {id} removed.");
        }
    }
    Ok(())
}

async fn print_secret(store: &dropstream_server::store::Store, origin: &str) -> anyhow::Result<()> {
    let Some(key) = store.embed_site_key(origin).await? else {
        anyhow::bail!("{origin} is not on the list");
    };
    if key.merchant_id.is_none() {
        anyhow::bail!("{origin} is bound to no merchant, so it cannot identify anyone; add it with --merchant");
    }
    println!(
        "identify secret of {origin} (keep it on the site's server):\n{}",
        key.secret
    );
    Ok(())
}

/// A merchant by name (ignoring case) or id.
async fn merchant_named(
    store: &dropstream_server::store::Store,
    wanted: &str,
) -> anyhow::Result<i64> {
    let all = store.merchants().await?;
    all.iter()
        .find(|m| m.id.to_string() == wanted || m.name.eq_ignore_ascii_case(wanted.trim()))
        .map(|m| m.id)
        .ok_or_else(|| {
            anyhow::anyhow!(
                "there is no merchant {wanted:?}; add it first with add-merchant --name"
            )
        })
}

async fn seed_load(config: &ServeConfig, connections: u32, runs: u64) -> anyhow::Result<()> {
    let store = config.open_store().await?;
    let started = std::time::Instant::now();
    let seeded = store
        .seed_load(LoadSeed {
            connections,
            runs,
            credentials: &demo_seed::sandbox_credentials,
        })
        .await?;
    println!(
        "Seeded connections {}..={} and {} test runs in {:.1} s.",
        seeded.first_id,
        seeded.last_id,
        seeded.runs,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn serve(config: ServeConfig) -> anyhow::Result<()> {
    let store = config
        .open_store()
        .await?
        .with_session_policy(SessionPolicy {
            idle: Duration::from_secs(config.session_idle_minutes.max(1) * 60),
            lifetime: Duration::from_secs(config.session_max_hours.max(1) * 3600),
        });
    let pruning = dropstream_server::store::retention::spawn_pruning(
        store.clone(),
        config.retention(),
        Duration::from_secs(config.prune_every_minutes * 60),
    );
    // The sandboxes must outlive the server; keep them in scope.
    let sandboxes = match (config.demo, &config.sandboxes_at) {
        (true, None) => Some(sandbox::start().await?),
        _ => None,
    };
    if config.demo {
        demo_seed::seed(&store).await?;
        demo_seed::seed_users(&store).await?;
    }
    let endpoints = match (&sandboxes, &config.sandboxes_at) {
        (Some(s), _) => s.endpoints.clone(),
        (None, Some(base)) => Endpoints::sandboxes_at(base.trim_end_matches('/')),
        (None, None) => Endpoints::production(),
    };
    // Loopback is reachable only when the sandboxes are what we talk to.
    let egress = if config.demo {
        Egress::sandbox()
    } else {
        Egress::production()
    };
    let connectors = Connectors::new(
        endpoints,
        Duration::from_millis(config.test_timeout_ms),
        egress,
    )?;
    let dist = config
        .dist
        .join("index.html")
        .is_file()
        .then_some(config.dist.as_path());
    if dist.is_none() {
        tracing::warn!(dist = %config.dist.display(), "no built SPA found; serving the API only");
    }
    let mut state = AppState::new(store, connectors);
    state.secure_cookies = config.secure_cookies;
    let per_minute = |n| RateLimiter::new(n, Duration::from_secs(60));
    state.limits.posting = per_minute(config.comments_per_minute);
    state.limits.test_connection = per_minute(config.tests_per_minute);
    state.limits.sign_in_per_ip = per_minute(config.sign_ins_per_minute);
    state.test_slots =
        std::sync::Arc::new(tokio::sync::Semaphore::new(config.max_concurrent_tests));
    state.timeouts = config.timeouts();
    state.headers.hsts = config.secure_cookies;
    state.headers.frame_ancestors = config.frame_ancestors.clone();
    state.trusted_proxies = config.trusted_proxies.clone();

    let listener = tokio::net::TcpListener::bind((config.host, config.port)).await?;
    let addr = listener.local_addr()?;
    if config.demo {
        state.invite_links = Some(format!("http://{addr}"));
    }
    let schedule = dropstream_server::channels::runner::spawn_schedule(
        state.clone(),
        Duration::from_secs(config.schedule_every_seconds),
    );
    let router = app(state, dist);
    if config.demo {
        println!("Demo mode: platform sandboxes on loopback; \"Demo Outfitters\" is seeded.");
        if let Some(s) = &sandboxes {
            // The load bench asks the sandboxes directly, for comparison.
            println!("Platform sandboxes at http://{}/", s.addr);
        }
        for user in demo_seed::DEMO_USERS {
            println!(
                "Demo sign-in: {} / {} ({}, {})",
                user.email,
                user.password,
                user.name,
                user.describe()
            );
        }
    }
    println!("DropStream Connection Desk listening on http://{addr}/");
    dropstream_server::edge::serve(listener, router, config.timeouts(), async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    pruning.abort();
    schedule.abort();
    drop(sandboxes);
    Ok(())
}
