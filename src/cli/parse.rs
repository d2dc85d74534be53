//! `xxgk-lint parse`: prints what the parser recognised, as a summary or as JSON (streamed one
//! file at a time).

use super::{ExitStatus, ParseArgs, ParseFormat, guard, use_color};
use crate::render::escape::{self, path_name};
use crate::render::{human, json, summary};
use std::io::{self, Write};

/// Parses every file; a file that cannot be read or decoded is reported on `err` and the others
/// go on. Returns [`ExitStatus::Error`] when any file failed.
pub fn run(args: &ParseArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<ExitStatus> {
    let lang = args.common.lang.lang();
    let style = human::Style {
        lang,
        color: use_color(args.common.color),
    };
    let max_size = args
        .common
        .max_file_size
        .map_or(super::read::DEFAULT_MAX_FILE_SIZE, |s| s.0);
    let json_out = args.format == ParseFormat::Json && !args.render;
    let mut status = ExitStatus::Success;
    // Each file's JSON is written as soon as it is made: memory stays at one file's tree.
    let mut document = json::DocumentWriter::default();
    for (i, path) in args.files.iter().enumerate() {
        let name = path_name(path);
        // A panic in the parser is this file's error: the other files and the document go on.
        let parsed = guard::catch(|| {
            super::read_report(path, args.common.encoding.as_deref(), lang, max_size)
        })
        .unwrap_or_else(|panic| Err(format!("internal error while parsing {name}: {panic}")));
        let parsed = match parsed {
            Ok(p) => p,
            Err(message) => {
                writeln!(err, "error: {name}: {message}")?;
                if json_out {
                    document.file(out, &json::failed_file_json(&name, &message))?;
                }
                status = ExitStatus::Error;
                continue;
            }
        };
        if args.render {
            if args.files.len() > 1 {
                writeln!(out, "==> {name} <==")?;
            }
            out.write_all(parsed.source.display_text().as_bytes())?;
            continue;
        }
        match args.format {
            ParseFormat::Json => document.file(
                out,
                &json::report_json(&parsed.source, &parsed.report, lang),
            )?,
            ParseFormat::Human => {
                if i > 0 {
                    writeln!(out)?;
                }
                // The summary quotes report text: control characters are shown escaped.
                let summary = summary::render(&parsed.source, &parsed.report, lang);
                out.write_all(escape::text(&summary).as_bytes())?;
                out.write_all(
                    human::render(&parsed.source, &parsed.report.diagnostics, style).as_bytes(),
                )?;
            }
        }
    }
    if json_out {
        document.finish(out)?;
    }
    Ok(status)
}
