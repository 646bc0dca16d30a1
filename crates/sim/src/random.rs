//! The random stream: ChaCha20 words turned into uniforms, indices and normal deviates by
//! rules written here, so that the output never depends on a sampling library's version.

use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};

/// 2^-53, the spacing of the 53-bit uniforms.
const TWO_POW_MINUS_53: f64 = 1.0 / 9_007_199_254_740_992.0;

/// A seeded ChaCha20 stream with the sampling rules documented in the crate docs.
pub(crate) struct Stream {
    rng: ChaCha20Rng,
    /// The second Box–Muller output, kept for the next normal request.
    spare_normal: Option<f64>,
}

impl Stream {
    /// Starts the stream of `ChaCha20Rng::seed_from_u64(seed)`.
    pub(crate) fn new(seed: u64) -> Self {
        Stream {
            rng: ChaCha20Rng::seed_from_u64(seed),
            spare_normal: None,
        }
    }

    /// Draws a uniform in (0, 1): the top 53 bits of one `u64` times 2^-53. A zero is
    /// rejected and another `u64` drawn (probability 2^-53 per draw).
    pub(crate) fn uniform_open(&mut self) -> f64 {
        loop {
            let bits = self.rng.next_u64() >> 11;
            if bits != 0 {
                return bits as f64 * TWO_POW_MINUS_53;
            }
        }
    }

    /// Draws an index in `0..count` as floor(b · count / 2^53), where b is the top 53 bits
    /// of one `u64`. The product is exact in 128-bit integers. `count` must be positive.
    pub(crate) fn index_below(&mut self, count: usize) -> usize {
        debug_assert!(count > 0);
        let bits = u128::from(self.rng.next_u64() >> 11);
        ((bits * count as u128) >> 53) as usize
    }

    /// Draws a standard normal deviate by the Box–Muller transform.
    ///
    /// A request with no spare value draws u1 then u2 (each [`Self::uniform_open`]),
    /// returns r·cos(2π·u2) with r = sqrt(-2·ln u1), and keeps r·sin(2π·u2) as the spare
    /// value. A request with a spare value returns it and draws nothing.
    pub(crate) fn standard_normal(&mut self) -> f64 {
        if let Some(spare) = self.spare_normal.take() {
            return spare;
        }
        let u1 = self.uniform_open();
        let u2 = self.uniform_open();
        let radius = (-2.0 * ln(u1)).sqrt();
        let (cos, sin) = cos_sin_of_turns(u2);
        self.spare_normal = Some(radius * sin);
        radius * cos
    }

    /// Shuffles `items` in place by the Fisher–Yates algorithm: for i from len - 1 down
    /// to 1, swaps items[i] with items[j], j = [`Self::index_below`]`(i + 1)`.
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.index_below(i + 1);
            items.swap(i, j);
        }
    }

    /// Draws `count` distinct indices of `0..len` by a partial Fisher–Yates shuffle of
    /// 0, 1, ..., len - 1. For t from 0 to count - 1, it swaps position t with position
    /// t + [`Self::index_below`]`(len - t)` and takes the value now at t. `count` must not
    /// exceed `len`.
    pub(crate) fn sample_indices(&mut self, len: usize, count: usize) -> Vec<usize> {
        debug_assert!(count <= len);
        let mut pool: Vec<usize> = (0..len).collect();
        for t in 0..count {
            let j = t + self.index_below(len - t);
            pool.swap(t, j);
        }
        pool.truncate(count);
        pool
    }

    /// Draws a category: one uniform u, then the first index i with u < cumulative[i]; the
    /// last index when rounding leaves u above every cumulative probability.
    pub(crate) fn categorical(&mut self, cumulative: &[f64]) -> usize {
        let u = self.uniform_open();
        cumulative
            .iter()
            .position(|&threshold| u < threshold)
            .unwrap_or(cumulative.len() - 1)
    }
}

// The platform's `ln`, `sin` and `cos` may differ in the last bit between operating
// systems and Rust versions (the std docs call their precision non-deterministic). The two
// functions below use only +, -, *, / and sqrt, which IEEE 754 defines bit for bit, in a
// fixed order, so every machine gets the same bits. They are accurate to a few units in
// the last place, which is all a simulator needs.

/// High and low parts of ln 2 (the split used by fdlibm), so that e·ln 2 stays accurate
/// for exponents up to 1024.
const LN2_HIGH: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LOW: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);

