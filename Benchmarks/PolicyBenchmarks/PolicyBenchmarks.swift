import Benchmark
import EntryGuardAPI
import Foundation
import PolicyLoader
import PolicyModel
import Rendering

/// Bindings handled per second of wall-clock time, measured around each iteration's work.
let bindingsPerSecond = BenchmarkMetric.custom("bindings/s", polarity: .prefersLarger, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    for size in BenchSize.selected {
        register("libyaml scan", size, setup: { $0.data.sources }) { sources in
            try LibYAMLScan.events(in: sources)
        }
        register("load+validate", size, setup: { $0.data.sources }) { sources in
            try Fixture.checkLoaded(PolicyLoader().load(sources: sources), bindings: size.bindings)
        }
        register("live-state decode", size, setup: { $0.data.liveStateJSON }) { json in
            try LiveStateFile.decode(json, path: "live-state.json")
        }
        register("diff", size, setup: { try $0.diff() }) { inputs in
            Differ.diff(desired: inputs.desired, live: inputs.live)
        }
        register("plan JSON render", size, setup: { try $0.plan() }) { plan in
            PlanJSON.render(plan)
        }
        register("plan text render", size, setup: { try $0.plan() }) { plan in
            PlanText.render(plan)
        }
    }
    // Issue 13's heavy drift (every role drifts, 5 users per role from a shared pool), at 100k and
    // up: the same policy bytes, so the loader's figures are those of the light shape.
    for size in BenchSize.selected.filter({ $0.bindings >= 100_000 }).map(\.withHeavyDrift) {
        register("live-state decode", size, setup: { $0.data.liveStateJSON }) { json in
            try LiveStateFile.decode(json, path: "live-state.json")
        }
        register("diff", size, setup: { try $0.diff() }) { inputs in
            Differ.diff(desired: inputs.desired, live: inputs.live)
        }
        register("plan JSON render", size, setup: { try $0.plan() }) { plan in
            PlanJSON.render(plan)
        }
        register("plan text render", size, setup: { try $0.plan() }) { plan in
            PlanText.render(plan)
        }
    }
}

/// Registers `name SIZE`: `setup` prepares its input from the generated data (not measured), `work`
/// is measured once per iteration.
func register<Input, Output>(_ name: String, _ size: BenchSize, setup: @escaping (Fixture) throws -> Input,
                             work: @escaping (Input) throws -> Output)
{
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident, .peakMemoryResidentDelta, bindingsPerSecond],
        warmupIterations: size.bindings >= 100_000 ? 1 : 3,
        maxDuration: .seconds(size.maxSeconds),
        maxIterations: size.maxIterations
    )
    Benchmark("\(name) \(size.label)", configuration: configuration, closure: { benchmark, input in
        let start = ContinuousClock.now
        blackHole(try work(input))
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        benchmark.measurement(bindingsPerSecond, Int(Double(size.bindings) / max(seconds, 1e-9)))
    }, setup: {
        try setup(Fixture(size))
    })
}
