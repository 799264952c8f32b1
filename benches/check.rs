//! `kkumgil check` on large synthetic role-plays (1,000 and 10,000 scenes), beside the floor:
//! plain RON deserialization of the same text. The difference is validation's share.
//!
//! Also a file with thousands of problems (`many_problems`).
//!
//! Run: `cargo bench --no-default-features --bench check` (figures in docs/development.md).

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

/// A file with thousands of unknown references: locating and rendering them must grow with
/// their number, not its square (it took 53 s for 16,000 in a debug build before).
fn many_problems(c: &mut Criterion) {
    let mut group = c.benchmark_group("many_problems");
    group.sample_size(10);
    for scenes in [1_000, 4_000] {
        let text = synthetic::unknown_targets(scenes, 1);
        group.bench_with_input(
            BenchmarkId::new("check_and_render", scenes),
            &text,
            |b, text| {
                b.iter_batched(
                    || text.clone(),
                    |text| {
                        let loaded =
                            scenario::load_source(Path::new("broken.ron"), text, Folder::Detached);
                        assert!(loaded.report.has_errors());
                        (
                            loaded.report.render(false, kkumgil::i18n::Lang::En).len(),
                            loaded.report.located().len(),
                        )
                    },
                    BatchSize::LargeInput,
                )
            },
        );
    }
    group.finish();
}

criterion_group!(benches, check, many_problems);
criterion_main!(benches);
