use tokio::task::JoinHandle;

/// Owns a spawned task and aborts it when dropped, so no stream outlives the
/// subscription it belongs to.
#[derive(Debug)]
pub struct TaskHandle(JoinHandle<()>);

impl TaskHandle {
    pub fn spawn(future: impl Future<Output = ()> + Send + 'static) -> Self {
        Self(tokio::spawn(future))
    }
}

impl Drop for TaskHandle {
    fn drop(&mut self) {
        self.0.abort();
    }
}
