//! Router build and version resolution.
//!
//! 1. Build time and memory: the router of 500 endpoints x 20 versions (10,000 routes, the
//!    endpoints generated with `macro_rules!`) against a plain axum router of the same
//!    10,000 routes on the same handlers. Each build runs in a fresh child process (this
//!    binary, re-run with `--child`), which reports the build time and the RSS delta read
//!    from `/proc/self/status`.
//! 2. Version resolution is O(1) per request: latency of the same endpoint in APIs of 2, 20
//!    and 50 versions, at the oldest, a middle and the latest version; and of the first and
//!    last endpoint of the 10,000-route router against the plain one.

use std::process::Command;
use std::time::Instant;

use serde_json::{Value, json};
use versionary::{ApiBuilder, VersionFrom, endpoint, versioned};
use versionary_bench::requests::send;
use versionary_bench::results::{min_median_max, spread};

versionary::api_versions! {
    /// 20 versions, 500 endpoints.
    pub Big {
        1 => "v1", 2 => "v2", 3 => "v3", 4 => "v4", 5 => "v5", 6 => "v6", 7 => "v7", 8 => "v8", 9 => "v9", 10 => "v10",
        11 => "v11", 12 => "v12", 13 => "v13", 14 => "v14", 15 => "v15", 16 => "v16", 17 => "v17", 18 => "v18", 19 => "v19", 20 => "v20",
    }
}

versionary::api_versions! {
    /// 2 versions.
    pub Two {
        1 => "v1", 2 => "v2",
    }
}

versionary::api_versions! {
    /// 20 versions.
    pub Twenty {
        1 => "v1", 2 => "v2", 3 => "v3", 4 => "v4", 5 => "v5", 6 => "v6", 7 => "v7", 8 => "v8", 9 => "v9", 10 => "v10",
        11 => "v11", 12 => "v12", 13 => "v13", 14 => "v14", 15 => "v15", 16 => "v16", 17 => "v17", 18 => "v18", 19 => "v19", 20 => "v20",
    }
}

versionary::api_versions! {
    /// 50 versions.
    pub Fifty {
        1 => "v1", 2 => "v2", 3 => "v3", 4 => "v4", 5 => "v5", 6 => "v6", 7 => "v7", 8 => "v8", 9 => "v9", 10 => "v10",
        11 => "v11", 12 => "v12", 13 => "v13", 14 => "v14", 15 => "v15", 16 => "v16", 17 => "v17", 18 => "v18", 19 => "v19", 20 => "v20",
        21 => "v21", 22 => "v22", 23 => "v23", 24 => "v24", 25 => "v25", 26 => "v26", 27 => "v27", 28 => "v28", 29 => "v29", 30 => "v30",
        31 => "v31", 32 => "v32", 33 => "v33", 34 => "v34", 35 => "v35", 36 => "v36", 37 => "v37", 38 => "v38", 39 => "v39", 40 => "v40",
        41 => "v41", 42 => "v42", 43 => "v43", 44 => "v44", 45 => "v45", 46 => "v46", 47 => "v47", 48 => "v48", 49 => "v49", 50 => "v50",
    }
}

/// The endpoints of `Big`, and the plain router of the same handlers at every version.
macro_rules! endpoints {
    ($($name:ident $path:tt),* $(,)?) => {
        $(
            #[endpoint(GET $path, api = Big)]
            async fn $name() -> &'static str {
                "ok"
            }
        )*

        /// The plain axum router: every handler under `/v1` ... `/v20`.
        fn plain_router() -> axum::Router {
            let mut router = axum::Router::new();
            for version in 1..=20 {
                $(
                    router = router.route(
                        &format!("/v{version}{}", $path),
                        axum::routing::get($name),
                    );
                )*
            }
            router
        }
    };
}

