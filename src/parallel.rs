//! Work on many cores with results in input order: [`ordered`] hands items to worker threads
//! and passes each result to one sink, on the calling thread, in the order of the items. The
//! extraction of `extract`, `load dataset` and `extract --stream`, and the reading of files by
//! `add`, run through it, so that one writer stores what several threads found, and `--jobs N`
//! gives the same result as `--jobs 1`.
//!
//! Std scoped threads and channels, no thread pool: the calling thread reads items (from the
//! database, which only it may use), sends them to the workers through a bounded channel, and
//! keeps at most a few results per worker waiting for an earlier one, so memory stays flat
//! however many items there are.

use std::collections::BTreeMap;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{mpsc, Mutex};
use std::thread;

/// How many items may be in flight (sent and not yet sunk) per worker.
const IN_FLIGHT_PER_JOB: usize = 4;

/// Every core the process may use (1 when that cannot be told).
pub fn available_jobs() -> usize {
    thread::available_parallelism().map_or(1, |n| n.get())
}

/// Applies `work` to each of `items` on `jobs` threads and hands the results to `sink` in item
/// order. With `jobs` 1 everything runs on the calling thread. Stops at the first error of
/// `items` or `sink` and returns it; a panic in `work` is resumed on the calling thread.
pub fn ordered<T, R, I, W, S>(jobs: usize, items: I, work: W, mut sink: S) -> anyhow::Result<()>
where
    T: Send,
    R: Send,
    I: Iterator<Item = anyhow::Result<T>>,
    W: Fn(T) -> R + Sync,
    S: FnMut(R) -> anyhow::Result<()>,
{
    if jobs <= 1 {
        for item in items {
            sink(work(item?))?;
        }
        return Ok(());
    }
    let cap = jobs * IN_FLIGHT_PER_JOB;
    let (task_tx, task_rx) = mpsc::sync_channel::<(usize, T)>(cap);
    let task_rx = Mutex::new(task_rx);
    let (done_tx, done_rx) = mpsc::channel::<(usize, thread::Result<R>)>();
    thread::scope(|scope| {
        // Moved in, so that leaving the scope early (an error) ends the workers before the
        // scope joins them.
        let task_tx = task_tx;
        for _ in 0..jobs {
            let (task_rx, done_tx, work) = (&task_rx, done_tx.clone(), &work);
            scope.spawn(move || loop {
                // The lock is held only to take one item.
                let next = task_rx
                    .lock()
                    .map_err(|_| ())
                    .and_then(|rx| rx.recv().map_err(|_| ()));
                let Ok((i, item)) = next else { break };
                let result = panic::catch_unwind(AssertUnwindSafe(|| work(item)));
                if done_tx.send((i, result)).is_err() {
                    break;
                }
            });
        }
        drop(done_tx);
        let (mut sent, mut sunk, mut items) = (0usize, 0usize, items.fuse());
        let mut waiting: BTreeMap<usize, R> = BTreeMap::new();
        loop {
            while sent - sunk < cap {
                let Some(item) = items.next() else { break };
                task_tx
                    .send((sent, item?))
                    .map_err(|_| anyhow::anyhow!("the extraction threads ended early"))?;
                sent += 1;
            }
            if sunk == sent {
                return Ok(());
            }
            let (i, result) = done_rx
                .recv()
                .map_err(|_| anyhow::anyhow!("the extraction threads ended early"))?;
            let result = result.unwrap_or_else(|p| panic::resume_unwind(p));
            waiting.insert(i, result);
            while let Some(result) = waiting.remove(&sunk) {
                sink(result)?;
                sunk += 1;
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_item_order_whatever_the_jobs() {
        for jobs in [1, 2, 3, 8] {
            let mut out = Vec::new();
            let items = (0..500u64).map(Ok);
            // uneven work, so that later items often finish first
            let work = |n: u64| (0..(n % 7) * 1000).fold(n, |a, b| a.wrapping_add(b) % 1_000_003);
            ordered(jobs, items, work, |r| {
                out.push(r);
                Ok(())
            })
            .unwrap();
            let expected: Vec<u64> = (0..500u64).map(work).collect();
            assert_eq!(out, expected, "jobs {jobs}");
        }
    }

    #[test]
    fn the_first_error_stops_the_work() {
        let items = (0..100).map(|n| {
            if n == 40 {
                Err(anyhow::anyhow!("item 40"))
            } else {
                Ok(n)
            }
        });
        let mut seen = 0;
        let err = ordered(
            2,
            items,
            |n| n,
            |_| {
                seen += 1;
                Ok(())
            },
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "item 40");
        assert!(seen <= 40);
        let err = ordered(
            2,
            (0..100).map(Ok),
            |n| n,
            |n| {
                anyhow::ensure!(n != 7, "sink at 7");
                Ok(())
            },
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "sink at 7");
    }
}
