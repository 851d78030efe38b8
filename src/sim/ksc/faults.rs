//! Injected failures: a test (or a person trying the demo) makes the next call of a method
//! answer with a given `PxgError`, as a real server does when an account lacks a right or a
//! disk is full, so that the app's error handling and rollback can be exercised for real.

use super::state::SharedState;
use crate::wire::PxgError;

impl SharedState {
    /// The next call of `method` (`Class.Method`) answers `error` instead of running; several
    /// injections for one method are answered in order.
    pub fn inject_fault(&self, method: &str, error: PxgError) {
        self.runtime()
            .faults
            .entry(method.to_string())
            .or_default()
            .push(error);
    }

    /// Takes the next injected failure of `method`, if any.
    pub fn take_fault(&self, method: &str) -> Option<PxgError> {
        let mut rt = self.runtime();
        let queue = rt.faults.get_mut(method)?;
        let e = if queue.is_empty() {
            None
        } else {
            Some(queue.remove(0))
        };
        if queue.is_empty() {
            rt.faults.remove(method);
        }
        e
    }
}
