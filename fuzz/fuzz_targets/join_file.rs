#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ksc_link::fuzz::join_file(data));
