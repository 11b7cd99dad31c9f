//! A stand-alone PDF worker for tests and benchmarks; the app runs the same
//! loop as `kaigi pdf-worker`.

fn main() {
    std::process::exit(kaigi_pdf::worker::main());
}