/// Computes the natural logarithm of a positive, finite, normal `x` with a fixed sequence
/// of IEEE operations.
///
/// x = m·2^e with m in [sqrt(1/2), sqrt(2)], then ln m = 2·atanh(s) with s = (m-1)/(m+1),
/// |s| <= 0.172, summed as the odd power series up to s^25 (truncation below 1e-19).
pub(crate) fn ln(x: f64) -> f64 {
    debug_assert!(x.is_normal() && x > 0.0);
    let bits = x.to_bits();
    let mut exponent = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mut mantissa = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    if mantissa > std::f64::consts::SQRT_2 {
        mantissa *= 0.5;
        exponent += 1;
    }
    let s = (mantissa - 1.0) / (mantissa + 1.0);
    let s2 = s * s;
    // Horner form of sum_{k=0}^{12} s2^k / (2k + 1).
    let mut series = 0.0;
    for k in (0..=12_u32).rev() {
        series = series * s2 + 1.0 / f64::from(2 * k + 1);
    }
    let e = exponent as f64;
    e * LN2_HIGH + (e * LN2_LOW + 2.0 * s * series)
}

/// Computes (cos 2πt, sin 2πt) for t in [0, 1] with a fixed sequence of IEEE operations.
///
/// t is reduced to the nearest quarter turn q/4 and a remainder w in [-1/8, 1/8] (exact
/// steps: 4t and its rounding are exact). a = 2πw lies in [-π/4, π/4], where the Taylor
/// series of sin up to a^19 and of cos up to a^20 truncate below 1e-19; the quarter turns
/// are applied by swapping and negating.
pub(crate) fn cos_sin_of_turns(t: f64) -> (f64, f64) {
    debug_assert!((0.0..=1.0).contains(&t));
    let quarter = (4.0 * t).round();
    let a = std::f64::consts::TAU * (t - 0.25 * quarter);
    let a2 = a * a;
    // sin a = a(1 - a2/(2·3)(1 - a2/(4·5)(1 - ...))), cos a = 1 - a2/(1·2)(1 - a2/(3·4)(...)).
    let mut sin_factor = 1.0;
    for k in (1..=9_u32).rev() {
        sin_factor = 1.0 - a2 / f64::from((2 * k) * (2 * k + 1)) * sin_factor;
    }
    let mut cos_factor = 1.0;
    for k in (1..=10_u32).rev() {
        cos_factor = 1.0 - a2 / f64::from((2 * k - 1) * (2 * k)) * cos_factor;
    }
    let sin = a * sin_factor;
    let cos = cos_factor;
    match quarter as u8 % 4 {
        0 => (cos, sin),
        1 => (-sin, cos),
        2 => (-cos, -sin),
        _ => (sin, -cos),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_matches_std_closely() {
        let mut stream = Stream::new(7);
        let mut values: Vec<f64> = (0..20_000).map(|_| stream.uniform_open()).collect();
        values.extend([
            TWO_POW_MINUS_53,
            0.5,
            1.0 - TWO_POW_MINUS_53,
            1.0,
            2.0,
            1e300,
            1e-300,
        ]);
        values.extend([std::f64::consts::FRAC_1_SQRT_2, std::f64::consts::SQRT_2]);
        for x in values {
            let expected = x.ln();
            let error = (ln(x) - expected).abs();
            assert!(
                error <= 4.0 * f64::EPSILON * expected.abs().max(1.0),
                "ln({x:e}) = {} but std gives {expected}",
                ln(x)
            );
        }
    }

    #[test]
    fn ln2_split_sums_to_ln2() {
        assert_eq!(LN2_HIGH + LN2_LOW, std::f64::consts::LN_2);
        // The high part has its low 21 bits zero, so its significand has 32 bits and
        // e·LN2_HIGH is exact for every binary exponent e of an f64 (|e| < 2^11).
        assert_eq!(LN2_HIGH.to_bits() & 0x1f_ffff, 0);
    }

    #[test]
    fn ln_of_one_is_zero() {
        assert_eq!(ln(1.0), 0.0);
    }

    #[test]
    fn cos_sin_match_std_closely() {
        let mut stream = Stream::new(8);
        let mut turns: Vec<f64> = (0..20_000).map(|_| stream.uniform_open()).collect();
        turns.extend([0.0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1.0]);
        turns.extend([1.0 - TWO_POW_MINUS_53, TWO_POW_MINUS_53]);
        for t in turns {
            let angle = std::f64::consts::TAU * t;
            let (cos, sin) = cos_sin_of_turns(t);
            assert!(
                (cos - angle.cos()).abs() <= 4.0 * f64::EPSILON,
                "cos at turn {t}"
            );
            assert!(
                (sin - angle.sin()).abs() <= 4.0 * f64::EPSILON,
                "sin at turn {t}"
            );
        }
    }

    #[test]
    fn chacha20_stream_is_pinned() {
        // The first words of ChaCha20Rng::seed_from_u64(1) from rand_chacha 0.9.0 with
        // rand_core 0.9.5. A separate Python implementation of the ChaCha20 block function
        // (Bernstein 2008; 20 rounds, 64-bit block counter, stream 0) keyed by rand_core's
        // PCG32 seed expansion gives the same words, low 32 bits first. If this fails, the
        // stream changed and every synthetic table changes with it.
        let mut stream = Stream::new(1);
        let words: Vec<u64> = (0..3).map(|_| stream.rng.next_u64()).collect();
        assert_eq!(
            words,
            vec![
                11_413_071_731_502_626_714,
                2_822_430_395_410_641_094,
                10_085_176_492_196_300_606
            ]
        );
    }

    #[test]
    fn index_below_stays_in_range() {
        let mut stream = Stream::new(3);
        for count in 1..200 {
            let index = stream.index_below(count);
            assert!(index < count, "index {index} for count {count}");
        }
    }

    #[test]
    fn normals_use_both_box_muller_outputs() {
        let mut paired = Stream::new(5);
        let first = paired.standard_normal();
        let second = paired.standard_normal();

        let mut manual = Stream::new(5);
        let u1 = manual.uniform_open();
        let u2 = manual.uniform_open();
        let radius = (-2.0 * ln(u1)).sqrt();
        let (cos, sin) = cos_sin_of_turns(u2);
        assert_eq!(first, radius * cos);
        assert_eq!(second, radius * sin);

        // The third request starts a new pair from the next two uniforms.
        let third = paired.standard_normal();
        let u3 = manual.uniform_open();
        let u4 = manual.uniform_open();
        assert_eq!(third, (-2.0 * ln(u3)).sqrt() * cos_sin_of_turns(u4).0);
    }

    #[test]
    fn shuffle_is_a_permutation() {
        let mut stream = Stream::new(13);
        let mut items: Vec<usize> = (0..50).collect();
        stream.shuffle(&mut items);
        assert_ne!(items, (0..50).collect::<Vec<_>>());
        items.sort_unstable();
        assert_eq!(items, (0..50).collect::<Vec<_>>());
    }

    #[test]
    fn sample_indices_are_distinct() {
        let mut stream = Stream::new(17);
        for (len, count) in [(1, 1), (10, 0), (10, 3), (10, 10), (95, 3)] {
            let mut sample = stream.sample_indices(len, count);
            assert_eq!(sample.len(), count);
            assert!(sample.iter().all(|&index| index < len));
            sample.sort_unstable();
            sample.dedup();
            assert_eq!(
                sample.len(),
                count,
                "duplicates in a sample of {count} from {len}"
            );
        }
    }

    #[test]
    fn normals_have_standard_moments() {
        let mut stream = Stream::new(19);
        let count = 400_000;
        let values: Vec<f64> = (0..count).map(|_| stream.standard_normal()).collect();
        let n = count as f64;
        let mean = values.iter().sum::<f64>() / n;
        let variance = values.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
        let fourth = values.iter().map(|x| (x - mean).powi(4)).sum::<f64>() / n;
        let below = values
            .iter()
            .filter(|&&x| x < -1.959_963_984_540_054)
            .count() as f64
            / n;

        // Tolerances are 4.5 standard errors: 1/sqrt(n) for the mean, sqrt(2/n) for the
        // variance, sqrt(96/n) for the fourth moment (3 for a normal), and
        // sqrt(p(1 - p)/n) for the 2.5 % tail.
        assert!(mean.abs() < 4.5 / n.sqrt(), "mean {mean}");
        assert!(
            (variance - 1.0).abs() < 4.5 * (2.0 / n).sqrt(),
            "variance {variance}"
        );
        assert!(
            (fourth - 3.0).abs() < 4.5 * (96.0 / n).sqrt(),
            "fourth moment {fourth}"
        );
        assert!(
            (below - 0.025).abs() < 4.5 * (0.025 * 0.975 / n).sqrt(),
            "tail {below}"
        );
    }

    #[test]
    fn categorical_compares_with_cumulative() {
        let mut stream = Stream::new(11);
        let mut copy = Stream::new(11);
        let cumulative = [0.2, 0.7, 1.0];
        for _ in 0..100 {
            let u = copy.uniform_open();
            let expected = if u < 0.2 {
                0
            } else if u < 0.7 {
                1
            } else {
                2
            };
            assert_eq!(stream.categorical(&cumulative), expected);
        }
    }
}
