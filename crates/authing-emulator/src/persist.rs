//! The data file: atomic private writes, the start-up check, and the background task
//! that saves a changed state every second.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use crate::EmulatorError;
use crate::shared::Shared;
use crate::store::snapshot;

/// How often the background task looks for unsaved changes.
const SAVE_EVERY: Duration = Duration::from_secs(1);

/// Writes the data file (version 2) atomically and privately: a unique temporary file
/// (mode 0600) in the same directory, fsync, rename, then fsync of the directory.
/// Saves are serialised by `shared.save_lock`.
pub(crate) fn save(shared: &Shared, path: &Path) -> Result<(), EmulatorError> {
    let _one_at_a_time = shared.save_lock.lock();
    let json = {
        let store = shared.store.read();
        snapshot::to_json(&shared.ids, &store, shared.clock.offset_ms()).map_err(|e| {
            EmulatorError::DataFormat {
                path: path.display().to_string(),
                message: e.to_string(),
            }
        })?
    };
    let io = |source| EmulatorError::DataFile {
        path: path.display().to_string(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // tempfile creates the file with mode 0600 on unix
    let mut tmp = tempfile::Builder::new()
        .prefix(".authing-emulator-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(io)?;
    tmp.write_all(json.as_bytes()).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Marks the state changed after every request that may write (all but GET/HEAD/OPTIONS).
pub(crate) async fn mark_dirty(
    State(shared): State<Arc<Shared>>,
    req: Request,
    next: Next,
) -> Response {
    let read_only = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let resp = next.run(req).await;
    if !read_only {
        shared.mark_dirty();
    }
    resp
}

/// Saves every [`SAVE_EVERY`] while the change counter moved; stops when `stop` fires
/// (the owner then saves a last time).
pub(crate) fn spawn_saver(
    shared: Arc<Shared>,
    path: PathBuf,
    mut stop: tokio::sync::oneshot::Receiver<()>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut saved = shared.generation.load(Ordering::Acquire);
        let mut tick = tokio::time::interval(SAVE_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = &mut stop => break,
                _ = tick.tick() => {}
            }
            let now = shared.generation.load(Ordering::Acquire);
            if now == saved {
                continue;
            }
            let (sh, p) = (shared.clone(), path.clone());
            match tokio::task::spawn_blocking(move || save(&sh, &p)).await {
                Ok(Ok(())) => saved = now,
                Ok(Err(e)) => tracing::error!(error = %e, "periodic save of the data file failed"),
                Err(e) => tracing::error!(error = %e, "periodic save task failed"),
            }
        }
    })
}
