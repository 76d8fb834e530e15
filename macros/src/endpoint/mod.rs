//! `#[endpoint(GET "/path", api = X, since = V, until = V)]` on an axum handler: parse and
//! check the arguments ([`parse`]), then register the handler ([`expand`]).

mod expand;
mod parse;

use proc_macro2::TokenStream;

use crate::context::ApiContext;

pub fn expand(
    context: &ApiContext,
    args: TokenStream,
    item: TokenStream,
) -> syn::Result<TokenStream> {
    let input = parse::parse(context, args, item)?;
    Ok(expand::expand(&input))
}
