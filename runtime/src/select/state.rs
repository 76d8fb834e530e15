//! The application state, for conversions that need it (`try_up = f`, `f(old, &state)`), and
//! the record of which field a failed conversion belongs to.

use crate::problem::Problem;

tokio::task_local! {
    static STATE: std::sync::Arc<dyn core::any::Any + Send + Sync>;
}

/// Runs `f` with `state` available to state-aware conversions (`try_up`). `versionary::Json`
/// does this itself when the body type needs it; call it to decode such types elsewhere.
///
/// ```
/// let state = std::sync::Arc::new(7u32);
/// let seen = versionary::select::with_app_state(state, || {
///     versionary::__private::with_state::<u32, _>(|n| Ok(*n + 1)).unwrap()
/// });
/// assert_eq!(seen, 8);
/// ```
pub fn with_app_state<R>(
    state: std::sync::Arc<dyn core::any::Any + Send + Sync>,
    f: impl FnOnce() -> R,
) -> R {
    STATE.sync_scope(state, f)
}

/// Generated code runs a state-aware conversion: `f(&state)`, or a problem when no state
/// of type `S` is available.
#[doc(hidden)]
pub fn with_state<S: 'static, R>(f: impl FnOnce(&S) -> Result<R, Problem>) -> Result<R, Problem> {
    let missing = || {
        Problem::internal(format!(
            "a conversion needs the application state `{}`, which is not available here: decode with `versionary::Json` in a served request, or inside `versionary::select::with_app_state`",
            core::any::type_name::<S>()
        ))
    };
    let mut f = Some(f);
    STATE
        .try_with(|state| match (state.downcast_ref::<S>(), f.take()) {
            (Some(state), Some(f)) => f(state),
            _ => Err(missing()),
        })
        .unwrap_or_else(|_| Err(missing()))
}

std::thread_local! {
    /// The last conversion failure on this thread: (field name, problem).
    static FAILED: core::cell::RefCell<Option<(&'static str, Problem)>> = const { core::cell::RefCell::new(None) };
}

/// Generated code records which field a failed conversion belongs to, so the 422 answer can
/// point at it; returns the problem to propagate.
#[doc(hidden)]
pub fn field_failed(field: &'static str, problem: Problem) -> Problem {
    FAILED.with(|slot| *slot.borrow_mut() = Some((field, problem.clone())));
    problem
}

/// Takes the recorded conversion failure, if any.
pub(crate) fn take_failure() -> Option<(&'static str, Problem)> {
    FAILED.with(|slot| slot.borrow_mut().take())
}
