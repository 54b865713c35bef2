//! A gate in front of the wiremock server, to order races without timers: requests
//! are forwarded to wiremock (which records them as usual), and the answer to a
//! request on the gated path is held until the test calls [`Gate::release`]. The test
//! waits for [`Gate::arrived`] (the request reached the server) before acting, so
//! "the call is in flight" is a fact, not a guess about delays.

#![allow(dead_code)] // each test crate uses part of it

use std::sync::{Arc, OnceLock};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, mpsc};

pub struct Gate {
    uri: String,
    upstream: Arc<OnceLock<String>>,
    arrived: tokio::sync::Mutex<mpsc::UnboundedReceiver<()>>,
    release: Arc<Semaphore>,
}

impl Gate {
    /// Starts a gate holding the answers of requests whose path is `gated_path`.
    pub async fn start(gated_path: &'static str) -> Gate {
        Self::start_when(move |path, _| path == gated_path).await
    }

    /// Starts a gate holding the answers of the requests for which `gated(path, body)`
    /// is true.
    pub async fn start_when(gated: impl Fn(&str, &[u8]) -> bool + Send + Sync + 'static) -> Gate {
        let gated = Arc::new(gated);
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let uri = format!("http://{}", listener.local_addr().unwrap());
        let upstream: Arc<OnceLock<String>> = Arc::default();
        let release = Arc::new(Semaphore::new(0));
        let (tx, rx) = mpsc::unbounded_channel();
        let (up, rel) = (upstream.clone(), release.clone());
        tokio::spawn(async move {
            let http = reqwest::Client::new();
            while let Ok((stream, _)) = listener.accept().await {
                let (up, rel, tx, http) = (up.clone(), rel.clone(), tx.clone(), http.clone());
                let gated = gated.clone();
                tokio::spawn(async move {
                    let (read, mut write) = stream.into_split();
                    let mut read = BufReader::new(read);
                    loop {
                        let mut line = String::new();
                        if read.read_line(&mut line).await.unwrap_or(0) == 0 {
                            return;
                        }
                        let mut parts = line.split_whitespace();
                        let (method, target) = (
                            parts.next().unwrap_or("GET").to_owned(),
                            parts.next().unwrap_or("/").to_owned(),
                        );
                        let mut headers = Vec::new();
                        let mut len = 0usize;
                        loop {
                            let mut h = String::new();
                            read.read_line(&mut h).await.unwrap();
                            let h = h.trim_end();
                            if h.is_empty() {
                                break;
                            }
                            let (k, v) = h.split_once(':').unwrap();
                            let (k, v) = (k.trim().to_ascii_lowercase(), v.trim().to_owned());
                            if k == "content-length" {
                                len = v.parse().unwrap();
                            }
                            if !matches!(k.as_str(), "host" | "content-length" | "connection") {
                                headers.push((k, v));
                            }
                        }
                        let mut body = vec![0; len];
                        read.read_exact(&mut body).await.unwrap();
                        let url = format!("{}{target}", up.get().expect("forward_to not called"));
                        let held = gated(target.split('?').next().unwrap_or(""), &body);
                        let mut req = http.request(method.parse().unwrap(), url).body(body);
                        for (k, v) in headers {
                            req = req.header(k, v);
                        }
                        let resp = req.send().await.unwrap();
                        let status = resp.status().as_u16();
                        let bytes = resp.bytes().await.unwrap();
                        if held {
                            let _ = tx.send(());
                            rel.acquire().await.unwrap().forget();
                        }
                        let head = format!(
                            "HTTP/1.1 {status} OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                            bytes.len()
                        );
                        write.write_all(head.as_bytes()).await.unwrap();
                        write.write_all(&bytes).await.unwrap();
                    }
                });
            }
        });
        Gate {
            uri,
            upstream,
            arrived: tokio::sync::Mutex::new(rx),
            release,
        }
    }

    /// The URL clients use.
    pub fn uri(&self) -> String {
        self.uri.clone()
    }

    /// Where requests are forwarded (the wiremock server).
    pub fn forward_to(&self, upstream: &str) {
        self.upstream.set(upstream.to_owned()).unwrap();
    }

    /// Waits until a request on the gated path has reached the server; its answer is
    /// held.
    pub async fn arrived(&self) {
        self.arrived.lock().await.recv().await.unwrap();
    }

    /// Lets one held answer go.
    pub fn release(&self) {
        self.release.add_permits(1);
    }
}
