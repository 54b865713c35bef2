//! Unit tests of `options.rs`.
use super::*;

#[test]
fn defaults() {
    let o = ClientOptions::builder()
        .user_pool_id("pool")
        .build()
        .unwrap();
    assert_eq!(o.host(), DEFAULT_HOST);
    assert_eq!(o.timeout(), Duration::from_secs(10));
    assert_eq!(o.retry().max_attempts, 3);
    assert!(o.public_key_pem().is_none() && o.encryptor().is_none());
    let with_key = ClientOptions::builder()
        .public_key(DEFAULT_PUBLIC_KEY)
        .build()
        .unwrap();
    assert_eq!(with_key.public_key_pem(), Some(DEFAULT_PUBLIC_KEY));
    assert!(with_key.encryptor().is_some());
    assert_eq!(o.app_base(), DEFAULT_HOST);
}

#[test]
fn rejects_bad_input() {
    let e = ClientOptions::builder()
        .user_pool_id("  ")
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("user_pool_id"), "{e}");
    let e = ClientOptions::builder()
        .host("core.authing.cn")
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("http"), "{e}");
    let e = ClientOptions::builder()
        .public_key("not a key")
        .build()
        .unwrap_err();
    assert!(matches!(e, Error::Config(_)), "{e}");
    let e = ClientOptions::builder()
        .timeout(Duration::ZERO)
        .build()
        .unwrap_err();
    assert!(matches!(e, Error::Config(_)));
    let e = ClientOptions::builder().secret("").build().unwrap_err();
    assert!(matches!(e, Error::Config(_)));
}

#[test]
fn plain_http_needs_loopback_or_an_opt_in() {
    for host in [
        "http://localhost:3000",
        "http://LOCALHOST",
        "http://127.0.0.1:9",
        "http://127.8.9.10",
        "http://[::1]:8080",
        "https://core.authing.cn",
        "https://10.0.0.1",
    ] {
        ClientOptions::builder()
            .host(host)
            .build()
            .unwrap_or_else(|e| panic!("{host}: {e}"));
    }
    for host in [
        "http://core.authing.cn",
        "http://10.0.0.1",
        "http://localhost.evil.example",
        "http://[::2]",
        "http://128.0.0.1",
    ] {
        let e = ClientOptions::builder().host(host).build().unwrap_err();
        assert!(
            matches!(&e, Error::Config(m) if m.contains("allow_insecure_http")),
            "{host}: {e}"
        );
        let o = ClientOptions::builder()
            .host(host)
            .allow_insecure_http(true)
            .build()
            .unwrap();
        assert!(o.allow_insecure_http());
    }
    let e = ClientOptions::builder()
        .app_host("http://app.example.com")
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("app_host"), "{e}");
}

#[test]
fn host_is_normalized() {
    let o = ClientOptions::builder()
        .host("http://localhost:3000/")
        .app_host("https://app.example.com/")
        .build()
        .unwrap();
    assert_eq!(o.host(), "http://localhost:3000");
    assert_eq!(o.app_base(), "https://app.example.com");
}

#[test]
fn env_overrides_read_every_variable() {
    let env = |k: &str| {
        Some(match k {
            "AUTHING_USERPOOL_ID" => "pool-from-env".to_owned(),
            "AUTHING_SECRET" => "secret-from-env".to_owned(),
            "AUTHING_HOST" => "http://127.0.0.1:9".to_owned(),
            "AUTHING_APP_ID" => "app-from-env".to_owned(),
            "AUTHING_APP_HOST" => "http://127.0.0.1:10".to_owned(),
            "AUTHING_PUBLIC_KEY" => DEFAULT_PUBLIC_KEY.to_owned(),
            _ => return None,
        })
    };
    let o = ClientOptionsBuilder::default()
        .env_overrides(env)
        .build()
        .unwrap();
    assert_eq!(o.user_pool_id(), Some("pool-from-env"));
    assert_eq!(o.secret(), Some("secret-from-env"));
    assert_eq!(o.host(), "http://127.0.0.1:9");
    assert_eq!(o.app_id(), Some("app-from-env"));
    assert_eq!(o.app_host(), Some("http://127.0.0.1:10"));
}

#[test]
fn debug_redacts_secret() {
    let o = ClientOptions::builder()
        .user_pool_id("pool")
        .secret("very-secret-value")
        .build()
        .unwrap();
    let d = format!("{o:?}");
    assert!(!d.contains("very-secret-value"), "{d}");
    assert!(d.contains("[redacted]"));
    let b = ClientOptions::builder().secret("very-secret-value");
    assert!(!format!("{b:?}").contains("very-secret-value"));
}
