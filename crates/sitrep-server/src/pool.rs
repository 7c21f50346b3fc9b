//! Read connections to the store, one per request in flight, used on the blocking pool so that
//! SQLite never stalls the async workers.

use crate::error::ApiError;
use sitrep_store::Store;
use std::path::Path;
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;

pub(crate) struct StorePool {
    idle: Arc<Mutex<Vec<Store>>>,
    permits: Semaphore,
}

impl StorePool {
    pub fn open(path: &Path, n: usize) -> Result<StorePool, sitrep_store::StoreError> {
        let stores = (0..n).map(|_| Store::open(path)).collect::<Result<Vec<_>, _>>()?;
        Ok(StorePool { idle: Arc::new(Mutex::new(stores)), permits: Semaphore::new(n) })
    }

    /// Runs `read` with a connection of its own.
    pub async fn read<T, F>(&self, read: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        // A permit guarantees an idle connection: there are as many permits as connections.
        let _permit = self.permits.acquire().await.map_err(|_| ApiError::internal("the store is closed"))?;
        let idle = self.idle.clone();
        let joined = tokio::task::spawn_blocking(move || {
            let store = idle.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).pop();
            let Some(store) = store else { return Err(ApiError::internal("no idle store connection")) };
            let result = read(&store);
            idle.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(store);
            result
        })
        .await;
        joined.map_err(|e| ApiError::internal(format!("a reader failed: {e}")))?
    }
}
