"""Forecast simulations on Ray: a local cluster started on demand, or an existing one, for many
municipalities or a national cohort. Ray is an optional extra (`pip install huvudman[ray]`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from huvudman.datafiles.errors import InputError
from huvudman.forecast.simulation import SimulationResult, Simulator


def run_on_ray(
    simulator: Simulator,
    chunks: Sequence[tuple[int, int, int]],
    workers: int | None,
    address: str | None,
    advance: Callable[[int], None],
) -> list[SimulationResult]:
    """Run (first, count, seed) chunks of simulations as Ray tasks, in order."""
    try:
        import ray
    except ImportError:
        raise InputError("--backend ray", "Ray is not installed: pip install 'huvudman[ray]'") \
            from None
    started = not ray.is_initialized()
    if started:
        options = {"address": address} if address else {"num_cpus": workers}
        ray.init(include_dashboard=False, log_to_driver=False, **options)
    try:
        shared = ray.put(simulator)
        task = ray.remote(_chunk)
        pending = [task.remote(shared, *chunk) for chunk in chunks]
        results = []
        for ref, chunk in zip(pending, chunks, strict=True):
            results.append(ray.get(ref))
            advance(chunk[1])
        return results
    finally:
        if started:
            ray.shutdown()


def _chunk(simulator: Simulator, first: int, count: int, seed: int) -> SimulationResult:
    return simulator.run(count, seed, first)
