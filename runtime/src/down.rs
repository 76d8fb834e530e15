//! Calling a `down` function of a `retyped(...)` response field, whichever way it takes its
//! argument: `fn(&New) -> Old` is given a borrow, `fn(New) -> Old` the value.
//!
//! When an older version is served, the older shape is written from a borrow of the latest
//! value (see `ser::write_struct`): a `down` function that takes a reference is called on
//! that borrow, and one that takes ownership is given a clone of that one field (its type
//! must then be `Clone`). The generated `From<Newer> for Older` conversions own the value
//! and pass it to either kind.
//!
//! The two kinds are told apart by a marker type parameter: a function implements
//! [`DownRef`]/[`DownOwned`] with [`ByRef`] or with [`ByValue`], never both, so the
//! compiler infers the marker from the function's signature.

/// The marker of a `down` function that takes a reference.
#[derive(Debug)]
pub struct ByRef;

/// The marker of a `down` function that takes ownership.
#[derive(Debug)]
pub struct ByValue;

/// A `down` function converting a borrowed `T` into `U`.
#[diagnostic::on_unimplemented(
    message = "this `down` function cannot turn a `&{T}` into a `{U}`",
    label = "expected `fn(&{T}) -> {U}`, or `fn({T}) -> {U}` with `{T}: Clone`",
    note = "an older response shape is written from a borrow of the latest value: a `down` function taking `{T}` by value is given a clone of the field, so `{T}` must implement `Clone`; take `&{T}` to avoid the clone"
)]
pub trait DownRef<T, U, M> {
    /// Converts the borrowed value.
    fn down_ref(self, value: &T) -> U;
}

impl<T, U, F: FnOnce(&T) -> U> DownRef<T, U, ByRef> for F {
    fn down_ref(self, value: &T) -> U {
        self(value)
    }
}

impl<T: Clone, U, F: FnOnce(T) -> U> DownRef<T, U, ByValue> for F {
    fn down_ref(self, value: &T) -> U {
        self(value.clone())
    }
}

/// A `down` function converting an owned `T` into `U`.
#[diagnostic::on_unimplemented(
    message = "this `down` function cannot turn a `{T}` into a `{U}`",
    label = "expected `fn(&{T}) -> {U}` or `fn({T}) -> {U}`"
)]
pub trait DownOwned<T, U, M> {
    /// Converts the value.
    fn down_owned(self, value: T) -> U;
}

impl<T, U, F: FnOnce(&T) -> U> DownOwned<T, U, ByRef> for F {
    fn down_owned(self, value: T) -> U {
        self(&value)
    }
}

impl<T, U, F: FnOnce(T) -> U> DownOwned<T, U, ByValue> for F {
    fn down_owned(self, value: T) -> U {
        self(value)
    }
}

/// Calls `down` on a borrow (a `fn(&T)`), or on a clone of the value (a `fn(T)`).
pub fn down_ref<T, U, M, F: DownRef<T, U, M>>(down: F, value: &T) -> U {
    down.down_ref(value)
}

/// Calls `down` on the value (a `fn(T)`), or on a borrow of it (a `fn(&T)`).
pub fn down_owned<T, U, M, F: DownOwned<T, U, M>>(down: F, value: T) -> U {
    down.down_owned(value)
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    #[derive(Debug)]
    struct Counted<'a>(u32, &'a Cell<u32>);

    impl Clone for Counted<'_> {
        fn clone(&self) -> Self {
            self.1.set(self.1.get() + 1);
            Counted(self.0, self.1)
        }
    }

    fn by_ref(value: &Counted<'_>) -> u64 {
        u64::from(value.0) * 2
    }

    fn by_value(value: Counted<'_>) -> u64 {
        u64::from(value.0) * 3
    }

    #[test]
    fn a_borrowing_down_function_is_never_given_a_clone() {
        let clones = Cell::new(0);
        let value = Counted(7, &clones);
        assert_eq!(super::down_ref(by_ref, &value), 14);
        assert_eq!(clones.get(), 0);
        assert_eq!(super::down_owned(by_ref, value), 14);
        assert_eq!(clones.get(), 0);
    }

    #[test]
    fn an_owning_down_function_is_given_a_clone_of_a_borrow_only() {
        let clones = Cell::new(0);
        let value = Counted(7, &clones);
        assert_eq!(super::down_ref(by_value, &value), 21);
        assert_eq!(clones.get(), 1);
        assert_eq!(super::down_owned(by_value, value), 21);
        assert_eq!(clones.get(), 1);
    }
}
