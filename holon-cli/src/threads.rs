//! `--threads N`: judging after the warm-up on N scoring threads, with the
//! output of one.
//!
//! After the warm-up nothing is learned, so a verdict is a function of its
//! line and the fixed memory. The calling thread reads lines (gzip, the
//! line limit, UTF-8) into batches of at most [`BATCH_LINES`] lines and
//! about [`BATCH_BYTES`] bytes, and deals them round-robin to N workers,
//! each with its own clone of the memory (its own memo and caches). A
//! worker scores its batch and formats its verdict lines into bytes, with
//! each record's (anomaly, score, labels) and each bad line's message in
//! order. The calling thread takes the batches back in the order it dealt
//! them, writes the bytes and adds the verdicts to the phase table and the
//! digest in input order: standard output, the table, the digest and the
//! bad-line handling are those of one thread, byte for byte.
//!
//! Memory is bounded whatever the input: at most [`QUEUED`] batches per
//! worker are in flight (the reader waits for the oldest before it deals
//! another), and a worker hands its output on in chunks of about
//! [`CHUNK_BYTES`] over a channel of [`CHUNK_QUEUE`] chunks, so at most
//! a few MiB per worker are held, plus each clone's capped memo and caches
//! (memory grows with N, never with the input; see [`THREAD_BYTES`]).

use std::ops::Range;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

use holon_std::record::Labels;
use holon_std::report::{StreamReport, VerdictDigest};

use crate::input::{LineError, Lines, Next};
use crate::judge::{judge_line, BadLines, Memory, Summary};
use crate::output::{message, Failure, Out};

/// Most scoring threads `--threads` takes.
pub const MAX_THREADS: usize = 64;

/// Most lines in a batch.
pub const BATCH_LINES: usize = 1024;

/// A batch is closed once its text reaches this many bytes (a line is at
/// most [`crate::input::MAX_LINE_BYTES`], so a batch holds less than
/// twice this).
pub const BATCH_BYTES: usize = 1 << 20;

/// A worker hands on its verdict bytes once they reach this many (one
/// record's verdict line may pass it).
pub const CHUNK_BYTES: usize = 1 << 20;

/// Batches in flight per worker: one being scored and one waiting.
pub const QUEUED: usize = 2;

/// Chunks of output a worker may have waiting.
pub const CHUNK_QUEUE: usize = 2;

/// Address space a scoring thread may come to use on a hostile stream: its
/// clone's memo (8 MiB), atom cache (64 MiB) and intern tables (under
/// 90 MiB), its batches and output, its stack and its allocator arena. A
/// thread is started only when this much more can be reserved (so under
/// `ulimit -v` fewer threads start, rather than an allocation failing
/// later).
pub const THREAD_BYTES: usize = 192 << 20;

/// Buffers larger than this after a batch are dropped, not reused (a
/// hostile batch's memory is given back).
const REUSE_BYTES: usize = 4 * CHUNK_BYTES;

/// Lines to judge: their text, one after another, and what each is.
#[derive(Default)]
struct Batch {
    text: String,
    items: Vec<Item>,
    /// An emptied chunk of the same worker's, to fill again.
    spare: Option<Box<Chunk>>,
}

impl Batch {
    /// `self` emptied for reuse, if small enough to keep.
    fn reuse(mut self) -> Option<Self> {
        (self.text.capacity() <= REUSE_BYTES).then(|| {
            self.text.clear();
            self.items.clear();
            self.spare = None;
            self
        })
    }
}

/// One line of a batch.
enum Item {
    /// A line of text: its number and its bytes in [`Batch::text`].
    Line(u64, Range<usize>),
    /// A line the reader refused.
    Bad(u64, LineError),
}

/// What a worker made of (part of) a batch.
#[derive(Default)]
struct Chunk {
    /// The verdict lines, as one thread writes them.
    out: Vec<u8>,
    /// Each line's outcome, in order.
    outcomes: Vec<Outcome>,
    /// The `_phase` labels of the judged records, one after another.
    phases: String,
    /// The number of the batch's last line.
    last_line: u64,
    /// The batch's last chunk.
    last: bool,
    /// With the last chunk: the batch, to read into again.
    spent: Option<Batch>,
}

impl Chunk {
    /// `self` emptied for reuse, if small enough to keep.
    fn reuse(mut self) -> Option<Self> {
        (self.out.capacity() <= REUSE_BYTES).then(|| {
            self.out.clear();
            self.outcomes.clear();
            self.phases.clear();
            self.last_line = 0;
            self.last = false;
            self.spent = None;
            self
        })
    }
}

/// One line's outcome.
enum Outcome {
    /// A verdict, for the table and the digest.
    Judged {
        anomaly: bool,
        score: f32,
        phase: Option<Range<usize>>,
        attack: Option<bool>,
    },
    /// A bad line: its number, why, and how many bytes of
    /// [`Chunk::out`] come before it.
    Bad { number: u64, why: String, at: usize },
}

/// Why the threaded loop cannot go on: a worker is gone (it can only have
/// panicked, which no input should make it do).
fn worker_lost() -> Failure {
    Failure::Input("a scoring thread stopped".into())
}

