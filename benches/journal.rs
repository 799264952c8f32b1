//! Durable commits: how many commands per second the journal takes with `synchronous = FULL`
//! (each one fsynced before it is acknowledged), and the p99 latency of one commit.
//!
//! Run: `cargo bench --no-default-features --bench journal` (figures in docs/development.md).
//! The p99 is printed before criterion's figures.

use std::path::Path;
use std::time::Instant;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kkumgil::engine::team_game::{Command as Tg, Decided};
use kkumgil::session::store::Store;
use kkumgil::session::{self, Command, Mode, Pinned, Setup};

fn store() -> (tempfile::TempDir, Store, i64) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (pinned, s) = Pinned::from_file(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/community-fund.ron"),
    )
    .expect("bundled");
    let setup = Setup {
        class_label: "bench".into(),
        instructor: String::new(),
        day: String::new(),
        group: String::new(),
        station: String::new(),
        teams: session::default_teams(8),
        mode: Mode::Rounds,
        seed: 1,
        hide_leaderboard: false,
    };
    let mut store = Store::open(dir.path()).expect("store");
    let id = store
        .create(&setup, &pinned, &s.id, &s.title.ko)
        .expect("session");
    (dir, store, id)
}

fn journal(c: &mut Criterion) {
    let command = Command::TeamGame(Tg::Decide {
        team: 3,
        values: vec![Decided::Number(7)],
    });
    {
        let (_dir, mut store, id) = store();
        let mut times: Vec<f64> = (0..2_000)
            .map(|_| {
                let t = Instant::now();
                store.append(id, &command).expect("append");
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        times.sort_by(f64::total_cmp);
        let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
        eprintln!(
            "durable commit latency over 2,000 commits: median {:.3} ms, p99 {:.3} ms, max {:.3} ms",
            at(0.5),
            at(0.99),
            at(1.0)
        );
    }
    let (_dir, mut store, id) = store();
    let mut group = c.benchmark_group("journal");
    group.throughput(Throughput::Elements(1));
    group.bench_function("durable_append", |b| {
        b.iter(|| store.append(id, &command).expect("append"))
    });
    group.finish();
}

criterion_group!(benches, journal);
criterion_main!(benches);
