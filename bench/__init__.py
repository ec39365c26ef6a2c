"""Benchmarks: every figure is reported beside a raw sqlite3 baseline from the same run."""
