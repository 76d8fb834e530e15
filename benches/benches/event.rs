//! Rendering an event for delivery (`versionary::event::Event::to_vec`) at the oldest version
//! against the latest: the same `move.created` event, written for a subscriber of version 1
//! (a rename and two fields fewer, converted from a borrow of the latest value) and for one of
//! the latest version (written as it is).
//!
//! Batches of `EVENT_BATCH` renders (default 20,000) at the oldest and at the latest version
//! are interleaved, `EVENT_ROUNDS` rounds (default 15), the side going first alternating; the
//! ratio per round is the oldest batch's time over the latest's (target: within 1.10). The
//! two bodies are checked against the expected bytes first.
//!
//! Writes `event.json` to the results directory.

use std::hint::black_box;
use std::time::Instant;

use serde_json::json;
use versionary::event::Event;
use versionary::render::{Resolve, resolve};
use versionary_bench::results::{min_median_max, spread};

versionary::api_versions! {
    pub Moves {
        1 => "Initial release",
        2 => "`from` renamed to `origin`; people carry a `pnc`; moves a `status`",
    }
}

#[versionary::versioned(api = Moves, response)]
#[derive(Clone, Debug)]
pub struct Person {
    pub name: String,
    #[api(added = 2)]
    pub pnc: String,
}

#[versionary::versioned(api = Moves, response)]
#[derive(Clone, Debug)]
pub struct Move {
    pub id: u64,
    #[api(renamed(from = "from", in = 2))]
    pub origin: String,
    pub destination: String,
    pub people: Vec<Person>,
    #[api(added = 2)]
    pub status: String,
}

/// A move was booked.
#[versionary::event("move.created", api = Moves)]
#[derive(Debug)]
pub struct MoveCreated(pub Move);

fn event() -> MoveCreated {
    MoveCreated(Move {
        id: 4711,
        origin: "HMP Leeds".to_owned(),
        destination: "Leeds Crown Court".to_owned(),
        people: vec![
            Person {
                name: "A. Smith".to_owned(),
                pnc: "20/123".to_owned(),
            },
            Person {
                name: "B. Jones".to_owned(),
                pnc: "21/456".to_owned(),
            },
        ],
        status: "requested".to_owned(),
    })
}

fn setting(name: &str, default: u64, max: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
        .clamp(1, max)
}

fn main() {
    let batch = setting("EVENT_BATCH", 20_000, 10_000_000);
    let rounds = usize::try_from(setting("EVENT_ROUNDS", 15, 1_000)).unwrap_or(15);
    let created = event();
    let oldest = resolve::<Moves>("1", Resolve::exact()).expect("version 1");
    let latest = resolve::<Moves>("2", Resolve::exact()).expect("version 2");
    assert_eq!(
        created.to_vec(&oldest).expect("rendered at 1"),
        br#"{"id":4711,"from":"HMP Leeds","destination":"Leeds Crown Court","people":[{"name":"A. Smith"},{"name":"B. Jones"}]}"#
    );
    assert_eq!(
        created.to_vec(&latest).expect("rendered at 2"),
        br#"{"id":4711,"origin":"HMP Leeds","destination":"Leeds Crown Court","people":[{"name":"A. Smith","pnc":"20/123"},{"name":"B. Jones","pnc":"21/456"}],"status":"requested"}"#
    );
    let time = |version: &versionary::Selected| {
        let start = Instant::now();
        let mut bytes = 0;
        for _ in 0..batch {
            bytes += black_box(created.to_vec(black_box(version)).expect("rendered")).len();
        }
        black_box(bytes);
        start.elapsed().as_secs_f64() * 1e9 / batch as f64
    };
    // Warm-up.
    time(&oldest);
    time(&latest);
    let (mut old_ns, mut new_ns) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        if round % 2 == 0 {
            old_ns.push(time(&oldest));
            new_ns.push(time(&latest));
        } else {
            new_ns.push(time(&latest));
            old_ns.push(time(&oldest));
        }
    }
    let ratios: Vec<f64> = old_ns.iter().zip(&new_ns).map(|(o, n)| o / n).collect();
    println!(
        "event rendering, {batch} renders per batch: oldest {:.0} ns, latest {:.0} ns per event; ratio oldest / latest {:.3} (median of {rounds})",
        min_median_max(&old_ns).1,
        min_median_max(&new_ns).1,
        min_median_max(&ratios).1,
    );
    versionary_bench::results::write_json(
        "event.json",
        &json!({
            "batch": batch,
            "oldest_ns": spread(&old_ns),
            "latest_ns": spread(&new_ns),
            "ratio": spread(&ratios),
        }),
    );
}
