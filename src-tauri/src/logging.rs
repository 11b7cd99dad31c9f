//! Logs go to a daily-rotated file in the profile's `logs` folder. Message
//! bodies and secrets are never logged; `KAIGI_LOG` overrides the filter.

use std::path::Path;

use tracing_subscriber::EnvFilter;

const DEFAULT_FILTER: &str = "info,matrix_sdk=warn,matrix_sdk_ui=warn,matrix_sdk_crypto=warn,matrix_sdk_base=warn,eyeball=warn";

pub fn init(dir: &Path) {
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("Kaigi: cannot create the log folder {}: {e}", dir.display());
    }
    let filter =
        EnvFilter::try_from_env("KAIGI_LOG").unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("kaigi")
        .filename_suffix("log")
        .max_log_files(14)
        .build(dir);
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false);
    let result = match appender {
        Ok(file) => subscriber.with_writer(file).try_init(),
        Err(e) => {
            eprintln!("Kaigi: cannot write logs to {}: {e}", dir.display());
            subscriber.with_writer(std::io::stderr).try_init()
        }
    };
    if let Err(e) = result {
        eprintln!("Kaigi: logging already initialised: {e}");
    }
}
