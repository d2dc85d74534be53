//! Exact decimal numbers for cell values and rule arithmetic: never `f64`.
//!
//! A value is `mantissa × 10^-scale`. Equality and ordering compare the numeric value, so
//! `0.10 == 0.1` and `0.1 + 0.2 == 0.3` hold exactly. Operations return `None` on overflow
//! instead of wrapping.

use std::cmp::Ordering;
use std::fmt;

/// Largest scale kept; more fractional digits than this are refused by the parser.
pub const MAX_SCALE: u32 = 18;

/// An exact decimal number.
#[derive(Debug, Clone, Copy)]
pub struct Decimal {
    mantissa: i128,
    scale: u32,
}

impl Decimal {
    /// Zero.
    pub const ZERO: Decimal = Decimal {
        mantissa: 0,
        scale: 0,
    };

    /// An integer.
    pub fn from_int(n: i64) -> Self {
        Decimal {
            mantissa: i128::from(n),
            scale: 0,
        }
    }

    /// Builds `mantissa × 10^-scale`.
    pub fn new(mantissa: i128, scale: u32) -> Option<Self> {
        (scale <= MAX_SCALE).then_some(Decimal { mantissa, scale })
    }

    /// Parses plain ASCII `[+-]digits[.digits]`. Anything else (exponents, spaces, commas) is
    /// rejected: cleaning raw cell text is the job of `normalise::parse_number`.
    pub fn parse(s: &str) -> Option<Self> {
        let (negative, body) = match s.as_bytes().first()? {
            b'-' => (true, &s[1..]),
            b'+' => (false, &s[1..]),
            _ => (false, s),
        };
        let (int_part, frac_part) = match body.split_once('.') {
            Some((i, f)) => (i, f),
            None => (body, ""),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return None;
        }
        if !int_part.bytes().all(|b| b.is_ascii_digit())
            || !frac_part.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        if body.contains('.') && frac_part.is_empty() {
            return None;
        }
        let scale = u32::try_from(frac_part.len())
            .ok()
            .filter(|s| *s <= MAX_SCALE)?;
        // Accumulated with its sign, so that `i128::MIN` itself parses; past the range, `None`.
        let sign = if negative { -1 } else { 1 };
        let mut mantissa: i128 = 0;
        for b in int_part.bytes().chain(frac_part.bytes()) {
            mantissa = mantissa
                .checked_mul(10)?
                .checked_add(sign * i128::from(b - b'0'))?;
        }
        Some(Decimal { mantissa, scale })
    }

    /// Number of digits after the decimal point as written (`1.50` has 2).
    pub fn scale(self) -> u32 {
        self.scale
    }

    /// Number of significant fractional digits (`1.50` has 1, `3` has 0).
    pub fn decimals(self) -> u32 {
        let mut m = self.mantissa;
        let mut s = self.scale;
        while s > 0 && m % 10 == 0 {
            m /= 10;
            s -= 1;
        }
        s
    }

    /// Whether the value is a whole number.
    pub fn is_integer(self) -> bool {
        self.decimals() == 0
    }

    /// Whether the value is below zero.
    pub fn is_negative(self) -> bool {
        self.mantissa < 0
    }

    fn rescaled(self, scale: u32) -> Option<i128> {
        debug_assert!(scale >= self.scale);
        self.mantissa
            .checked_mul(10i128.checked_pow(scale - self.scale)?)
    }

    fn aligned(self, other: Decimal) -> Option<(i128, i128, u32)> {
        // Most operands share a scale (counts are whole numbers): nothing to rescale.
        if self.scale == other.scale {
            return Some((self.mantissa, other.mantissa, self.scale));
        }
        let scale = self.scale.max(other.scale);
        Some((self.rescaled(scale)?, other.rescaled(scale)?, scale))
    }

    /// `self + other`, or `None` on overflow.
    pub fn checked_add(self, other: Decimal) -> Option<Decimal> {
        let (a, b, scale) = self.aligned(other)?;
        Some(Decimal {
            mantissa: a.checked_add(b)?,
            scale,
        })
    }

    /// `self - other`, or `None` on overflow.
    pub fn checked_sub(self, other: Decimal) -> Option<Decimal> {
        let (a, b, scale) = self.aligned(other)?;
        Some(Decimal {
            mantissa: a.checked_sub(b)?,
            scale,
        })
    }

    /// `self × other`, or `None` on overflow or when the scale would exceed [`MAX_SCALE`].
    pub fn checked_mul(self, other: Decimal) -> Option<Decimal> {
        let scale = self.scale + other.scale;
        if scale > MAX_SCALE {
            return None;
        }
        Some(Decimal {
            mantissa: self.mantissa.checked_mul(other.mantissa)?,
            scale,
        })
    }

