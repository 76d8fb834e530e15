//! How an endpoint's answers changed beyond their bodies (success status, the handler's
//! errors, response headers), and what each version answers, computed alike by the macros
//! (to compare with the lock) and the runtime (to serve, document and lock).

/// One change of an endpoint's answers, made in the version at index `before`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change<'a> {
    pub before: usize,
    pub step: Step<'a>,
}

/// What changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step<'a> {
    /// The success status `was` became `now`.
    Status { now: u16, was: u16 },
    /// The handler's error status `was` became `now`.
    ErrorStatus { now: u16, was: u16 },
    /// The handler's error `status` was converted by a function before.
    ErrorDown { status: u16 },
    /// A response header appeared.
    HeaderAdded { name: &'a str },
    /// A response header every version sends, declared without a history
    /// (`response_header("x-trace")`): recorded, never undone.
    Header { name: &'a str },
    /// An error status the handler answers in every version, declared without a history
    /// (`error(status = 404)`): recorded, never undone.
    Error { status: u16 },
    /// The response header's value was computed differently before: older versions get
    /// it converted from the latest answer's headers.
    HeaderValue { name: &'a str },
    /// A response header was called `from` before.
    HeaderRenamed { name: &'a str, from: &'a str },
    /// A response header is no longer sent.
    HeaderRemoved { name: &'a str },
    /// Clients sent a query parameter's (`query`) or body field's value in a request header
    /// before.
    RequestHeader {
        name: &'a str,
        query: bool,
        field: &'a str,
    },
}

/// How a version answers one of the handler's errors: with another status, or converted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Status(u16),
    Converted,
}

impl core::fmt::Display for Answer {
    /// As the lock writes it: the status, or `converted`.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Answer::Status(status) => write!(f, "{status}"),
            Answer::Converted => f.write_str("converted"),
        }
    }
}

/// The changes version `index` undoes, the latest first: those made after it. Equal
/// versions keep their declaration order.
pub fn undone<'c, 'a>(changes: &'c [Change<'a>], index: usize) -> Vec<&'c Change<'a>> {
    undone_by(changes, |c| c.before, index)
}

/// [`undone`] for any kind of change, given the index of the version that made it: the
/// runtime's changes carry functions as well, and are ordered the same way.
pub fn undone_by<T>(changes: &[T], before: impl Fn(&T) -> usize, index: usize) -> Vec<&T> {
    let mut out: Vec<&T> = changes.iter().filter(|c| index < before(c)).collect();
    out.sort_by_key(|c| core::cmp::Reverse(before(c)));
    out
}

/// The success status of version `index`, the latest being `latest`.
pub fn status_at(latest: u16, changes: &[Change], index: usize) -> u16 {
    let mut status = latest;
    for change in undone(changes, index) {
        if let Step::Status { now, was } = change.step
            && now == status
        {
            status = was;
        }
    }
    status
}

/// The declared response headers version `index` sends, by the names it sends them under,
/// sorted. A header with only a value change (`HeaderValue`) is sent by every version.
pub fn headers_at<'a>(changes: &[Change<'a>], index: usize) -> Vec<&'a str> {
    let mut names = Vec::new();
    let has_history = |header: &str| {
        changes.iter().any(|c| {
            matches!(c.step,
                Step::Header { name }
                | Step::HeaderAdded { name }
                | Step::HeaderRemoved { name }
                | Step::HeaderRenamed { name, .. } if name == header)
        })
    };
    for change in changes {
        let now = index >= change.before;
        match change.step {
            Step::Header { name } => names.push(name),
            Step::HeaderValue { name } if !has_history(name) => names.push(name),
            Step::HeaderAdded { name } if now => names.push(name),
            Step::HeaderRenamed { name, from } => names.push(if now { name } else { from }),
            Step::HeaderRemoved { name } if !now => names.push(name),
            _ => {}
        }
    }
    names.sort_unstable();
    names.dedup();
    names
}

