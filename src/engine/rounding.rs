//! `round(x, n)`: a number rounded to `n` decimal places, half away from zero (四舍五入), on
//! exact decimals: `round(2.345, 2)` is 2.35 and `round(-2.5, 0)` is -3. `n` is a literal the
//! rule loader has checked (0 to the largest scale), so no report can make it invalid.

use super::value::{Na, Num};
use crate::decimal::Decimal;

/// `n` rounded to `places`, with its evidence and the call as text.
pub fn round(n: Num, places: u32) -> Num {
    let value = n.value.clone().and_then(|d| {
        d.checked_div(Decimal::from_int(1), places)
            .ok_or(Na::Overflow)
    });
    let expr = if n.expr().is_empty() {
        String::new()
    } else {
        ["round(", n.expr(), ", ", &places.to_string(), ")"].concat()
    };
    let evidence = n.into_parts().1;
    Num::new(value, evidence, expr)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rounded(x: &str, places: u32) -> String {
        let n = Num::plain(Ok(Decimal::parse(x).unwrap()));
        round(n, places).value.unwrap().to_string()
    }

    #[test]
    fn half_away_from_zero_on_exact_decimals() {
        assert_eq!(rounded("2.345", 2), "2.35");
        assert_eq!(rounded("2.344", 2), "2.34");
        assert_eq!(rounded("-2.5", 0), "-3");
        assert_eq!(rounded("2.5", 0), "3");
        assert_eq!(rounded("0.125", 2), "0.13");
        assert_eq!(rounded("7", 0), "7");
    }

    #[test]
    fn a_value_that_is_not_a_number_stays_not_assessable() {
        let n = Num::plain(Err(Na::Empty));
        assert_eq!(round(n, 2).value, Err(Na::Empty));
    }
}
