//! Generates SYNTHETIC cohorts (never patient data) from a TOML specification, the same
//! bytes for the same spec and seed on every machine.
//!
//! ```
//! let text = std::fs::read_to_string("../../data/tace-ctp/synth.toml").unwrap();
//! let spec = repro_sim::parse_spec(&text).unwrap();
//! let table = repro_sim::simulate(&spec, spec.seed()).unwrap();
//! assert_eq!(table.n_rows(), 95);
//! assert_eq!(&table.columns()[..3], ["patient_id", "group", "age"]);
//! ```
//!
//! The crate is pure: text in, a [`SyntheticTable`] out, no file I/O.
//!
//! # Model
//!
//! Each group has a size n and a pre–post correlation r. Each parameter has a pre mean and
//! SD shared by all groups, a post mean and SD per group, bounds and a number of decimals.
//! With R the k × k correlation of the parameters, a patient's 2k values (k pre, then k
//! post) are one multivariate normal draw with correlation [[R, r·R], [r·R, R]], scaled by
//! the means and SDs. Baseline (case-report-form) columns are drawn independently of the
//! group: a normal distribution with bounds, or a categorical one.
//!
//! Values are rounded half away from zero to their declared decimals. Bounds are closed
//! and must be multiples of 10^-decimals, so every written value lies within them.
//!
//! * A parameter value outside its bounds is clamped to the bound, then rounded.
//!   Clamping is monotone, so it keeps each parameter's ranks, and with them the AUCs and
//!   the direction of every group difference, as the unbounded normal model has them.
//!   It puts a small mass at the bound instead. For example, in the shipped TACE spec
//!   `BV_emb_post` in complete remission (mean 8.5, SD 4.5, min 0.3) is 0.3 in 3.5 % of
//!   a simulated group of 20,000 (seed 3), and `BV_post` keeps mean 10.5 and SD 4.4.
//! * A baseline value outside its bounds is redrawn, so baseline columns follow the
//!   truncated normal and have no mass at the bounds.
//!
//! # Random stream and draw order
//!
//! The only source of randomness is `rand_chacha::ChaCha20Rng::seed_from_u64(seed)`
//! (rand_chacha 0.9, whose output stream and seeding rand_core documents as
//! value-stable), read as `next_u64` words. The transforms are written here, not taken
//! from `rand`'s distributions, whose algorithms may change between versions:
//!
//! * uniform in (0, 1): the top 53 bits of one word times 2^-53; a zero is rejected and
//!   another word drawn;
//! * index below m: floor(b·m / 2^53), b the top 53 bits of one word;
//! * categorical: one uniform u, the first level whose cumulative probability exceeds u;
//! * standard normal: Box–Muller. A request with no spare value draws u1, u2, returns
//!   sqrt(-2 ln u1)·cos(2π u2) and keeps sqrt(-2 ln u1)·sin(2π u2) as the spare, which the
//!   next normal request returns. One spare is carried through the whole table; uniform
//!   requests do not touch it. `ln`, `cos` and `sin` are computed by fixed series in this
//!   crate, so the platform's math library cannot change a bit.
//!
//! The table is drawn in this order:
//!
//! 1. Group assignment: the list of group indices (each group's index n times, groups
//!    in spec order) is shuffled by Fisher–Yates, from the last position down. Row i
//!    (id number i + 1) gets the i-th entry, so rows are in id order and the groups are
//!    spread over the ids.
//! 2. Each patient in id order: first each baseline column in spec order, then the
//!    parameter vector. A normal baseline column draws until its rounded value is in
//!    bounds, a categorical column draws one uniform, and the parameter vector always
//!    draws 2k normals.
//! 3. Missing cells: for each baseline column with `missing = m > 0`, in spec order, m
//!    distinct rows by a partial Fisher–Yates shuffle of the row indices; those cells
//!    are written empty. The values drawn for them in step 2 are discarded, so changing
//!    `missing` changes no other cell.
//!
//! # Specification
//!
//! See `data/tace-ctp/synth.toml` in the repository for a complete, commented example.
//! Top-level keys: `schema_version` (1), `seed`, `output`, `id_column`, `id_prefix`,
//! `id_digits`, `group_column`; tables `[[group]]` (`label`, `n`,
//! `pre_post_correlation`), `[[baseline]]` (`column`, `distribution` = `"normal"` with
//! `mean`, `sd`, `decimals`, optional `min`, `max`; or `"categorical"` with `levels`,
//! `probabilities`; optional `missing`), `[[parameter]]` (`name`, `pre_column`,
//! `post_column`, `decimals`, optional `min`, `max`, `pre = { mean, sd }`,
//! `post = { <group label> = { mean, sd }, ... }`) and `[correlation]` (`order`, the
//! parameter names; `matrix`, rows and columns in that order).

mod error;
mod generate;
mod keys;
mod random;
mod spec;
mod table;

pub use error::{Position, SimError};
pub use generate::{MAX_ATTEMPTS, simulate};
pub use spec::{MAX_DECIMALS, MAX_PATIENTS, SCHEMA_VERSION, Spec, parse_spec};
pub use table::SyntheticTable;