/// Judges the rest of `lines` with `threads` clones of `memory` (see the
/// module documentation), adding to `report`, `digest`, `bad` and
/// `summary` as the one-thread loop does, in input order. Returns the
/// number of threads that scored (fewer than asked when memory or the
/// system had room for fewer).
#[allow(clippy::too_many_arguments)]
pub fn judge_rest<M: Memory + Clone + Send + Sync>(
    memory: &mut M,
    threads: usize,
    lines: &mut Lines<Box<dyn std::io::BufRead>>,
    name: &str,
    report: &mut StreamReport,
    digest: &mut VerdictDigest,
    bad: &mut BadLines<'_>,
    summary: &mut Summary,
    out: &mut Out,
    show_progress: bool,
) -> Result<usize, Failure> {
    memory.prepare();
    let memory: &M = memory;
    let threads = room_for(threads);
    std::thread::scope(|scope| {
        let mut jobs = Vec::with_capacity(threads);
        let mut results = Vec::with_capacity(threads);
        let mut workers = Vec::with_capacity(threads);
        for _ in 0..threads {
            let (job_tx, job_rx) = sync_channel::<Batch>(QUEUED);
            let (result_tx, result_rx) = sync_channel::<Chunk>(CHUNK_QUEUE);
            let spawned = std::thread::Builder::new()
                .name("holon-score".into())
                .spawn_scoped(scope, move || {
                    let mut own = memory.clone();
                    work(&mut own, &job_rx, &result_tx);
                });
            match spawned {
                Ok(worker) => workers.push(worker),
                // The system gives no more threads: go on with those it
                // gave (the output does not depend on how many).
                Err(_) if !workers.is_empty() => break,
                Err(e) => {
                    return Err(Failure::Input(format!(
                        "cannot start a scoring thread: {e}"
                    )))
                }
            }
            jobs.push(job_tx);
            results.push(result_rx);
        }
        let mut sink = Sink {
            results: &results,
            drained: 0,
            batches: Vec::new(),
            chunks: (0..jobs.len()).map(|_| None).collect(),
            report,
            digest,
            bad,
            summary,
            out,
            show_progress,
        };
        let started = jobs.len();
        let result = deal(lines, name, &jobs, &mut sink).map(|()| started);
        // Closing the channels ends every worker (one blocked on a send
        // gets an error), then each is joined.
        drop(jobs);
        drop(results);
        let mut result = result;
        for worker in workers {
            if worker.join().is_err() && result.is_ok() {
                result = Err(worker_lost());
            }
        }
        result
    })
}

/// How many of `threads` scoring threads the address space has room for
/// ([`THREAD_BYTES`] each), at least one; a warning when fewer.
fn room_for(threads: usize) -> usize {
    let mut n = threads;
    while n > 1
        && Vec::<u8>::new()
            .try_reserve_exact(n.saturating_mul(THREAD_BYTES))
            .is_err()
    {
        n -= 1;
    }
    if n < threads {
        message(format_args!(
            "holon: warning: memory for {n} of --threads {threads} scoring threads only\n"
        ));
    }
    n
}

/// Reads `lines` into batches and deals them round-robin, taking results
/// back in order through `sink`; then takes back the rest.
fn deal(
    lines: &mut Lines<Box<dyn std::io::BufRead>>,
    name: &str,
    jobs: &[SyncSender<Batch>],
    sink: &mut Sink<'_, '_>,
) -> Result<(), Failure> {
    let mut dealt = 0u64;
    let mut batch = sink.batches.pop().unwrap_or_default();
    let read_error = loop {
        match lines.next_line() {
            Ok(Next::End) => break None,
            Err(e) => break Some(e),
            Ok(Next::Bad(number, error)) => batch.items.push(Item::Bad(number, error)),
            Ok(Next::Line(number, text)) => {
                let start = batch.text.len();
                batch.text.push_str(text);
                batch
                    .items
                    .push(Item::Line(number, start..batch.text.len()));
            }
        }
        if batch.items.len() >= BATCH_LINES || batch.text.len() >= BATCH_BYTES {
            let next = sink.batches.pop().unwrap_or_default();
            send(std::mem::replace(&mut batch, next), &mut dealt, jobs, sink)?;
        }
    };
    if !batch.items.is_empty() {
        send(batch, &mut dealt, jobs, sink)?;
    }
    while sink.drained < dealt {
        sink.drain_one()?;
    }
    match read_error {
        // The verdicts before the error are out, as with one thread.
        Some(e) => {
            sink.out.flush()?;
            Err(Failure::Input(format!("reading {name}: {e}")))
        }
        None => Ok(()),
    }
}

