//! Rendered answers (pages, reports) kept while the store is unchanged: a story's report or the
//! front page costs a reconciliation per story, and readers ask for the same ones again and again.
//! Every lookup first reads the store's data version, so an ingestion is seen at once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Entries kept at most; when full the cache starts over (simple, and bounded).
const MAX_ENTRIES: usize = 512;
/// Larger answers are not kept.
const MAX_ENTRY_BYTES: usize = 4 << 20;

#[derive(Default)]
pub(crate) struct RenderCache {
    entries: Mutex<HashMap<String, (String, Arc<String>)>>,
}

impl RenderCache {
    /// The answer stored for `key` at `version`, or `render`'s, stored.
    pub fn get_or_render<E>(
        &self,
        key: &str,
        version: &str,
        render: impl FnOnce() -> Result<String, E>,
    ) -> Result<Arc<String>, E> {
        if let Some((stored_version, body)) = self.lock().get(key)
            && stored_version == version
        {
            return Ok(body.clone());
        }
        let body = Arc::new(render()?);
        if body.len() <= MAX_ENTRY_BYTES {
            let mut entries = self.lock();
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
            entries.insert(key.to_owned(), (version.to_owned(), body.clone()));
        }
        Ok(body)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (String, Arc<String>)>> {
        self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_kept_until_the_version_changes() {
        let cache = RenderCache::default();
        let mut renders = 0;
        let mut render = |text: &str| {
            renders += 1;
            Ok::<_, ()>(text.to_owned())
        };
        assert_eq!(cache.get_or_render("/", "v1", || render("a")).as_deref().map(|s| s.as_str()), Ok("a"));
        assert_eq!(cache.get_or_render("/", "v1", || render("b")).as_deref().map(|s| s.as_str()), Ok("a"));
        assert_eq!(cache.get_or_render("/", "v2", || render("c")).as_deref().map(|s| s.as_str()), Ok("c"));
        assert_eq!(renders, 2);
    }
}
