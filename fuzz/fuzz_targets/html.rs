//! Fuzzes the HTML reader (charset detection, body finding, tables with spans) through report
//! building.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = xxgk_lint::parse_bytes("fuzz.html", data, None);
});
