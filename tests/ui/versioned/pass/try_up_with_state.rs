#![deny(warnings)]

use versionary::{Problem, Version, at_version};

#[derive(Clone, Debug, Default)]
pub struct Codes {
    pub known: Vec<String>,
}

versionary::api_versions! {
    pub Lookup(state = Codes) {
        1 => "Initial release",
        2 => "Codes become objects",
    }
}

#[versionary::versioned(api = Lookup)]
#[derive(Clone, Debug, PartialEq)]
pub struct Code {
    pub code: String,
}

/// A fallible, state-aware upgrade: unknown codes are refused.
#[versionary::versioned(api = Lookup, request)]
#[derive(Debug)]
pub struct Request {
    #[api(retyped(from = String, in = 2, try_up = lookup))]
    pub code: Code,
    #[api(added = 2, try_up = derive_label)]
    pub label: String,
}

fn lookup(code: String, codes: &Codes) -> Result<Code, Problem> {
    if codes.known.contains(&code) {
        Ok(Code { code })
    } else {
        Err(Problem::unprocessable(format!("unknown code {code}")))
    }
}

fn derive_label(old: &RequestV1, _: &Codes) -> Result<String, Problem> {
    Ok(old.code.to_lowercase())
}

fn main() {
    use versionary::ApiType;
    assert!(Request::NEEDS_STATE);
    assert!(!Code::NEEDS_STATE);
    let state = std::sync::Arc::new(Codes { known: vec!["AB".into()] });
    let read = |body: &str| {
        let state = state.clone();
        at_version::<Lookup, _>(&Version::Int(1), move || {
            versionary::select::with_app_state(state, || versionary::json::decode::<Request>(body.as_bytes()))
        })
        .unwrap()
    };
    let ok = read(r#"{"code":"AB"}"#).unwrap();
    assert_eq!((ok.code.code.as_str(), ok.label.as_str()), ("AB", "ab"));
    let problem = read(r#"{"code":"ZZ"}"#).unwrap_err();
    assert_eq!(problem.status(), 422);
    assert_eq!(problem.get("errors").unwrap()[0]["pointer"], "/code");
}
