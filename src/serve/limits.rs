//! The server's limits: body size (enforced by tower-http's `RequestBodyLimitLayer` in
//! [`super::api`]), the time one request may take, and how many reports are linted at once with
//! how many more waiting: past that, 503 at once instead of an unbounded queue.

use super::error::ApiError;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The limits of one server.
pub struct Limits {
    /// The largest body accepted, in bytes.
    pub max_body: u64,
    /// How long one request may take, upload, queueing and linting together.
    pub timeout: Duration,
    workers: Arc<Semaphore>,
    jobs: usize,
    queue: usize,
    waiting: AtomicUsize,
}

/// Decrements the waiting count when a queued request stops waiting, however it stops.
struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Limits {
    /// `jobs` reports at once, `queue` more waiting.
    pub fn new(max_body: u64, timeout: Duration, jobs: usize, queue: usize) -> Self {
        let jobs = jobs.max(1);
        Limits {
            max_body,
            timeout,
            workers: Arc::new(Semaphore::new(jobs)),
            jobs,
            queue,
            waiting: AtomicUsize::new(0),
        }
    }

    /// Reports linted at the same time.
    pub fn jobs(&self) -> usize {
        self.jobs
    }

    /// A worker slot: at once if one is free, after waiting in the queue if the queue has room,
    /// otherwise 503. The slot is held until the lint finishes, even when the request has
    /// given up (a report being linted cannot be stopped half-way), so at most `jobs` reports
    /// are ever being linted. The caller bounds the wait with the request's time limit.
    pub async fn worker(&self) -> Result<OwnedSemaphorePermit, ApiError> {
        if let Ok(permit) = Arc::clone(&self.workers).try_acquire_owned() {
            return Ok(permit);
        }
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.queue {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(ApiError::busy(format!(
                "busy: {} reports are being linted and {} are waiting (--jobs, --queue); try again shortly",
                self.jobs, self.queue
            )));
        }
        let _waiting = Waiting(&self.waiting);
        Arc::clone(&self.workers)
            .acquire_owned()
            .await
            .map_err(|_| ApiError::busy("the server is shutting down"))
    }

    /// The 503 answer for a request over the time limit.
    pub fn timed_out(&self) -> ApiError {
        ApiError::new(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            format!(
                "the request took longer than the time limit of {} s (--timeout): upload, waiting for a worker and linting together",
                self.timeout.as_secs()
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "current_thread")]
    async fn past_the_workers_and_the_queue_requests_are_refused() {
        let limits = Arc::new(Limits::new(1, Duration::from_secs(1), 1, 1));
        let held = limits.worker().await.unwrap();
        // One may wait …
        let queued = {
            let limits = Arc::clone(&limits);
            tokio::spawn(async move { limits.worker().await.map(drop) })
        };
        tokio::task::yield_now().await;
        assert_eq!(limits.waiting.load(Ordering::SeqCst), 1);
        // … the next is refused at once.
        let refused = limits.worker().await.unwrap_err();
        assert_eq!(refused.code, "busy");
        drop(held);
        queued.await.unwrap().unwrap();
        assert_eq!(limits.waiting.load(Ordering::SeqCst), 0);
    }
}
