"""Speed and memory benchmarks, and the plain-Mesa reference of the matching core."""
