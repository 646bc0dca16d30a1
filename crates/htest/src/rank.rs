//! Average ranks with ties, as R's `rank(x)` with its default `ties.method = "average"`.

/// Ranks of a sample and the sizes of its groups of tied values.
pub(crate) struct Ranking {
    /// One-based rank of each value, in input order; tied values share their mean rank.
    pub ranks: Vec<f64>,
    /// Size of every group of two or more equal values.
    pub tie_sizes: Vec<usize>,
}

impl Ranking {
    /// Returns whether any two values are equal.
    pub fn has_ties(&self) -> bool {
        !self.tie_sizes.is_empty()
    }

    /// Computes the tie term `sum(t^3 - t)` over groups of tied values, as R's `sum(NTIES^3 - NTIES)`.
    pub fn tie_term(&self) -> f64 {
        self.tie_sizes
            .iter()
            .map(|&t| {
                let t = t as f64;
                t * t * t - t
            })
            .sum()
    }
}

/// Ranks finite values, giving tied values (equal as doubles) their average rank.
pub(crate) fn average_ranks(values: &[f64]) -> Ranking {
    let mut order: Vec<usize> = (0..values.len()).collect();
    // For finite values `total_cmp` only separates -0.0 from 0.0, which stay adjacent and
    // are grouped as equal below, as R's `==` treats them.
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));

    let mut ranks = vec![0.0; values.len()];
    let mut tie_sizes = Vec::new();
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        // Positions start..end hold ranks start+1 ..= end; their mean is (start + 1 + end) / 2.
        let average = (start + 1 + end) as f64 / 2.0;
        for &index in &order[start..end] {
            ranks[index] = average;
        }
        if end - start > 1 {
            tie_sizes.push(end - start);
        }
        start = end;
    }
    Ranking { ranks, tie_sizes }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn average_ranks_with_ties() {
        // R: rank(c(3, 1, 3, 2, 3)) = 4 1 4 2 4
        let ranking = average_ranks(&[3.0, 1.0, 3.0, 2.0, 3.0]);
        assert_eq!(ranking.ranks, vec![4.0, 1.0, 4.0, 2.0, 4.0]);
        assert_eq!(ranking.tie_sizes, vec![3]);
        assert_eq!(ranking.tie_term(), 24.0);
    }

    #[test]
    fn signed_zeros_tie() {
        let ranking = average_ranks(&[0.0, -0.0, 1.0]);
        assert_eq!(ranking.ranks, vec![1.5, 1.5, 3.0]);
        assert!(ranking.has_ties());
    }

    #[test]
    fn empty_sample_has_no_ranks() {
        let ranking = average_ranks(&[]);
        assert!(ranking.ranks.is_empty());
        assert!(!ranking.has_ties());
    }
}
