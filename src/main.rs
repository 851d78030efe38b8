//! The `ksc-link` executable: parses the command line and hands over to the library.

use clap::Parser;

fn main() {
    let cli = ksc_link::cli::Cli::parse();
    std::process::exit(ksc_link::cli::run(cli));
}