endpoints! {
    e000 "/e000", e001 "/e001", e002 "/e002", e003 "/e003", e004 "/e004", e005 "/e005", e006 "/e006", e007 "/e007",
    e008 "/e008", e009 "/e009", e010 "/e010", e011 "/e011", e012 "/e012", e013 "/e013", e014 "/e014", e015 "/e015",
    e016 "/e016", e017 "/e017", e018 "/e018", e019 "/e019", e020 "/e020", e021 "/e021", e022 "/e022", e023 "/e023",
    e024 "/e024", e025 "/e025", e026 "/e026", e027 "/e027", e028 "/e028", e029 "/e029", e030 "/e030", e031 "/e031",
    e032 "/e032", e033 "/e033", e034 "/e034", e035 "/e035", e036 "/e036", e037 "/e037", e038 "/e038", e039 "/e039",
    e040 "/e040", e041 "/e041", e042 "/e042", e043 "/e043", e044 "/e044", e045 "/e045", e046 "/e046", e047 "/e047",
    e048 "/e048", e049 "/e049", e050 "/e050", e051 "/e051", e052 "/e052", e053 "/e053", e054 "/e054", e055 "/e055",
    e056 "/e056", e057 "/e057", e058 "/e058", e059 "/e059", e060 "/e060", e061 "/e061", e062 "/e062", e063 "/e063",
    e064 "/e064", e065 "/e065", e066 "/e066", e067 "/e067", e068 "/e068", e069 "/e069", e070 "/e070", e071 "/e071",
    e072 "/e072", e073 "/e073", e074 "/e074", e075 "/e075", e076 "/e076", e077 "/e077", e078 "/e078", e079 "/e079",
    e080 "/e080", e081 "/e081", e082 "/e082", e083 "/e083", e084 "/e084", e085 "/e085", e086 "/e086", e087 "/e087",
    e088 "/e088", e089 "/e089", e090 "/e090", e091 "/e091", e092 "/e092", e093 "/e093", e094 "/e094", e095 "/e095",
    e096 "/e096", e097 "/e097", e098 "/e098", e099 "/e099", e100 "/e100", e101 "/e101", e102 "/e102", e103 "/e103",
    e104 "/e104", e105 "/e105", e106 "/e106", e107 "/e107", e108 "/e108", e109 "/e109", e110 "/e110", e111 "/e111",
    e112 "/e112", e113 "/e113", e114 "/e114", e115 "/e115", e116 "/e116", e117 "/e117", e118 "/e118", e119 "/e119",
    e120 "/e120", e121 "/e121", e122 "/e122", e123 "/e123", e124 "/e124", e125 "/e125", e126 "/e126", e127 "/e127",
    e128 "/e128", e129 "/e129", e130 "/e130", e131 "/e131", e132 "/e132", e133 "/e133", e134 "/e134", e135 "/e135",
    e136 "/e136", e137 "/e137", e138 "/e138", e139 "/e139", e140 "/e140", e141 "/e141", e142 "/e142", e143 "/e143",
    e144 "/e144", e145 "/e145", e146 "/e146", e147 "/e147", e148 "/e148", e149 "/e149", e150 "/e150", e151 "/e151",
    e152 "/e152", e153 "/e153", e154 "/e154", e155 "/e155", e156 "/e156", e157 "/e157", e158 "/e158", e159 "/e159",
    e160 "/e160", e161 "/e161", e162 "/e162", e163 "/e163", e164 "/e164", e165 "/e165", e166 "/e166", e167 "/e167",
    e168 "/e168", e169 "/e169", e170 "/e170", e171 "/e171", e172 "/e172", e173 "/e173", e174 "/e174", e175 "/e175",
    e176 "/e176", e177 "/e177", e178 "/e178", e179 "/e179", e180 "/e180", e181 "/e181", e182 "/e182", e183 "/e183",
    e184 "/e184", e185 "/e185", e186 "/e186", e187 "/e187", e188 "/e188", e189 "/e189", e190 "/e190", e191 "/e191",
    e192 "/e192", e193 "/e193", e194 "/e194", e195 "/e195", e196 "/e196", e197 "/e197", e198 "/e198", e199 "/e199",
    e200 "/e200", e201 "/e201", e202 "/e202", e203 "/e203", e204 "/e204", e205 "/e205", e206 "/e206", e207 "/e207",
    e208 "/e208", e209 "/e209", e210 "/e210", e211 "/e211", e212 "/e212", e213 "/e213", e214 "/e214", e215 "/e215",
    e216 "/e216", e217 "/e217", e218 "/e218", e219 "/e219", e220 "/e220", e221 "/e221", e222 "/e222", e223 "/e223",
    e224 "/e224", e225 "/e225", e226 "/e226", e227 "/e227", e228 "/e228", e229 "/e229", e230 "/e230", e231 "/e231",
    e232 "/e232", e233 "/e233", e234 "/e234", e235 "/e235", e236 "/e236", e237 "/e237", e238 "/e238", e239 "/e239",
    e240 "/e240", e241 "/e241", e242 "/e242", e243 "/e243", e244 "/e244", e245 "/e245", e246 "/e246", e247 "/e247",
    e248 "/e248", e249 "/e249", e250 "/e250", e251 "/e251", e252 "/e252", e253 "/e253", e254 "/e254", e255 "/e255",
    e256 "/e256", e257 "/e257", e258 "/e258", e259 "/e259", e260 "/e260", e261 "/e261", e262 "/e262", e263 "/e263",
    e264 "/e264", e265 "/e265", e266 "/e266", e267 "/e267", e268 "/e268", e269 "/e269", e270 "/e270", e271 "/e271",
    e272 "/e272", e273 "/e273", e274 "/e274", e275 "/e275", e276 "/e276", e277 "/e277", e278 "/e278", e279 "/e279",
    e280 "/e280", e281 "/e281", e282 "/e282", e283 "/e283", e284 "/e284", e285 "/e285", e286 "/e286", e287 "/e287",
    e288 "/e288", e289 "/e289", e290 "/e290", e291 "/e291", e292 "/e292", e293 "/e293", e294 "/e294", e295 "/e295",
    e296 "/e296", e297 "/e297", e298 "/e298", e299 "/e299", e300 "/e300", e301 "/e301", e302 "/e302", e303 "/e303",
    e304 "/e304", e305 "/e305", e306 "/e306", e307 "/e307", e308 "/e308", e309 "/e309", e310 "/e310", e311 "/e311",
    e312 "/e312", e313 "/e313", e314 "/e314", e315 "/e315", e316 "/e316", e317 "/e317", e318 "/e318", e319 "/e319",
    e320 "/e320", e321 "/e321", e322 "/e322", e323 "/e323", e324 "/e324", e325 "/e325", e326 "/e326", e327 "/e327",
    e328 "/e328", e329 "/e329", e330 "/e330", e331 "/e331", e332 "/e332", e333 "/e333", e334 "/e334", e335 "/e335",
    e336 "/e336", e337 "/e337", e338 "/e338", e339 "/e339", e340 "/e340", e341 "/e341", e342 "/e342", e343 "/e343",
    e344 "/e344", e345 "/e345", e346 "/e346", e347 "/e347", e348 "/e348", e349 "/e349", e350 "/e350", e351 "/e351",
    e352 "/e352", e353 "/e353", e354 "/e354", e355 "/e355", e356 "/e356", e357 "/e357", e358 "/e358", e359 "/e359",
    e360 "/e360", e361 "/e361", e362 "/e362", e363 "/e363", e364 "/e364", e365 "/e365", e366 "/e366", e367 "/e367",
    e368 "/e368", e369 "/e369", e370 "/e370", e371 "/e371", e372 "/e372", e373 "/e373", e374 "/e374", e375 "/e375",
    e376 "/e376", e377 "/e377", e378 "/e378", e379 "/e379", e380 "/e380", e381 "/e381", e382 "/e382", e383 "/e383",
    e384 "/e384", e385 "/e385", e386 "/e386", e387 "/e387", e388 "/e388", e389 "/e389", e390 "/e390", e391 "/e391",
    e392 "/e392", e393 "/e393", e394 "/e394", e395 "/e395", e396 "/e396", e397 "/e397", e398 "/e398", e399 "/e399",
    e400 "/e400", e401 "/e401", e402 "/e402", e403 "/e403", e404 "/e404", e405 "/e405", e406 "/e406", e407 "/e407",
    e408 "/e408", e409 "/e409", e410 "/e410", e411 "/e411", e412 "/e412", e413 "/e413", e414 "/e414", e415 "/e415",
    e416 "/e416", e417 "/e417", e418 "/e418", e419 "/e419", e420 "/e420", e421 "/e421", e422 "/e422", e423 "/e423",
    e424 "/e424", e425 "/e425", e426 "/e426", e427 "/e427", e428 "/e428", e429 "/e429", e430 "/e430", e431 "/e431",
    e432 "/e432", e433 "/e433", e434 "/e434", e435 "/e435", e436 "/e436", e437 "/e437", e438 "/e438", e439 "/e439",
    e440 "/e440", e441 "/e441", e442 "/e442", e443 "/e443", e444 "/e444", e445 "/e445", e446 "/e446", e447 "/e447",
    e448 "/e448", e449 "/e449", e450 "/e450", e451 "/e451", e452 "/e452", e453 "/e453", e454 "/e454", e455 "/e455",
    e456 "/e456", e457 "/e457", e458 "/e458", e459 "/e459", e460 "/e460", e461 "/e461", e462 "/e462", e463 "/e463",
    e464 "/e464", e465 "/e465", e466 "/e466", e467 "/e467", e468 "/e468", e469 "/e469", e470 "/e470", e471 "/e471",
    e472 "/e472", e473 "/e473", e474 "/e474", e475 "/e475", e476 "/e476", e477 "/e477", e478 "/e478", e479 "/e479",
    e480 "/e480", e481 "/e481", e482 "/e482", e483 "/e483", e484 "/e484", e485 "/e485", e486 "/e486", e487 "/e487",
    e488 "/e488", e489 "/e489", e490 "/e490", e491 "/e491", e492 "/e492", e493 "/e493", e494 "/e494", e495 "/e495",
    e496 "/e496", e497 "/e497", e498 "/e498", e499 "/e499",
}

