//! Room on the stack for the scenarios' 1 MB subspaces: debug builds copy a
//! `Box::new` argument through the stack, and test threads get 2 MB.

/// Runs `f` on a thread with a 64 MB stack and returns what it returns.
pub fn with_big_stack<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn_scoped(s, f)
            .expect("spawn")
            .join()
            .expect("the scenario panicked")
    })
}
