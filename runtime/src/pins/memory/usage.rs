//! [`MemoryStore`] as a [`UsageStore`]: the totals in a map beside the pins.

use super::MemoryStore;
use crate::usage::{UsageCount, UsageFuture, UsageStore};

impl UsageStore for MemoryStore {
    fn add_usage<'a>(&'a self, api: &'a str, batch: &'a [UsageCount]) -> UsageFuture<'a, ()> {
        self.usage.add(api, batch);
        Box::pin(core::future::ready(Ok(())))
    }

    fn usage_totals<'a>(
        &'a self,
        api: &'a str,
        since: Option<i64>,
    ) -> UsageFuture<'a, Vec<UsageCount>> {
        let totals = self.usage.read(api, since);
        Box::pin(core::future::ready(Ok(totals)))
    }
}
