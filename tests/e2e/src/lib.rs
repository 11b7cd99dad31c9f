//! End-to-end tests of the Kaigi window live in `tests/app/`. They need the
//! test command's environment: Xvfb, a D-Bus session with gnome-keyring,
//! tauri-driver, a local Synapse and a built `kaigi` binary.
//!
//! The library holds what the benchmarks (`examples/`) share.

/// Prints the median, p95 and maximum of `ms` and how many samples there
/// were, as `name_median=…` lines the bench scripts collect.
#[allow(clippy::print_stdout)]
pub fn stats(name: &str, mut ms: Vec<f64>) {
    println!("{name}_samples={}", ms.len());
    if ms.is_empty() {
        return;
    }
    ms.sort_by(f64::total_cmp);
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
    println!("{name}_median={:.1}", at(0.5));
    println!("{name}_p95={:.1}", at(0.95));
    println!("{name}_max={:.1}", at(1.0));
}
