//! `kkumgil check` on large synthetic role-plays (1,000 and 10,000 scenes), beside the floor:
//! plain RON deserialization of the same text. The difference is validation's share.
//!
//! Run: `cargo bench --bench check` (figures in docs/performance.md).

use std::hint::black_box;
use std::path::Path;

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use kkumgil::scenario::{self, Folder, raw::RawScenario, synthetic};

fn check(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    group.sample_size(20);
    for scenes in [1_000, 10_000] {
        let text = synthetic::role_play(scenes, 1);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("ron_floor", scenes), &text, |b, text| {
            b.iter(|| black_box(scenario::parse_ron::<RawScenario>(black_box(text)).is_ok()))
        });
        group.bench_with_input(BenchmarkId::new("check", scenes), &text, |b, text| {
            b.iter_batched(
                || text.clone(),
                |text| {
                    let loaded =
                        scenario::load_source(Path::new("synthetic.ron"), text, Folder::Detached);
                    assert!(loaded.scenario.is_some());
                    loaded
                },
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, check);
criterion_main!(benches);