    /// `self ÷ other` to `scale` decimal places, rounded half away from zero; `None` when
    /// dividing by zero or on overflow.
    pub fn checked_div(self, other: Decimal, scale: u32) -> Option<Decimal> {
        if other.mantissa == 0 || scale > MAX_SCALE {
            return None;
        }
        // self.m / 10^a ÷ other.m / 10^b = self.m × 10^(b + scale - a) / other.m, at `scale`.
        let shift = i64::from(other.scale) + i64::from(scale) - i64::from(self.scale);
        let (num, den) = if shift >= 0 {
            (
                self.mantissa
                    .checked_mul(10i128.checked_pow(u32::try_from(shift).ok()?)?)?,
                other.mantissa,
            )
        } else {
            (
                self.mantissa,
                other
                    .mantissa
                    .checked_mul(10i128.checked_pow(u32::try_from(-shift).ok()?)?)?,
            )
        };
        // `i128::MIN ÷ -1` overflows: checked, as every step here, so that hostile cell values
        // make the result absent rather than panic.
        let (q, r) = (num.checked_div(den)?, num.checked_rem(den)?);
        let round_away = r.checked_abs()?.checked_mul(2)? >= den.checked_abs()?;
        let q = if round_away {
            q.checked_add(if (num < 0) == (den < 0) { 1 } else { -1 })?
        } else {
            q
        };
        Some(Decimal { mantissa: q, scale })
    }

    /// `-self`.
    pub fn checked_neg(self) -> Option<Decimal> {
        Some(Decimal {
            mantissa: self.mantissa.checked_neg()?,
            scale: self.scale,
        })
    }

    /// `|self|`.
    pub fn checked_abs(self) -> Option<Decimal> {
        Some(Decimal {
            mantissa: self.mantissa.checked_abs()?,
            scale: self.scale,
        })
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Decimal {}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        match self.aligned(*other) {
            Some((a, b, _)) => a.cmp(&b),
            // Rescaling overflowed: the one with the smaller scale has the larger magnitude.
            None => {
                let sign = |d: &Decimal| d.mantissa.signum();
                match sign(self).cmp(&sign(other)) {
                    Ordering::Equal if self.scale < other.scale => sign(self).cmp(&0),
                    Ordering::Equal => 0.cmp(&sign(self)),
                    o => o,
                }
            }
        }
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.mantissa < 0 { "-" } else { "" };
        let scale = self.scale as usize;
        if scale == 0 {
            // Whole numbers, the common case, need no padded digit string; and those that fit
            // in 64 bits (all counts do) are formatted without 128-bit division, their digits
            // made by hand: every traced cell read shows its value, and `core::fmt`'s integer
            // formatting cost more than the rest of the read.
            let magnitude = self.mantissa.unsigned_abs();
            return match u64::try_from(magnitude) {
                Ok(m) => {
                    f.write_str(sign)?;
                    f.write_str(ascii_digits(m, &mut [0; 20]))
                }
                Err(_) => write!(f, "{sign}{magnitude}"),
            };
        }
        let digits = self.mantissa.unsigned_abs().to_string();
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (int, frac) = padded.split_at(padded.len() - scale);
        write!(f, "{sign}{int}.{frac}")
    }
}

/// The decimal digits of `n`, written into the end of `buf`: cheaper than `core::fmt` for the
/// many integers a run writes (cell values here, locations in the JSON output).
pub fn ascii_digits(n: u64, buf: &mut [u8; 20]) -> &str {
    std::str::from_utf8(digit_bytes(n, buf)).expect("ASCII digits")
}

