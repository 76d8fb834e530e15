#![deny(warnings)]

use versionary::Api;

#[derive(Clone, Debug, Default)]
pub struct AppState {
    pub greeting: String,
}

versionary::api_versions! {
    pub Greeter(state = AppState) {
        1 => "Initial release",
    }
}

fn state_of<A: Api>(state: A::State) -> A::State {
    state
}

fn main() {
    let state = state_of::<Greeter>(AppState { greeting: "hi".into() });
    assert_eq!(state.greeting, "hi");
}