/// Deals `batch` to the next worker, first taking back the oldest batch
/// when every worker has [`QUEUED`] (so the send never waits).
fn send(
    mut batch: Batch,
    dealt: &mut u64,
    jobs: &[SyncSender<Batch>],
    sink: &mut Sink<'_, '_>,
) -> Result<(), Failure> {
    let threads = jobs.len() as u64;
    if *dealt - sink.drained >= threads * QUEUED as u64 {
        sink.drain_one()?;
    }
    let index = (*dealt % threads) as usize;
    batch.spare = sink.chunks.get_mut(index).and_then(Option::take);
    let worker = jobs.get(index).ok_or_else(worker_lost)?;
    worker.send(batch).map_err(|_| worker_lost())?;
    *dealt += 1;
    Ok(())
}

/// Where results go, in input order.
struct Sink<'a, 'b> {
    results: &'a [Receiver<Chunk>],
    drained: u64,
    /// Emptied batches to read into (at most those in flight).
    batches: Vec<Batch>,
    /// Each worker's emptied chunk, sent back with its next batch.
    chunks: Vec<Option<Box<Chunk>>>,
    report: &'a mut StreamReport,
    digest: &'a mut VerdictDigest,
    bad: &'a mut BadLines<'b>,
    summary: &'a mut Summary,
    out: &'a mut Out,
    show_progress: bool,
}

impl Sink<'_, '_> {
    /// Takes back the oldest batch in flight: writes its verdicts, counts
    /// them, and handles its bad lines by the policy.
    fn drain_one(&mut self) -> Result<(), Failure> {
        let threads = self.results.len() as u64;
        let index = (self.drained % threads.max(1)) as usize;
        let results = self.results.get(index).ok_or_else(worker_lost)?;
        loop {
            let mut chunk = results.recv().map_err(|_| worker_lost())?;
            let mut written = 0;
            for outcome in &chunk.outcomes {
                match outcome {
                    Outcome::Judged {
                        anomaly,
                        score,
                        phase,
                        attack,
                    } => {
                        self.summary.judged += 1;
                        let labels = Labels {
                            phase: phase.clone().and_then(|r| chunk.phases.get(r)),
                            attack: *attack,
                        };
                        self.report.add_labels(labels, *anomaly);
                        self.digest.add(*anomaly, *score);
                    }
                    Outcome::Bad { number, why, at } => {
                        let before = chunk.out.get(written..*at).unwrap_or_default();
                        self.out.write(before)?;
                        written = *at;
                        self.bad.add(*number, why, self.out)?;
                    }
                }
            }
            self.out
                .write(chunk.out.get(written..).unwrap_or_default())?;
            if chunk.last {
                if self.show_progress {
                    message(format_args!("\rholon: {} lines", chunk.last_line));
                }
                if let Some(batch) = chunk.spent.take().and_then(Batch::reuse) {
                    self.batches.push(batch);
                }
                if let Some(slot) = self.chunks.get_mut(index) {
                    *slot = chunk.reuse().map(Box::new);
                }
                break;
            }
        }
        self.drained += 1;
        Ok(())
    }
}

/// A worker: judges each batch it is dealt and hands on the results, until
/// either channel closes.
fn work<M: Memory>(memory: &mut M, jobs: &Receiver<Batch>, results: &SyncSender<Chunk>) {
    while let Ok(mut batch) = jobs.recv() {
        let mut chunk = batch.spare.take().map(|c| *c).unwrap_or_default();
        for item in &batch.items {
            match item {
                Item::Bad(number, error) => {
                    chunk.last_line = *number;
                    chunk.outcomes.push(Outcome::Bad {
                        number: *number,
                        why: error.to_string(),
                        at: chunk.out.len(),
                    });
                }
                Item::Line(number, range) => {
                    chunk.last_line = *number;
                    let text = batch.text.get(range.clone()).unwrap_or_default();
                    judge(memory, *number, text, &mut chunk);
                }
            }
            if chunk.out.len() >= CHUNK_BYTES {
                let last_line = chunk.last_line;
                if results.send(std::mem::take(&mut chunk)).is_err() {
                    return;
                }
                chunk.last_line = last_line;
            }
        }
        chunk.last = true;
        chunk.spent = Some(batch);
        if results.send(chunk).is_err() {
            return;
        }
    }
}

/// Judges one line as the one-thread loop does after the warm-up
/// ([`judge_line`]), keeping its outcome for the in-order fold.
fn judge<M: Memory>(memory: &mut M, number: u64, text: &str, chunk: &mut Chunk) {
    let at = chunk.out.len();
    let (outcomes, phases) = (&mut chunk.outcomes, &mut chunk.phases);
    let judged = judge_line(
        memory,
        number,
        text,
        &mut chunk.out,
        |anomaly, score, labels| {
            let phase = keep_phase(phases, labels.phase);
            outcomes.push(Outcome::Judged {
                anomaly,
                score,
                phase,
                attack: labels.attack,
            });
        },
    );
    // Writing to a Vec cannot fail.
    if let Ok(Err(why)) = judged {
        chunk.outcomes.push(Outcome::Bad { number, why, at });
    }
}

/// Appends a `_phase` label to `phases`; its range there.
fn keep_phase(phases: &mut String, phase: Option<&str>) -> Option<Range<usize>> {
    let phase = phase?;
    let start = phases.len();
    phases.push_str(phase);
    Some(start..phases.len())
}
