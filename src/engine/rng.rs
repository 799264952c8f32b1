//! The one source of randomness in a game, and its portability guarantee.
//!
//! A session records its seed (a `u64`) and `GameRng::NAME`. The stream is fully specified:
//! the 32-byte ChaCha key is the seed expanded by SplitMix64 (four outputs, little-endian),
//! the generator is ChaCha with 8 rounds (rand_chacha's `ChaCha8Rng`, stream 0), and every
//! draw below uses only `next_u64` with our own rejection sampling, never a `rand`
//! distribution whose algorithm may change between versions. So the same seed and the same
//! commands give the same game on any machine, OS and Kkumgil version that keeps this name.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GameRng {
    inner: ChaCha8Rng,
}

impl GameRng {
    /// Recorded with every session; a new algorithm would get a new name.
    pub const NAME: &'static str = "chacha8-splitmix64-v1";

    pub fn new(seed: u64) -> Self {
        let mut state = seed;
        let mut key = [0u8; 32];
        for chunk in key.chunks_exact_mut(8) {
            chunk.copy_from_slice(&splitmix64(&mut state).to_le_bytes());
        }
        GameRng {
            inner: ChaCha8Rng::from_seed(key),
        }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.inner.next_u64()
    }

    /// Uniform in `0..n` (n > 0), without modulo bias.
    pub fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        let n = n.max(1);
        // Reject the top partial block so every residue is equally likely.
        let limit = u64::MAX - (u64::MAX % n);
        loop {
            let x = self.next_u64();
            if x < limit {
                return x % n;
            }
        }
    }

    /// An index drawn with probability proportional to its weight; `None` if all are 0.
    pub fn weighted(&mut self, weights: impl Iterator<Item = u32> + Clone) -> Option<usize> {
        let total: u64 = weights.clone().map(u64::from).sum();
        if total == 0 {
            return None;
        }
        let mut pick = self.below(total);
        for (i, w) in weights.enumerate() {
            let w = u64::from(w);
            if pick < w {
                return Some(i);
            }
            pick -= w;
        }
        None
    }

    /// A seed for a sub-game (one simulated run, one team's run), derived from this stream
    /// without consuming it: the same parent seed and index always give the same child.
    pub fn derive(seed: u64, index: u64) -> u64 {
        let mut state = seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        splitmix64(&mut state)
    }
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards the portability promise: if a dependency update changed the stream, recorded
    /// sessions would replay differently. These values were produced by this code and must
    /// never change while `NAME` stays the same.
    #[test]
    fn the_stream_for_a_seed_never_changes() {
        let mut rng = GameRng::new(2026);
        let first: Vec<u64> = (0..3).map(|_| rng.next_u64()).collect();
        assert_eq!(first, GOLDEN);
    }

    const GOLDEN: [u64; 3] = [
        2844324442384783272,
        14866699687074317239,
        5073000549912893414,
    ];

    #[test]
    fn weighted_draws_follow_the_weights() {
        let mut rng = GameRng::new(1);
        let mut counts = [0u32; 3];
        for _ in 0..30_000 {
            counts[rng.weighted([1u32, 0, 3].into_iter()).unwrap()] += 1;
        }
        assert_eq!(counts[1], 0, "a weight of 0 is never drawn");
        let ratio = f64::from(counts[2]) / f64::from(counts[0]);
        assert!((2.7..3.3).contains(&ratio), "3:1 weights gave {counts:?}");
        assert_eq!(rng.weighted([0u32, 0].into_iter()), None);
    }

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let mut rng = GameRng::new(9);
        let mut seen = [false; 7];
        for _ in 0..1_000 {
            let x = rng.below(7) as usize;
            seen[x] = true;
        }
        assert!(seen.iter().all(|s| *s));
    }
}