/// The same small type in each API: `title` renamed to `name` in version 2, so the oldest
/// version is served through one conversion and every later one in the latest shape.
macro_rules! item {
    ($api:ident, $ty:ident, $handler:ident) => {
        /// An item of the resolution benchmark.
        #[versioned(api = $api, response)]
        #[derive(Clone, Debug)]
        pub struct $ty {
            /// Renamed from `title` in version 2.
            #[api(renamed(from = "title", in = 2))]
            pub name: String,
            /// The price.
            pub price: u32,
        }

        #[endpoint(GET "/item", api = $api)]
        async fn $handler() -> versionary::Json<$ty> {
            versionary::Json($ty {
                name: "pen".into(),
                price: 3,
            })
        }
    };
}

item!(Two, Item2, item2);
item!(Twenty, Item20, item20);
item!(Fifty, Item50, item50);

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kib| kib.parse().ok())
        })
        .unwrap_or(0)
}

/// In a child process: build one router, report time and RSS delta as one JSON line.
fn child(kind: &str) {
    let before = rss_kib();
    let start = Instant::now();
    let router = if kind == "versioned" {
        ApiBuilder::<Big>::new()
            .select_version(VersionFrom::path(""))
            .build(())
            .expect("the 500 x 20 router builds")
    } else {
        plain_router()
    };
    let millis = start.elapsed().as_secs_f64() * 1e3;
    let delta = rss_kib().saturating_sub(before);
    let rt = runtime();
    let (status, _) = rt.block_on(send(&router, get("/v20/e499")));
    assert_eq!(status, 200, "the built router serves");
    println!(
        "{}",
        json!({ "kind": kind, "ms": millis, "rss_kib": delta })
    );
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

fn get(path: &str) -> axum::http::Request<axum::body::Body> {
    axum::http::Request::get(path)
        .body(axum::body::Body::empty())
        .expect("a request")
}

/// Builds of both kinds, each in a fresh process, interleaved.
fn builds(rounds: usize) -> Value {
    let exe = std::env::current_exe().expect("this binary's path");
    let mut results: [(Vec<f64>, Vec<f64>); 2] = Default::default();
    for _ in 0..rounds {
        for (i, kind) in ["versioned", "plain"].into_iter().enumerate() {
            let output = Command::new(&exe)
                .args(["--child", kind])
                .output()
                .expect("the child runs");
            let line = String::from_utf8_lossy(&output.stdout);
            let value: Value = line
                .lines()
                .rev()
                .find_map(|l| serde_json::from_str(l).ok())
                .unwrap_or_else(|| {
                    panic!(
                        "the {kind} child reported nothing: {}",
                        String::from_utf8_lossy(&output.stderr)
                    )
                });
            results[i].0.push(value["ms"].as_f64().unwrap_or(f64::NAN));
            results[i]
                .1
                .push(value["rss_kib"].as_f64().unwrap_or(f64::NAN));
        }
    }
    let [(v_ms, v_rss), (p_ms, p_rss)] = &results;
    let time_ratio: Vec<f64> = v_ms.iter().zip(p_ms).map(|(v, p)| v / p).collect();
    let rss_ratio: Vec<f64> = v_rss.iter().zip(p_rss).map(|(v, p)| v / p).collect();
    println!(
        "build 500 x 20: versionary {:.1} ms, {:.0} KiB; plain {:.1} ms, {:.0} KiB (medians)",
        min_median_max(v_ms).1,
        min_median_max(v_rss).1,
        min_median_max(p_ms).1,
        min_median_max(p_rss).1
    );
    json!({
        "routes": 10_000,
        "versioned": { "ms": spread(v_ms), "rss_kib": spread(v_rss) },
        "plain": { "ms": spread(p_ms), "rss_kib": spread(p_rss) },
        "ratio": { "time": spread(&time_ratio), "rss": spread(&rss_ratio) },
    })
}

/// Nanoseconds per request of each case: `batches` interleaved batches of `per_batch`.
fn latencies(
    rt: &tokio::runtime::Runtime,
    cases: &[(&str, &axum::Router, String)],
    batches: usize,
    per_batch: usize,
) -> Vec<Vec<f64>> {
    let mut out = vec![Vec::new(); cases.len()];
    for (_, router, path) in cases {
        let (status, _) = rt.block_on(send(router, get(path)));
        assert_eq!(status, 200, "{path}");
    }
    for _ in 0..batches {
        for (i, (_, router, path)) in cases.iter().enumerate() {
            let requests: Vec<_> = (0..per_batch).map(|_| get(path)).collect();
            let start = Instant::now();
            rt.block_on(async {
                for request in requests {
                    send(router, request).await;
                }
            });
            out[i].push(start.elapsed().as_secs_f64() * 1e9 / per_batch as f64);
        }
    }
    out
}

fn resolution(batches: usize, per_batch: usize) -> Value {
    let rt = runtime();
    let two = ApiBuilder::<Two>::new().build(()).expect("Two builds");
    let twenty = ApiBuilder::<Twenty>::new()
        .build(())
        .expect("Twenty builds");
    let fifty = ApiBuilder::<Fifty>::new().build(()).expect("Fifty builds");
    let big = ApiBuilder::<Big>::new().build(()).expect("Big builds");
    let plain = plain_router();
    let cases: Vec<(&str, &axum::Router, String)> = vec![
        ("2 versions, oldest (v1)", &two, "/v1/item".into()),
        ("2 versions, latest (v2)", &two, "/v2/item".into()),
        ("20 versions, oldest (v1)", &twenty, "/v1/item".into()),
        ("20 versions, middle (v10)", &twenty, "/v10/item".into()),
        ("20 versions, latest (v20)", &twenty, "/v20/item".into()),
        ("50 versions, oldest (v1)", &fifty, "/v1/item".into()),
        ("50 versions, middle (v25)", &fifty, "/v25/item".into()),
        ("50 versions, latest (v50)", &fifty, "/v50/item".into()),
        (
            "10,000 routes versionary, /v1/e000",
            &big,
            "/v1/e000".into(),
        ),
        (
            "10,000 routes versionary, /v20/e499",
            &big,
            "/v20/e499".into(),
        ),
        ("10,000 routes plain, /v1/e000", &plain, "/v1/e000".into()),
        ("10,000 routes plain, /v20/e499", &plain, "/v20/e499".into()),
    ];
    let ns = latencies(&rt, &cases, batches, per_batch);
    let median = |i: usize| min_median_max(&ns[i]).1;
    for (i, (name, ..)) in cases.iter().enumerate() {
        println!("{name:<34} {:>8.0} ns/request (median)", median(i));
    }
    let per_batch_ratio =
        |a: usize, b: usize| -> Vec<f64> { ns[a].iter().zip(&ns[b]).map(|(x, y)| x / y).collect() };
    json!({
        "batches": batches,
        "requests_per_batch": per_batch,
        "cases": cases.iter().zip(&ns).map(|((name, ..), v)| json!({ "case": name, "ns": spread(v) })).collect::<Vec<_>>(),
        "ratios": {
            "latest_50_over_2": spread(&per_batch_ratio(7, 1)),
            "oldest_50_over_2": spread(&per_batch_ratio(5, 0)),
            "latest_20_over_2": spread(&per_batch_ratio(4, 1)),
            "big_last_over_first": spread(&per_batch_ratio(9, 8)),
            "big_versionary_over_plain_first": spread(&per_batch_ratio(8, 10)),
            "big_versionary_over_plain_last": spread(&per_batch_ratio(9, 11)),
        },
    })
}

fn setting(name: &str, default: usize, max: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
        .clamp(1, max)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        child(args.get(i + 1).map_or("plain", String::as_str));
        return;
    }
    let build = builds(setting("ROUTER_BUILD_ROUNDS", 3, 20));
    let resolve = resolution(
        setting("ROUTER_BATCHES", 15, 200),
        setting("ROUTER_BATCH_REQUESTS", 2_000, 100_000),
    );
    versionary_bench::results::write_json(
        "router.json",
        &json!({ "build": build, "resolution": resolve }),
    );
}
