//! Fuzzes the plain-text reader: decoding (UTF-8, GB18030, UTF-16), layout and report building.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = xxgk_lint::parse_bytes("fuzz.txt", data, None);
});