/// The request headers version `index` takes values from: (header, `query` or `body`,
/// field), sorted.
pub fn request_headers_at<'a>(
    changes: &[Change<'a>],
    index: usize,
) -> Vec<(&'a str, &'static str, &'a str)> {
    let mut out: Vec<_> = changes
        .iter()
        .filter(|c| index < c.before)
        .filter_map(|c| match c.step {
            Step::RequestHeader { name, query, field } => {
                Some((name, if query { "query" } else { "body" }, field))
            }
            _ => None,
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The response headers whose value version `index` gets converted (a
/// `response_header("x", in = V, down = f)` it undoes), sorted.
pub fn converted_headers_at<'a>(changes: &[Change<'a>], index: usize) -> Vec<&'a str> {
    let sent = headers_at(changes, index);
    let mut names: Vec<&str> = undone(changes, index)
        .into_iter()
        .filter_map(|c| match c.step {
            Step::HeaderValue { name } if sent.contains(&name) => Some(name),
            _ => None,
        })
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// How version `index` answers the handler's declared errors, each error by the status the
/// latest version gives it: those with a history in the order the changes are undone, then
/// those declared without one (`error(status = 404)`) that no undone change answers
/// otherwise, as themselves.
pub fn errors_at(changes: &[Change], index: usize) -> Vec<(u16, Answer)> {
    let mut out: Vec<(u16, Answer)> = undone(changes, index)
        .into_iter()
        .filter_map(|c| match c.step {
            Step::ErrorStatus { now, was } => Some((now, Answer::Status(was))),
            Step::ErrorDown { status } => Some((status, Answer::Converted)),
            _ => None,
        })
        .collect();
    for change in changes {
        if let Step::Error { status } = change.step
            && !out.iter().any(|(now, _)| *now == status)
        {
            out.push((status, Answer::Status(status)));
        }
    }
    out
}

/// The statuses of the handler's errors with a declared history as version `index` answers
/// them (an error a function converts is left out: it answers as the function does).
pub fn error_statuses_at(changes: &[Change], index: usize) -> Vec<u16> {
    let olds: Vec<u16> = changes
        .iter()
        .filter_map(|c| match c.step {
            Step::ErrorStatus { was, .. } => Some(was),
            _ => None,
        })
        .collect();
    let undone = undone(changes, index);
    let mut out: Vec<u16> = changes
        .iter()
        .filter_map(|c| match c.step {
            Step::ErrorStatus { now, .. }
            | Step::ErrorDown { status: now }
            | Step::Error { status: now } => Some(now),
            _ => None,
        })
        .filter(|now| !olds.contains(now))
        .filter_map(|mut status| {
            for change in &undone {
                match change.step {
                    Step::ErrorStatus { now, was } if now == status => status = was,
                    Step::ErrorDown { status: now } if now == status => return None,
                    _ => {}
                }
            }
            Some(status)
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::{
        Answer, Change, Step, converted_headers_at, error_statuses_at, errors_at, headers_at,
        status_at,
    };

    fn change(before: usize, step: Step<'static>) -> Change<'static> {
        Change { before, step }
    }

    #[test]
    fn statuses_are_undone_latest_first() {
        // 200 in v0, 202 from v1, 201 from v2.
        let changes = [
            change(2, Step::Status { now: 201, was: 202 }),
            change(1, Step::Status { now: 202, was: 200 }),
        ];
        assert_eq!(status_at(201, &changes, 2), 201);
        assert_eq!(status_at(201, &changes, 1), 202);
        assert_eq!(status_at(201, &changes, 0), 200);
    }

    #[test]
    fn headers_follow_their_history() {
        let changes = [
            change(1, Step::HeaderAdded { name: "x-cost" }),
            change(
                2,
                Step::HeaderRenamed {
                    name: "ratelimit",
                    from: "x-ratelimit",
                },
            ),
            change(2, Step::HeaderRemoved { name: "x-total" }),
        ];
        assert_eq!(headers_at(&changes, 0), ["x-ratelimit", "x-total"]);
        assert_eq!(
            headers_at(&changes, 1),
            ["x-cost", "x-ratelimit", "x-total"]
        );
        assert_eq!(headers_at(&changes, 2), ["ratelimit", "x-cost"]);
    }

    #[test]
    fn a_header_value_is_converted_only_where_the_header_is_sent() {
        // `x-size` sent from v1 on, its value changed in v2; `x-trace` sent by every version.
        let changes = [
            change(1, Step::HeaderAdded { name: "x-size" }),
            change(2, Step::HeaderValue { name: "x-size" }),
            change(0, Step::Header { name: "x-trace" }),
        ];
        assert_eq!(headers_at(&changes, 0), ["x-trace"]);
        assert!(converted_headers_at(&changes, 0).is_empty());
        assert_eq!(converted_headers_at(&changes, 1), ["x-size"]);
        assert!(converted_headers_at(&changes, 2).is_empty());
        assert_eq!(headers_at(&changes, 2), ["x-size", "x-trace"]);
    }

    #[test]
    fn errors_chain_and_conversions_are_left_out() {
        let changes = [
            change(2, Step::ErrorStatus { now: 410, was: 404 }),
            change(1, Step::ErrorStatus { now: 404, was: 400 }),
            change(2, Step::ErrorDown { status: 409 }),
        ];
        assert_eq!(error_statuses_at(&changes, 2), [409, 410]);
        assert_eq!(error_statuses_at(&changes, 1), [404]);
        assert_eq!(error_statuses_at(&changes, 0), [400]);
        assert_eq!(
            errors_at(&changes, 1),
            [(410, Answer::Status(404)), (409, Answer::Converted)]
        );
        assert_eq!(errors_at(&changes, 2), []);
    }
}
