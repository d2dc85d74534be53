//! Fuzzes the `.docx` reader through report building. Most inputs are wrapped as the
//! `word/document.xml` of a zip written here, so that the fuzzer works on WordprocessingML (tables,
//! merges, nesting) rather than on zip checksums; an input whose first byte is odd is read as the
//! whole `.docx` file, which fuzzes the container handling.
#![no_main]

use std::io::Write;

fn wrapped(document_xml: &[u8]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("word/document.xml", stored).unwrap();
    w.write_all(document_xml).unwrap();
    w.finish().unwrap().into_inner()
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode & 1 == 1 {
        let _ = xxgk_lint::parse_bytes("fuzz.docx", rest, None);
    } else {
        let _ = xxgk_lint::parse_bytes("fuzz.docx", &wrapped(rest), None);
    }
});
