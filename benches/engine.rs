//! Choice steps per second of the role-play rules on the generated 1,000-scene story, one
//! thread and all threads (through `simulate`, which also keeps its statistics).
//!
//! Run: `cargo bench --no-default-features --bench engine` (figures in docs/performance.md).

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kkumgil::engine::GameRng;
use kkumgil::engine::role_play::{Command, Run};
use kkumgil::scenario::{self, Folder, Game, synthetic};
use kkumgil::simulate::{self, Options, Policy};

fn story() -> scenario::Scenario {
    let text = synthetic::role_play(1_000, 1);
    scenario::load_source(Path::new("synthetic.ron"), text, Folder::Detached)
        .scenario
        .expect("the generated story is valid")
}

/// Plays `runs` games with random available choices; returns the number of choice steps.
fn play(rules: &kkumgil::scenario::RolePlay, runs: u64) -> u64 {
    let mut steps = 0;
    let mut events = Vec::new();
    let mut bot = GameRng::new(7);
    for i in 0..runs {
        let mut run = Run::new(rules, i);
        while run.ended().is_none() {
            let available = run.available(rules);
            let choice = available[bot.below(available.len() as u64) as usize];
            events.clear();
            run.apply(rules, &Command::Choose(choice), &mut events)
                .expect("available");
            steps += 1;
        }
    }
    steps
}

fn engine(c: &mut Criterion) {
    let s = story();
    let Game::RolePlay(rp) = &s.game else {
        unreachable!()
    };
    let rules = rp;
    let steps_per_100 = play(rules, 100);
    let mut group = c.benchmark_group("role_play_steps");
    group.throughput(Throughput::Elements(steps_per_100));
    group.bench_function("engine_1_thread", |b| {
        b.iter(|| black_box(play(rules, 100)))
    });
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let options = |threads| Options {
        runs: 1_000,
        seed: 1,
        teams: None,
        policy: Policy::Random,
        threads,
        progress: None,
    };
    // Steps in the simulated games, from the report's mean length.
    let report = simulate::simulate(&s, &options(1));
    let steps = report
        .role_play
        .as_ref()
        .map_or(0.0, |r| r.length.mean * 1_000.0) as u64;
    group.throughput(Throughput::Elements(steps));
    for (name, threads) in [
        ("simulate_1_thread", 1),
        (&*format!("simulate_{threads}_threads"), threads),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| black_box(simulate::simulate(&s, &options(threads))))
        });
    }
    group.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
