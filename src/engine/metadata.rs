//! Report metadata read by rules that has no cell behind it: the organ's name (`organ`) and
//! kind (`organ_kind`), not assessable when the title names no organ rather than an empty
//! string or an `unknown` kind a guard would compare as if it were known.

use super::eval::Ctx;
use super::value::{Na, Num, Val};
use crate::report::OrganKind;

/// The organ's name as rules compare it: the name before the year in the title, letters and
/// digits only (spaces, brackets and dots dropped), so `某县（区）人民政府` and `某县区人民政府`
/// are one organ.
pub fn normalised_organ(name: &str) -> String {
    name.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// `organ` for the report of `ctx`: its normalised name, or not assessable.
pub fn organ<'r>(ctx: &Ctx<'_>) -> Val<'r> {
    match ctx
        .report
        .meta
        .organ
        .as_ref()
        .map(|o| normalised_organ(&o.value))
    {
        Some(name) if !name.is_empty() => Val::Str(name),
        _ => Val::Num(Num::new(Err(Na::NoOrgan), Vec::new(), "organ".into())),
    }
}

/// `organ_kind` for the report of `ctx`: `people-government`, `government-office` or
/// `department`, or not assessable.
pub fn organ_kind<'r>(ctx: &Ctx<'_>) -> Val<'r> {
    match ctx.report.meta.organ_kind {
        OrganKind::Unknown => Val::Num(Num::new(Err(Na::NoOrgan), Vec::new(), "organ_kind".into())),
        kind => Val::Str(kind.as_str().to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organ_names_keep_letters_and_digits_only() {
        assert_eq!(normalised_organ(" 某县（区）人民政府 "), "某县区人民政府");
        assert_eq!(normalised_organ("X市·第2分局"), "X市第2分局");
    }
}