/// [`ascii_digits`] as bytes, for a caller assembling ASCII text of its own.
pub fn digit_bytes(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut start = buf.len();
    loop {
        start -= 1;
        buf[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buf[start..]
}

impl serde::Serialize for Decimal {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    #[test]
    fn exact_addition() {
        assert_eq!(d("0.1").checked_add(d("0.2")).unwrap(), d("0.3"));
        assert_eq!(d("658.0625").checked_sub(d("0.0625")).unwrap(), d("658"));
    }

    #[test]
    fn division_rounds_half_away_from_zero() {
        assert_eq!(
            d("42").checked_div(d("81"), 4).unwrap().to_string(),
            "0.5185"
        );
        assert_eq!(d("1").checked_div(d("8"), 2).unwrap().to_string(), "0.13");
        assert_eq!(d("-1").checked_div(d("8"), 2).unwrap().to_string(), "-0.13");
        assert_eq!(d("0.3").checked_div(d("0.1"), 0).unwrap(), d("3"));
        assert!(d("1").checked_div(Decimal::ZERO, 4).is_none());
    }

    #[test]
    fn whole_numbers_display_as_integers_do() {
        for n in [0, 7, -7, 10, -100, 12_421, i64::MAX, i64::MIN] {
            assert_eq!(Decimal::from_int(n).to_string(), n.to_string());
        }
        assert_eq!(ascii_digits(u64::MAX, &mut [0; 20]), u64::MAX.to_string());
    }

    #[test]
    fn display_keeps_written_scale() {
        assert_eq!(d("658.0625").to_string(), "658.0625");
        assert_eq!(d("-0.05").to_string(), "-0.05");
        assert_eq!(d("12421").to_string(), "12421");
        assert_eq!(d(".5").to_string(), "0.5");
    }

    #[test]
    fn decimals_and_integers() {
        assert_eq!(d("1.50").decimals(), 1);
        assert!(d("3.000").is_integer());
        assert!(!d("3.010").is_integer());
        assert_eq!(d("5949.088667").decimals(), 6);
    }

    #[test]
    fn rejects_non_plain_numbers() {
        for s in ["", "-", ".", "1.", "1e3", "1,000", " 1", "１"] {
            assert!(Decimal::parse(s).is_none(), "{s}");
        }
    }

    /// The extremes of every operation give `None` (or a value), never a panic.
    #[test]
    fn extreme_operands_never_panic() {
        let min = Decimal::new(i128::MIN, 0).unwrap();
        let max = Decimal::new(i128::MAX, 0).unwrap();
        let minus_one = Decimal::from_int(-1);
        assert!(min.checked_div(minus_one, 0).is_none());
        assert!(min.checked_neg().is_none());
        assert!(min.checked_abs().is_none());
        assert!(max.checked_add(Decimal::from_int(1)).is_none());
        assert!(min.checked_sub(Decimal::from_int(1)).is_none());
        assert!(max.checked_mul(Decimal::from_int(2)).is_none());
        assert!(max.checked_div(Decimal::new(1, 18).unwrap(), 0).is_none());
        // Rounding the last digit up must not overflow either.
        let odd = Decimal::new(i128::MAX, 0).unwrap();
        assert!(odd.checked_div(Decimal::from_int(1), 0).is_some());
        assert!(Decimal::parse(&"9".repeat(40)).is_none());
        assert!(Decimal::parse(&format!("-{}", "9".repeat(39))).is_none());
        assert!(Decimal::parse(&format!("0.{}", "1".repeat(19))).is_none());
    }

    /// The report of `national/narrative-disclosure-rate`'s overflow: (予以公开 + 部分公开) ÷
    /// 总计 with a sum of exactly `i128::MIN` at scale 10 and a total of −0.0000000001.
    #[test]
    fn the_minimum_divided_by_minus_one_is_an_overflow() {
        let public = Decimal::new(i128::MIN + 1, 10).unwrap();
        let partial = Decimal::parse("-0.0000000001").unwrap();
        let sum = public.checked_add(partial).unwrap();
        let total = Decimal::parse("-0.0000000001").unwrap();
        assert!(sum.checked_div(total, 4).is_none());
        assert!(sum.checked_div(total, 0).is_none());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        /// Any operands and scales: each operation returns, and a result it gives is exact
        /// where that can be checked with the inverse operation.
        #[test]
        fn operations_on_any_operands_return(
            a in proptest::prelude::any::<i128>(),
            b in proptest::prelude::any::<i128>(),
            sa in 0..=MAX_SCALE,
            sb in 0..=MAX_SCALE,
            scale in 0..=MAX_SCALE + 2,
        ) {
            let x = Decimal::new(a, sa).unwrap();
            let y = Decimal::new(b, sb).unwrap();
            if let Some(sum) = x.checked_add(y) {
                proptest::prop_assert_eq!(sum.checked_sub(y), Some(x));
            }
            if let Some(diff) = x.checked_sub(y) {
                proptest::prop_assert_eq!(diff.checked_add(y), Some(x));
            }
            let _ = x.checked_mul(y);
            let _ = x.checked_div(y, scale);
            let _ = x.checked_neg();
            let _ = x.checked_abs();
            let _ = x.cmp(&y);
            let _ = x.decimals();
            proptest::prop_assert_eq!(Decimal::parse(&x.to_string()), Some(x));
        }

        /// Extreme mantissas (near `i128::MIN`, `i128::MAX`, ±1) in every combination.
        #[test]
        fn extreme_mantissas_return(
            ia in 0usize..6,
            ib in 0usize..6,
            sa in 0..=MAX_SCALE,
            sb in 0..=MAX_SCALE,
        ) {
            let pick = [i128::MIN, i128::MIN + 1, -1, 1, i128::MAX - 1, i128::MAX];
            let x = Decimal::new(pick[ia], sa).unwrap();
            let y = Decimal::new(pick[ib], sb).unwrap();
            let _ = (x.checked_add(y), x.checked_sub(y), x.checked_mul(y));
            for scale in [0, 4, MAX_SCALE] {
                let _ = x.checked_div(y, scale);
            }
        }
    }

    #[test]
    fn ordering_survives_overflowing_rescale() {
        let big = Decimal::new(i128::MAX / 2, 0).unwrap();
        let small = Decimal::new(1, 18).unwrap();
        assert!(big > small);
        assert!(big.checked_neg().unwrap() < small);
    }
}
