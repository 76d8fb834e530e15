//! The release notes: each version's dates, then the changelog
//! ([`changelog::markdown`](crate::changelog::markdown)) rendered by `pulldown-cmark`, newest
//! first. The sections of unreleased versions are left out unless the request may preview
//! them; raw HTML in the Markdown (from a version's description, say) is shown as text.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::api::Api;
use crate::lifecycle::{Dates, Stage};

use super::{Page, Site, View, document_html, escape, visible};

/// The changelog's Markdown as HTML, without its title and preamble (the page has its own),
/// and without the sections of versions the request may not see.
pub(super) fn changelog_html<A: Api>(view: &View) -> String {
    let markdown = crate::changelog::markdown::<A>();
    let hidden: Vec<String> = A::VERSIONS
        .iter()
        .enumerate()
        .filter(|&(i, _)| !visible::<A>(i, view))
        .map(|(_, v)| format!("Version {} (unreleased)", v.label))
        .collect();
    let mut events: Vec<Event<'_>> = Vec::new();
    // Until the first section: the title and preamble, left out.
    let mut skipping = true;
    let mut heading: Option<Vec<Event<'_>>> = None;
    for event in Parser::new_ext(&markdown, Options::ENABLE_TABLES) {
        if let Some(open) = heading.as_mut() {
            let end = matches!(event, Event::End(TagEnd::Heading(_)));
            open.push(event);
            if end {
                let open = heading.take().unwrap_or_default();
                let level = match open.first() {
                    Some(Event::Start(Tag::Heading { level, .. })) => *level,
                    _ => HeadingLevel::H6,
                };
                let text: String = open
                    .iter()
                    .filter_map(|e| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                if level <= HeadingLevel::H2 {
                    skipping = level == HeadingLevel::H1 || hidden.contains(&text);
                }
                if !skipping {
                    events.extend(open);
                }
            }
            continue;
        }
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(vec![event]),
            _ if skipping => {}
            Event::Html(text) | Event::InlineHtml(text) => events.push(Event::Text(text)),
            Event::Start(Tag::Strong) => {
                events.push(Event::InlineHtml(CowStr::Borrowed(
                    "<strong class=\"breaking\">",
                )));
            }
            event => events.push(event),
        }
    }
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events.into_iter());
    out
}

/// Each version's dates, newest first.
fn dates_table<A: Api>(view: &View) -> String {
    let newest = A::VERSIONS.iter().rposition(|v| !v.unreleased);
    let mut rows = String::new();
    for (index, info) in A::VERSIONS.iter().enumerate().rev() {
        if !visible::<A>(index, view) {
            continue;
        }
        let status = match Dates::of(info.deprecated, info.sunset).stage(view.now) {
            _ if info.unreleased => "preview (unreleased)",
            Stage::Sunset => "gone (410 Gone)",
            Stage::Deprecated => "deprecated",
            Stage::Active if Some(index) == newest => "latest",
            Stage::Active => "supported",
        };
        let date = |d: Option<&str>| escape(d.unwrap_or("—"));
        rows.push_str(&format!(
            "      <tr data-version=\"{label}\"><th scope=\"row\">{label}</th><td>{released}</td><td>{deprecated}</td><td>{sunset}</td><td>{status}</td></tr>\n",
            label = escape(info.label),
            released = date(info.released),
            deprecated = date(info.deprecated),
            sunset = date(info.sunset),
        ));
    }
    format!(
        "    <table id=\"versions\">
      <thead><tr><th scope=\"col\">Version</th><th scope=\"col\">Released</th><th scope=\"col\">Deprecated</th><th scope=\"col\">Sunset</th><th scope=\"col\">Status</th></tr></thead>
      <tbody>
{rows}      </tbody>
    </table>\n"
    )
}

/// The release notes page.
pub(super) fn page<A: Api>(_site: &Site, view: &View) -> String {
    let body = format!(
        "  <main class=\"versionary-page notes\">
    <h1>Release notes</h1>
    <p class=\"lead\">Every version, newest first, with what changed from the version before; breaking changes are marked <strong class=\"breaking\">breaking</strong>. A version answers 410 Gone from its sunset date.</p>
{dates}{notes}  </main>",
        dates = dates_table::<A>(view),
        notes = changelog_html::<A>(view),
    );
    document_html::<A>(view, Page::Notes, "Release notes", "", &body)
}
